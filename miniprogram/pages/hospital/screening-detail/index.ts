import type { CableConcern, CableRequestView, CableStatus, Verdict } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import {
  CABLE_CONCERNS,
  FINDING_OUTCOMES,
  REPORT_EXTENSIONS,
  type FindingOutcome,
} from '../../../shared/cable-catalog';
import { SCREENING_MESSAGES, SCREENING_NOTE_MAX, VERDICTS } from '../../../shared/cable-workflow';
import { textProblem } from '../../../shared/text';
import { goToField, goToFirstError, serverFieldErrors } from '../../../utils/form';
import {
  completionProblem,
  extensionOf,
  randomId,
  rejectionProblem,
  requestHeader,
  timeline,
  type FindingDraft,
  type TimelineStep,
} from '../../../utils/cable';
import {
  confirmModal,
  filesFreshUntil,
  openStoredFile,
  previewPhotos,
  requestDetailLifecycle,
  uploadToCloud,
  viewWithFreshFiles,
} from '../../../utils/cable-wx';
import { fill } from '../../../utils/format';

const TEXT = {
  loading: '正在加载筛查申请',
  failed: '筛查申请加载失败',
  missing: '缺少申请编号，请从筛查工作台进入',
  requestNo: '申请编号：',
  submittedAt: '提交时间：',
  requester: '申请人',
  contactMasked: '受理后可查看完整的联系方式和取样地址。',
  call: '拨打电话',
  requesterTypes: { consumer: '消费者', enterprise: '企业', contractor: '施工单位或装修公司' } as Record<
    string,
    string
  >,
  city: '所在城市：',
  preferred: '申请人希望由：',
  noPreference: '未指定（任一产品医院可受理）',
  delivery: '送样方式：',
  pickupAddress: '取样地址：',
  cable: '电线电缆',
  typeLabel: '型号：',
  typeValue: '{type} {label}（{family}）',
  size: '规格：',
  brand: '品牌：',
  manufacturer: '生产厂家：',
  uscc: '信用代码：',
  channel: '购买渠道：',
  channelWithDetail: '{channel}（{detail}）',
  purchaseDate: '购买日期：',
  length: '长度：',
  concerns: '申请人反映的问题',
  description: '问题描述',
  photos: '照片',
  previewPhoto: '查看第 {n} 张照片',
  photosLocked: '申请人上传了 {n} 张照片，受理后可查看。',
  photosUnavailable: '{n} 张照片暂时无法显示，请下拉刷新后重试。',
  redlistListed: '厂家在红榜：{tier}（{version}）',
  redlistNotListed: '厂家未列入最新一期红榜（{version}）',
  progress: '办理进度',
  requesterSelf: '申请人',
  resultTitle: '筛查结论：',
  finding: '{item}：{outcome}',
  findingWithDetail: '{item}：{outcome}（{detail}）',
  openReport: '查看筛查报告',
  reportFallback: '无法直接打开报告，可复制下载链接到浏览器中打开（限时有效）：',
  reportUnavailable: '报告文件暂时无法读取，请下拉刷新后重试。',
  copy: '复制链接',
  handle: '处理',
  noActions: '当前状态没有需要本院处理的操作。',
  noteLabel: '备注（选填，申请人可见）',
  notePlaceholder: '如送样时间、地点等说明',
  actions: {
    accepted: '受理申请',
    rejected: '不予受理',
    sample_received: '确认已收到样品',
    screening: '开始筛查',
    completed: '录入筛查结果',
  } as Record<string, string>,
  confirms: {
    accepted: { title: '受理申请', content: '受理后由本院负责该申请，申请人会收到通知。' },
    sample_received: { title: '确认已收到样品', content: '确认后申请人不能再撤销申请。' },
    screening: { title: '开始筛查', content: '确认开始对样品进行快速筛查？' },
  } as Record<string, { title: string; content: string }>,
  rejectTitle: '不予受理',
  reasonLabel: '原因（申请人可见）',
  reasonPlaceholder: '例如：样品不属于电线电缆，请联系其他机构',
  confirmReject: '确认不予受理',
  rejectConfirmBody: '确定不予受理该申请吗？申请人会收到你填写的原因。',
  back: '返回',
  completeTitle: '录入筛查结果',
  verdict: '筛查结论',
  /** What a screen reader says for an outcome chip of a finding. */
  outcomeLabel: '{item}：{outcome}',
  findings: '检查项目（未选择结果的项目不提交）',
  findingDetail: '检查说明（选填）',
  addFinding: '添加其他检查项目',
  report: '筛查报告',
  reportHint: 'PDF 或图片（{ext}）',
  chooseFile: '从聊天选择文件',
  chooseImage: '从相册选择图片',
  uploading: '正在上传…',
  uploadFailed: '报告上传失败，请重试',
  badExtension: '报告须为 {ext} 格式',
  reportUploaded: '已上传：',
  completeNote: '结论说明（选填，申请人可见）',
  submitResult: '提交筛查结论',
  completeConfirmBody: '提交后申请人即可看到结论和报告，不能再修改。',
  updated: '已更新',
  updating: '正在提交…',
};

