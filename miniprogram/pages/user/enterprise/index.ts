import type { ProfileView } from '../../../../typings/api';
import { SUBSCRIBE_TEMPLATES } from '../../../config';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { loadProfile, storeProfile } from '../../../services/session';
import { extensionOf, randomId } from '../../../utils/cable';
import { PAGES, openPage } from '../../../utils/nav';
import { requestSubscription } from '../../../utils/subscribe';
import { formatDateTime } from '../../../utils/time';
import { ENTERPRISE_NOTE_MAX, enterpriseNameProblem } from '../../../shared/enterprise';
import { textProblem, upTo } from '../../../shared/text';
import { goToFirstError, serverFieldErrors } from '../../../utils/form';
import { checkUscc, normalizeUscc } from '../../../shared/uscc';

const TEXT = {
  title: '绑定企业',
  intro:
    '企业申领检测券需先绑定企业，并验证您是该企业的经办人。一家企业只能由一个微信账号完成验证，请由企业经办人操作。',
  loading: '正在读取绑定信息',
  failed: '绑定信息加载失败',
  city: '所在城市：',
  states: { pending: '待验证', verified: '已验证', rejected: '被驳回' } as Record<string, string>,
  verifiedBy: {
    'registry-phone': '验证方式：微信手机号与企业登记的联系电话一致',
    documents: '验证方式：营业执照和授权委托书已审核通过',
    review: '验证方式：管理员复核确认',
  } as Record<string, string>,
  verifiedHint: '可以企业身份申领检测券。如需更换绑定的企业，请联系管理员。',
  whyVerify:
    '统一社会信用代码和企业名称是公开信息，为防止他人冒用企业名义，绑定需验证后才能以企业身份申领检测券。请任选一种方式验证：',
  phoneWayTitle: '方式一：手机号验证（即时完成）',
  phoneWayBody: '如果您微信绑定的手机号就是该企业在登记信息中的联系电话，验证手机号后自动完成企业验证。',
  phoneWayMismatch: '您已验证的手机号 {phone} 与该企业登记的联系电话不一致（或登记信息中没有联系电话），请使用方式二。',
  verifyPhone: '去验证手机号',
  documentsWayTitle: '方式二：上传证明材料（人工审核）',
  documentsWayBody:
    '上传营业执照和加盖企业公章的授权委托书（拍照或相册图片），管理员审核通过后完成验证，结果会通过订阅消息通知您。',
  licence: '营业执照',
  authorization: '授权委托书',
  choose: '上传',
  rechoose: '重新上传',
  chosen: '已选择',
  submitDocuments: '提交审核',
  submittingDocuments: '正在上传…',
  needBoth: '请上传营业执照和授权委托书',
  uploadFailed: '上传失败，请重试',
  documentsSent: '已提交审核',
  waitingTitle: '证明材料审核中',
  waitingBody: '已于 {time} 提交，管理员审核后会通知您。审核通过前暂不能以企业身份申领。',
  rejectedTitle: '证明材料未通过审核',
  reasonLabel: '驳回原因：',
  rejectedHint: '请按原因补正后重新上传，或使用手机号验证。',
  change: '更换企业',
  cancelChange: '取消更换',
  usccLabel: '统一社会信用代码',
  usccPlaceholder: '18 位，见营业执照',
  nameLabel: '企业名称',
  namePlaceholder: '与营业执照上的名称一致',
  submit: '绑定企业',
  submitting: '正在绑定…',
  bound: '绑定成功',
  boundVerified: '绑定并验证成功',
  usccStart: '请输入营业执照上的 18 位代码',
  usccRemaining: '还需输入 {n} 位',
  usccOk: '代码校验通过',
  notGuangdong: '仅限广东省内登记的企业（代码第 3–4 位为 44）',
  claimedTitle: '该企业已由其他微信账号绑定并验证',
  claimedBody: '如您是该企业的经办人，可申请管理员复核。管理员核实后会处理绑定关系。',
  noteLabel: '说明（选填）',
  notePlaceholder: '例如：经办人姓名、职务，以及与原绑定账号的关系',
  requestReview: '申请管理员复核',
  requesting: '正在提交…',
  reviewSent: '复核申请已提交',
  reviewSentBody: '管理员核实后会处理，处理结果以绑定状态为准。',
};

type HintKind = 'info' | 'error' | 'ok';

const STATE_TAGS: Record<string, string> = { pending: 'tag_info', verified: 'tag_brand', rejected: 'tag_warn' };
type ProofKind = 'licence' | 'authorization';

interface Proof {
  kind: ProofKind;
  label: string;
  /** The chosen local file ('' until one is chosen), and its fileID once uploaded. */
  path: string;
  fileID: string;
}

