import type { ApplicationView, CampaignView, ProfileView, ServiceType } from '../../../../typings/api';
import { SUBSCRIBE_TEMPLATES } from '../../../config';
import { requestSubscription } from '../../../utils/subscribe';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { loadProfile } from '../../../services/session';
import { DRAFT_TEXT, openDraft, type Draft } from '../../../utils/draft';
import { campaignPhase } from '../../../utils/campaign';
import { formatYuan, groupDigits } from '../../../utils/format';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { formatDateTime } from '../../../utils/time';
import { checkMobile, normalizeMobile, personNameProblem } from '../../../shared/contact';
import { goToFirstError, serverFieldErrors } from '../../../utils/form';
import { serviceLabel } from '../../../shared/services';
import { APPLICANT_TYPES, APPLICANT_TYPE_CODES, type ApplicantType } from '../../../shared/vouchers';
import { VOUCHER_PAGES, poolLabel } from '../../../utils/voucher';

const TEXT = {
  loading: '正在加载申领表',
  empty: '活动不存在或尚未发布',
  failed: '申领表加载失败',
  notOpenTitle: '当前不在申领时间内',
  notOpenBody: '申领时间：{from} 至 {to}。',
  backToCampaign: '返回活动详情',
  appliedTitle: '您已申领本次活动',
  appliedBody: '每个申领人每期活动限申领一次。可在“我的申领”中查看状态；截止前撤回后可重新申领。',
  viewMine: '查看我的申领',
  applicantType: '申领身份',
  typeHints: {
    enterprise: '以绑定的企业名义申领',
    person: '电线电缆终端用户、消费者',
  } as Record<ApplicantType, string>,
  enterprise: '申领企业',
  unboundTitle: '尚未绑定企业',
  unboundBody: '以企业身份申领前，请先在“企业绑定”中绑定本企业（仅限广东省内登记的企业）。绑定后返回本页即可继续填写。',
  bind: '去绑定企业',
  unverifiedEnterpriseTitle: '企业尚未验证',
  unverifiedEnterpriseBody:
    '统一社会信用代码和企业名称是公开信息，为防止他人冒用企业名义，绑定的企业需验证后才能申领：可用企业登记的联系手机号即时验证，或上传营业执照和授权委托书由管理员审核。验证通过后返回本页即可提交。',
  waitingEnterpriseBody: '企业的证明材料正在审核，审核通过后即可以企业身份申领。',
  rejectedEnterpriseBody: '企业的证明材料未通过审核（{reason}），请在“企业绑定”中补正后重新提交。',
  verifyEnterprise: '去验证企业',
  phone: '手机号验证',
  phoneVerified: '已验证手机号：',
  unverifiedTitle: '尚未验证手机号',
  unverifiedBody: '个人申领需先验证本人微信绑定的手机号，同一手机号每期限申领一次。验证后返回本页即可继续填写。',
  verify: '去验证手机号',
  pools: '申领面值（可多选）',
  pool: '申领的检测券',
  capNote:
    '可同时参加多种面值的摇号，但中签金额最高不超过 {cap}：摇号按面值从高到低进行，已中签金额加上某一面值超过 {cap} 时，不再参加该面值的摇号。',
  selectedSum: '已选面值合计 {sum}',
  selectedNone: '尚未选择面值',
  overCap: '（超过 {cap}也可提交，中签金额不会超过 {cap}）',
  poolQuantity: '共 {n} 份',
  services: '计划使用的服务（选填，可多选）',
  contact: '联系人',
  name: '姓名',
  namePlaceholder: '联系人真实姓名',
  mobile: '手机号',
  mobilePlaceholder: '11 位手机号',
  personNameNote: '个人申领以联系人姓名作为申领人姓名，结果公示时部分隐藏。',
  consentPrefix: '我已阅读并同意',
  consentLink: '《申领须知》',
  noticeTitle: '申领须知',
  notice: [
    '每个申领人（企业以统一社会信用代码、个人以手机号为准）每期活动限申领一次；申领截止前可在“我的申领”中撤回后重新申领。',
    // MULTI_POOL_NOTICE: left out when the applicant has one pool to choose.
    '可同时选择多种面值参加摇号，中签金额合计最高不超过 {cap}。',
    '申领截止后锁定全部申领名单，依据截止后产生的公开随机数公开摇号；结果在小程序内公布，中签企业名称和个人姓名（部分隐藏）将予以公示，摇号记录可供任何人复核。',
    '检测券限中签人本人在有效期内于省级“产品医院”使用，每张限用一次，抵扣金额不超过面值。',
    '联系人姓名和手机号仅用于办理检测券业务和联系您。提供虚假信息的，取消申领和中签资格。',
  ],
  submit: '提交申领',
  submitting: '正在提交…',
  needIdentityEnterprise: '请先绑定企业',
  needVerifiedEnterprise: '企业验证通过后才能申领',
  needIdentityPerson: '请先验证手机号',
  needPools: '请至少选择一种面值',
  needConsent: '请阅读并同意申领须知',
  fixErrors: '请按提示修改后再提交',
  draftRestored: DRAFT_TEXT.restored,
  draftClear: DRAFT_TEXT.clear,
  draftCleared: DRAFT_TEXT.cleared,
  doneTitle: '申领已提交',
  doneBody: '{name}申领了{pools}。',
  nextSteps: [
    '申领截止前，可在“我的申领”中查看或撤回申领。',
    '截止后公开摇号，结果公布后可在“我的申领”查看是否中签；如已订阅，还会收到结果通知。',
    '中签的检测券在“我的检测券”中出示二维码，到产品医院使用。',
  ],
  nextTitle: '接下来',
  backToCampaignDone: '返回活动',
};

