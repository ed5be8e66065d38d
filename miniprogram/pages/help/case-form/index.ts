import { SUBSCRIBE_TEMPLATES } from '../../../config';
import type { HelpFormOptions } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { needsAuthorization } from '../../../services/privacy';
import { cachedProfile, loadProfile } from '../../../services/session';
import { normalizeMobile } from '../../../shared/contact';
import { CASE_TEXT, URGENCIES, type ProblemType, type Urgency } from '../../../shared/helpdesk';
import { counterText } from '../../../shared/text';
import { randomId } from '../../../utils/cable';
import { uploadPending } from '../../../utils/cable-wx';
import { DRAFT_TEXT, filesStillThere, openDraft, type Draft } from '../../../utils/draft';
import { fill } from '../../../utils/format';
import { goToFirstError, serverFieldErrors } from '../../../utils/form';
import {
  caseFileExtension,
  emptyCaseForm,
  HELP_PAGES,
  prefillFromQuery,
  validateCaseForm,
  type CaseFieldErrors,
  type CaseFieldName,
  type CaseFormFields,
} from '../../../utils/help';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { requestSubscription } from '../../../utils/subscribe';

const TEXT = {
  title: '我要问诊',
  intro: '描述遇到的质量问题，系统按产品类别和问题类型找对口专业的技术专家，专家接单后在本页与你沟通。免费。',
  sla: '专家首次答复不超过 2 个工作日（法定节假日顺延），超时会由平台督办。',
  loading: '正在加载问诊表',
  failed: '问诊表加载失败',
  blockedTitle: '暂时不能发起问诊',
  bindLink: '去绑定或验证企业',
  myCasesLink: '查看我的问诊',
  offerNote: '根据你的企业的抽检不合格记录预先填写了产品类别、问题类型和不合格项目，可修改。',
  category: '产品类别',
  problemType: '问题类型',
  caseTitle: '标题',
  titlePlaceholder: '一句话说明问题，如：插座温升不合格',
  failedItems: '不合格项目',
  failedItemsPlaceholder: '选填，抽检报告上的不合格项目',
  description: '问题描述',
  descriptionPlaceholder: '产品型号、发现问题的经过、已做过的检测或整改、希望专家帮助解决什么',
  files: '照片或 PDF 附件（选填）',
  filesHint: '最多 {n} 个，如检验报告、产品标签、不合格部位照片。',
  addPhoto: '添加照片',
  addPdf: '添加 PDF',
  pdfName: 'PDF 文件',
  previewFile: '查看第 {n} 个附件',
  deleteFile: '删除第 {n} 个附件',
  urgency: '紧急程度',
  city: '希望专家所在城市',
  contact: '联系人',
  contactNote: '专家接单后才能看到完整的姓名和手机号，用于联系你了解情况。',
  contactName: '姓名',
  contactNamePlaceholder: '联系人姓名',
  contactPhone: '手机号',
  contactPhonePlaceholder: '11 位手机号',
  anyCity: '不限',
  choose: '请选择',
  pickerValue: '{label}：{value}',
  submit: '提交问诊',
  submitting: '正在提交…',
  uploading: '正在上传附件（{done}/{total}）…',
  uploadFailed: '附件上传失败，请检查网络后重试',
  fixErrors: '请检查标红的项目',
  agreeFirst: '请先同意个人信息保护指引',
  submitted: '已提交',
  submittedBefore: '该问诊已提交过',
  pdfOnly: '请选择 PDF 文件',
  filesLost: '{n} 个附件已失效（关闭小程序后临时文件会被清理），请重新添加',
  draftRestored: DRAFT_TEXT.restored,
  draftClear: DRAFT_TEXT.clear,
  draftCleared: DRAFT_TEXT.cleared,
};

/** The form's fields in their order on the page (anchors `field-<name>`), and those one types into. */
const FIELD_ORDER: readonly CaseFieldName[] = [
  'productCategory',
  'problemType',
  'title',
  'failedItems',
  'description',
  'files',
  'urgency',
  'preferredCity',
  'contactName',
  'contactPhone',
];
const TYPABLE: readonly string[] = ['title', 'failedItems', 'description', 'contactName', 'contactPhone'];

