import { definePage, type ViewState } from '../../definitions/index';
import { call, toastError } from '../../services/api';
import { summarizeCampaign, type CampaignSummary } from '../../utils/campaign';
import { PAGES, openPage, withQuery } from '../../utils/nav';

const TEXT = {
  title: '产品检测券',
  intro:
    '检测券可在省级“产品医院”抵扣等值的检测和质量技术服务费用，采用“在线申领、摇号中签”方式派发。选择一期活动查看详情并申领。',
  loading: '正在加载申领活动',
  empty: '暂无申领活动，新一期活动发布后会在这里显示',
  failed: '申领活动加载失败',
  window: '申领时间：',
  to: ' 至 ',
  faceValues: '面值：',
  quantity: '总数：',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

/**
 * The 检测券 tab: every campaign that is not a draft, newest first. The campaign detail, the
 * application form and the results live in the voucher subpackage (PAGES.campaign).
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    items: [] as CampaignSummary[],
    page: 1,
    hasMore: false,
    loadingMore: false,
  },
  onLoad() {
    this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  onReachBottom() {
    this.loadMore();
  },
  async load() {
    const result = await this.runLoad(
      () => call('voucher', 'listCampaigns', { page: 1 }),
      (page) => page.items.length === 0,
    );
    if (!result) return;
    const now = Date.now();
    this.setData({
      items: result.items.map((c) => summarizeCampaign(c, now)),
      page: 1,
      hasMore: result.items.length < result.total,
    });
  },
  /** Next page appended; a failure keeps what is shown and lets the user try again. */
  async loadMore() {
    if (!this.data.hasMore || this.data.loadingMore) return;
    this.setData({ loadingMore: true });
    try {
      const next = this.data.page + 1;
      const result = await call('voucher', 'listCampaigns', { page: next });
      const now = Date.now();
      const items = this.data.items.concat(result.items.map((c) => summarizeCampaign(c, now)));
      this.setData({ items, page: next, hasMore: result.items.length > 0 && items.length < result.total });
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ loadingMore: false });
    }
  },
  onOpen(e: WechatMiniprogram.BaseEvent) {
    openPage(withQuery(PAGES.campaign, { campaignId: String(e.currentTarget.dataset.id) }));
  },
});