type HintKind = 'info' | 'error' | 'ok';

/** The form's fields in their order on the page (anchors `field-<name>`, utils/form), and the typable ones. */
const FIELD_ORDER = ['identity', 'pools', 'contactName', 'contactPhone', 'consent'] as const;
const TYPABLE_FIELDS = ['contactName', 'contactPhone'];
/** The apply input's paths (the server's details.fields) as the form's fields. */
const FIELD_OF_PATH: Record<string, string> = {
  applicantType: 'identity',
  poolIds: 'pools',
  'contact.name': 'contactName',
  'contact.phone': 'contactPhone',
  consent: 'consent',
};

/** The notice line about several face values and the cap (TEXT.notice). */
const MULTI_POOL_NOTICE = 1;

/** What the draft keeps: choices and typed contact; never the consent (given anew for each submission). */
interface ApplyDraft {
  applicantType: ApplicantType;
  poolIds: string[];
  services: string[];
  contactName: string;
  contactPhone: string;
}

/** Each open form's draft (not page data: it is no view state). */
const drafts = new WeakMap<object, Draft<ApplyDraft>>();

interface PoolChoice {
  poolId: string;
  label: string;
  faceValue: number;
  faceValueText: string;
  quantityText: string;
  applicantTypes: ApplicantType[];
  checked: boolean;
}

interface ServiceChoice {
  code: ServiceType;
  label: string;
  checked: boolean;
}

interface TypeChoice {
  value: ApplicantType;
  label: string;
  hint: string;
}