const noProofs = (): Proof[] =>
  (['licence', 'authorization'] as ProofKind[]).map((kind) => ({ kind, label: TEXT[kind], path: '', fileID: '' }));

/** What the page shows about a binding: its state, and the next step for an unverified one. */
function bindingOf(profile: ProfileView | null) {
  const enterprise = profile?.enterprise ?? null;
  if (!enterprise) return null;
  const waiting = !!enterprise.documentsWaitingSince;
  return {
    ...enterprise,
    stateLabel: TEXT.states[enterprise.verification] ?? enterprise.verification,
    stateTag: STATE_TAGS[enterprise.verification] ?? '',
    verifiedByText: enterprise.verifiedBy ? (TEXT.verifiedBy[enterprise.verifiedBy] ?? '') : '',
    waiting,
    waitingText: waiting ? TEXT.waitingBody.replace('{time}', formatDateTime(enterprise.documentsWaitingSince!)) : '',
    /** Verification is open to the user: not verified, no documents waiting. */
    canVerify: enterprise.verification !== 'verified' && !waiting,
    phoneMismatch:
      profile?.phoneVerified && profile.phoneMasked
        ? TEXT.phoneWayMismatch.replace('{phone}', profile.phoneMasked)
        : '',
  };
}

type Binding = NonNullable<ReturnType<typeof bindingOf>>;

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

/** Uploads into the user's own proofs folder (the server refuses files from anywhere else). */
function uploadProof(openid: string, kind: ProofKind, filePath: string): Promise<string> {
  const ext = extensionOf(filePath) || 'jpg';
  return new Promise((resolve, reject) => {
    wx.cloud.uploadFile({
      cloudPath: `enterprise-proofs/${openid}/${kind}-${randomId()}.${ext}`,
      filePath,
      success: (res) => (res.fileID ? resolve(res.fileID) : reject(new Error('no fileID'))),
      fail: reject,
    });
  });
}

/** The binding form's fields in their order (anchors `field-<name>`, utils/form). */
const FIELD_ORDER = ['uscc', 'name'];
/** The review request's note, counted as every text is (shared/text.ts). */
const NOTE_RULE = upTo('说明', ENTERPRISE_NOTE_MAX);

definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    openid: '',
    binding: null as Binding | null,
    /** The form is shown again to bind another enterprise instead of an unverified one. */
    changing: false,
    uscc: '',
    name: '',
    usccHint: TEXT.usccStart,
    usccHintKind: 'info' as HintKind,
    usccValid: false,
    nameError: '',
    noteError: '',
    /** The text box to focus after a failed submit (utils/form goToFirstError). */
    focusField: '',
    submitting: false,
    /** Set when the server answers ENTERPRISE_CLAIMED: what the review request is about. */
    claim: null as { uscc: string; name: string } | null,
    note: '',
    requesting: false,
    reviewSent: false,
    proofs: noProofs(),
    sendingDocuments: false,
  },
  onLoad() {
    this.load();
  },
  /** Back from phone verification: the server may have verified the binding meanwhile. */
  onShow() {
    if (this.data.state !== 'ready') return;
    loadProfile({ refresh: true })
      .then((profile) => this.show(profile))
      .catch(() => undefined);
  },
  async load() {
    const profile = await this.runLoad(() => loadProfile());
    if (profile) this.show(profile);
  },
  show(profile: ProfileView) {
    this.setData({ openid: profile.openid, binding: bindingOf(profile) });
  },
  /** A new profile from the server: stored for the other pages, shown here. */
  showNew(profile: ProfileView) {
    storeProfile(profile);
    this.show(profile);
  },
  onUsccInput(e: WechatMiniprogram.Input) {
    const uscc = e.detail.value;
    const { hint, kind, valid } = usccHint(uscc);
    this.setData({ uscc, usccHint: hint, usccHintKind: kind, usccValid: valid, claim: null, reviewSent: false });
  },
  onNameInput(e: WechatMiniprogram.Input) {
    const name = e.detail.value;
    // Only clear an error while typing; a new one shows on submit, not on every keystroke.
    this.setData({
      name,
      nameError: this.data.nameError ? enterpriseNameProblem(name) : '',
      claim: null,
      reviewSent: false,
    });
  },
  onNoteInput(e: WechatMiniprogram.Input) {
    const note = e.detail.value;
    this.setData({ note, noteError: textProblem(NOTE_RULE, note) });
  },
  async onSubmit() {
    if (this.data.submitting) return;
    const error = enterpriseNameProblem(this.data.name);
    if (error || !this.data.usccValid) {
      this.setData({ nameError: error, ...(this.data.usccValid ? {} : { usccHintKind: 'error' as HintKind }) });
      goToFirstError(this, FIELD_ORDER, { uscc: this.data.usccValid ? '' : this.data.usccHint, name: error });
      return;
    }
    const input = { uscc: normalizeUscc(this.data.uscc), name: this.data.name.trim() };
    this.setData({ submitting: true });
    try {
      const profile = await call('user', 'bindEnterprise', input);
      this.showNew(profile);
      this.setData({ changing: false, proofs: noProofs() });
      const verified = profile.enterprise?.verification === 'verified';
      wx.showToast({ title: verified ? TEXT.boundVerified : TEXT.bound, icon: 'success' });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ENTERPRISE_CLAIMED') this.setData({ claim: input });
      else {
        toastError(err);
        this.showServerErrors(err);
      }
    } finally {
      this.setData({ submitting: false });
    }
  },
  async onRequestReview() {
    const claim = this.data.claim;
    if (!claim || this.data.requesting) return;
    const noteError = textProblem(NOTE_RULE, this.data.note);
    if (noteError) {
      this.setData({ noteError });
      goToFirstError(this, ['note'], { note: noteError });
      return;
    }
    this.setData({ requesting: true });
    try {
      await call('user', 'requestEnterpriseReview', { ...claim, note: this.data.note.trim() });
      this.setData({ reviewSent: true });
    } catch (err) {
      toastError(err);
      this.showServerErrors(err);
    } finally {
      this.setData({ requesting: false });
    }
  },
  /** A VALIDATION_FAILED answer: each refused field's message beside it, then the first one in view. */
  showServerErrors(err: unknown) {
    const errors = serverFieldErrors(err, { uscc: 'uscc', name: 'name', note: 'note' });
    if (!Object.keys(errors).length) return;
    this.setData({
      ...(errors.uscc ? { usccHint: errors.uscc, usccHintKind: 'error' as HintKind } : {}),
      ...(errors.name ? { nameError: errors.name } : {}),
      ...(errors.note ? { noteError: errors.note } : {}),
    });
    goToFirstError(this, [...FIELD_ORDER, 'note'], errors);
  },
  onVerifyPhone() {
    openPage(PAGES.phone);
  },
  onChange() {
    this.setData({ changing: true, claim: null, reviewSent: false });
  },
  onCancelChange() {
    this.setData({ changing: false });
  },
  onChooseProof(e: WechatMiniprogram.BaseEvent) {
    const index = Number(e.currentTarget.dataset.index);
    wx.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
      success: (res) => {
        const path = res.tempFiles[0]?.tempFilePath;
        if (path) this.setData({ [`proofs[${index}].path`]: path, [`proofs[${index}].fileID`]: '' });
      },
      // Cancelling the picker is not an error worth a message.
    });
  },
  onPreviewProof(e: WechatMiniprogram.BaseEvent) {
    const proof = this.data.proofs[Number(e.currentTarget.dataset.index)];
    if (proof?.path) wx.previewImage({ urls: [proof.path], current: proof.path });
  },
  onSubmitDocuments() {
    if (this.data.sendingDocuments) return;
    if (this.data.proofs.some((p) => !p.path)) {
      wx.showToast({ title: TEXT.needBoth, icon: 'none' });
      return;
    }
    this.setData({ sendingDocuments: true });
    // Asked inside the tap (WeChat requires it); the answer does not matter to the submission.
    const subscribed = requestSubscription([SUBSCRIBE_TEMPLATES.enterpriseBinding]);
    this.sendDocuments(subscribed);
  },
  async sendDocuments(subscribed: Promise<void>) {
    try {
      await subscribed;
      const fileIDs: Record<ProofKind, string> = { licence: '', authorization: '' };
      for (const [index, proof] of this.data.proofs.entries()) {
        // A file already uploaded (an earlier attempt failed after it) is not sent twice.
        fileIDs[proof.kind] = proof.fileID || (await uploadProof(this.data.openid, proof.kind, proof.path));
        this.setData({ [`proofs[${index}].fileID`]: fileIDs[proof.kind] });
      }
      const profile = await call('user', 'submitEnterpriseDocuments', {
        licenceFileID: fileIDs.licence,
        authorizationFileID: fileIDs.authorization,
      });
      this.showNew(profile);
      this.setData({ proofs: noProofs() });
      wx.showToast({ title: TEXT.documentsSent, icon: 'success' });
    } catch (err) {
      if (err instanceof ApiError) toastError(err);
      else wx.showToast({ title: TEXT.uploadFailed, icon: 'none' });
    } finally {
      this.setData({ sendingDocuments: false });
    }
  },
});
