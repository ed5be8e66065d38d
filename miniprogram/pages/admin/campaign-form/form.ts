/**
 * The campaign draft form as data: what the page holds (strings as typed), the checks it shares with the
 * server (shared/campaign-rules.ts, shared/text.ts), the input createCampaign/updateCampaign take, and
 * the server's refused paths mapped back to the form's fields.
 */
import type { ActionInput, CampaignView } from '../../../../typings/api';
import {
  CAMPAIGN_DESCRIPTION_RULE,
  CAMPAIGN_MESSAGES,
  CAMPAIGN_TITLE_RULE,
  drawDateAfterClose,
  FACE_VALUE_MAX,
  POOL_ID_PATTERN,
  POOL_LABEL_RULE,
  POOL_QUANTITY_MAX,
  poolIdsUnique,
  POOLS_MAX,
  validAfterClose,
  windowInOrder,
} from '../../../shared/campaign-rules';
import { SERVICE_TYPE_CODES, type ServiceType } from '../../../shared/services';
import { textProblem } from '../../../shared/text';
import type { ApplicantType } from '../../../shared/vouchers';
import { formatDate, formatDateTime } from '../../../utils/time';

export type CampaignInput = ActionInput<'admin', 'createCampaign'>;

export interface PoolForm {
  poolId: string;
  label: string;
  faceValue: string;
  quantity: string;
  applicantTypes: ApplicantType[];
}

export interface CampaignForm {
  title: string;
  description: string;
  opensDate: string;
  opensTime: string;
  closesDate: string;
  closesTime: string;
  cap: string;
  voucherValidUntil: string;
  pools: PoolForm[];
  services: ServiceType[];
  beaconType: 'drand' | 'announced';
  issue: string;
  drawDate: string;
}

export type PoolField = keyof PoolForm;
export const POOL_FIELDS: readonly PoolField[] = ['poolId', 'label', 'faceValue', 'quantity', 'applicantTypes'];

/** Top-level fields in their order on the page (anchors `field-<name>`); pool fields are `pools.<i>.<field>`. */
export const TOP_FIELDS = [
  'title',
  'description',
  'opensAt',
  'closesAt',
  'cap',
  'voucherValidUntil',
  'pools',
  'services',
  'issue',
  'drawDate',
] as const;
export type TopField = (typeof TOP_FIELDS)[number];

export const emptyPool = (): PoolForm => ({
  poolId: '',
  label: '',
  faceValue: '',
  quantity: '',
  applicantTypes: ['enterprise'],
});

const DAY = 86_400_000;

/** A new draft: opens tomorrow 09:00, closes a week later 17:00, vouchers valid for the year after. */
export function newForm(nowMs: number): CampaignForm {
  return {
    title: '',
    description: '',
    opensDate: formatDate(nowMs + DAY),
    opensTime: '09:00',
    closesDate: formatDate(nowMs + 8 * DAY),
    closesTime: '17:00',
    cap: '5000',
    voucherValidUntil: formatDate(nowMs + 365 * DAY),
    pools: [emptyPool()],
    services: [...SERVICE_TYPE_CODES],
    beaconType: 'drand',
    issue: '',
    drawDate: '',
  };
}

/** A stored draft as the form shows it (its beacon choice from campaignDetail). */
export function formOf(
  c: CampaignView,
  choice: { type: 'drand' } | { type: 'announced'; issue: string; drawDate: string } | null,
): CampaignForm {
  const [opensDate, opensTime] = formatDateTime(c.opensAt).split(' ');
  const [closesDate, closesTime] = formatDateTime(c.closesAt).split(' ');
  return {
    title: c.title,
    description: c.description,
    opensDate,
    opensTime,
    closesDate,
    closesTime,
    cap: String(c.cap),
    voucherValidUntil: c.voucherValidUntil,
    pools: c.pools.map((p) => ({
      poolId: p.poolId,
      label: p.label ?? '',
      faceValue: String(p.faceValue),
      quantity: String(p.quantity),
      applicantTypes: [...p.applicantTypes],
    })),
    services: [...c.services],
    beaconType: choice?.type === 'announced' ? 'announced' : 'drand',
    issue: choice?.type === 'announced' ? choice.issue : '',
    drawDate: choice?.type === 'announced' ? choice.drawDate : '',
  };
}

/** A wall-clock date and time in Asia/Shanghai as the ISO instant the server takes. */
export const instantOf = (date: string, time: string) => (date && time ? `${date}T${time}:00+08:00` : '');

/** '' for an empty box, else the number typed (NaN when it is not one). */
const numberOf = (text: string) => (text.trim() === '' ? NaN : Number(text.trim()));

export function toInput(form: CampaignForm): CampaignInput {
  return {
    title: form.title.trim(),
    description: form.description.trim(),
    opensAt: instantOf(form.opensDate, form.opensTime),
    closesAt: instantOf(form.closesDate, form.closesTime),
    cap: numberOf(form.cap),
    voucherValidUntil: form.voucherValidUntil,
    pools: form.pools.map((p) => ({
      poolId: p.poolId.trim(),
      ...(p.label.trim() ? { label: p.label.trim() } : {}),
      faceValue: numberOf(p.faceValue),
      quantity: numberOf(p.quantity),
      applicantTypes: p.applicantTypes,
    })),
    services: form.services,
    beaconSource:
      form.beaconType === 'announced'
        ? { type: 'announced', issue: form.issue.trim(), drawDate: form.drawDate }
        : { type: 'drand', chain: 'quicknet' },
  };
}

