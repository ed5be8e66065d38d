/**
 * Outbox documents → WeChat subscribe messages. Pure: the sender (admin/actions/sendNotifications.ts) supplies the
 * template ids from the environment and does the I/O.
 *
 * WeChat's template keywords are typed by their key's prefix and reject over-long values, so each value is
 * cut to its type's limit here (with '…') rather than failing the whole message.
 */
import { APPLICATION_STATUS_LABELS } from '../../../miniprogram/shared/vouchers';

/** The outbox templates that functions queue (grep `collection('outbox')`). */
export const OUTBOX_TEMPLATES = [
  'voucherExpiry',
  'cableScreeningStatus',
  'enterpriseBinding',
  'helpdeskCase',
  'campaignResult',
  'trainingNotice',
] as const;
export type OutboxTemplate = (typeof OUTBOX_TEMPLATES)[number];

/** Environment variable holding each template's WeChat template id (declared in cloudbaserc.json). */
export const TEMPLATE_ENV: Readonly<Record<OutboxTemplate, string>> = {
  voucherExpiry: 'YPT_TEMPLATE_VOUCHER_EXPIRY',
  cableScreeningStatus: 'YPT_TEMPLATE_CABLE_STATUS',
  enterpriseBinding: 'YPT_TEMPLATE_ENTERPRISE_BINDING',
  helpdeskCase: 'YPT_TEMPLATE_HELPDESK_CASE',
  campaignResult: 'YPT_TEMPLATE_CAMPAIGN_RESULT',
  trainingNotice: 'YPT_TEMPLATE_TRAINING',
};

/** Value-length limits by keyword type (WeChat subscribe-message rules); types not listed are not cut. */
export const KEYWORD_LIMITS: Readonly<Record<string, number>> = {
  thing: 20,
  phrase: 5,
  character_string: 32,
  name: 10,
  letter: 32,
  symbol: 5,
  car_number: 8,
  phone_number: 17,
};

/** WeChat rejects empty keyword values; a dash reads as "none". */
const EMPTY = '—';

export type OutboxData = Record<string, string | number | null | undefined>;
export type WechatData = Record<string, { value: string }>;

export interface WechatMessage {
  templateId: string;
  page: string;
  data: WechatData;
}

export type MapResult = { ok: true; message: WechatMessage } | { ok: false; reason: string };

/** `text` cut to `max` characters (code points, so emoji and CJK count as one), '…' marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** The keyword type of a template key: 'thing1' → 'thing', 'character_string2' → 'character_string'. */
export function keywordType(key: string): string {
  return key.replace(/\d+$/, '');
}

/** One keyword value: stringified, trimmed, never empty, within its type's limit. */
export function keywordValue(key: string, raw: unknown): { value: string } {
  const text = raw === null || raw === undefined ? '' : String(raw).replace(/\s+/g, ' ').trim();
  const limit = KEYWORD_LIMITS[keywordType(key)];
  const value = text === '' ? EMPTY : limit ? truncate(text, limit) : text;
  return { value };
}

/** 'YYYY-MM-DD' → 'YYYY年M月D日' (WeChat's date keyword); anything else unchanged. */
export function chineseDate(value: unknown): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value ?? ''));
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : String(value ?? '');
}

/** Amounts are whole yuan: '5000元'. */
function amount(value: unknown): string {
  const n = Number(value);
  return Number.isFinite(n) ? `${n}元` : String(value ?? '');
}

/** An applicant's draw outcome as the campaignResult notice carries it (admin/draw/notices.ts). */
export type CampaignOutcome = 'won' | 'waitlisted' | 'lost';

/** The result keyword (phrase: at most 5 characters), the words applicants see on the results pages. */
export const CAMPAIGN_OUTCOME_LABELS: Readonly<Record<CampaignOutcome, string>> = APPLICATION_STATUS_LABELS;

/** The explanation keyword of a campaignResult notice: what was won, the waitlist place, or a closing line. */
export function campaignResultNote(d: OutboxData): string {
  if (d.outcome === 'won') return `获得${String(d.pools ?? '检测券')}，请查看我的检测券`;
  if (d.outcome === 'waitlisted') {
    const pool = d.pools ? `（${String(d.pools)}）` : '';
    return d.waitlistRank ? `候补第 ${String(d.waitlistRank)} 位${pool}` : `已进入候补${pool}`;
  }
  return '感谢参与，欢迎关注后续活动';
}

