import type { VoucherView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { formatYuan } from '../../../utils/format';
import { openPage, withQuery } from '../../../utils/nav';
import { formatChineseDate, formatDate } from '../../../utils/time';
import { VOUCHER_PAGES, voucherStatus } from '../../../utils/voucher';

const TEXT = {
  title: '我的检测券',
  intro: '到产品医院办理检测时，打开检测券出示二维码，由医院工作人员扫码核销。',
  loading: '正在加载检测券',
  empty: '暂无检测券。摇号中签后，检测券会显示在这里。',
  failed: '检测券加载失败',
  validUntil: '有效期至 ',
  redeemedAt: '已于 {date} 在{hospital}使用',
  myApplications: '查看我的申领',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

interface Item {
  voucherId: string;
  campaignTitle: string;
  faceValueText: string;
  statusLabel: string;
  statusTag: string;
  usable: boolean;
  validUntilText: string;
  redeemedText: string;
}

function itemOf(v: VoucherView, nowMs: number): Item {
  const status = voucherStatus(v, nowMs);
  return {
    voucherId: v.voucherId,
    campaignTitle: v.campaignTitle,
    faceValueText: formatYuan(v.faceValue),
    statusLabel: status.label,
    statusTag: status.tag,
    usable: status.usable,
    validUntilText: `${TEXT.validUntil}${formatChineseDate(v.validUntil)}`,
    redeemedText: v.redemption
      ? TEXT.redeemedAt
          .replace('{date}', formatDate(v.redemption.redeemedAt))
          .replace('{hospital}', v.redemption.hospitalName)
      : '',
  };
}

/** The caller's vouchers, soonest to expire first (the server's order). */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    items: [] as Item[],
    page: 1,
    hasMore: false,
    loadingMore: false,
    loaded: false,
  },
  onLoad() {
    this.load();
  },
  /** Back from a voucher (declined, or redeemed meanwhile): show its new state. */
  onShow() {
    if (this.data.loaded) this.refresh();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  onReachBottom() {
    this.loadMore();
  },
  async load() {
    const res = await this.runLoad(
      () => call('voucher', 'myVouchers', { page: 1 }),
      (r) => r.items.length === 0,
    );
    if (!res) return;
    this.show(res.items, res.total);
  },
  async refresh() {
    try {
      const res = await call('voucher', 'myVouchers', { page: 1 });
      this.setData({ state: res.items.length ? 'ready' : 'empty' });
      this.show(res.items, res.total);
    } catch {
      // Keep the list as shown.
    }
  },
  show(vouchers: VoucherView[], total: number) {
    const now = Date.now();
    this.setData({
      items: vouchers.map((v) => itemOf(v, now)),
      page: 1,
      hasMore: vouchers.length < total,
      loaded: true,
    });
  },
  async loadMore() {
    if (!this.data.hasMore || this.data.loadingMore) return;
    this.setData({ loadingMore: true });
    try {
      const next = this.data.page + 1;
      const res = await call('voucher', 'myVouchers', { page: next });
      const now = Date.now();
      const items = this.data.items.concat(res.items.map((v) => itemOf(v, now)));
      this.setData({ items, page: next, hasMore: res.items.length > 0 && items.length < res.total });
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ loadingMore: false });
    }
  },
  onOpen(e: WechatMiniprogram.BaseEvent) {
    openPage(withQuery(VOUCHER_PAGES.voucher, { voucherId: String(e.currentTarget.dataset.id) }));
  },
  onApplications() {
    openPage(VOUCHER_PAGES.myApplications);
  },
});
