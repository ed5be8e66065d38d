import type { HospitalView, VoucherView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { formatYuan } from '../../../utils/format';
import { PAGES, openPage } from '../../../utils/nav';
import { formatChineseDate, formatDateTime } from '../../../utils/time';
import { serviceLabel } from '../../../shared/services';
import { confirmModal, voucherStatus } from '../../../utils/voucher';

const TEXT = {
  loading: '正在加载检测券',
  empty: '检测券不存在',
  failed: '检测券加载失败',
  validUntil: '有效期至 ',
  holder: '持券人',
  show: '请向产品医院工作人员出示此二维码',
  qrAlt: '检测券二维码',
  code: '券码（无法扫码时由工作人员输入）',
  services: '可抵扣的服务',
  hospitals: '可使用的产品医院',
  hospitalsFailed: '产品医院列表暂时无法加载',
  hospitalContacts: '查看产品医院地址和电话',
  rule: '每张检测券限使用一次，抵扣金额不超过面值；费用低于面值时按实际费用抵扣。',
  redemption: '使用记录',
  redeemedHospital: '产品医院',
  redeemedService: '服务项目',
  redeemedFee: '服务费用',
  redeemedOffset: '抵扣金额',
  redeemedAt: '核销时间',
  expired: '检测券已过有效期，不能再使用。',
  void: '检测券已作废（已放弃使用或被取消），不能再使用。',
  decline: '放弃使用',
  declining: '正在处理…',
  declineTitle: '放弃使用检测券',
  declineContent: '放弃后检测券立即作废且不能恢复，名额将按候补顺序递补给其他申领人。确定放弃吗？',
  declineConfirm: '放弃',
  declined: '已放弃',
};

interface Detail {
  voucherId: string;
  campaignTitle: string;
  faceValueText: string;
  statusLabel: string;
  statusTag: string;
  usable: boolean;
  status: VoucherView['status'];
  validUntilText: string;
  holderName: string;
  servicesText: string;
  qrImage: string;
  qrPayload: string;
  redemption: null | { hospital: string; service: string; fee: string; offset: string; at: string };
}

function detailOf(v: VoucherView, nowMs: number): Detail {
  const status = voucherStatus(v, nowMs);
  return {
    voucherId: v.voucherId,
    campaignTitle: v.campaignTitle,
    faceValueText: formatYuan(v.faceValue),
    statusLabel: status.label,
    statusTag: status.tag,
    usable: status.usable && !!v.qrImage,
    status: status.usable ? 'issued' : v.status === 'issued' ? 'expired' : v.status,
    validUntilText: `${TEXT.validUntil}${formatChineseDate(v.validUntil)}`,
    holderName: v.holderName,
    servicesText: v.services.map(serviceLabel).join('、'),
    qrImage: v.qrImage ?? '',
    qrPayload: v.qrPayload ?? '',
    redemption: v.redemption
      ? {
          hospital: v.redemption.hospitalName,
          service: serviceLabel(v.redemption.serviceType),
          fee: formatYuan(v.redemption.fee),
          offset: formatYuan(v.redemption.offset),
          at: formatDateTime(v.redemption.redeemedAt),
        }
      : null,
  };
}

/** Hospitals where the voucher can be used: those offering at least one of its services. */
function hospitalsFor(v: VoucherView, hospitals: HospitalView[]) {
  return hospitals
    .filter((h) => h.services.some((s) => v.services.includes(s)))
    .map((h) => ({ hospitalId: h.hospitalId, name: h.name, city: h.city }));
}

/** One voucher: its QR code while usable, where and for what it can be used, or how it was used. */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    voucherId: '',
    detail: null as Detail | null,
    hospitals: [] as { hospitalId: string; name: string; city: string }[],
    hospitalsFailed: false,
    declining: false,
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ voucherId: query.voucherId ?? '' });
    this.load();
  },
  async load() {
    const voucherId = this.data.voucherId;
    const loaded = await this.runLoad(
      async () => {
        if (!voucherId) return null;
        // The hospital list is secondary: the QR code shows even if it fails.
        const hospitals = call('voucher', 'listHospitals', {}).catch(() => null);
        try {
          const voucher = await call('voucher', 'getVoucher', { voucherId });
          return { voucher, hospitals: await hospitals };
        } catch (error) {
          // Another holder's voucher answers NOT_FOUND, as a missing one does.
          if (error instanceof ApiError && error.code === 'NOT_FOUND') return null;
          throw error;
        }
      },
      (d) => d === null,
    );
    if (!loaded) return;
    this.setData({
      detail: detailOf(loaded.voucher, Date.now()),
      hospitals: loaded.hospitals ? hospitalsFor(loaded.voucher, loaded.hospitals) : [],
      hospitalsFailed: !loaded.hospitals,
    });
  },
  onPreviewQr() {
    const src = this.data.detail?.qrImage;
    if (src) wx.previewImage({ urls: [src], current: src });
  },
  onHospitals() {
    openPage(PAGES.hospitals);
  },
  async onDecline() {
    const detail = this.data.detail;
    if (!detail || this.data.declining) return;
    const confirmed = await confirmModal({
      title: TEXT.declineTitle,
      content: TEXT.declineContent,
      confirmText: TEXT.declineConfirm,
      confirmColor: '#FA5151',
    });
    if (!confirmed) return;
    this.setData({ declining: true });
    try {
      const voucher = await call('voucher', 'declineVoucher', { voucherId: detail.voucherId });
      this.setData({ detail: detailOf(voucher, Date.now()) });
      wx.showToast({ title: TEXT.declined, icon: 'success' });
    } catch (error) {
      toastError(error);
      // The voucher may have changed meanwhile (e.g. redeemed): show its current state.
      this.load();
    } finally {
      this.setData({ declining: false });
    }
  },
});
