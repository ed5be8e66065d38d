import type { ActionOutput, CampaignView } from '../../../../typings/api';
import { defineListPage, type PagedSource, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { formatYuan, groupDigits } from '../../../utils/format';
import { openPage, withQuery } from '../../../utils/nav';
import { formatDateTime } from '../../../utils/time';
import { APPLICANT_TYPES } from '../../../shared/vouchers';
import { VOUCHER_PAGES, poolLabel } from '../../../utils/voucher';

const TEXT = {
  loading: '正在加载摇号结果',
  failed: '摇号结果加载失败',
  notFound: '活动不存在或尚未发布',
  notPublished: '摇号结果尚未公布，公布后可在此查看中签名单',
  publishedAt: '公布时间：',
  intro: '中签名单按摇号顺序排列；个人申领人姓名部分隐藏。',
  pools: '面值',
  count: '{pool}：{quota} 份，中签 {n} 名',
  listLoading: '正在加载名单',
  listEmpty: '该面值暂无中签名单',
  listFailed: '名单加载失败',
  rank: '第 {n} 位',
  verify: '如何验证摇号结果',
  mine: '查看我的申领结果',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

interface PoolTab {
  poolId: string;
  label: string;
  faceValue: number;
  quantity: number;
}

interface Row {
  rank: number;
  rankText: string;
  applicationId: string;
  displayName: string;
  typeLabel: string;
}

function rowsOf(
  items: { rank: number; applicationId: string; displayName: string; applicantType: 'enterprise' | 'person' }[],
): Row[] {
  return items.map((r) => ({
    rank: r.rank,
    rankText: TEXT.rank.replace('{n}', String(r.rank)),
    applicationId: r.applicationId,
    displayName: r.displayName,
    typeLabel: APPLICANT_TYPES[r.applicantType],
  }));
}

/** The public winner list of a published campaign, one pool at a time, paged. */
defineListPage({
  data: {
    text: TEXT,
    emptyText: TEXT.notPublished,
    campaignId: '',
    title: '',
    publishedAtText: '',
    tabs: [] as PoolTab[],
    poolId: '',
    countText: '',
    listState: 'loading' as ViewState,
    items: [] as Row[],
    total: 0,
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ campaignId: query.campaignId ?? '' });
    this.load();
  },
  async load() {
    const campaignId = this.data.campaignId;
    const campaign = await this.runLoad(
      async (): Promise<CampaignView | null> => {
        if (!campaignId) return null;
        try {
          return (await call('voucher', 'getCampaign', { campaignId })).campaign;
        } catch (error) {
          if (error instanceof ApiError && error.code === 'NOT_FOUND') {
            this.setData({ emptyText: TEXT.notFound });
            return null;
          }
          throw error;
        }
      },
      (c) => c === null || c.status !== 'published',
    );
    if (!campaign || campaign.status !== 'published') return;
    // Tabs in the draw's order: face value descending, then pool id.
    const tabs = [...campaign.pools]
      .sort((a, b) => b.faceValue - a.faceValue || (a.poolId < b.poolId ? -1 : a.poolId > b.poolId ? 1 : 0))
      .map((p) => ({ poolId: p.poolId, label: poolLabel(p), faceValue: p.faceValue, quantity: p.quantity }));
    this.setData({
      title: campaign.title,
      publishedAtText: campaign.publishedAt ? `${TEXT.publishedAt}${formatDateTime(campaign.publishedAt)}` : '',
      tabs,
      poolId:
        this.data.poolId && tabs.some((t) => t.poolId === this.data.poolId)
          ? this.data.poolId
          : (tabs[0]?.poolId ?? ''),
    });
    await this.loadPool();
  },
  /** Page 1 of the selected pool. */
  async loadPool() {
    const { campaignId, poolId } = this.data;
    this.setData({ listState: 'loading', items: [], countText: '' });
    try {
      const res = await call('voucher', 'results', { campaignId, poolId, page: 1 });
      if (res.poolId !== this.data.poolId) return; // another tab was chosen meanwhile
      this.setData({
        listState: res.items.length ? 'ready' : 'empty',
        items: rowsOf(res.items),
        page: 1,
        total: res.total,
        hasMore: res.items.length < res.total,
        countText: this.countText(res.total),
      });
    } catch (error) {
      this.setData({ listState: 'error' });
      toastError(error);
    }
  },
  countText(total: number): string {
    const tab = this.data.tabs.find((t) => t.poolId === this.data.poolId);
    if (!tab) return '';
    // A label like "电线电缆专用券" needs its value; "5000 元券" already says it.
    const says = tab.label.includes(String(tab.faceValue)) || tab.label.includes(groupDigits(tab.faceValue));
    const name = says ? tab.label : `${tab.label}（${formatYuan(tab.faceValue)}）`;
    return TEXT.count
      .replace('{pool}', name)
      .replace('{quota}', groupDigits(tab.quantity))
      .replace('{n}', groupDigits(total));
  },
  /** Next page of the selected pool; an answer for a pool no longer selected is dropped. */
  list(): PagedSource<ActionOutput<'voucher', 'results'>, Row> {
    const { campaignId, poolId } = this.data;
    return {
      fetch: (page) => call('voucher', 'results', { campaignId, poolId, page }),
      toItems: (res) => rowsOf(res.items),
      stale: (res) => res.poolId !== this.data.poolId,
    };
  },
  loadMore() {
    return this.data.listState === 'ready' ? this.loadNext(this.list()) : Promise.resolve(null);
  },
  onTab(e: WechatMiniprogram.BaseEvent) {
    const poolId = String(e.currentTarget.dataset.id);
    if (poolId === this.data.poolId) return;
    this.setData({ poolId, hasMore: false });
    this.loadPool();
  },
  onVerify() {
    openPage(withQuery(VOUCHER_PAGES.verify, { campaignId: this.data.campaignId }));
  },
  onMine() {
    openPage(VOUCHER_PAGES.myApplications);
  },
});