/** Template keyword layouts: WeChat keyword key → value from the outbox data. */
const LAYOUTS: Readonly<Record<OutboxTemplate, (data: OutboxData) => Record<string, unknown>>> = {
  // 检测券到期提醒：券名称 / 面额 / 到期日期 / 温馨提示
  voucherExpiry: (d) => ({
    thing1: d.title,
    amount2: amount(d.faceValue),
    date3: chineseDate(d.validUntil),
    thing4: '检测券即将到期，请尽快预约检测',
  }),
  // 筛查进度通知：申请编号 / 电缆 / 状态 / 检测机构 / 更新时间 / 备注
  cableScreeningStatus: (d) => ({
    character_string1: d.requestNo,
    thing2: d.cable,
    phrase3: d.status,
    thing4: d.hospital,
    time5: d.time,
    thing6: [d.verdict, d.note].filter((v) => v !== undefined && v !== null && String(v).trim() !== '').join('：'),
  }),
  // 企业绑定结果通知：企业名称 / 结果 / 说明 / 时间
  enterpriseBinding: (d) => ({
    thing1: d.enterprise,
    phrase2: d.result,
    thing3: d.note,
    time4: d.time,
  }),
  // 问诊进度通知：问诊编号 / 问题 / 状态 / 说明 / 时间 (helpdesk/cases.ts queueCaseNotices)
  helpdeskCase: (d) => ({
    character_string1: d.caseNo,
    thing2: d.title,
    phrase3: d.status,
    thing4: d.note,
    time5: d.time,
  }),
  // 摇号结果通知：活动名称 / 摇号结果 / 结果说明 / 公布时间 (admin/draw/notices.ts, one per applicant)
  campaignResult: (d) => ({
    thing1: d.title,
    phrase2: CAMPAIGN_OUTCOME_LABELS[d.outcome as CampaignOutcome] ?? d.outcome,
    thing3: campaignResultNote(d),
    time4: d.time,
  }),
  // 培训通知：课程名称 / 状态 / 开始时间 / 说明 (training/notices.ts: reminders, a seat from the waitlist, a cancelled session)
  trainingNotice: (d) => ({
    thing1: d.title,
    phrase2: d.status,
    time3: d.startAt,
    thing4: d.note,
  }),
};

export function isOutboxTemplate(name: unknown): name is OutboxTemplate {
  return typeof name === 'string' && (OUTBOX_TEMPLATES as readonly string[]).includes(name);
}

/**
 * Maps one outbox document to the subscribe message to send. `templateIds` = template → WeChat template id
 * (from the environment); an unknown template or a missing id is a permanent failure, not a retry.
 */
export function mapOutboxMessage(
  doc: { template: unknown; page?: unknown; data?: unknown },
  templateIds: Partial<Record<OutboxTemplate, string | undefined>>,
): MapResult {
  if (!isOutboxTemplate(doc.template)) return { ok: false, reason: `unknown template: ${String(doc.template)}` };
  const templateId = templateIds[doc.template];
  if (!templateId) return { ok: false, reason: `no template id configured (${TEMPLATE_ENV[doc.template]})` };
  const source = (doc.data && typeof doc.data === 'object' ? doc.data : {}) as OutboxData;
  const data: WechatData = {};
  for (const [key, raw] of Object.entries(LAYOUTS[doc.template](source))) data[key] = keywordValue(key, raw);
  return { ok: true, message: { templateId, page: typeof doc.page === 'string' ? doc.page : '', data } };
}

/** Template ids from an environment (process.env in the function). */
export function templateIdsFrom(env: Record<string, string | undefined>): Record<OutboxTemplate, string | undefined> {
  const ids = {} as Record<OutboxTemplate, string | undefined>;
  for (const t of OUTBOX_TEMPLATES) ids[t] = env[TEMPLATE_ENV[t]] || undefined;
  return ids;
}

/**
 * How fast the outbox timer (admin sendNotifications, every 5 minutes) sends. WeChat documents a daily quota
 * for subscribeMessage.send (10 million a day; 30 million with WeChat Pay) and answers 45009 when a
 * frequency limit is hit and 43108 for concurrent sends to one user, but publishes no per-second figure;
 * we stay far inside the daily quota's average (≈115 a second) and send at most:
 * - perSecond: 100 sends a second (start times spaced 10 ms apart in one run);
 * - concurrency: 8 sends in flight (a cloud call takes tens of ms, so 100 a second needs several at once);
 *   one user's messages go one after another, never at once (43108);
 * - runBudgetMs: 40 s of sending per run, under the admin function's 60 s timeout;
 * so a run sends at most perRun = 4,000 and 200,000 result notices go out in 50 runs, about 4 h 10 min
 * (48,000 an hour). Transactional messages (cable, help desk, bindings, expiry) go before bulk notices.
 */
export const NOTICE_RATE = {
  perSecond: 100,
  concurrency: 8,
  runBudgetMs: 40_000,
  perRun: 4_000,
  runEveryMinutes: 5,
} as const;

/** WeChat errcode for "user refused / no subscription quota left". */
export const ERRCODE_REFUSED = 43101;
export const MAX_ATTEMPTS = 5;

export type SendOutcome =
  { status: 'sent' } | { status: 'skipped'; reason: string } | { status: 'error'; error: string };

/** What happens to a message after an attempt: final status, or back to pending for a retry. */
export function nextState(
  outcome: SendOutcome,
  attemptsBefore: number,
): { status: 'sent' | 'skipped' | 'failed' | 'pending'; attempts: number } {
  if (outcome.status === 'sent') return { status: 'sent', attempts: attemptsBefore + 1 };
  if (outcome.status === 'skipped') return { status: 'skipped', attempts: attemptsBefore + 1 };
  const attempts = attemptsBefore + 1;
  return { status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', attempts };
}
