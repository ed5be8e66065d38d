import { SUBSCRIBE_TEMPLATES } from '../../../config';
import type { CaseView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { CASE_TEXT, MAX_CASE_FILES, MAX_PLAN_MEASURES } from '../../../shared/helpdesk';
import { counterText, textProblem } from '../../../shared/text';
import { randomId } from '../../../utils/cable';
import { askText, confirmModal, openStoredFile, uploadPending } from '../../../utils/cable-wx';
import { fill } from '../../../utils/format';
import { goToFirstError, serverFieldErrors } from '../../../utils/form';
import { CASE_TAGS, caseFileExtension, HELP_PAGES } from '../../../utils/help';
import { openPage } from '../../../utils/nav';
import { requestSubscription } from '../../../utils/subscribe';
import { formatDate, formatDateTime } from '../../../utils/time';

const TEXT = {
  loading: '正在加载问诊',
  failed: '问诊加载失败',
  missing: '缺少问诊编号，请从“我的问诊”进入',
  caseNo: '问诊编号：',
  submittedAt: '提交时间：',
  urgent: '紧急',
  enterprise: '企业：',
  sla: '首次答复期限',
  slaDue: '专家应在 {due} 前首次答复（{n} 个工作日内）',
  slaAnswered: '专家已于 {at} 首次答复',
  slaOverdue: '已超过首次答复期限，平台已督办',
  slaEscalated: '已转平台督办',
  expert: '帮扶专家',
  waitingExpert: '正在为你匹配对口专业的专家，专家接单后会在这里出现。',
  noExpertYet: '尚无专家接单。',
  expertCity: '所在城市：',
  expertFields: '专业领域：',
  contact: '企业联系人',
  contactMasked: '接单后可见完整联系方式',
  callContact: '拨打电话',
  problem: '问题',
  failedItems: '不合格项目：',
  preferredCity: '希望专家所在城市：',
  files: '附件',
  openFile: '查看附件',
  fileUnavailable: '附件暂时无法读取，请下拉刷新后重试',
  pdf: 'PDF 文件',
  diagnosis: '诊断意见',
  plan: '整改计划（一企一策）',
  measureNo: '措施 {n}',
  target: '目标：',
  dueDate: '完成日期：',
  closingNote: '专家的结案说明',
  rating: '评价',
  ratedStars: '{n} 星',
  thread: '沟通记录',
  noMessages: '还没有留言',
  composer: '留言',
  composerPlaceholder: '写下要说明或询问的内容',
  addPhoto: '添加照片',
  addPdf: '添加 PDF',
  deleteFile: '删除第 {n} 个附件',
  send: '发送',
  sending: '正在发送…',
  sent: '已发送',
  uploading: '正在上传附件（{done}/{total}）…',
  uploadFailed: '附件上传失败，请检查网络后重试',
  pdfOnly: '请选择 PDF 文件',
  // enterprise
  confirmSolved: '问题已解决',
  confirmSolvedTitle: '确认问题已解决',
  confirmSolvedBody: '确认后问诊结束，可以给专家评价。',
  notSolved: '还没解决',
  notSolvedTitle: '请说明还有什么问题',
  notSolvedPlaceholder: '选填，专家会继续跟进',
  solvedDone: '已确认解决',
  notSolvedDone: '已告知专家继续跟进',
  closingAsk: '专家认为问题已解决，请确认',
  rateTitle: '给专家评价',
  star: '{n} 星',
  ratingComment: '说说专家的帮助（选填）',
  submitRating: '提交评价',
  chooseStars: '请选择 1–5 星',
  rated: '感谢你的评价',
  withdraw: '撤回问诊',
  withdrawTitle: '撤回问诊',
  withdrawBody: '撤回后专家将不再处理这个问诊，如需帮助请重新发起。确定撤回吗？',
  withdrawConfirm: '撤回',
  withdrawn: '已撤回',
  // expert
  offerNote: '这是一个等待接单的问诊。接单后由你负责答复，企业的联系方式随即可见。',
  accept: '接单',
  accepted: '已接单',
  diagnose: '填写诊断与整改计划',
  editDiagnosis: '修改诊断与整改计划',
  diagnosisPlaceholder: '问题原因分析、依据的标准或条款、结论',
  measure: '整改措施',
  measurePlaceholder: '要做什么',
  measureTarget: '目标',
  targetPlaceholder: '达到什么结果',
  measureDue: '完成日期',
  choose: '请选择',
  addMeasure: '添加一项措施',
  removeMeasure: '删除措施 ',
  saveDiagnosis: '保存诊断与整改计划',
  cancel: '取消',
  diagnosed: '已保存',
  dueMissing: '请选择完成日期',
  fixErrors: '请检查标红的项目',
  proposeClose: '提请结案',
  proposeCloseTitle: '结案说明（选填）',
  proposeClosePlaceholder: '说明已解决的情况，企业确认后结案',
  proposed: '已提请企业确认',
  // admin
  adminNote: '管理员只读查看。如需改派专家，请到督办队列操作。',
  reassign: '去督办队列改派',
  changed: '问诊状态已变化，已为你刷新',
};

type CaseFileView = CaseView['files'][number];

interface FileTile {
  url: string;
  kind: 'image' | 'pdf';
  label: string;
}

function tiles(files: CaseFileView[]): { tiles: FileTile[]; unavailable: number } {
  const shown = files.filter((f): f is CaseFileView & { url: string } => !!f.url);
  return {
    tiles: shown.map((f, i) => ({ url: f.url, kind: f.kind, label: `${TEXT.openFile} ${i + 1}` })),
    unavailable: files.length - shown.length,
  };
}

/** Everything the template shows, derived once per answer. */
function present(view: CaseView, nowMs: number) {
  const actions = new Set(view.actions);
  const waitingFirstAnswer = !view.firstAnsweredAt && (view.status === 'open' || view.status === 'accepted');
  const overdue = waitingFirstAnswer && (view.overdue || Date.parse(view.firstAnswerDueAt) < nowMs);
  const caseFiles = tiles(view.files);
  return {
    view,
    statusTag: CASE_TAGS[view.status] ?? '',
    urgent: view.urgency === 'urgent',
    topic: `${view.productCategory} · ${view.problemTypeLabel}`,
    submittedText: formatDateTime(view.submittedAt),
    dueText: formatDateTime(view.firstAnswerDueAt),
    slaText: view.firstAnsweredAt
      ? fill(TEXT.slaAnswered, { at: formatDateTime(view.firstAnsweredAt) })
      : waitingFirstAnswer
        ? overdue || view.escalated
          ? TEXT.slaOverdue
          : fill(TEXT.slaDue, { due: formatDateTime(view.firstAnswerDueAt), n: 2 })
        : '',
    slaWarn: overdue || view.escalated,
    showSla: waitingFirstAnswer || !!view.firstAnsweredAt,
    expertFields: view.expert ? view.expert.disciplineLabels.join('、') : '',
    waitingText: view.viewerRole === 'enterprise' ? TEXT.waitingExpert : TEXT.noExpertYet,
    files: caseFiles.tiles,
    filesUnavailable: caseFiles.unavailable ? TEXT.fileUnavailable : '',
    diagnosisAt: view.diagnosis ? formatDateTime(view.diagnosis.at) : '',
    plan: (view.diagnosis?.plan ?? []).map((m, i) => ({
      ...m,
      no: fill(TEXT.measureNo, { n: i + 1 }),
      dueText: formatDate(m.dueDate) || m.dueDate,
    })),
    ratingText: view.rating ? fill(TEXT.ratedStars, { n: view.rating.stars }) : '',
    ratingStars: view.rating ? '★'.repeat(view.rating.stars) + '☆'.repeat(5 - view.rating.stars) : '',
    messages: view.messages.map((m) => ({
      ...m,
      mine: m.from === view.viewerRole,
      atText: formatDateTime(m.at),
      tiles: tiles(m.files).tiles,
    })),
    filesFreshUntil: Date.now() + view.filesExpireIn * 1000 - 60_000,
    can: {
      message: actions.has('message'),
      accept: actions.has('accept'),
      diagnose: actions.has('diagnose'),
      proposeClose: actions.has('proposeClose'),
      confirmSolved: actions.has('confirmSolved'),
      notSolved: actions.has('notSolved'),
      rate: actions.has('rate') && !view.rating,
      withdraw: actions.has('withdraw'),
    },
  };
}

type Presented = ReturnType<typeof present>;

interface MeasureDraft {
  /** For wx:key only (never sent). */
  key: string;
  measure: string;
  target: string;
  dueDate: string;
}

interface ComposerFile {
  path: string;
  fileID: string;
  kind: 'image' | 'pdf';
  name: string;
  deleteLabel: string;
}

const emptyMeasure = (): MeasureDraft => ({ key: randomId('p'), measure: '', target: '', dueDate: '' });

/** The diagnosis form's problems: `diagnosis`, `plan-<i>-measure|target|dueDate`. */
function diagnosisErrors(diagnosis: string, plan: MeasureDraft[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const d = diagnosis.trim() ? textProblem(CASE_TEXT.diagnosis, diagnosis) : '请填写诊断意见';
  if (d) errors.diagnosis = d;
  plan.forEach((m, i) => {
    const measure = m.measure.trim() ? textProblem(CASE_TEXT.measure, m.measure) : '请填写整改措施';
    const target = m.target.trim() ? textProblem(CASE_TEXT.target, m.target) : '请填写目标';
    if (measure) errors[`plan-${i}-measure`] = measure;
    if (target) errors[`plan-${i}-target`] = target;
    if (!m.dueDate) errors[`plan-${i}-dueDate`] = TEXT.dueMissing;
  });
  return errors;
}

function diagnosisOrder(plan: MeasureDraft[]): string[] {
  return ['diagnosis', ...plan.flatMap((_, i) => [`plan-${i}-measure`, `plan-${i}-target`, `plan-${i}-dueDate`])];
}

/** Today in Asia/Shanghai (YYYY-MM-DD): the earliest date a measure can be due. */
const today = () => formatDate(Date.now());

/**
 * One case, as each party sees it (the server decides: `viewerRole`, `actions`). The enterprise follows
 * the thread, confirms the problem solved (or not), rates the expert and may withdraw; an expert offered
 * the case sees it with the contact masked and accepts it; the owning expert answers, records the
 * diagnosis and the improvement plan (measures with a target and a date) and proposes closing; an admin
 * reads it and reassigns in the escalation queue. Files are shown from the server's temp URLs.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    errorText: TEXT.failed,
    caseId: '',
    c: null as Presented | null,
    busy: false,
    // composer
    message: '',
    messageCount: counterText('', CASE_TEXT.message.max),
    messageError: '',
    composerFiles: [] as ComposerFile[],
    maxFiles: MAX_CASE_FILES,
    messageRequestId: '',
    progress: '',
    // rating
    stars: 0,
    starOptions: [1, 2, 3, 4, 5].map((n) => ({ n, label: fill(TEXT.star, { n }) })),
    ratingComment: '',
    ratingError: '',
    // diagnosis form
    diagnosing: false,
    diagnosis: '',
    diagnosisCount: '',
    plan: [] as MeasureDraft[],
    planErrors: {} as Record<string, string>,
    diagnosisAttempted: false,
    maxMeasures: MAX_PLAN_MEASURES,
    today: today(),
    focusField: '',
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ caseId: query.caseId ?? '', messageRequestId: randomId('m') });
    this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  async load() {
    const { caseId } = this.data;
    const view = await this.runLoad(async () => {
      if (!caseId) throw new ApiError('NOT_FOUND', TEXT.missing);
      try {
        return await call('helpdesk', 'getCase', { caseId });
      } catch (error) {
        this.setData({ errorText: error instanceof ApiError ? error.message : TEXT.failed });
        throw error;
      }
    });
    if (!caseId) this.setData({ errorText: TEXT.missing });
    if (view) this.show(view);
  },
  show(view: CaseView) {
    this.setData({ c: present(view, Date.now()) });
  },
  /** The case after an action; a refusal because the case moved on meanwhile reloads it. */
  async act(task: () => Promise<CaseView>, done: string): Promise<boolean> {
    if (this.data.busy) return false;
    this.setData({ busy: true });
    try {
      this.show(await task());
      wx.showToast({ title: done, icon: 'success' });
      return true;
    } catch (error) {
      toastError(error);
      if (error instanceof ApiError && ['INVALID_TRANSITION', 'CASE_TAKEN', 'ALREADY_RATED'].includes(error.code)) {
        await this.load();
      }
      return false;
    } finally {
      this.setData({ busy: false });
    }
  },

  // ---- files ----
  /** The view whose temp URLs are still good (reloaded first when they are about to expire). */
  async freshView(): Promise<Presented | null> {
    const c = this.data.c;
    if (c && Date.now() < c.filesFreshUntil) return c;
    await this.load();
    return this.data.c;
  },
  async onOpenFile(e: WechatMiniprogram.BaseEvent) {
    const { index, message } = e.currentTarget.dataset as { index: number; message?: number | string };
    const c = await this.freshView();
    if (!c) return;
    const list = message === undefined || message === '' ? c.files : (c.messages[Number(message)]?.tiles ?? []);
    const file = list[Number(index)];
    if (!file) return;
    if (file.kind === 'image') {
      const urls = list.filter((f) => f.kind === 'image').map((f) => f.url);
      wx.previewImage({ urls, current: file.url });
      return;
    }
    if (!(await openStoredFile({ url: file.url, kind: 'pdf' })))
      wx.showToast({ title: TEXT.fileUnavailable, icon: 'none' });
  },
  onCallContact() {
    const phone = this.data.c?.view.contact.phone;
    if (phone && !this.data.c?.view.contactMasked) wx.makePhoneCall({ phoneNumber: phone, fail: () => undefined });
  },

  // ---- composer ----
  onMessageInput(e: WechatMiniprogram.Input) {
    const message = e.detail.value;
    this.setData({
      message,
      messageCount: counterText(message, CASE_TEXT.message.max),
      messageError: this.data.messageError ? textProblem(CASE_TEXT.message, message) : '',
    });
  },
  labelComposer(files: Omit<ComposerFile, 'deleteLabel'>[]) {
    this.setData({ composerFiles: files.map((f, i) => ({ ...f, deleteLabel: fill(TEXT.deleteFile, { n: i + 1 }) })) });
  },
  onAddPhotos() {
    const room = this.data.maxFiles - this.data.composerFiles.length;
    if (room <= 0) return;
    wx.chooseMedia({
      count: room,
      mediaType: ['image'],
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
      success: (res) =>
        this.labelComposer([
          ...this.data.composerFiles,
          ...res.tempFiles
            .slice(0, room)
            .map((f) => ({ path: f.tempFilePath, fileID: '', kind: 'image' as const, name: '' })),
        ]),
    });
  },
  onAddPdf() {
    const room = this.data.maxFiles - this.data.composerFiles.length;
    if (room <= 0) return;
    wx.chooseMessageFile({
      count: room,
      type: 'file',
      extension: ['pdf'],
      success: (res) => {
        const pdfs = res.tempFiles.filter((f) => caseFileExtension(f.name || f.path, 'jpg') === 'pdf').slice(0, room);
        if (pdfs.length < res.tempFiles.length) wx.showToast({ title: TEXT.pdfOnly, icon: 'none' });
        this.labelComposer([
          ...this.data.composerFiles,
          ...pdfs.map((f) => ({ path: f.path, fileID: '', kind: 'pdf' as const, name: f.name || TEXT.pdf })),
        ]);
      },
    });
  },
  onDeleteComposerFile(e: WechatMiniprogram.BaseEvent) {
    const index = Number(e.currentTarget.dataset.index);
    this.labelComposer(this.data.composerFiles.filter((_, i) => i !== index));
  },
  async uploadComposerFiles(): Promise<string[]> {
    return uploadPending(this.data.composerFiles, this.data.c?.view.uploadFolder, {
      extensionOf: (file) => (file.kind === 'pdf' ? 'pdf' : caseFileExtension(file.path)),
      failedMessage: TEXT.uploadFailed,
      onProgress: (done, total) => this.setData({ progress: fill(TEXT.uploading, { done, total }) }),
      onUploaded: (composerFiles) => this.setData({ composerFiles }),
    });
  },
  async onSend() {
    const c = this.data.c;
    if (!c || this.data.busy) return;
    const problem = this.data.message.trim() ? textProblem(CASE_TEXT.message, this.data.message) : '请填写留言';
    if (problem) {
      this.setData({ messageError: problem });
      wx.pageScrollTo({ selector: '#field-message', duration: 300 });
      this.setData({ focusField: '' });
      this.setData({ focusField: 'message' });
      return;
    }
    this.setData({ busy: true });
    try {
      await requestSubscription([SUBSCRIBE_TEMPLATES.helpdeskCase]);
      const files = await this.uploadComposerFiles();
      this.setData({ progress: TEXT.sending });
      const view = await call('helpdesk', 'postMessage', {
        caseId: c.view.caseId,
        text: this.data.message.trim(),
        files,
        clientRequestId: this.data.messageRequestId,
      });
      this.show(view);
      // The next message is another one.
      this.setData({
        message: '',
        messageCount: counterText('', CASE_TEXT.message.max),
        messageError: '',
        composerFiles: [],
        messageRequestId: randomId('m'),
      });
      wx.showToast({ title: TEXT.sent, icon: 'success' });
    } catch (error) {
      toastError(error);
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
        this.labelComposer(this.data.composerFiles.map((f) => ({ ...f, fileID: '' })));
        const refused = serverFieldErrors(error, { text: 'message' });
        if (refused.message) this.setData({ messageError: refused.message });
      }
      if (error instanceof ApiError && error.code === 'INVALID_TRANSITION') await this.load();
    } finally {
      this.setData({ busy: false, progress: '' });
    }
  },

  // ---- enterprise ----
  async onConfirmSolved() {
    const c = this.data.c;
    if (!c?.can.confirmSolved) return;
    const sure = await confirmModal({ title: TEXT.confirmSolvedTitle, content: TEXT.confirmSolvedBody });
    if (!sure) return;
    await this.act(() => call('helpdesk', 'confirmClose', { caseId: c.view.caseId, solved: true }), TEXT.solvedDone);
  },
  async onNotSolved() {
    const c = this.data.c;
    if (!c?.can.notSolved) return;
    const note = await askText(TEXT.notSolvedTitle, TEXT.notSolvedPlaceholder, (text) =>
      textProblem(CASE_TEXT.reason, text),
    );
    if (note === null) return;
    await this.act(
      () => call('helpdesk', 'confirmClose', { caseId: c.view.caseId, solved: false, note }),
      TEXT.notSolvedDone,
    );
  },
  onStar(e: WechatMiniprogram.BaseEvent) {
    this.setData({ stars: Number(e.currentTarget.dataset.n), ratingError: '' });
  },
  onRatingComment(e: WechatMiniprogram.Input) {
    this.setData({ ratingComment: e.detail.value, ratingError: '' });
  },
  async onRate() {
    const c = this.data.c;
    if (!c?.can.rate) return;
    const stars = this.data.stars;
    const problem =
      stars < 1 || stars > 5 ? TEXT.chooseStars : textProblem(CASE_TEXT.ratingComment, this.data.ratingComment);
    if (problem) {
      this.setData({ ratingError: problem });
      wx.pageScrollTo({ selector: '#field-rating', duration: 300 });
      return;
    }
    await this.act(
      () => call('helpdesk', 'rateCase', { caseId: c.view.caseId, stars, comment: this.data.ratingComment.trim() }),
      TEXT.rated,
    );
  },
  async onWithdraw() {
    const c = this.data.c;
    if (!c?.can.withdraw) return;
    const sure = await confirmModal({
      title: TEXT.withdrawTitle,
      content: TEXT.withdrawBody,
      confirmText: TEXT.withdrawConfirm,
      danger: true,
    });
    if (!sure) return;
    await this.act(() => call('helpdesk', 'withdrawCase', { caseId: c.view.caseId }), TEXT.withdrawn);
  },

  // ---- expert ----
  async onAccept() {
    const c = this.data.c;
    if (!c?.can.accept) return;
    await this.act(() => call('helpdesk', 'acceptCase', { caseId: c.view.caseId }), TEXT.accepted);
  },
  onStartDiagnosis() {
    const d = this.data.c?.view.diagnosis;
    const plan = d?.plan.length ? d.plan.map((m) => ({ ...m, key: randomId('p') })) : [emptyMeasure()];
    const diagnosis = d?.text ?? '';
    this.setData({
      diagnosing: true,
      diagnosis,
      diagnosisCount: counterText(diagnosis, CASE_TEXT.diagnosis.max),
      plan,
      planErrors: {},
      diagnosisAttempted: false,
      today: today(),
    });
    wx.pageScrollTo({ selector: '#field-diagnosis', duration: 300 });
  },
  onCancelDiagnosis() {
    this.setData({ diagnosing: false, planErrors: {} });
  },
  /** Recomputes the form's messages after a change (shown once a save was tried). */
  refreshDiagnosis(patch: { diagnosis?: string; plan?: MeasureDraft[] }) {
    const diagnosis = patch.diagnosis ?? this.data.diagnosis;
    const plan = patch.plan ?? this.data.plan;
    this.setData({
      diagnosis,
      plan,
      diagnosisCount: counterText(diagnosis, CASE_TEXT.diagnosis.max),
      planErrors: this.data.diagnosisAttempted ? diagnosisErrors(diagnosis, plan) : {},
    });
  },
  onDiagnosisInput(e: WechatMiniprogram.Input) {
    this.refreshDiagnosis({ diagnosis: e.detail.value });
  },
  onMeasureInput(e: WechatMiniprogram.Input) {
    const { index, field } = e.currentTarget.dataset as { index: number; field: 'measure' | 'target' };
    const plan = this.data.plan.map((m, i) => (i === Number(index) ? { ...m, [field]: e.detail.value } : m));
    this.refreshDiagnosis({ plan });
  },
  onMeasureDate(e: WechatMiniprogram.PickerChange) {
    const index = Number(e.currentTarget.dataset.index);
    const plan = this.data.plan.map((m, i) => (i === index ? { ...m, dueDate: String(e.detail.value) } : m));
    this.refreshDiagnosis({ plan });
  },
  onAddMeasure() {
    if (this.data.plan.length >= MAX_PLAN_MEASURES) return;
    this.refreshDiagnosis({ plan: [...this.data.plan, emptyMeasure()] });
  },
  onRemoveMeasure(e: WechatMiniprogram.BaseEvent) {
    if (this.data.plan.length <= 1) return;
    const index = Number(e.currentTarget.dataset.index);
    this.refreshDiagnosis({ plan: this.data.plan.filter((_, i) => i !== index) });
  },
  async onSaveDiagnosis() {
    const c = this.data.c;
    if (!c?.can.diagnose) return;
    const { diagnosis, plan } = this.data;
    const errors = diagnosisErrors(diagnosis, plan);
    const order = diagnosisOrder(plan);
    if (Object.keys(errors).length) {
      this.setData({ diagnosisAttempted: true, planErrors: errors });
      wx.showToast({ title: TEXT.fixErrors, icon: 'none' });
      goToFirstError(this, order, errors, ['diagnosis']);
      return;
    }
    if (this.data.busy) return;
    this.setData({ busy: true });
    try {
      const view = await call('helpdesk', 'diagnose', {
        caseId: c.view.caseId,
        diagnosis: diagnosis.trim(),
        plan: plan.map((m) => ({ measure: m.measure.trim(), target: m.target.trim(), dueDate: m.dueDate })),
      });
      this.show(view);
      this.setData({ diagnosing: false, planErrors: {} });
      wx.showToast({ title: TEXT.diagnosed, icon: 'success' });
    } catch (error) {
      toastError(error);
      const refused = serverFieldErrors(error, (path) => path.replace(/\./g, '-'));
      if (Object.keys(refused).length) {
        this.setData({ planErrors: refused });
        goToFirstError(this, order, refused, ['diagnosis']);
      }
      if (error instanceof ApiError && error.code === 'INVALID_TRANSITION') await this.load();
    } finally {
      this.setData({ busy: false });
    }
  },
  async onProposeClose() {
    const c = this.data.c;
    if (!c?.can.proposeClose) return;
    const note = await askText(TEXT.proposeCloseTitle, TEXT.proposeClosePlaceholder, (text) =>
      textProblem(CASE_TEXT.closingNote, text),
    );
    if (note === null) return;
    await this.act(() => call('helpdesk', 'proposeClose', { caseId: c.view.caseId, note }), TEXT.proposed);
  },

  // ---- admin ----
  onReassign() {
    openPage(HELP_PAGES.escalations);
  },
});