function wholeProblem(
  text: string,
  max: number,
  m: { required: string; integer: string; positive: string; max: string },
): string {
  const n = numberOf(text);
  if (Number.isNaN(n)) return m.required;
  if (!Number.isInteger(n)) return m.integer;
  if (n <= 0) return m.positive;
  return n > max ? m.max : '';
}

export const FORM_MESSAGES = {
  date: '请选择日期和时间',
  validity: '请选择有效期',
  cap: '请填写封顶金额（整数元）',
  faceValue: '请填写面值（整数元）',
  quantity: '请填写数量',
  issue: '请填写开奖期号，如“福彩3D 第2026335期”',
  drawDate: '请选择彩票开奖日期',
};

/** Every problem of the form, keyed by field (`title`, `pools.0.faceValue`…), with the server's messages. */
export function formErrors(form: CampaignForm): Record<string, string> {
  const errors: Record<string, string> = {};
  const set = (field: string, message: string) => {
    if (message && !errors[field]) errors[field] = message;
  };
  set('title', textProblem(CAMPAIGN_TITLE_RULE, form.title));
  set('description', textProblem(CAMPAIGN_DESCRIPTION_RULE, form.description));
  const opensAt = instantOf(form.opensDate, form.opensTime);
  const closesAt = instantOf(form.closesDate, form.closesTime);
  if (!opensAt) set('opensAt', FORM_MESSAGES.date);
  if (!closesAt) set('closesAt', FORM_MESSAGES.date);
  if (opensAt && closesAt && !windowInOrder(opensAt, closesAt)) set('closesAt', CAMPAIGN_MESSAGES.windowOrder);
  const cap = numberOf(form.cap);
  if (Number.isNaN(cap) || !Number.isInteger(cap)) set('cap', FORM_MESSAGES.cap);
  else if (cap <= 0) set('cap', CAMPAIGN_MESSAGES.capPositive);
  if (!form.voucherValidUntil) set('voucherValidUntil', FORM_MESSAGES.validity);
  else if (closesAt && !validAfterClose(form.voucherValidUntil, closesAt))
    set('voucherValidUntil', CAMPAIGN_MESSAGES.validityAfterClose);

  if (form.pools.length === 0) set('pools', CAMPAIGN_MESSAGES.poolsMin);
  if (form.pools.length > POOLS_MAX) set('pools', CAMPAIGN_MESSAGES.poolsMax);
  form.pools.forEach((p, i) => {
    const at = (field: PoolField) => `pools.${i}.${field}`;
    if (!POOL_ID_PATTERN.test(p.poolId.trim())) set(at('poolId'), CAMPAIGN_MESSAGES.poolId);
    set(at('label'), textProblem(POOL_LABEL_RULE, p.label));
    set(
      at('faceValue'),
      wholeProblem(p.faceValue, FACE_VALUE_MAX, {
        required: FORM_MESSAGES.faceValue,
        integer: CAMPAIGN_MESSAGES.faceValueInteger,
        positive: CAMPAIGN_MESSAGES.faceValuePositive,
        max: CAMPAIGN_MESSAGES.faceValueMax,
      }),
    );
    if (!errors[at('faceValue')] && Number.isInteger(cap) && numberOf(p.faceValue) > cap)
      set(at('faceValue'), CAMPAIGN_MESSAGES.faceValueOverCap);
    set(
      at('quantity'),
      wholeProblem(p.quantity, POOL_QUANTITY_MAX, {
        required: FORM_MESSAGES.quantity,
        integer: CAMPAIGN_MESSAGES.quantityInteger,
        positive: CAMPAIGN_MESSAGES.quantityPositive,
        max: CAMPAIGN_MESSAGES.quantityMax,
      }),
    );
    if (p.applicantTypes.length === 0) set(at('applicantTypes'), CAMPAIGN_MESSAGES.applicantTypes);
  });
  if (!poolIdsUnique(form.pools.map((p) => p.poolId.trim()))) set('pools', CAMPAIGN_MESSAGES.poolIdsUnique);

  if (form.beaconType === 'announced') {
    if (!form.issue.trim()) set('issue', FORM_MESSAGES.issue);
    if (!form.drawDate) set('drawDate', FORM_MESSAGES.drawDate);
    else if (closesAt && !drawDateAfterClose(form.drawDate, closesAt))
      set('drawDate', CAMPAIGN_MESSAGES.drawDateAfterClose);
  }
  return errors;
}

/** Every field of the form in page order, pools expanded. */
export function fieldOrder(form: CampaignForm): string[] {
  const pools = form.pools.flatMap((_, i) => POOL_FIELDS.map((f) => `pools.${i}.${f}`));
  const before = TOP_FIELDS.slice(0, TOP_FIELDS.indexOf('pools') + 1);
  const after = TOP_FIELDS.slice(TOP_FIELDS.indexOf('pools') + 1);
  return [...before, ...pools, ...after];
}

/**
 * Fields focused after a failed submit (their box is their anchor); pickers, choices and the pools' boxes
 * (one template for every pool) are only scrolled to.
 */
export function isTypable(field: string): boolean {
  return ['title', 'description', 'cap', 'issue'].includes(field);
}

/** The server's refused path as the form's field: `beaconSource.drawDate` → drawDate, `pools.1` → pools. */
export function fieldOfPath(path: string): string | undefined {
  if (path === 'beaconSource.issue' || path === 'beaconSource') return 'issue';
  if (path === 'beaconSource.drawDate') return 'drawDate';
  const pool = /^pools\.(\d+)\.(\w+)/.exec(path);
  if (pool) return (POOL_FIELDS as readonly string[]).includes(pool[2]) ? `pools.${pool[1]}.${pool[2]}` : 'pools';
  const head = path.split('.')[0];
  return (TOP_FIELDS as readonly string[]).includes(head) ? head : undefined;
}
