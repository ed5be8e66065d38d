import { SUBSCRIBE_TEMPLATES } from '../../../config';
import { requestSubscription } from '../../../utils/subscribe';
import type { CableFormOptions, HospitalView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { needsAuthorization } from '../../../services/privacy';
import { loadProfile, patchProfile } from '../../../services/session';
import { DRAFT_TEXT, filesStillThere, openDraft, type Draft } from '../../../utils/draft';
import { CABLE_PAGES, randomId } from '../../../utils/cable';
import { uploadPending } from '../../../utils/cable-wx';
import {
  buildSubmitInput,
  coresFor,
  emptyForm,
  fitToType,
  todayDate,
  validateForm,
  type CableFormFields,
  type FieldErrors,
  type FieldName,
} from '../../../utils/cable-form';
import { PAGES, decodeParam, openPage, withQuery } from '../../../utils/nav';
import { EARLIEST_PURCHASE_DATE, PHONE_REQUIRED_MESSAGE, UNKNOWN_TEXT } from '../../../shared/cable-request';
import { checkUscc } from '../../../shared/uscc';
import { fill } from '../../../utils/format';
import { goToField, goToFirstError, serverFieldErrors } from '../../../utils/form';

const TEXT = {
  title: '申请电线电缆快速筛查',
  intro: '免费、不受名额限制。填写电线电缆的基本信息并提交，产品医院受理后会联系你送样或上门取样。',
  loading: '正在加载申请表',
  failed: '申请表加载失败',
  requester: '申请人',
  requesterType: '申请人类型',
  organization: '单位名称',
  organizationPlaceholder: '选填，企业或施工单位名称',
  contact: '联系人',
  name: '姓名',
  namePlaceholder: '联系人姓名',
  phone: '手机号',
  phonePlaceholder: '11 位手机号，用于联系送样',
  city: '所在城市',
  choose: '请选择',
  /** A picker row as a screen reader says it: the field and its value. */
  pickerValue: '{label}：{value}',
  privacyGateTitle: '填写手机号、上传照片前，请先同意个人信息保护指引',
  privacyGateBody: '手机号仅用于产品医院联系你办理筛查，照片仅用于筛查判断；页面上手机号以掩码显示。',
  privacyGateLink: '查看个人信息保护指引',
  privacyAgree: '同意并继续',
  cable: '电线电缆信息',
  type: '型号',
  crossSection: '标称截面',
  cores: '芯数',
  chooseTypeFirst: '请先选择型号',
  brand: '品牌',
  brandPlaceholder: '无品牌可填“无”',
  manufacturer: '生产厂家',
  manufacturerPlaceholder: '见线盘标签或合格证上的厂名',
  uscc: '信用代码',
  usccPlaceholder: '选填，18 位统一社会信用代码',
  usccHint: '生产厂家的统一社会信用代码，选填。填写后可同时查看该厂家是否在红榜上',
  usccOk: '代码校验通过',
  usccRemaining: '还需输入 {n} 位（不清楚可不填）',
  channel: '购买渠道',
  channelDetail: '渠道说明',
  channelDetailPlaceholder: '选填，如店铺名称、网店名称',
  purchaseDate: '购买日期',
  length: '长度',
  lengthPlaceholder: '购买或敷设的长度',
  metres: '米',
  withUnit: '{label}（{unit}）',
  concerns: '疑似问题（可多选）',
  description: '问题描述',
  descriptionPlaceholder: '选填，如发现的现象、使用场所',
  descriptionHint: '{label}：{hint}',
  photos: '照片（选填）',
  photosHint: '最多 {n} 张。先拍线盘标签和合格证（型号、规格、厂家都在上面，下面照着填），再拍电线截面、外皮印字等',
  addPhoto: '添加照片',
  deletePhoto: '删除第 {n} 张照片',
  previewPhoto: '查看第 {n} 张照片',
  hospital: '筛查机构',
  preferredHospital: '产品医院',
  noPreference: '不指定，由产品医院受理',
  specialist: '（电线电缆专业）',
  delivery: '送样方式',
  dropOffAt: '送样地点：',
  dropOffPhone: '联系电话：',
  dropOffAny: '受理的产品医院会告诉你送样地点',
  pickupAddress: '取样地址',
  pickupPlaceholder: '上门取样的详细地址',
  privacyLine: '提交即表示你同意按照',
  privacyLink: '《个人信息保护指引》',
  privacyLineEnd: '使用你填写的联系人信息和照片。',
  submit: '提交申请',
  submitting: '正在提交…',
  uploading: '正在上传照片（{done}/{total}）…',
  uploadFailed: '照片上传失败，请检查网络后重试',
  fixErrors: '请检查标红的项目',
  agreeFirst: '请先同意个人信息保护指引',
  submitted: '已提交',
  submittedBefore: '该申请已提交过',
  tooManyTitle: '处理中的申请已达上限',
  myRequests: '查看我的筛查申请',
  unknown: UNKNOWN_TEXT,
  /** The 不清楚 switch as a screen reader says it. */
  unknownAria: '{label}：不清楚',
  // What the phone page (pages/user/phone) promises, said where the requester needs it.
  verifyTitle: '提交前请先验证手机号',
  verifyBody:
    '提交快速筛查申请需要验证本人微信绑定的手机号。手机号由微信授权提供，用于办理筛查业务时联系你；你的账户只保存手机号的加密摘要和掩码，页面上只显示掩码。验证后返回本页，已填写的内容会保留。',
  verifyLink: '去验证手机号',
  verifiedAs: '已验证手机号 {phone}',
  fillVerified: '填入本人手机号',
  fillDenied: '未授权，请手动填写手机号',
  fillUnavailable: '暂时无法获取手机号，请手动填写',
  draftRestored: DRAFT_TEXT.restored,
  draftClear: DRAFT_TEXT.clear,
  draftCleared: DRAFT_TEXT.cleared,
  photosLost: '{n} 张照片已失效（关闭小程序后临时文件会被清理），请重新添加',
};

/** What the draft keeps: the form, the photos (re-checked on restore) and the request id (a retry stays one request). */
interface CableDraft {
  form: CableFormFields;
  photos: { path: string; fileID: string }[];
  clientRequestId: string;
}

/** The form's fields in their order on the page (anchors `field-<name>`, utils/form), and those one types into. */
const FIELD_ORDER: readonly FieldName[] = [
  'photos',
  'organization',
  'name',
  'phone',
  'city',
  'type',
  'crossSection',
  'cores',
  'brand',
  'manufacturer',
  'uscc',
  'purchaseChannel',
  'purchaseChannelDetail',
  'purchaseDate',
  'length',
  'concerns',
  'description',
  'pickupAddress',
];
const TYPABLE_FIELDS: readonly string[] = [
  'organization',
  'name',
  'phone',
  'brand',
  'manufacturer',
  'uscc',
  'purchaseChannelDetail',
  'length',
  'description',
  'pickupAddress',
];

/** The submit input's paths (the server's details.fields) as the form's fields: contact.phone → phone. */
function fieldOfPath(path: string): FieldName | undefined {
  const [head, key] = path.split('.');
  const field = head === 'contact' || head === 'cable' ? key : head;
  if (field === 'manufacturerUscc') return 'uscc';
  return (FIELD_ORDER as readonly string[]).includes(field) ? (field as FieldName) : undefined;
}

interface PhotoItem {
  /** Local temp path (what is shown). */
  path: string;
  /** Set once uploaded; a retry does not upload it again. */
  fileID: string;
  /** Screen-reader labels of the thumbnail and its delete button (they name the photo's place). */
  previewLabel: string;
  deleteLabel: string;
}

/** Photos with the labels of their current places (deleting one renumbers the rest). */
function labelPhotos(photos: Pick<PhotoItem, 'path' | 'fileID'>[]): PhotoItem[] {
  return photos.map((p, i) => ({
    ...p,
    previewLabel: fill(TEXT.previewPhoto, { n: i + 1 }),
    deleteLabel: fill(TEXT.deletePhoto, { n: i + 1 }),
  }));
}

interface HospitalChoice {
  hospitalId: string;
  label: string;
  address: string;
  phone: string;
}

type Options = CableFormOptions;
type HintKind = 'info' | 'error' | 'ok';

/** What the pickers show for the current form (indexes into their ranges, labels). */
function pickerState(form: CableFormFields, options: Options, hospitals: HospitalChoice[]) {
  const typeOption = options.cableTypes.find((t) => t.code === form.type);
  const crossSections = typeOption?.crossSections ?? [];
  const cores = coresFor(typeOption);
  const channel = options.purchaseChannels.find((c) => c.code === form.purchaseChannel);
  const hospitalIndex = hospitals.findIndex((h) => h.hospitalId === form.preferredHospitalId);
  const typeText = typeOption ? `${typeOption.code} · ${typeOption.label}` : '';
  const crossSectionText = form.crossSection === null ? '' : `${form.crossSection} mm²`;
  const coresText = form.cores === null ? '' : `${form.cores} 芯`;
  const channelText = channel?.label ?? '';
  const aria = (label: string, value: string) => fill(TEXT.pickerValue, { label, value: value || TEXT.choose });
  return {
    cityIndex: options.cities.indexOf(form.city),
    typeIndex: options.cableTypes.findIndex((t) => t.code === form.type),
    typeText,
    crossSectionLabels: crossSections.map((s) => `${s} mm²`),
    crossSectionIndex: form.crossSection === null ? -1 : crossSections.indexOf(form.crossSection),
    coresLabels: cores.map((n) => `${n} 芯`),
    coresIndex: form.cores === null ? -1 : cores.indexOf(form.cores),
    crossSectionText,
    coresText,
    channelIndex: options.purchaseChannels.findIndex((c) => c.code === form.purchaseChannel),
    channelText,
    // Index 0 of the hospital picker is "no preference".
    hospitalIndex: hospitalIndex + 1,
    hospital: hospitalIndex >= 0 ? hospitals[hospitalIndex] : null,
    // The picker rows as a screen reader says them.
    cityAria: aria(TEXT.city, form.city),
    typeAria: aria(TEXT.type, typeText),
    crossSectionAria: aria(TEXT.crossSection, crossSectionText),
    coresAria: aria(TEXT.cores, coresText),
    channelAria: aria(TEXT.channel, channelText),
    purchaseDateAria: aria(TEXT.purchaseDate, form.purchaseDateUnknown ? TEXT.unknown : form.purchaseDate),
    manufacturerUnknownAria: fill(TEXT.unknownAria, { label: TEXT.manufacturer }),
    purchaseDateUnknownAria: fill(TEXT.unknownAria, { label: TEXT.purchaseDate }),
    lengthUnknownAria: fill(TEXT.unknownAria, { label: TEXT.length }),
    hospitalAria: aria(TEXT.preferredHospital, hospitalIndex >= 0 ? hospitals[hospitalIndex].label : TEXT.noPreference),
  };
}

function usccHint(uscc: string, submitAttempted: boolean): { usccHint: string; usccHintKind: HintKind } {
  const result = checkUscc(uscc);
  switch (result.status) {
    case 'empty':
      return { usccHint: TEXT.usccHint, usccHintKind: 'info' };
    case 'partial':
      return {
        usccHint: fill(TEXT.usccRemaining, { n: result.remaining }),
        usccHintKind: submitAttempted ? 'error' : 'info',
      };
    case 'invalid':
      return { usccHint: result.reason, usccHintKind: 'error' };
    case 'valid':
      return { usccHint: TEXT.usccOk, usccHintKind: 'ok' };
  }
}

/** Each open form's draft (not page data: it is no view state). */
const drafts = new WeakMap<object, Draft<CableDraft>>();
const prefills = new WeakMap<object, { manufacturer: string; brand: string }>();

/**
 * 申请电线电缆快速筛查. Fields are checked as they are typed (utils/cable-form, with the rules the server's
 * schema is built from); one clientRequestId per opened form makes a double tap or a retry return the same request.
 * Photos upload on submit into the user's own folder (formOptions.photoFolder) and keep their fileIDs,
 * so a failed submit keeps everything and a retry uploads only what is missing. What is typed is kept
 * as a draft on the device (utils/draft) until the request is sent, so closing the app loses nothing.
 * Only a user with a verified phone may submit (the server's rule): the form says so and links the
 * phone page; a verified user can fill the contact phone with it.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    options: null as Options | null,
    hospitals: [] as HospitalChoice[],
    hospitalLabels: [] as string[],
    typeLabels: [] as string[],
    channelLabels: [] as string[],
    form: emptyForm(),
    photos: [] as PhotoItem[],
    maxPhotos: 9,
    photosHint: '',
    lengthLabel: fill(TEXT.withUnit, { label: TEXT.length, unit: TEXT.metres }),
    descriptionPlaceholder: fill(TEXT.descriptionHint, { label: TEXT.description, hint: TEXT.descriptionPlaceholder }),
    touched: {} as Partial<Record<FieldName, boolean>>,
    submitAttempted: false,
    /** The messages on screen: those of touched fields (all of them after a submit attempt). */
    errors: {} as FieldErrors,
    usccHint: TEXT.usccHint,
    usccHintKind: 'info' as HintKind,
    picker: null as ReturnType<typeof pickerState> | null,
    concernChecked: {} as Record<string, boolean>,
    today: todayDate(),
    earliestDate: EARLIEST_PURCHASE_DATE,
    privacyNeeded: false,
    clientRequestId: '',
    submitting: false,
    progress: '',
    tooMany: '',
    /** The text box to focus after a failed submit (utils/form goToFirstError). */
    focusField: '',
    /** The verified phone (cable.submit requires one); profileLoaded: known either way. */
    profileLoaded: false,
    phoneVerified: false,
    verifiedAs: '',
    verifyError: '',
    filling: false,
    /** A draft from an earlier visit was put back (the note with 清空 shows). */
    draftRestored: false,
    photosLost: '',
  },
  onLoad(query: Record<string, string | undefined> = {}) {
    // Once per opened form: every submit of this form (double tap, retry) names the same request.
    this.setData({ clientRequestId: randomId('c') });
    // From a credit-code scan: the maker and brand printed on the product fill those fields.
    prefills.set(this, {
      manufacturer: decodeParam(query.manufacturer).slice(0, 100),
      brand: decodeParam(query.brand).slice(0, 40),
    });
    this.load();
  },
  /** Back from the phone page: the verification may have changed. */
  onShow() {
    if (!this.data.profileLoaded) return;
    loadProfile({ refresh: true })
      .then((profile) => this.applyProfile(profile))
      .catch(() => undefined);
  },
  onHide() {
    drafts.get(this)?.flush();
  },
  onUnload() {
    drafts.get(this)?.flush();
  },
  applyProfile(profile: { phoneVerified: boolean; phoneMasked: string | null }) {
    this.setData({
      profileLoaded: true,
      phoneVerified: profile.phoneVerified,
      verifiedAs: profile.phoneVerified ? fill(TEXT.verifiedAs, { phone: profile.phoneMasked ?? '' }) : '',
      verifyError: profile.phoneVerified ? '' : this.data.verifyError,
    });
  },
  /**
   * Puts back what this user typed last time (kept as they typed): photos only if their temporary files
   * still exist, and the same request id, so a submit that reached the server before the app closed
   * is not sent as a second request.
   */
  async restoreDraft(draft: Draft<CableDraft>) {
    const saved = draft.load();
    if (!saved || !saved.form) return;
    const photos = Array.isArray(saved.photos) ? saved.photos : [];
    const alive = new Set(await filesStillThere(photos.map((p) => p.path)));
    const kept = photos.filter((p) => alive.has(p.path));
    const lost = photos.length - kept.length;
    this.setData({
      photos: labelPhotos(kept),
      clientRequestId: saved.clientRequestId || this.data.clientRequestId,
      draftRestored: true,
      photosLost: lost ? fill(TEXT.photosLost, { n: lost }) : '',
    });
    this.update({ ...emptyForm(), ...saved.form }, []);
  },
  /** Keeps the form as it is now (debounced); called after every change. */
  saveDraft() {
    drafts.get(this)?.save({
      form: this.data.form,
      photos: this.data.photos.map((p) => ({ path: p.path, fileID: p.fileID })),
      clientRequestId: this.data.clientRequestId,
    });
  },
  /** 清空: forgets the draft and starts an empty form (a new request). */
  onClearDraft() {
    drafts.get(this)?.clear();
    this.setData({
      draftRestored: false,
      photosLost: '',
      photos: [],
      touched: {},
      submitAttempted: false,
      clientRequestId: randomId('c'),
    });
    this.update(emptyForm(), []);
    wx.showToast({ title: TEXT.draftCleared, icon: 'none' });
  },
  async load() {
    const loaded = await this.runLoad(() =>
      Promise.all([
        call('cable', 'formOptions', {}),
        // Addresses for drop-off: nice to have, the form works without them.
        call('voucher', 'listHospitals', {}).catch((): HospitalView[] => []),
        needsAuthorization(),
        loadProfile(),
      ]),
    );
    if (!loaded) return;
    const [options, details, privacyNeeded, profile] = loaded;
    const byId = new Map(details.map((h) => [h.hospitalId, h]));
    const hospitals: HospitalChoice[] = options.hospitals.map((h) => ({
      hospitalId: h.hospitalId,
      label: `${h.name}${h.cableSpecialist ? TEXT.specialist : ''}`,
      address: byId.get(h.hospitalId)?.address ?? '',
      phone: byId.get(h.hospitalId)?.phone ?? '',
    }));
    this.setData({
      options,
      hospitals,
      hospitalLabels: [TEXT.noPreference, ...hospitals.map((h) => h.label)],
      typeLabels: options.cableTypes.map((t) => `${t.code} · ${t.label}`),
      channelLabels: options.purchaseChannels.map((c) => c.label),
      maxPhotos: options.maxPhotos,
      photosHint: fill(TEXT.photosHint, { n: options.maxPhotos }),
      privacyNeeded,
      today: todayDate(),
    });
    this.applyProfile(profile);
    this.update({}, []);
    // A retry of the load keeps the draft already open (and what is on screen).
    if (!drafts.has(this)) {
      const draft = openDraft<CableDraft>('cable-request', profile.openid);
      drafts.set(this, draft);
      await this.restoreDraft(draft);
      const prefill = prefills.get(this);
      if (prefill?.manufacturer && !this.data.form.manufacturer) {
        this.update({ manufacturer: prefill.manufacturer, brand: this.data.form.brand || prefill.brand }, []);
      }
    }
  },

  /** Applies a change, marks the changed fields as touched and recomputes the messages. */
  update(patch: Partial<CableFormFields>, touchedFields: FieldName[] = Object.keys(patch) as FieldName[]) {
    const options = this.data.options;
    if (!options) return;
    const form = { ...this.data.form, ...patch };
    const touched = { ...this.data.touched };
    for (const field of touchedFields) touched[field] = true;
    const all = validateForm(form, options, this.data.photos.length, this.data.today);
    const errors: FieldErrors = {};
    for (const [field, message] of Object.entries(all) as [FieldName, string][]) {
      if (this.data.submitAttempted || touched[field]) errors[field] = message;
    }
    this.setData({
      form,
      touched,
      errors,
      picker: pickerState(form, options, this.data.hospitals),
      // WXML cannot call indexOf: the chips read a map.
      concernChecked: Object.fromEntries(form.concerns.map((c) => [c, true])),
      ...usccHint(form.uscc, this.data.submitAttempted),
      tooMany: '',
    });
    if (touchedFields.length) this.saveDraft();
  },

  onInput(e: WechatMiniprogram.Input) {
    const field = e.currentTarget.dataset.field as keyof CableFormFields;
    this.update({ [field]: e.detail.value } as Partial<CableFormFields>);
  },
  onRequesterType(e: WechatMiniprogram.BaseEvent) {
    this.update({ requesterType: e.currentTarget.dataset.code });
  },
  onCity(e: WechatMiniprogram.PickerChange) {
    const city = this.data.options?.cities[Number(e.detail.value)];
    if (city) this.update({ city });
  },
  onType(e: WechatMiniprogram.PickerChange) {
    const option = this.data.options?.cableTypes[Number(e.detail.value)];
    if (!option) return;
    this.update({ type: option.code, ...fitToType(this.data.form, option) }, ['type']);
  },
  onCrossSection(e: WechatMiniprogram.PickerChange) {
    const option = this.data.options?.cableTypes.find((t) => t.code === this.data.form.type);
    const crossSection = option?.crossSections[Number(e.detail.value)];
    if (crossSection !== undefined) this.update({ crossSection });
  },
  onCores(e: WechatMiniprogram.PickerChange) {
    const option = this.data.options?.cableTypes.find((t) => t.code === this.data.form.type);
    const cores = coresFor(option)[Number(e.detail.value)];
    if (cores !== undefined) this.update({ cores });
  },
  onChannel(e: WechatMiniprogram.PickerChange) {
    const channel = this.data.options?.purchaseChannels[Number(e.detail.value)];
    if (channel) this.update({ purchaseChannel: channel.code });
  },
  onPurchaseDate(e: WechatMiniprogram.PickerChange) {
    // Picking a date means it is known after all.
    this.update({ purchaseDate: String(e.detail.value), purchaseDateUnknown: false }, ['purchaseDate']);
  },
  /** The 不清楚 switches of the manufacturer, the purchase date and the length. */
  onUnknown(e: WechatMiniprogram.BaseEvent) {
    const field = e.currentTarget.dataset.field as 'manufacturer' | 'purchaseDate' | 'length';
    const flag = `${field}Unknown` as const;
    this.update({ [flag]: !this.data.form[flag] } as Partial<CableFormFields>, [field]);
  },
  onConcern(e: WechatMiniprogram.BaseEvent) {
    const code = e.currentTarget.dataset.code;
    const current = this.data.form.concerns;
    const concerns = current.includes(code) ? current.filter((c) => c !== code) : [...current, code];
    this.update({ concerns });
  },
  onHospital(e: WechatMiniprogram.PickerChange) {
    const index = Number(e.detail.value);
    this.update({ preferredHospitalId: index === 0 ? '' : (this.data.hospitals[index - 1]?.hospitalId ?? '') });
  },
  onDelivery(e: WechatMiniprogram.BaseEvent) {
    this.update({ sampleDelivery: e.currentTarget.dataset.code });
  },

  onAgreePrivacy() {
    this.setData({ privacyNeeded: false });
  },
  onVerifyPhone() {
    openPage(PAGES.phone);
  },
  /**
   * 填入本人手机号: WeChat hands a cloudID for the user's phone; user.verifyPhone (the phone page's action)
   * checks it, refreshes the verification and hands the number back to its owner, and the field takes it.
   */
  async onFillPhone(e: WechatMiniprogram.CustomEvent<{ cloudID?: string; errMsg?: string }>) {
    const { cloudID, errMsg = '' } = e.detail;
    if (!cloudID) {
      wx.showToast({
        title: /deny|cancel|privacy/i.test(errMsg) ? TEXT.fillDenied : TEXT.fillUnavailable,
        icon: 'none',
      });
      return;
    }
    this.setData({ filling: true });
    try {
      const result = await call('user', 'verifyPhone', { phone: wx.cloud.CloudID(cloudID) });
      patchProfile({ phoneVerified: result.phoneVerified, phoneMasked: result.phoneMasked });
      this.applyProfile(result);
      this.update({ phone: result.phone });
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ filling: false });
    }
  },
  onOpenPrivacy() {
    openPage(PAGES.privacy);
  },

  onAddPhotos() {
    if (this.data.privacyNeeded) {
      wx.showToast({ title: TEXT.agreeFirst, icon: 'none' });
      return;
    }
    const room = this.data.maxPhotos - this.data.photos.length;
    if (room <= 0) return;
    wx.chooseMedia({
      count: room,
      mediaType: ['image'],
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
      success: (res) => {
        const added = res.tempFiles.slice(0, room).map((f) => ({ path: f.tempFilePath, fileID: '' }));
        this.setData({ photos: labelPhotos([...this.data.photos, ...added]), photosLost: '' });
        this.update({}, ['photos']);
      },
      // Cancelling the picker is not an error worth a message.
    });
  },
  onPreviewPhoto(e: WechatMiniprogram.BaseEvent) {
    const urls = this.data.photos.map((p) => p.path);
    wx.previewImage({ urls, current: urls[Number(e.currentTarget.dataset.index)] });
  },
  onDeletePhoto(e: WechatMiniprogram.BaseEvent) {
    const index = Number(e.currentTarget.dataset.index);
    this.setData({ photos: labelPhotos(this.data.photos.filter((_, i) => i !== index)) });
    this.update({}, ['photos']);
  },

  /**
   * Uploads the photos not uploaded yet (one at a time, showing progress) into the user's own photo
   * folder (the only one submit accepts); resolves to all fileIDs.
   */
  async uploadPhotos(): Promise<string[]> {
    return uploadPending(this.data.photos, this.data.options?.photoFolder, {
      extensionOf: () => 'jpg',
      failedMessage: TEXT.uploadFailed,
      onProgress: (done, total) => this.setData({ progress: fill(TEXT.uploading, { done, total }) }),
      onUploaded: (photos) => {
        this.setData({ photos });
        this.saveDraft();
      },
    });
  },

  async onSubmit() {
    const options = this.data.options;
    if (!options || this.data.submitting) return;
    const errors = validateForm(this.data.form, options, this.data.photos.length, this.data.today);
    // The server takes requests only from a verified phone: say so here rather than after the upload.
    const verifyError = this.data.phoneVerified ? '' : PHONE_REQUIRED_MESSAGE;
    if (Object.keys(errors).length > 0 || verifyError) {
      this.setData({ submitAttempted: true, verifyError });
      this.update({}, []);
      wx.showToast({ title: verifyError && !Object.keys(errors).length ? verifyError : TEXT.fixErrors, icon: 'none' });
      if (!goToFirstError(this, FIELD_ORDER, errors, TYPABLE_FIELDS)) goToField(this, 'phone', { focus: false });
      return;
    }
    if (this.data.privacyNeeded) {
      wx.showToast({ title: TEXT.agreeFirst, icon: 'none' });
      return;
    }
    this.setData({ submitting: true, tooMany: '' });
    try {
      // Asked inside the tap, before anything awaits: WeChat shows the prompt only then.
      await requestSubscription([SUBSCRIBE_TEMPLATES.cableScreeningStatus]);
      const fileIDs = await this.uploadPhotos();
      this.setData({ progress: TEXT.submitting });
      const input = buildSubmitInput(this.data.form, fileIDs, this.data.clientRequestId);
      const { created, request } = await call('cable', 'submit', input);
      drafts.get(this)?.clear();
      wx.showToast({ title: created ? TEXT.submitted : TEXT.submittedBefore, icon: created ? 'success' : 'none' });
      wx.redirectTo({ url: withQuery(CABLE_PAGES.request, { requestId: request.requestId }) });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'TOO_MANY_OPEN_REQUESTS')
        this.setData({ tooMany: error.message });
      if (error instanceof ApiError && error.code === 'PHONE_NOT_VERIFIED') {
        this.setData({ phoneVerified: false, verifiedAs: '', verifyError: error.message });
      }
      // A refused photo (gone from storage, say) is uploaded afresh on the next try.
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED' && this.data.photos.length) {
        this.setData({ photos: labelPhotos(this.data.photos.map((p) => ({ path: p.path, fileID: '' }))) });
      }
      toastError(error);
      // The server's refusal beside its fields (shown even if untouched), then the first one in view.
      const refused = serverFieldErrors(error, fieldOfPath);
      if (Object.keys(refused).length) {
        this.setData({ errors: { ...this.data.errors, ...refused } });
        goToFirstError(this, FIELD_ORDER, refused, TYPABLE_FIELDS);
      }
    } finally {
      this.setData({ submitting: false, progress: '' });
    }
  },
  onMyRequests() {
    openPage(CABLE_PAGES.myRequests);
  },
});
