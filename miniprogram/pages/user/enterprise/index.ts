import type { EnterpriseView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { loadProfile, storeProfile } from '../../../services/session';
import { checkUscc, normalizeUsccInput } from '../../../utils/uscc-check';

const TEXT = {
  title: '绑定企业',
  intro: '企业申领检测券需先绑定企业。一家企业只能由一个微信账号绑定，请由企业经办人操作。',
  loading: '正在读取绑定信息',
  failed: '绑定信息加载失败',
  boundTitle: '已绑定企业',
  boundHint: '如需更换绑定的企业，请联系管理员。',
  usccLabel: '统一社会信用代码',
  usccPlaceholder: '18 位，见营业执照',
  nameLabel: '企业名称',
  namePlaceholder: '与营业执照上的名称一致',
  submit: '绑定企业',
  submitting: '正在绑定…',
  bound: '绑定成功',
  usccStart: '请输入营业执照上的 18 位代码',
  usccRemaining: '还需输入 {n} 位',
  usccOk: '代码校验通过',
  notGuangdong: '仅限广东省内登记的企业（代码第 3–4 位为 44）',
  nameTooShort: '企业名称至少 2 个字',
  nameTooLong: '企业名称不超过 100 个字',
  claimedTitle: '该企业已由其他微信账号绑定',
  claimedBody: '如您是该企业的经办人，可申请管理员复核。管理员核实后会处理绑定关系。',
  noteLabel: '说明（选填）',
  notePlaceholder: '例如：经办人姓名、职务，以及与原绑定账号的关系',
  requestReview: '申请管理员复核',
  requesting: '正在提交…',
  reviewSent: '复核申请已提交',
  reviewSentBody: '管理员核实后会处理，处理结果以绑定状态为准。',
  city: '所在城市：',
};

type HintKind = 'info' | 'error' | 'ok';

/** The hint under the code field, updated on every keystroke (the server re-checks on submit). */
function usccHint(input: string): { hint: string; kind: HintKind; valid: boolean } {
  const result = checkUscc(input);
  switch (result.status) {
    case 'empty':
      return { hint: TEXT.usccStart, kind: 'info', valid: false };
    case 'partial':
      return { hint: TEXT.usccRemaining.replace('{n}', String(result.remaining)), kind: 'info', valid: false };
    case 'invalid':
      return { hint: result.reason, kind: 'error', valid: false };
    case 'valid':
      return result.guangdong
        ? { hint: TEXT.usccOk, kind: 'ok', valid: true }
        : { hint: TEXT.notGuangdong, kind: 'error', valid: false };
  }
}

/** Same bounds as the server's enterpriseNameSchema (trimmed, 2–100 characters). */
function nameError(name: string): string {
  const length = name.trim().length;
  if (length < 2) return TEXT.nameTooShort;
  if (length > 100) return TEXT.nameTooLong;
  return '';
}

definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    bound: null as EnterpriseView | null,
    uscc: '',
    name: '',
    usccHint: TEXT.usccStart,
    usccHintKind: 'info' as HintKind,
    usccValid: false,
    nameError: '',
    submitting: false,
    /** Set when the server answers ENTERPRISE_CLAIMED: what the review request is about. */
    claim: null as { uscc: string; name: string } | null,
    note: '',
    requesting: false,
    reviewSent: false,
  },
  onLoad() {
    this.load();
  },
  async load() {
    const profile = await this.runLoad(() => loadProfile());
    if (profile) this.setData({ bound: profile.enterprise });
  },
  onUsccInput(e: WechatMiniprogram.Input) {
    const uscc = e.detail.value;
    const { hint, kind, valid } = usccHint(uscc);
    this.setData({ uscc, usccHint: hint, usccHintKind: kind, usccValid: valid, claim: null, reviewSent: false });
  },
  onNameInput(e: WechatMiniprogram.Input) {
    const name = e.detail.value;
    // Only clear an error while typing; a new one shows on submit, not on every keystroke.
    this.setData({ name, nameError: this.data.nameError ? nameError(name) : '', claim: null, reviewSent: false });
  },
  onNoteInput(e: WechatMiniprogram.Input) {
    this.setData({ note: e.detail.value });
  },
  async onSubmit() {
    if (this.data.submitting) return;
    const error = nameError(this.data.name);
    if (error || !this.data.usccValid) {
      this.setData({ nameError: error });
      return;
    }
    const input = { uscc: normalizeUsccInput(this.data.uscc), name: this.data.name.trim() };
    this.setData({ submitting: true });
    try {
      const profile = await call('user', 'bindEnterprise', input);
      storeProfile(profile);
      this.setData({ bound: profile.enterprise });
      wx.showToast({ title: TEXT.bound, icon: 'success' });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ENTERPRISE_CLAIMED') this.setData({ claim: input });
      else toastError(err);
    } finally {
      this.setData({ submitting: false });
    }
  },
  async onRequestReview() {
    const claim = this.data.claim;
    if (!claim || this.data.requesting) return;
    this.setData({ requesting: true });
    try {
      await call('user', 'requestEnterpriseReview', { ...claim, note: this.data.note.trim() });
      this.setData({ reviewSent: true });
    } catch (err) {
      toastError(err);
    } finally {
      this.setData({ requesting: false });
    }
  },
});