/** The server's refused paths as the form's fields (files.3 → files, contact.phone → contactPhone). */
function fieldOfPath(path: string): CaseFieldName | undefined {
  if (path === 'contact.name') return 'contactName';
  if (path === 'contact.phone') return 'contactPhone';
  const head = path.split('.')[0];
  return (FIELD_ORDER as readonly string[]).includes(head) ? (head as CaseFieldName) : undefined;
}

interface FileItem {
  /** Local temp path. */
  path: string;
  /** Set once uploaded: a retry does not upload it again. */
  fileID: string;
  kind: 'image' | 'pdf';
  /** What a PDF shows instead of a thumbnail. */
  name: string;
  previewLabel: string;
  deleteLabel: string;
}

type StoredFileItem = Pick<FileItem, 'path' | 'fileID' | 'kind' | 'name'>;

function labelFiles(files: StoredFileItem[]): FileItem[] {
  return files.map((f, i) => ({
    ...f,
    previewLabel: fill(TEXT.previewFile, { n: i + 1 }),
    deleteLabel: fill(TEXT.deleteFile, { n: i + 1 }),
  }));
}

/** What the draft keeps: the form, the attachments (re-checked on restore) and the request id. */
interface CaseDraft {
  form: CaseFormFields;
  files: StoredFileItem[];
  clientRequestId: string;
}

const drafts = new WeakMap<object, Draft<CaseDraft>>();

/** The pickers' indexes and what a screen reader says for them. */
function pickerState(form: CaseFormFields, options: HelpFormOptions) {
  const aria = (label: string, value: string) => fill(TEXT.pickerValue, { label, value: value || TEXT.choose });
  return {
    categoryIndex: form.productCategory ? options.productCategories.indexOf(form.productCategory) : -1,
    // Index 0 of the city picker is 不限.
    cityIndex: form.preferredCity ? options.cities.indexOf(form.preferredCity) + 1 : 0,
    categoryAria: aria(TEXT.category, form.productCategory),
    cityAria: aria(TEXT.city, form.preferredCity || TEXT.anyCity),
  };
}