interface FindingRow extends FindingDraft {
  itemLabel: string;
  /** The outcome chips' labels for screen readers, by outcome. */
  outcomeAria: Record<FindingOutcome, string>;
}

interface ActionButton {
  to: CableStatus;
  label: string;
  warn: boolean;
}

/** Everything the template shows, derived once per answer (WXML cannot call functions). */
function present(view: CableRequestView) {
  const { cable, redlist } = view;
  return {
    view,
    ...requestHeader(view),
    requesterTypeText: [TEXT.requesterTypes[view.requesterType], view.organization].filter(Boolean).join(' · '),
    typeText: fill(TEXT.typeValue, { type: cable.type, label: cable.typeLabel, family: cable.family }),
    redlistText: redlist
      ? fill(redlist.listed ? TEXT.redlistListed : TEXT.redlistNotListed, {
          tier: redlist.tierLabel ?? '',
          version: redlist.version,
        })
      : '',
    channelText: cable.purchaseChannelDetail
      ? fill(TEXT.channelWithDetail, { channel: cable.purchaseChannelLabel, detail: cable.purchaseChannelDetail })
      : cable.purchaseChannelLabel,
    // 不清楚 when the requester did not know; the server words it.
    lengthText: cable.lengthText,
    // Photos load from the server's temp URLs, which only the assigned hospital gets.
    photos: view.photos
      .filter((p) => p.url)
      .map((p, i) => ({ src: p.url as string, label: fill(TEXT.previewPhoto, { n: i + 1 }) })),
    photosNoteText:
      view.photoCount && !view.photos.length
        ? fill(TEXT.photosLocked, { n: view.photoCount })
        : view.photos.some((p) => !p.url)
          ? fill(TEXT.photosUnavailable, { n: view.photos.filter((p) => !p.url).length })
          : '',
    filesFreshUntil: filesFreshUntil(view),
    findings: view.findings.map((f) => ({
      item: f.item,
      text: fill(f.detail ? TEXT.findingWithDetail : TEXT.finding, {
        item: f.itemLabel,
        outcome: f.outcomeLabel,
        detail: f.detail,
      }),
    })),
  };
}

/** The server's `actions` are the moves this staff member may make now; only those become buttons. */
function buttons(view: CableRequestView): ActionButton[] {
  return view.actions
    .filter((to) => TEXT.actions[to])
    .map((to) => ({ to, label: TEXT.actions[to], warn: to === 'rejected' }));
}

/** A finding not judged yet. */
function findingRow(item: CableConcern, itemLabel: string): FindingRow {
  const outcomeAria = {} as Record<FindingOutcome, string>;
  for (const [code, outcome] of Object.entries(FINDING_OUTCOMES) as [FindingOutcome, string][]) {
    outcomeAria[code] = fill(TEXT.outcomeLabel, { item: itemLabel, outcome });
  }
  return { item, itemLabel, outcomeAria, outcome: '', detail: '' };
}

/** The completion form starts with the problems the requester raised (labelled by the view), none judged yet. */
function initialFindings(view: CableRequestView): FindingRow[] {
  return view.concerns.map((item, i) => findingRow(item, view.concernLabels[i] ?? CABLE_CONCERNS[item]));
}

