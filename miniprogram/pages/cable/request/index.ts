import type { CableRequestView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { requestHeader, timeline, type TimelineStep } from '../../../utils/cable';
import {
  confirmModal,
  filesFreshUntil,
  openStoredFile,
  previewPhotos,
  requestDetailLifecycle,
  viewWithFreshFiles,
} from '../../../utils/cable-wx';
import { fill, formatYuan } from '../../../utils/format';
import { PAGES, TAB_PAGES, openPage, withQuery } from '../../../utils/nav';
import { formatDateTime } from '../../../utils/time';

const TEXT = {
  loading: '正在加载筛查申请',
  failed: '筛查申请加载失败',
  missing: '缺少申请编号，请从“我的筛查申请”进入',
  requestNo: '申请编号：',
  submittedAt: '提交时间：',
  progress: '办理进度',
  me: '本人',
  result: '筛查结论',
  findings: '检查项目',
  findingSeparator: '：',
  screenedBy: '筛查机构：',
  report: '筛查报告',
  openReport: '查看筛查报告',
  openingReport: '正在打开…',
  reportFallback: '当前设备无法直接打开报告，可复制下载链接到浏览器中打开（链接限时有效，过期后请重新进入本页）：',
  reportUnavailable: '报告文件暂时无法读取，请下拉刷新后重试，或联系产品医院。',
  copy: '复制链接',
  copied: '已复制',
  rejected: '未受理原因',
  cable: '电线电缆',
  typeLabel: '型号：',
  size: '规格：',
  brand: '品牌：',
  manufacturer: '生产厂家：',
  uscc: '信用代码：',
  channel: '购买渠道：',
  channelWithDetail: '{channel}（{detail}）',
  purchaseDate: '购买日期：',
  length: '长度：',
  concerns: '疑似问题',
  description: '问题描述',
  photos: '照片',
  previewPhoto: '查看第 {n} 张照片',
  photosUnavailable: '{n} 张照片暂时无法显示，请下拉刷新后重试。',
  contact: '联系人',
  city: '所在城市：',
  hospital: '产品医院：',
  preferredHospital: '希望由：',
  noPreference: '不指定',
  delivery: '送样方式：',
  pickupAddress: '取样地址：',
  redlist: '生产厂家红榜情况',
  redlistListed: '已列入红榜：',
  redlistYears: '连续 {n} 年质量信用优良',
  redlistNotListed: '该厂家未列入最新一期红榜。红榜只收录质量信用优良的企业，未列入不代表产品不合格。',
  redlistVersion: '榜单版本：',
  redlistNone: '红榜尚未发布，暂无法查询该厂家。',
  openRedlist: '查看红榜',
  followUp: '后续可以做什么',
  voucherTitle: '申领电线电缆专用检测券，做正式检测',
  faceValue: '面额：',
  closesAt: '申领截止：',
  applyVoucher: '去申领检测券',
  noVoucher: '目前没有正在申领的电线电缆专用检测券，可留意“检测券”页的新活动。',
  complaintTitle: '投诉举报',
  call: '拨打 {hotline} 投诉举报',
  platform: '网上投诉：{platform}（{url}）',
  copyUrl: '复制网址',
  miniProgram: '也可使用{name}投诉举报',
  cancel: '撤销申请',
  cancelling: '正在撤销…',
  cancelTitle: '撤销筛查申请',
  cancelBody: '撤销后产品医院将不再处理该申请，如需筛查请重新提交。确定撤销吗？',
  cancelConfirm: '撤销',
  cancelled: '已撤销',
  cancelHint: '样品送达产品医院前可以撤销申请。',
};

/** Everything the template shows, derived once per answer (WXML cannot call functions). */
function present(view: CableRequestView) {
  const campaign = view.followUp?.voucherCampaign ?? null;
  const complaint = view.followUp?.complaint ?? null;
  return {
    view,
    ...requestHeader(view),
    steps: timeline(view, TEXT.me),
    // 不清楚 when the requester did not know; the server words it.
    lengthText: view.cable.lengthText,
    channelText: view.cable.purchaseChannelDetail
      ? fill(TEXT.channelWithDetail, {
          channel: view.cable.purchaseChannelLabel,
          detail: view.cable.purchaseChannelDetail,
        })
      : view.cable.purchaseChannelLabel,
    // Photos load from the server's temp URLs; one without a URL (unavailable) is counted, not shown.
    photos: view.photos
      .filter((p) => p.url)
      .map((p, i) => ({ src: p.url as string, label: fill(TEXT.previewPhoto, { n: i + 1 }) })),
    photosUnavailableText: view.photos.some((p) => !p.url)
      ? fill(TEXT.photosUnavailable, { n: view.photos.filter((p) => !p.url).length })
      : '',
    filesFreshUntil: filesFreshUntil(view),
    completedText:
      view.status === 'completed' && view.history.length
        ? formatDateTime(view.history[view.history.length - 1].at)
        : '',
    redlistYearsText: view.redlist?.years ? fill(TEXT.redlistYears, { n: view.redlist.years }) : '',
    campaign: campaign
      ? { ...campaign, faceValueText: formatYuan(campaign.faceValue), closesAtText: formatDateTime(campaign.closesAt) }
      : null,
    complaint: complaint
      ? {
          ...complaint,
          callText: fill(TEXT.call, { hotline: complaint.hotline }),
          platformText: fill(TEXT.platform, { platform: complaint.platform, url: complaint.url }),
          miniProgramText: fill(TEXT.miniProgram, { name: complaint.miniProgram }),
        }
      : null,
    canCancel: view.actions.includes('cancelled'),
  };
}

type Presented = ReturnType<typeof present>;

/**
 * One quick-screen request as its requester sees it: progress, the result and report once screened
 * (photos and report from the server's temp URLs: storage is private),
 * the manufacturer's red-list standing, and after a bad verdict where to go next (the cable voucher,
 * 12315). The request can be withdrawn until the sample reaches the hospital.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    errorText: TEXT.failed,
    requestId: '',
    r: null as Presented | null,
    steps: [] as TimelineStep[],
    openingReport: false,
    reportFallback: false,
    /** The report's download link offered when it cannot be opened ('' when there is none). */
    reportUrl: '',
    cancelling: false,
  },
  ...requestDetailLifecycle(TEXT, (requestId) => call('cable', 'getRequest', { requestId })),
  show(view: CableRequestView) {
    const r = present(view);
    this.setData({ r, steps: r.steps, reportFallback: false, reportUrl: '' });
  },

  async onPreviewPhoto(e: WechatMiniprogram.BaseEvent) {
    const index = Number(e.currentTarget.dataset.index);
    const view = await viewWithFreshFiles(this);
    if (view) previewPhotos(view.photos, index);
  },
  /** Opens the report from its temp URL (reloading the view first when the URL is about to expire). */
  async onOpenReport() {
    if (!this.data.r?.view.report || this.data.openingReport) return;
    this.setData({ openingReport: true });
    const report = (await viewWithFreshFiles(this))?.report ?? null;
    const opened = report ? await openStoredFile(report) : false;
    this.setData({ openingReport: false, reportFallback: !opened, reportUrl: opened ? '' : (report?.url ?? '') });
  },
  onCopy(e: WechatMiniprogram.BaseEvent) {
    wx.setClipboardData({ data: String(e.currentTarget.dataset.value) });
  },
  onApplyVoucher() {
    const campaign = this.data.r?.campaign;
    if (campaign) openPage(withQuery(PAGES.campaign, { campaignId: campaign.campaignId }));
  },
  onCallHotline() {
    const hotline = this.data.r?.complaint?.hotline;
    if (hotline) wx.makePhoneCall({ phoneNumber: hotline, fail: () => undefined });
  },
  onOpenRedlist() {
    openPage(TAB_PAGES.redlist);
  },

  async onCancel() {
    const r = this.data.r;
    if (!r?.canCancel || this.data.cancelling) return;
    const confirmed = await confirmModal({
      title: TEXT.cancelTitle,
      content: TEXT.cancelBody,
      confirmText: TEXT.cancelConfirm,
      danger: true,
    });
    if (!confirmed) return;
    this.setData({ cancelling: true });
    try {
      this.show(await call('cable', 'cancel', { requestId: r.view.requestId }));
      wx.showToast({ title: TEXT.cancelled, icon: 'success' });
    } catch (error) {
      toastError(error);
      // The request may have moved on meanwhile (sample received): show where it is now.
      if (error instanceof ApiError && error.code === 'INVALID_TRANSITION') await this.load();
    } finally {
      this.setData({ cancelling: false });
    }
  },
});