/**
 * 我要问诊: the case form (helpdesk.openCase). A link may prefill it (a failed-sampling offer from the
 * 帮扶 tab, a check-up's weakest dimension): productCategory, problemType, title, failedItems, offerId.
 * Fields are checked as they are typed on the rules the server checks with; attachments upload on submit
 * into the caller's own folder (formOptions.uploadFolder); one clientRequestId per opened form makes a
 * double tap or a retry one case; what is typed is kept as a draft until the case is sent. Only a verified
 * enterprise may open cases: formOptions.blockedReason says why not, with the way out.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    options: null as HelpFormOptions | null,
    problemTypes: [] as { code: ProblemType; label: string }[],
    urgencies: [] as { code: Urgency; label: string }[],
    cityLabels: [] as string[],
    form: emptyCaseForm(),
    prefill: {} as Partial<CaseFormFields>,
    files: [] as FileItem[],
    maxFiles: 9,
    filesHint: '',
    touched: {} as Partial<Record<CaseFieldName, boolean>>,
    submitAttempted: false,
    errors: {} as CaseFieldErrors,
    picker: null as ReturnType<typeof pickerState> | null,
    titleCount: '',
    descriptionCount: '',
    failedItemsCount: '',
    showFailedItems: false,
    blockedReason: '',
    /** The blocked reason's way out: bind or verify the enterprise, or see the open cases. */
    blockedAction: '' as '' | 'enterprise' | 'myCases',
    privacyNeeded: false,
    clientRequestId: '',
    submitting: false,
    progress: '',
    focusField: '',
    draftRestored: false,
    filesLost: '',
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ clientRequestId: randomId('h'), prefill: prefillFromQuery(query) });
    this.load();
  },
  /** Back from binding or verifying the enterprise: the reason may be gone. */
  onShow() {
    if (!this.data.options || !this.data.blockedReason) return;
    call('helpdesk', 'formOptions', {})
      .then((options) => this.applyOptions(options))
      .catch(() => undefined);
  },
  onHide() {
    drafts.get(this)?.flush();
  },
  onUnload() {
    drafts.get(this)?.flush();
  },
  /**
   * The options and, when the caller is blocked, the way out: a verified enterprise is blocked only by
   * its open cases (see them); anyone else binds or verifies the enterprise first.
   */
  applyOptions(options: HelpFormOptions) {
    const reason = options.blockedReason ?? '';
    const verified = cachedProfile()?.enterprise?.verification === 'verified';
    this.setData({
      options,
      blockedReason: reason,
      blockedAction: !reason ? '' : verified ? 'myCases' : 'enterprise',
    });
  },
  async load() {
    const loaded = await this.runLoad(() =>
      Promise.all([
        call('helpdesk', 'formOptions', {}),
        needsAuthorization(),
        // The draft's owner (without it nothing is kept) and the binding the blocked reason's way out needs.
        loadProfile().catch(() => null),
      ]),
    );
    if (!loaded) return;
    const [options, privacyNeeded, profile] = loaded;
    this.applyOptions(options);
    this.setData({
      problemTypes: options.problemTypes,
      urgencies: options.urgencies.map((u) => ({ code: u.code, label: u.label || URGENCIES[u.code] })),
      cityLabels: [TEXT.anyCity, ...options.cities],
      maxFiles: options.maxFiles,
      filesHint: fill(TEXT.filesHint, { n: options.maxFiles }),
      privacyNeeded,
    });
    const prefill = this.data.prefill;
    this.update({ ...prefill }, []);
    if (!drafts.has(this)) {
      // A form opened for an offer keeps its own draft; one opened with another prefill starts from the link.
      const draft = openDraft<CaseDraft>('help-case', profile?.openid ?? '', { scope: prefill.offerId ?? '' });
      drafts.set(this, draft);
      if (prefill.offerId || Object.keys(prefill).length === 0) await this.restoreDraft(draft);
    }
  },
  async restoreDraft(draft: Draft<CaseDraft>) {
    const saved = draft.load();
    if (!saved || !saved.form) return;
    const files = Array.isArray(saved.files) ? saved.files : [];
    // Images are checked again; a PDF comes back only if it was uploaded already.
    const alive = new Set(await filesStillThere(files.filter((f) => f.kind === 'image').map((f) => f.path)));
    const kept = files.filter((f) => (f.kind === 'image' ? alive.has(f.path) : !!f.fileID));
    const lost = files.length - kept.length;
    this.setData({
      files: labelFiles(kept),
      clientRequestId: saved.clientRequestId || this.data.clientRequestId,
      draftRestored: true,
      filesLost: lost ? fill(TEXT.filesLost, { n: lost }) : '',
    });
    this.update({ ...emptyCaseForm(), ...saved.form }, []);
  },
  saveDraft() {
    drafts.get(this)?.save({
      form: this.data.form,
      files: this.data.files.map(({ path, fileID, kind, name }) => ({ path, fileID, kind, name })),
      clientRequestId: this.data.clientRequestId,
    });
  },
  onClearDraft() {
    drafts.get(this)?.clear();
    this.setData({
      draftRestored: false,
      filesLost: '',
      files: [],
      touched: {},
      submitAttempted: false,
      clientRequestId: randomId('h'),
    });
    this.update({ ...emptyCaseForm(), ...this.data.prefill }, []);
    wx.showToast({ title: TEXT.draftCleared, icon: 'none' });
  },

  /** Applies a change, marks the changed fields as touched and recomputes the messages and counters. */
  update(patch: Partial<CaseFormFields>, touchedFields: CaseFieldName[] = Object.keys(patch) as CaseFieldName[]) {
    const options = this.data.options;
    if (!options) return;
    const form = { ...this.data.form, ...patch };
    const touched = { ...this.data.touched };
    for (const field of touchedFields) touched[field] = true;
    const all = validateCaseForm(form);
    if (this.data.files.length > this.data.maxFiles) all.files = fill('附件最多 {n} 个', { n: this.data.maxFiles });
    const errors: CaseFieldErrors = {};
    for (const [field, message] of Object.entries(all) as [CaseFieldName, string][]) {
      if (this.data.submitAttempted || touched[field]) errors[field] = message;
    }
    this.setData({
      form,
      touched,
      errors,
      picker: pickerState(form, options),
      titleCount: counterText(form.title, CASE_TEXT.title.max),
      descriptionCount: counterText(form.description, CASE_TEXT.description.max),
      failedItemsCount: counterText(form.failedItems, CASE_TEXT.failedItems.max),
      showFailedItems: form.problemType === 'failed_sampling' || !!form.failedItems,
    });
    if (touchedFields.length) this.saveDraft();
  },
  onInput(e: WechatMiniprogram.Input) {
    const field = e.currentTarget.dataset.field as
      'title' | 'description' | 'failedItems' | 'contactName' | 'contactPhone';
    this.update({ [field]: e.detail.value } as Partial<CaseFormFields>);
  },
  onCategory(e: WechatMiniprogram.PickerChange) {
    const category = this.data.options?.productCategories[Number(e.detail.value)];
    if (category) this.update({ productCategory: category });
  },
  onProblemType(e: WechatMiniprogram.BaseEvent) {
    this.update({ problemType: e.currentTarget.dataset.code as ProblemType });
  },
  onUrgency(e: WechatMiniprogram.BaseEvent) {
    this.update({ urgency: e.currentTarget.dataset.code as Urgency });
  },
  onCity(e: WechatMiniprogram.PickerChange) {
    const index = Number(e.detail.value);
    this.update({ preferredCity: index === 0 ? '' : (this.data.options?.cities[index - 1] ?? '') });
  },
  onOpenEnterprise() {
    openPage(PAGES.enterprise);
  },
  onOpenMyCases() {
    openPage(HELP_PAGES.myCases);
  },
  onAgreePrivacy() {
    this.setData({ privacyNeeded: false });
  },

  addFiles(added: StoredFileItem[]) {
    const room = this.data.maxFiles - this.data.files.length;
    this.setData({ files: labelFiles([...this.data.files, ...added.slice(0, room)]), filesLost: '' });
    this.update({}, ['files']);
  },
  onAddPhotos() {
    if (this.data.privacyNeeded) {
      wx.showToast({ title: TEXT.agreeFirst, icon: 'none' });
      return;
    }
    const room = this.data.maxFiles - this.data.files.length;
    if (room <= 0) return;
    wx.chooseMedia({
      count: room,
      mediaType: ['image'],
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
      success: (res) =>
        this.addFiles(res.tempFiles.map((f) => ({ path: f.tempFilePath, fileID: '', kind: 'image', name: '' }))),
    });
  },
  /** PDFs come from a chat (WeChat's way to pick documents on a phone). */
  onAddPdf() {
    if (this.data.privacyNeeded) {
      wx.showToast({ title: TEXT.agreeFirst, icon: 'none' });
      return;
    }
    const room = this.data.maxFiles - this.data.files.length;
    if (room <= 0) return;
    wx.chooseMessageFile({
      count: room,
      type: 'file',
      extension: ['pdf'],
      success: (res) => {
        const pdfs = res.tempFiles.filter((f) => caseFileExtension(f.name || f.path, 'jpg') === 'pdf');
        if (pdfs.length < res.tempFiles.length) wx.showToast({ title: TEXT.pdfOnly, icon: 'none' });
        this.addFiles(pdfs.map((f) => ({ path: f.path, fileID: '', kind: 'pdf', name: f.name || TEXT.pdfName })));
      },
    });
  },
  onPreviewFile(e: WechatMiniprogram.BaseEvent) {
    const file = this.data.files[Number(e.currentTarget.dataset.index)];
    if (!file) return;
    if (file.kind === 'pdf') {
      wx.openDocument({ filePath: file.path, fileType: 'pdf', fail: () => undefined });
      return;
    }
    const urls = this.data.files.filter((f) => f.kind === 'image').map((f) => f.path);
    wx.previewImage({ urls, current: file.path });
  },
  onDeleteFile(e: WechatMiniprogram.BaseEvent) {
    const index = Number(e.currentTarget.dataset.index);
    this.setData({ files: labelFiles(this.data.files.filter((_, i) => i !== index)) });
    this.update({}, ['files']);
  },

  /** Uploads what is not uploaded yet, one at a time with progress, into the caller's own folder. */
  async uploadFiles(): Promise<string[]> {
    return uploadPending(this.data.files, this.data.options?.uploadFolder, {
      extensionOf: (file) => (file.kind === 'pdf' ? 'pdf' : caseFileExtension(file.path)),
      failedMessage: TEXT.uploadFailed,
      onProgress: (done, total) => this.setData({ progress: fill(TEXT.uploading, { done, total }) }),
      onUploaded: (files) => {
        this.setData({ files });
        this.saveDraft();
      },
    });
  },

  async onSubmit() {
    const options = this.data.options;
    if (!options || this.data.submitting) return;
    if (this.data.blockedReason) {
      wx.showToast({ title: this.data.blockedReason, icon: 'none', duration: 3000 });
      wx.pageScrollTo({ selector: '#blocked', duration: 300 });
      return;
    }
    const errors = validateCaseForm(this.data.form);
    if (Object.keys(errors).length > 0) {
      this.setData({ submitAttempted: true });
      this.update({}, []);
      wx.showToast({ title: TEXT.fixErrors, icon: 'none' });
      goToFirstError(this, FIELD_ORDER, errors, TYPABLE);
      return;
    }
    if (this.data.privacyNeeded && this.data.files.length) {
      wx.showToast({ title: TEXT.agreeFirst, icon: 'none' });
      return;
    }
    this.setData({ submitting: true });
    try {
      // Asked inside the tap, before anything awaits: WeChat shows the prompt only then.
      await requestSubscription([SUBSCRIBE_TEMPLATES.helpdeskCase]);
      const files = await this.uploadFiles();
      this.setData({ progress: TEXT.submitting });
      const form = this.data.form;
      const { created, case: opened } = await call('helpdesk', 'openCase', {
        productCategory: form.productCategory as Exclude<CaseFormFields['productCategory'], ''>,
        problemType: form.problemType as ProblemType,
        title: form.title.trim(),
        description: form.description.trim(),
        failedItems: form.failedItems.trim(),
        ...(form.offerId ? { offerId: form.offerId } : {}),
        files,
        urgency: form.urgency,
        ...(form.preferredCity ? { preferredCity: form.preferredCity } : {}),
        // The 11 digits, however the number was typed (shared/contact normalizeMobile).
        contact: { name: form.contactName.trim(), phone: normalizeMobile(form.contactPhone) },
        clientRequestId: this.data.clientRequestId,
      });
      drafts.get(this)?.clear();
      wx.showToast({ title: created ? TEXT.submitted : TEXT.submittedBefore, icon: created ? 'success' : 'none' });
      wx.redirectTo({ url: withQuery(HELP_PAGES.case, { caseId: opened.caseId }) });
    } catch (error) {
      if (error instanceof ApiError && ['ENTERPRISE_NOT_BOUND', 'ENTERPRISE_NOT_VERIFIED'].includes(error.code)) {
        this.setData({ blockedReason: error.message, blockedAction: 'enterprise' });
      }
      if (error instanceof ApiError && error.code === 'TOO_MANY_OPEN_CASES') {
        this.setData({ blockedReason: error.message, blockedAction: 'myCases' });
      }
      // A refused attachment (gone from storage, say) is uploaded afresh on the next try.
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED' && this.data.files.length) {
        this.setData({ files: labelFiles(this.data.files.map((f) => ({ ...f, fileID: '' }))) });
      }
      toastError(error);
      const refused = serverFieldErrors(error, fieldOfPath);
      if (Object.keys(refused).length) {
        this.setData({ errors: { ...this.data.errors, ...refused } });
        goToFirstError(this, FIELD_ORDER, refused, TYPABLE);
      } else if (this.data.blockedReason) {
        wx.pageScrollTo({ selector: '#blocked', duration: 300 });
      }
    } finally {
      this.setData({ submitting: false, progress: '' });
    }
  },
});
