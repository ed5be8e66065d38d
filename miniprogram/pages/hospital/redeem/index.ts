import type { ErrorCode, ServiceType, VoucherView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { loadProfile } from '../../../services/session';
import { fill, formatYuan } from '../../../utils/format';
import { openPage } from '../../../utils/nav';
import { formatChineseDate, formatDateTime } from '../../../utils/time';
import { serviceLabel } from '../../../shared/services';
import { offsetOf, REDEMPTION_NOTE_MAX } from '../../../shared/vouchers';
import { textProblem, upTo } from '../../../shared/text';
import { goToFirstError, serverFieldErrors } from '../../../utils/form';
import { VOUCHER_PAGES, confirmModal, parseFee, voucherStatus } from '../../../utils/voucher';

const TEXT = {
  title: '检测券核销',
  loading: '正在读取工作人员信息',
  notStaff: '需要产品医院工作人员权限。如您是产品医院工作人员，请联系管理员开通。',
  failed: '工作人员信息加载失败',
  hospital: '所属产品医院：',
  scan: '扫码核销',
  scanHint: '请持券人打开“我的检测券”，出示检测券二维码。',
  scanFailed: '扫码失败，请重试或手动输入券码',
  manualTitle: '无法扫码时，手动输入券码',
  manualPlaceholder: '以 YPT1. 开头的券码',
  manualSubmit: '查询',
  manualInvalid: '请输入完整的券码（以 YPT1. 开头）',
  looking: '正在查询检测券…',
  voucherTitle: '检测券信息',
  faceValue: '面值',
  holder: '持券人',
  validUntil: '有效期至',
  services: '可抵扣服务',
  campaign: '所属活动',
  status: '状态',
  redeemedRecord: '已于 {at} 在{hospital}核销（{service}，抵扣 {offset}）',
  formTitle: '本次服务',
  service: '服务项目',
  servicePlaceholder: '请选择服务项目',
  fee: '服务费用（元）',
  feePlaceholder: '本次应收费用',
  note: '备注（选填）',
  notePlaceholder: '如检测报告编号',
  offsetPreview: '本券抵扣 {offset}，持券人另付 {payable}',
  noServices: '该检测券可抵扣的服务本院均未开通，不能在本院核销。',
  needService: '请选择服务项目',
  redeem: '确认核销',
  redeeming: '正在核销…',
  confirmTitle: '确认核销',
  confirmContent:
    '服务项目：{service}\n服务费用：{fee}\n本券面值：{face}\n抵扣金额：{offset}\n持券人另付：{payable}\n\n核销后不可撤销。',
  confirm: '核销',
  cancelVoucher: '重新扫码',
  doneTitle: '核销成功',
  doneBody: '{holder} 的 {face}检测券已核销',
  doneOffset: '抵扣金额',
  doneFee: '服务费用',
  donePayable: '持券人另付',
  doneService: '服务项目',
  doneAt: '核销时间',
  next: '继续核销',
  history: '核销记录与本月结算',
  errorTitles: {
    VOUCHER_INVALID: '券码无效',
    VOUCHER_ALREADY_REDEEMED: '该检测券已核销',
    VOUCHER_EXPIRED: '该检测券已过期',
    VOUCHER_NOT_ISSUED: '该检测券已作废',
    VOUCHER_SELF_REDEEM: '不能核销本人的检测券',
    FORBIDDEN: '没有核销权限',
    WRONG_HOSPITAL: '不能在本院核销',
  } as Partial<Record<ErrorCode, string>>,
  cannotRedeem: '无法核销',
};

/** Refusals that end this voucher's redemption here: the panel explains, the staff member scans again. */
const VOUCHER_REFUSALS: ErrorCode[] = [
  'VOUCHER_INVALID',
  'VOUCHER_ALREADY_REDEEMED',
  'VOUCHER_EXPIRED',
  'VOUCHER_NOT_ISSUED',
  'VOUCHER_SELF_REDEEM',
  'FORBIDDEN',
  'WRONG_HOSPITAL',
];

interface VoucherCard {
  faceValue: number;
  faceValueText: string;
  holderName: string;
  validUntilText: string;
  servicesText: string;
  campaignTitle: string;
  statusLabel: string;
  statusTag: string;
  usable: boolean;
  services: ServiceType[];
  refusal: string;
}

interface ServiceOption {
  code: ServiceType;
  label: string;
}

function cardOf(v: VoucherView, nowMs: number): VoucherCard {
  const status = voucherStatus(v, nowMs);
  let refusal = '';
  if (v.status === 'redeemed' && v.redemption) {
    refusal = fill(TEXT.redeemedRecord, {
      at: formatDateTime(v.redemption.redeemedAt),
      hospital: v.redemption.hospitalName,
      service: serviceLabel(v.redemption.serviceType),
      offset: formatYuan(v.redemption.offset),
    });
  } else if (!status.usable) {
    refusal = status.label === '已过期' ? TEXT.errorTitles.VOUCHER_EXPIRED! : TEXT.errorTitles.VOUCHER_NOT_ISSUED!;
  }
  return {
    faceValue: v.faceValue,
    faceValueText: formatYuan(v.faceValue),
    holderName: v.holderName,
    validUntilText: formatChineseDate(v.validUntil),
    servicesText: v.services.map(serviceLabel).join('、'),
    campaignTitle: v.campaignTitle,
    statusLabel: status.label,
    statusTag: status.tag,
    usable: status.usable,
    services: v.services,
    refusal,
  };
}

const EMPTY_FORM = {
  serviceIndex: -1,
  serviceText: '',
  serviceError: '',
  fee: '',
  feeError: '',
  note: '',
  noteError: '',
  offsetText: '',
  /** The text box to focus after a failed submit (utils/form goToFirstError). */
  focusField: '',
};

/** The redemption form's fields in their order (anchors `field-<name>`, utils/form); service is a picker. */
const FIELD_ORDER = ['service', 'fee', 'note'];
const TYPABLE_FIELDS = ['fee', 'note'];
const NOTE_RULE = upTo('备注', REDEMPTION_NOTE_MAX);

/**
 * Staff redeem a voucher: scan (or type) the holder's code, check the voucher, choose the service
 * and enter the fee, confirm the offset, redeem. Refusals (already redeemed, expired, invalid) are
 * shown as a panel, not only a toast, so they can be read out to the holder.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    hospitalName: '',
    hospitalServices: null as ServiceType[] | null,
    manualPayload: '',
    manualError: '',
    looking: false,
    refusal: null as null | { title: string; message: string },
    payload: '',
    voucher: null as VoucherCard | null,
    serviceOptions: [] as ServiceOption[],
    serviceLabels: [] as string[],
    ...EMPTY_FORM,
    redeeming: false,
    done: null as null | Record<'holder' | 'offset' | 'fee' | 'payable' | 'service' | 'at' | 'title', string>,
  },
  onLoad() {
    this.load();
  },
  async load() {
    const staff = await this.runLoad(
      async () => {
        const profile = await loadProfile();
        if (!profile.roles.includes('staff') || !profile.hospitalId) return null;
        const hospitals = await call('voucher', 'listHospitals', {});
        const hospital = hospitals.find((h) => h.hospitalId === profile.hospitalId) ?? null;
        return {
          name: profile.hospitalName ?? hospital?.name ?? profile.hospitalId,
          services: hospital?.services ?? null,
        };
      },
      (s) => s === null,
    );
    if (staff) this.setData({ hospitalName: staff.name, hospitalServices: staff.services });
  },
  onScan() {
    if (this.data.looking) return;
    wx.scanCode({
      onlyFromCamera: false,
      scanType: ['qrCode'],
      success: (res) => this.lookup(res.result),
      fail: (err) => {
        if (!/cancel/.test(err.errMsg ?? '')) wx.showToast({ title: TEXT.scanFailed, icon: 'none' });
      },
    });
  },
  onManualInput(e: WechatMiniprogram.Input) {
    this.setData({ manualPayload: e.detail.value, manualError: '' });
  },
  onManualSubmit() {
    const payload = this.data.manualPayload.trim();
    if (payload.length < 10) {
      this.setData({ manualError: TEXT.manualInvalid });
      goToFirstError(this, ['manual'], { manual: TEXT.manualInvalid });
      return;
    }
    this.lookup(payload);
  },
  async lookup(payload: string) {
    this.setData({ looking: true, refusal: null, voucher: null, done: null, payload: '', ...EMPTY_FORM });
    try {
      const voucher = await call('hospital', 'lookupVoucher', { payload: payload.trim() });
      const card = cardOf(voucher, Date.now());
      const offered = this.data.hospitalServices;
      const options = card.services
        .filter((s) => !offered || offered.includes(s))
        .map((code) => ({ code, label: serviceLabel(code) }));
      this.setData({
        payload: payload.trim(),
        voucher: card,
        serviceOptions: options,
        serviceLabels: options.map((o) => o.label),
        // One possible service needs no choice.
        serviceIndex: options.length === 1 ? 0 : -1,
        serviceText: options.length === 1 ? options[0].label : '',
        manualPayload: '',
      });
    } catch (error) {
      this.refuse(error);
    } finally {
      this.setData({ looking: false });
    }
  },
  /** Shows a refusal panel for the voucher codes; anything else is toasted. */
  refuse(error: unknown): boolean {
    if (error instanceof ApiError && VOUCHER_REFUSALS.includes(error.code as ErrorCode)) {
      this.setData({
        refusal: { title: TEXT.errorTitles[error.code as ErrorCode] ?? TEXT.cannotRedeem, message: error.message },
        voucher: null,
        payload: '',
      });
      return true;
    }
    toastError(error);
    return false;
  },
  onServiceChange(e: WechatMiniprogram.PickerChange) {
    const serviceIndex = Number(e.detail.value);
    this.setData({ serviceIndex, serviceText: this.data.serviceLabels[serviceIndex] ?? '', serviceError: '' });
  },
  onFeeInput(e: WechatMiniprogram.Input) {
    const fee = e.detail.value;
    const parsed = parseFee(fee);
    const voucher = this.data.voucher;
    let offsetText = '';
    if (parsed.fee !== null && voucher) {
      const { offset, payable } = offsetOf(voucher.faceValue, parsed.fee);
      offsetText = fill(TEXT.offsetPreview, { offset: formatYuan(offset), payable: formatYuan(payable) });
    }
    this.setData({ fee, feeError: fee.trim() ? parsed.error : '', offsetText });
  },
  onNoteInput(e: WechatMiniprogram.Input) {
    const note = e.detail.value;
    this.setData({ note, noteError: textProblem(NOTE_RULE, note) });
  },
  async onRedeem() {
    const { voucher, payload, serviceOptions, serviceIndex } = this.data;
    if (!voucher || !payload || this.data.redeeming) return;
    const service = serviceOptions[serviceIndex];
    const parsed = parseFee(this.data.fee);
    const noteError = textProblem(NOTE_RULE, this.data.note);
    if (!service || parsed.fee === null || noteError) {
      const errors = { service: service ? '' : TEXT.needService, fee: parsed.error ?? '', note: noteError };
      this.setData({ serviceError: errors.service, feeError: errors.fee, noteError });
      wx.showToast({ title: errors.service || errors.fee || noteError, icon: 'none' });
      goToFirstError(this, FIELD_ORDER, errors, TYPABLE_FIELDS);
      return;
    }
    const fee = parsed.fee;
    const { offset, payable } = offsetOf(voucher.faceValue, fee);
    const confirmed = await confirmModal({
      title: TEXT.confirmTitle,
      content: fill(TEXT.confirmContent, {
        service: service.label,
        fee: formatYuan(fee),
        face: voucher.faceValueText,
        offset: formatYuan(offset),
        payable: formatYuan(payable),
      }),
      confirmText: TEXT.confirm,
    });
    if (!confirmed) return;
    this.setData({ redeeming: true });
    try {
      const redeemed = await call('hospital', 'redeemVoucher', {
        payload,
        serviceType: service.code,
        fee,
        note: this.data.note.trim(),
      });
      const record = redeemed.redemption;
      this.setData({
        done: {
          title: fill(TEXT.doneBody, { holder: redeemed.holderName, face: formatYuan(redeemed.faceValue) }),
          holder: redeemed.holderName,
          offset: formatYuan(record?.offset ?? offset),
          fee: formatYuan(record?.fee ?? fee),
          payable: formatYuan(offsetOf(redeemed.faceValue, record?.fee ?? fee).payable),
          service: serviceLabel(record?.serviceType ?? service.code),
          at: record ? formatDateTime(record.redeemedAt) : '',
        },
        voucher: null,
        payload: '',
      });
    } catch (error) {
      // Voucher refusals end this attempt; anything else (e.g. a service this hospital lacks) keeps the input.
      if (!this.refuse(error)) this.showServerErrors(error);
    } finally {
      this.setData({ redeeming: false });
    }
  },
  /** A VALIDATION_FAILED answer: each refused field's message beside it, then the first one in view. */
  showServerErrors(error: unknown) {
    const errors = serverFieldErrors(error, { serviceType: 'service', fee: 'fee', note: 'note' });
    if (!Object.keys(errors).length) return;
    this.setData({
      ...(errors.service ? { serviceError: errors.service } : {}),
      ...(errors.fee ? { feeError: errors.fee } : {}),
      ...(errors.note ? { noteError: errors.note } : {}),
    });
    goToFirstError(this, FIELD_ORDER, errors, TYPABLE_FIELDS);
  },
  onReset() {
    this.setData({ voucher: null, payload: '', refusal: null, done: null, manualError: '', ...EMPTY_FORM });
  },
  onHistory() {
    openPage(VOUCHER_PAGES.redemptions);
  },
});