/**
 * One request in the hospital's queue: what was asked, who asked (masked until this hospital
 * accepts), and buttons for exactly the moves the workflow allows now → hospital.updateScreening.
 * Rejecting needs a reason; completing needs a verdict consistent with the findings and a report.
 */
/** A move's note, counted as every text is (shared/text.ts). */
const NOTE_RULE = { min: 0, tooShort: '', max: SCREENING_NOTE_MAX, tooLong: SCREENING_MESSAGES.noteTooLong };
/** The completion form's parts in their order on the page (anchors `field-<name>`, utils/form). */
const COMPLETION_ORDER = ['verdict', 'findings', 'report', 'note'];

/** The part of the completion form a result problem is about (shared/cable-workflow resultProblem's order). */
function completionField(verdict: Verdict | '', reportFileID: string): string {
  if (!verdict) return 'verdict';
  if (!reportFileID) return 'report';
  return 'findings';
}

/** updateScreening's input paths (the server's details.fields) as the page's fields. */
function fieldOfPath(mode: string) {
  return (path: string): string | undefined => {
    const [head] = path.split('.');
    if (head === 'note') return mode === 'reject' ? 'reason' : 'note';
    if (head === 'reportFileID') return 'report';
    if (head === 'verdict' || head === 'findings') return head;
    return undefined;
  };
}

definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    errorText: TEXT.failed,
    requestId: '',
    r: null as ReturnType<typeof present> | null,
    steps: [] as TimelineStep[],
    buttons: [] as ActionButton[],
    /** Which inline form is open. */
    mode: '' as '' | 'reject' | 'complete',
    note: '',
    reason: '',
    reasonError: '',
    verdicts: (Object.keys(VERDICTS) as Verdict[]).map((code) => ({ code, label: VERDICTS[code] })),
    outcomes: (Object.keys(FINDING_OUTCOMES) as FindingOutcome[]).map((code) => ({
      code,
      label: FINDING_OUTCOMES[code],
    })),
    verdict: '' as Verdict | '',
    findings: [] as FindingRow[],
    addable: [] as { code: CableConcern; label: string }[],
    addableLabels: [] as string[],
    reportFileID: '',
    reportName: '',
    uploadingReport: false,
    completionTouched: false,
    completionError: '',
    noteError: '',
    /** The text box to focus after a failed submit (utils/form goToFirstError). */
    focusField: '',
    reportHint: fill(TEXT.reportHint, { ext: REPORT_EXTENSIONS.join('、') }),
    reportFallback: false,
    /** The report's download link offered when it cannot be opened ('' when there is none). */
    reportUrl: '',
    updating: false,
  },
  ...requestDetailLifecycle(TEXT, (requestId) => call('hospital', 'getScreening', { requestId })),
  show(view: CableRequestView) {
    this.setData({
      r: present(view),
      steps: timeline(view, TEXT.requesterSelf),
      buttons: buttons(view),
      mode: '',
      note: '',
      reason: '',
      reasonError: '',
      reportFallback: false,
      reportUrl: '',
    });
  },

  onNoteInput(e: WechatMiniprogram.Input) {
    const note = e.detail.value;
    this.setData({ note, noteError: textProblem(NOTE_RULE, note) });
  },
  onCall() {
    const phone = this.data.r?.view.contact.phone;
    if (phone && !this.data.r?.view.contactMasked) wx.makePhoneCall({ phoneNumber: phone, fail: () => undefined });
  },
  async onPreviewPhoto(e: WechatMiniprogram.BaseEvent) {
    const index = Number(e.currentTarget.dataset.index);
    const view = await viewWithFreshFiles(this);
    if (view) previewPhotos(view.photos, index);
  },
  /** Opens the report from its temp URL (reloading the view first when the URL is about to expire). */
  async onOpenReport() {
    if (!this.data.r?.view.report) return;
    const report = (await viewWithFreshFiles(this))?.report ?? null;
    const opened = report ? await openStoredFile(report) : false;
    this.setData({ reportFallback: !opened, reportUrl: opened ? '' : (report?.url ?? '') });
  },
  onCopy(e: WechatMiniprogram.BaseEvent) {
    wx.setClipboardData({ data: String(e.currentTarget.dataset.value) });
  },

  async onAction(e: WechatMiniprogram.BaseEvent) {
    const to = e.currentTarget.dataset.to as CableStatus;
    if (!this.data.buttons.some((b) => b.to === to) || this.data.updating) return;
    if (to === 'rejected') {
      this.setData({ mode: 'reject', reasonError: '' });
      return;
    }
    if (to === 'completed') {
      this.openCompletion();
      return;
    }
    const noteError = textProblem(NOTE_RULE, this.data.note);
    if (noteError) {
      this.setData({ noteError });
      goToField(this, 'note');
      return;
    }
    const confirm = TEXT.confirms[to];
    if (confirm && !(await confirmModal(confirm))) return;
    const note = this.data.note.trim();
    await this.update(note ? { to, note } : { to });
  },
  onBack() {
    this.setData({ mode: '' });
  },

  // ---- reject ----
  onReasonInput(e: WechatMiniprogram.Input) {
    const reason = e.detail.value;
    this.setData({ reason, reasonError: rejectionProblem(reason) });
  },
  async onConfirmReject() {
    const problem = rejectionProblem(this.data.reason);
    if (problem) {
      this.setData({ reasonError: problem });
      goToField(this, 'reason');
      return;
    }
    const ok = await confirmModal({ title: TEXT.rejectTitle, content: TEXT.rejectConfirmBody, danger: true });
    if (ok) await this.update({ to: 'rejected', note: this.data.reason.trim() });
  },

  // ---- complete ----
  openCompletion() {
    const view = this.data.r?.view;
    if (!view) return;
    // Reopening keeps what was entered (and uploaded) before.
    const findings = this.data.findings.length ? this.data.findings : initialFindings(view);
    this.setData({ mode: 'complete', findings });
    this.refreshCompletion(false);
  },
  /** Recomputes the addable items and the as-you-type problem (shown once the form was touched). */
  refreshCompletion(touched = true) {
    const listed = new Set(this.data.findings.map((f) => f.item));
    // Problems the requester did not raise: no view labels them, the shared catalogue does.
    const addable = (Object.keys(CABLE_CONCERNS) as CableConcern[])
      .filter((c) => !listed.has(c))
      .map((code) => ({ code, label: CABLE_CONCERNS[code] }));
    const completionTouched = this.data.completionTouched || touched;
    this.setData({
      addable,
      addableLabels: addable.map((a) => a.label),
      completionTouched,
      completionError: completionTouched
        ? completionProblem(this.data.verdict, this.data.findings, this.data.reportFileID)
        : '',
    });
  },
  onVerdict(e: WechatMiniprogram.BaseEvent) {
    this.setData({ verdict: e.currentTarget.dataset.code });
    this.refreshCompletion();
  },
  onOutcome(e: WechatMiniprogram.BaseEvent) {
    const index = Number(e.currentTarget.dataset.index);
    const code = e.currentTarget.dataset.code as FindingOutcome;
    const findings = this.data.findings.map((f, i) =>
      i === index ? { ...f, outcome: f.outcome === code ? ('' as const) : code } : f,
    );
    this.setData({ findings });
    this.refreshCompletion();
  },
  onFindingDetail(e: WechatMiniprogram.Input) {
    const index = Number(e.currentTarget.dataset.index);
    const findings = this.data.findings.map((f, i) => (i === index ? { ...f, detail: e.detail.value } : f));
    this.setData({ findings });
    this.refreshCompletion();
  },
  onAddFinding(e: WechatMiniprogram.PickerChange) {
    const option = this.data.addable[Number(e.detail.value)];
    if (!option) return;
    this.setData({
      findings: [...this.data.findings, findingRow(option.code, option.label)],
    });
    this.refreshCompletion();
  },
  onChooseReportFile() {
    wx.chooseMessageFile({
      count: 1,
      type: 'file',
      extension: [...REPORT_EXTENSIONS],
      success: (res) => {
        const file = res.tempFiles[0];
        if (file) this.uploadReport(file.path, file.name);
      },
    });
  },
  onChooseReportImage() {
    wx.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      success: (res) => {
        const file = res.tempFiles[0];
        // Camera and album images have no trustworthy name; they are stored as JPEG.
        if (file) this.uploadReport(file.tempFilePath, 'report.jpg');
      },
    });
  },
  async uploadReport(path: string, name: string) {
    const ext = extensionOf(name) || extensionOf(path);
    if (!REPORT_EXTENSIONS.includes(ext)) {
      wx.showToast({ title: fill(TEXT.badExtension, { ext: REPORT_EXTENSIONS.join('、') }), icon: 'none' });
      return;
    }
    this.setData({ uploadingReport: true });
    try {
      // Into this staff member's own report folder: the only place updateScreening accepts a report from.
      const folder = this.data.r?.view.reportFolder;
      if (!folder) throw new Error('no report folder');
      const fileID = await uploadToCloud(`${folder}/${randomId()}.${ext}`, path);
      this.setData({ reportFileID: fileID, reportName: name });
      this.refreshCompletion();
    } catch {
      wx.showToast({ title: TEXT.uploadFailed, icon: 'none' });
    } finally {
      this.setData({ uploadingReport: false });
    }
  },
  async onSubmitResult() {
    const { verdict, findings, reportFileID } = this.data;
    const problem = completionProblem(verdict, findings, reportFileID);
    const noteError = textProblem(NOTE_RULE, this.data.note);
    if (problem || !verdict || noteError) {
      this.setData({ completionTouched: true, completionError: problem, noteError });
      wx.showToast({ title: problem || noteError, icon: 'none' });
      const errors = { [completionField(verdict, reportFileID)]: problem, note: noteError };
      goToFirstError(this, COMPLETION_ORDER, errors, ['note']);
      return;
    }
    if (!(await confirmModal({ title: TEXT.submitResult, content: TEXT.completeConfirmBody }))) return;
    const note = this.data.note.trim();
    const sent = findings
      .filter((f) => f.outcome !== '')
      .map((f) => ({ item: f.item, outcome: f.outcome as FindingOutcome, detail: f.detail.trim() }));
    const done = await this.update({
      to: 'completed',
      verdict,
      findings: sent,
      reportFileID,
      ...(note ? { note } : {}),
    });
    if (done) this.setData({ verdict: '', findings: [], reportFileID: '', reportName: '', completionTouched: false });
  },

  /** A VALIDATION_FAILED answer: the refused field's message beside it, then the first one in view. */
  showServerErrors(error: unknown) {
    const errors = serverFieldErrors(error, fieldOfPath(this.data.mode));
    if (!Object.keys(errors).length) return;
    const completion = errors.verdict || errors.findings || errors.report;
    this.setData({
      ...(errors.note ? { noteError: errors.note } : {}),
      ...(errors.reason ? { reasonError: errors.reason } : {}),
      ...(completion ? { completionError: completion } : {}),
    });
    goToFirstError(this, ['reason', ...COMPLETION_ORDER], errors, ['reason', 'note']);
  },
  /** Sends one move; on success shows the new state, on failure keeps every input. */
  async update(input: {
    to: CableStatus;
    note?: string;
    verdict?: Verdict;
    findings?: { item: CableConcern; outcome: FindingOutcome; detail: string }[];
    reportFileID?: string;
  }): Promise<boolean> {
    const r = this.data.r;
    if (!r || this.data.updating) return false;
    this.setData({ updating: true });
    try {
      const view = await call('hospital', 'updateScreening', { requestId: r.view.requestId, ...input });
      this.show(view);
      wx.showToast({ title: TEXT.updated, icon: 'success' });
      return true;
    } catch (error) {
      toastError(error);
      this.showServerErrors(error);
      // Someone else moved the request meanwhile: show where it is now.
      if (error instanceof ApiError && (error.code === 'INVALID_TRANSITION' || error.code === 'NOT_FOUND')) {
        await this.load();
      }
      return false;
    } finally {
      this.setData({ updating: false });
    }
  },
});