interface Done {
  summary: string;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

/** What the campaign offers as the form's choices. */
function formFor(campaign: CampaignView) {
  const capText = formatYuan(campaign.cap);
  const types = APPLICANT_TYPE_CODES.filter((t) => campaign.pools.some((p) => p.applicantTypes.includes(t))).map(
    (value) => ({ value, label: APPLICANT_TYPES[value], hint: TEXT.typeHints[value] }),
  );
  return {
    title: campaign.title,
    cap: campaign.cap,
    capText,
    capNote: fill(TEXT.capNote, { cap: capText }),
    notice: TEXT.notice.map((line) => fill(line, { cap: capText })),
    types,
    pools: campaign.pools.map((p): PoolChoice => ({
      poolId: p.poolId,
      label: poolLabel(p),
      faceValue: p.faceValue,
      faceValueText: formatYuan(p.faceValue),
      quantityText: fill(TEXT.poolQuantity, { n: groupDigits(p.quantity) }),
      applicantTypes: p.applicantTypes,
      checked: false,
    })),
    services: campaign.services.map((code): ServiceChoice => ({ code, label: serviceLabel(code), checked: false })),
  };
}

type Form = ReturnType<typeof formFor>;

/** Why a bound but unverified enterprise cannot apply yet, and what to do ('' when verified). */
function unverifiedNote(enterprise: ProfileView['enterprise']): string {
  if (!enterprise || enterprise.verification === 'verified') return '';
  if (enterprise.documentsWaitingSince) return TEXT.waitingEnterpriseBody;
  if (enterprise.verification === 'rejected') {
    return fill(TEXT.rejectedEnterpriseBody, { reason: enterprise.rejectionReason ?? '' });
  }
  return TEXT.unverifiedEnterpriseBody;
}

function identityOf(profile: ProfileView | null) {
  return {
    enterpriseName: profile?.enterprise?.name ?? '',
    enterpriseUscc: profile?.enterprise?.uscc ?? '',
    enterpriseVerified: profile?.enterprise?.verification === 'verified',
    enterpriseNote: unverifiedNote(profile?.enterprise ?? null),
    phoneVerified: !!profile?.phoneVerified,
    phoneMasked: profile?.phoneMasked ?? '',
  };
}

/** The applicant type the user most likely means: the identity they already have. */
function defaultType(types: TypeChoice[], profile: ProfileView): ApplicantType {
  const offered = types.map((t) => t.value);
  if (offered.includes('enterprise') && profile.enterprise) return 'enterprise';
  if (offered.includes('person') && profile.phoneVerified) return 'person';
  return offered[0] ?? 'enterprise';
}

/**
 * The application form. Input survives every failure (the server's message is toasted) and the app being
 * closed (a draft per user and campaign, utils/draft); identity comes from the user's binding or verified
 * phone, never from the form. `poolId` in the query preselects that pool (and its applicant type); an
 * applicant type with one pool has it chosen and shows no multiple-choice or cap wording.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    campaignId: '',
    /** null while the form can be filled; otherwise why not. */
    blocked: null as null | 'not-open' | 'applied',
    notOpenBody: '',
    form: null as Form | null,
    identity: identityOf(null),
    applicantType: 'enterprise' as ApplicantType,
    visiblePools: [] as PoolChoice[],
    selectedSumText: TEXT.selectedNone,
    overCapText: '',
    contactName: '',
    contactPhone: '',
    nameError: '',
    phoneHint: checkMobile('').hint,
    phoneKind: 'info' as HintKind,
    phoneTouched: false,
    consent: false,
    showNotice: false,
    identityError: '',
    poolsError: '',
    consentError: '',
    /** The text box to focus after a failed submit (utils/form goToFirstError). */
    focusField: '',
    submitting: false,
    done: null as Done | null,
    /** The pool a link asked for (the 筛查 tab opens the cable voucher's pool directly). */
    requestedPoolId: '',
    /** One pool for this applicant type: no multiple choice, no cap arithmetic to explain. */
    singlePool: false,
    /** The 申领须知 lines for the applicant type shown. */
    notice: [] as string[],
    draftRestored: false,
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ campaignId: query.campaignId ?? '', requestedPoolId: query.poolId ?? '' });
    this.load();
  },
  onHide() {
    drafts.get(this)?.flush();
  },
  onUnload() {
    drafts.get(this)?.flush();
  },
  /**
   * Back from binding or phone verification: read the profile again (not only the cache), so the
   * form shows the identity the server will use.
   */
  onShow() {
    if (!this.data.form) return;
    loadProfile({ refresh: true })
      .then((profile) => this.applyIdentity(profile))
      .catch(() => undefined);
  },
  async load() {
    const campaignId = this.data.campaignId;
    const loaded = await this.runLoad(
      async () => {
        if (!campaignId) return null;
        try {
          const [res, profile] = await Promise.all([call('voucher', 'getCampaign', { campaignId }), loadProfile()]);
          return { ...res, profile };
        } catch (error) {
          if (error instanceof ApiError && error.code === 'NOT_FOUND') return null;
          throw error;
        }
      },
      (d) => d === null,
    );
    if (!loaded) return;
    const { campaign, myApplication, profile } = loaded;
    if (campaignPhase(campaign, Date.now()) !== 'accepting') {
      this.setData({
        blocked: 'not-open',
        notOpenBody: fill(TEXT.notOpenBody, {
          from: formatDateTime(campaign.opensAt),
          to: formatDateTime(campaign.closesAt),
        }),
      });
      return;
    }
    const draft = drafts.get(this) ?? openDraft<ApplyDraft>('voucher-apply', profile.openid, { scope: campaignId });
    drafts.set(this, draft);
    if (myApplication) {
      // Applied (here or on another phone): nothing left to keep.
      draft.clear();
      this.setData({ blocked: 'applied' });
      return;
    }
    const form = formFor(campaign);
    // A reload (retry) keeps what was already typed and chosen.
    if (this.data.form) {
      const picked = new Set(this.data.form.pools.filter((p) => p.checked).map((p) => p.poolId));
      const services = new Set(this.data.form.services.filter((s) => s.checked).map((s) => s.code));
      form.pools.forEach((p) => (p.checked = picked.has(p.poolId)));
      form.services.forEach((s) => (s.checked = services.has(s.code)));
    }
    const first = !this.data.form;
    const saved = first ? draft.load() : null;
    const requested = form.pools.find((p) => p.poolId === this.data.requestedPoolId);
    let applicantType = first ? defaultType(form.types, profile) : this.data.applicantType;
    if (saved && form.types.some((t) => t.value === saved.applicantType)) {
      // What this user chose and typed last time (pools and services the campaign still offers).
      applicantType = saved.applicantType;
      form.pools.forEach((p) => (p.checked = saved.poolIds.includes(p.poolId)));
      form.services.forEach((s) => (s.checked = saved.services.includes(s.code)));
      this.setData({ contactName: saved.contactName, contactPhone: saved.contactPhone, draftRestored: true });
      if (saved.contactName) this.setData({ nameError: personNameProblem(saved.contactName) });
      if (saved.contactPhone) this.onPhoneInput({ detail: { value: saved.contactPhone } } as WechatMiniprogram.Input);
    } else if (first && requested) {
      // A link to one pool (the cable voucher): that pool, as the applicant type it is for.
      applicantType = requested.applicantTypes.includes(applicantType) ? applicantType : requested.applicantTypes[0];
      requested.checked = true;
    }
    this.setData({ form, blocked: null, applicantType });
    this.applyIdentity(profile);
    this.refreshPools();
  },
  /** Keeps the choices and the typed contact (debounced); called after every change. */
  saveDraft() {
    const form = this.data.form;
    if (!form) return;
    drafts.get(this)?.save({
      applicantType: this.data.applicantType,
      poolIds: form.pools.filter((p) => p.checked).map((p) => p.poolId),
      services: form.services.filter((s) => s.checked).map((s) => s.code),
      contactName: this.data.contactName,
      contactPhone: this.data.contactPhone,
    });
  },
  /** 清空: forgets the draft and empties the form. */
  onClearDraft() {
    const form = this.data.form;
    drafts.get(this)?.clear();
    if (!form) return;
    this.setData({
      'form.pools': form.pools.map((p) => ({ ...p, checked: false })),
      'form.services': form.services.map((s) => ({ ...s, checked: false })),
      contactName: '',
      contactPhone: '',
      nameError: '',
      phoneHint: checkMobile('').hint,
      phoneKind: 'info',
      phoneTouched: false,
      poolsError: '',
      draftRestored: false,
    });
    this.refreshPools();
    wx.showToast({ title: TEXT.draftCleared, icon: 'none' });
  },
  applyIdentity(profile: ProfileView) {
    this.setData({ identity: identityOf(profile), identityError: '' });
  },
  /** Pools shown for the chosen type, and the sum of the selected ones against the cap. */
  refreshPools() {
    const form = this.data.form;
    if (!form) return;
    const type = this.data.applicantType;
    let visiblePools = form.pools.filter((p) => p.applicantTypes.includes(type));
    const singlePool = visiblePools.length === 1;
    if (singlePool && !visiblePools[0].checked) {
      // The only pool for this applicant: chosen already (a tap could only undo it).
      const only = visiblePools[0].poolId;
      const pools = form.pools.map((p) => (p.poolId === only ? { ...p, checked: true } : p));
      this.setData({ 'form.pools': pools });
      visiblePools = pools.filter((p) => p.applicantTypes.includes(type));
    }
    const sum = visiblePools.filter((p) => p.checked).reduce((total, p) => total + p.faceValue, 0);
    this.setData({
      visiblePools,
      singlePool,
      // The line about choosing several face values under the cap means nothing with one pool.
      notice: singlePool ? form.notice.filter((_, i) => i !== MULTI_POOL_NOTICE) : form.notice,
      selectedSumText: sum ? fill(TEXT.selectedSum, { sum: formatYuan(sum) }) : TEXT.selectedNone,
      overCapText: sum > form.cap ? fill(TEXT.overCap, { cap: form.capText }) : '',
    });
  },
  onType(e: WechatMiniprogram.BaseEvent) {
    const value = String(e.currentTarget.dataset.value) as ApplicantType;
    if (value === this.data.applicantType) return;
    this.setData({ applicantType: value, identityError: '', poolsError: '' });
    this.refreshPools();
    this.saveDraft();
  },
  onTogglePool(e: WechatMiniprogram.BaseEvent) {
    const form = this.data.form;
    if (!form) return;
    const poolId = String(e.currentTarget.dataset.id);
    // The only pool stays chosen (there is nothing else to apply for).
    if (this.data.singlePool) return;
    const pools = form.pools.map((p) => (p.poolId === poolId ? { ...p, checked: !p.checked } : p));
    this.setData({ 'form.pools': pools, poolsError: '' });
    this.refreshPools();
    this.saveDraft();
  },
  onToggleService(e: WechatMiniprogram.BaseEvent) {
    const form = this.data.form;
    if (!form) return;
    const code = String(e.currentTarget.dataset.code);
    this.setData({ 'form.services': form.services.map((s) => (s.code === code ? { ...s, checked: !s.checked } : s)) });
    this.saveDraft();
  },
  onNameInput(e: WechatMiniprogram.Input) {
    const contactName = e.detail.value;
    this.setData({ contactName, nameError: personNameProblem(contactName) });
    this.saveDraft();
  },
  onPhoneInput(e: WechatMiniprogram.Input) {
    const contactPhone = e.detail.value;
    const check = checkMobile(contactPhone);
    this.setData({ contactPhone, phoneHint: check.hint, phoneKind: check.kind, phoneTouched: true });
    this.saveDraft();
  },
  onToggleConsent() {
    this.setData({ consent: !this.data.consent, consentError: '' });
  },
  onToggleNotice() {
    this.setData({ showNotice: !this.data.showNotice });
  },
  onBind() {
    openPage(PAGES.enterprise);
  },
  onVerify() {
    openPage(PAGES.phone);
  },
  onBackToCampaign() {
    const pages = getCurrentPages();
    if (pages.length > 1) wx.navigateBack({ delta: 1 });
    else openPage(withQuery(VOUCHER_PAGES.campaign, { campaignId: this.data.campaignId }));
  },
  onViewMine() {
    wx.redirectTo({ url: VOUCHER_PAGES.myApplications });
  },
  /** Checks everything the server would refuse, marks each field, and says whether the form can go. */
  validate(): boolean {
    const { applicantType, identity, visiblePools, contactName, contactPhone, consent } = this.data;
    const identityError =
      applicantType === 'enterprise'
        ? !identity.enterpriseUscc
          ? TEXT.needIdentityEnterprise
          : identity.enterpriseVerified
            ? ''
            : TEXT.needVerifiedEnterprise
        : identity.phoneVerified
          ? ''
          : TEXT.needIdentityPerson;
    const poolsError = visiblePools.some((p) => p.checked) ? '' : TEXT.needPools;
    const nameError = personNameProblem(contactName);
    const phone = checkMobile(contactPhone);
    const phoneError = phone.valid ? '' : phone.hint;
    const consentError = consent ? '' : TEXT.needConsent;
    this.setData({
      identityError,
      poolsError,
      nameError,
      phoneHint: phone.hint,
      phoneKind: phone.valid ? 'ok' : 'error',
      phoneTouched: true,
      consentError,
    });
    const first = identityError || poolsError || nameError || phoneError || consentError;
    if (first) wx.showToast({ title: first, icon: 'none' });
    const errors = { identity: identityError, pools: poolsError, contactName: nameError, contactPhone: phoneError };
    goToFirstError(this, FIELD_ORDER, { ...errors, consent: consentError }, TYPABLE_FIELDS);
    return !first;
  },
  onSubmit() {
    if (this.data.submitting || !this.data.form) return;
    if (!this.validate()) return;
    const form = this.data.form;
    const input = {
      campaignId: this.data.campaignId,
      applicantType: this.data.applicantType,
      poolIds: this.data.visiblePools.filter((p) => p.checked).map((p) => p.poolId),
      services: form.services.filter((s) => s.checked).map((s) => s.code),
      // The 11 digits, however the number was typed (shared/contact normalizeMobile).
      contact: { name: this.data.contactName.trim(), phone: normalizeMobile(this.data.contactPhone) },
      consent: true as const,
    };
    this.setData({ submitting: true });
    // Asked inside the tap (WeChat requires it); the answer does not matter to the application.
    const subscribed = requestSubscription([SUBSCRIBE_TEMPLATES.drawResult, SUBSCRIBE_TEMPLATES.voucherExpiry]);
    this.send(subscribed, input);
  },
  async send(subscribed: Promise<void>, input: Parameters<typeof call<'voucher', 'apply'>>[2]) {
    try {
      await subscribed;
      const application = await call('voucher', 'apply', input);
      drafts.get(this)?.clear();
      this.setData({ done: { summary: this.summaryOf(application) } });
      wx.pageScrollTo?.({ scrollTop: 0, duration: 0 });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'ALREADY_APPLIED') {
        drafts.get(this)?.clear();
        toastError(error);
        wx.redirectTo({ url: VOUCHER_PAGES.myApplications });
        return;
      }
      toastError(error);
      this.showServerErrors(error);
      if (
        error instanceof ApiError &&
        (error.code === 'ENTERPRISE_NOT_BOUND' ||
          error.code === 'ENTERPRISE_NOT_VERIFIED' ||
          error.code === 'PHONE_NOT_VERIFIED')
      ) {
        // The binding changed elsewhere: show the current identity (the typed input stays).
        loadProfile({ refresh: true })
          .then((profile) => this.applyIdentity(profile))
          .catch(() => undefined);
      }
    } finally {
      this.setData({ submitting: false });
    }
  },
  /** A VALIDATION_FAILED answer: each refused field's message beside it, then the first one in view. */
  showServerErrors(error: unknown) {
    const errors = serverFieldErrors(error, FIELD_OF_PATH);
    if (!Object.keys(errors).length) return;
    const patch: Record<string, unknown> = {};
    if (errors.identity) patch.identityError = errors.identity;
    if (errors.pools) patch.poolsError = errors.pools;
    if (errors.contactName) patch.nameError = errors.contactName;
    if (errors.contactPhone)
      Object.assign(patch, { phoneHint: errors.contactPhone, phoneKind: 'error', phoneTouched: true });
    if (errors.consent) patch.consentError = errors.consent;
    this.setData(patch);
    goToFirstError(this, FIELD_ORDER, errors, TYPABLE_FIELDS);
  },
  summaryOf(application: ApplicationView): string {
    // In the campaign's order (the server returns ids sorted as strings).
    const pools = (this.data.form?.pools ?? [])
      .filter((p) => application.poolIds.includes(p.poolId))
      .map((p) => p.label)
      .join('、');
    return fill(TEXT.doneBody, { name: application.applicantName, pools });
  },
  onDoneMine() {
    wx.redirectTo({ url: VOUCHER_PAGES.myApplications });
  },
  onDoneCampaign() {
    this.onBackToCampaign();
  },
});
