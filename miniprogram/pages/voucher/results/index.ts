import type { ActionOutput, CampaignView, Pool } from '../../../../typings/api';
import { defineListPage, type PagedSource, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { formatYuan, groupDigits } from '../../../utils/format';
import { openPage, withQuery } from '../../../utils/nav';
import { formatDateTime } from '../../../utils/time';
import { APPLICANT_TYPES } from '../../../shared/vouchers';
import { usccInQuery } from '../../../shared/uscc';
import { VOUCHER_PAGES, poolLabel, standingText, ticketCheckCommand, type PoolStanding } from '../../../utils/voucher';

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
  mine: '查看我的申领',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
  // My own applications
  mineTitle: '我的摇号结果',
  mineFailed: '我的摇号结果加载失败，轻触重试',
  as: '以{type}身份申领：',
  ticket: '我的签号',
  ticketMeaning:
    '签号是用本次公布的摇号种子，对“面值编号|申领编号”计算 HMAC-SHA256 得到的 64 位十六进制数。同一面值的申领按签号从小到大排队，排在前面的依次中签；摇号种子在申领截止后才能算出，所以谁也无法事先知道或挑选签号。',
  checkOpen: '如何核对这个签号',
  checkClose: '收起核对方法',
  checkIntro:
    '任何人都可以核对：以下面的摇号种子为密钥（64 位十六进制，即 32 个字节），对“计算内容”做一次 HMAC-SHA256，结果应与签号完全相同。在电脑终端中运行下面的命令即可算出。',
  seed: '摇号种子（已公布）',
  message: '计算内容（面值编号|申领编号）',
  command: '命令',
  copyTicket: '复制签号',
  copySeed: '复制种子',
  copyMessage: '复制计算内容',
  copyCommand: '复制命令',
  copied: '已复制',
  // Search
  searchTitle: '查一查是否中签',
  placeholder: '企业名称或统一社会信用代码',
  search: '查询',
  clear: '清除搜索内容',
  searchHint: '可输入企业名称中的连续 2 个字以上，或 18 位统一社会信用代码。个人申领人不提供姓名查询。',
  tooShort: '请输入至少 2 个字的企业名称，或 18 位统一社会信用代码',
  searching: '正在查询',
  searchEmpty: '没有找到这家企业的申领',
  searchFailed: '查询失败',
  searchTotal: '共找到 {n} 家企业',
  uscc: '统一社会信用代码：',
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

interface StandingLine {
  poolId: string;
  poolName: string;
  label: string;
  tag: string;
  detail: string;
}

interface MineTicket extends StandingLine {
  /** applicationId|poolId: which ticket's check is unfolded. */
  key: string;
  ticket: string;
  message: string;
  command: string;
}

interface MineItem {
  applicationId: string;
  asText: string;
  pools: MineTicket[];
}

interface Hit {
  applicationId: string;
  name: string;
  uscc: string;
  pools: StandingLine[];
}

type SearchState = 'idle' | ViewState;
type Results = ActionOutput<'voucher', 'results'>;
type SearchAnswer = ActionOutput<'voucher', 'searchResults'>;

function rowsOf(items: Results['items']): Row[] {
  return items.map((r) => ({
    rank: r.rank,
    rankText: TEXT.rank.replace('{n}', String(r.rank)),
    applicationId: r.applicationId,
    displayName: r.displayName,
    typeLabel: APPLICANT_TYPES[r.applicantType],
  }));
}

/** A pool's name with its value: "电线电缆专用券（1,000 元）"; "5,000 元券" already says it. */
function poolName(pool: Pool | undefined, poolId: string): string {
  if (!pool) return poolId;
  const label = poolLabel(pool);
  const says = label.includes(String(pool.faceValue)) || label.includes(groupDigits(pool.faceValue));
  return says ? label : `${label}（${formatYuan(pool.faceValue)}）`;
}

function lineOf(s: PoolStanding, pools: Pool[]): StandingLine {
  return {
    poolId: s.poolId,
    poolName: poolName(
      pools.find((p) => p.poolId === s.poolId),
      s.poolId,
    ),
    ...standingText(s),
  };
}

/** Tabs in the order the server answers (the draw's order), labelled from the campaign's pools. */
function tabsOf(order: string[], pools: Pool[]): PoolTab[] {
  return order.map((poolId) => {
    const pool = pools.find((p) => p.poolId === poolId);
    return {
      poolId,
      label: pool ? poolLabel(pool) : poolId,
      faceValue: pool?.faceValue ?? 0,
      quantity: pool?.quantity ?? 0,
    };
  });
}

/**
 * The results of a published campaign: my own standing with the ticket that decided it (and how anyone
 * can recompute it), a search by enterprise name or USCC, and the public winner list per pool (tabs in
 * the draw's order), paged.
 */
defineListPage({
  data: {
    text: TEXT,
    emptyText: TEXT.notPublished,
    campaignId: '',
    title: '',
    publishedAtText: '',
    pools: [] as Pool[],
    tabs: [] as PoolTab[],
    poolId: '',
    countText: '',
    listState: 'loading' as ViewState,
    items: [] as Row[],
    total: 0,
    seed: '',
    mine: [] as MineItem[],
    mineFailed: false,
    /** "applicationId|poolId" of the ticket whose check is unfolded. */
    checkOpen: '',
    query: '',
    searchHint: TEXT.searchHint,
    searchState: 'idle' as SearchState,
    hits: [] as Hit[],
    searchPage: 0,
    searchHasMore: false,
    searchingMore: false,
    searchTotalText: '',
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ campaignId: query.campaignId ?? '' });
    wx.showShareMenu({ menus: ['shareAppMessage', 'shareTimeline'] });
    this.load();
  },
  /** The winner list is public (voucher.results needs no login), so it may go to the timeline too. */
  onShareAppMessage() {
    const campaignId = this.data.campaignId;
    return {
      title: this.data.title ? `${this.data.title} · 摇号结果` : '检测券摇号结果',
      path: `/pages/voucher/results/index?campaignId=${encodeURIComponent(campaignId)}`,
    };
  },
  onShareTimeline() {
    return {
      title: this.data.title ? `${this.data.title} · 摇号结果` : '检测券摇号结果',
      query: `campaignId=${encodeURIComponent(this.data.campaignId)}`,
    };
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
    this.setData({
      title: campaign.title,
      publishedAtText: campaign.publishedAt ? `${TEXT.publishedAt}${formatDateTime(campaign.publishedAt)}` : '',
      pools: campaign.pools,
    });
    await Promise.all([this.loadPool(), this.loadMine()]);
  },
  /** Page 1 of the selected pool (the draw's first pool before any tab was chosen); the tabs come with it. */
  async loadPool() {
    const { campaignId, poolId } = this.data;
    this.setData({ listState: 'loading', items: [], countText: '' });
    try {
      const res = await call('voucher', 'results', { campaignId, ...(poolId ? { poolId } : {}), page: 1 });
      if (this.data.poolId && res.poolId !== this.data.poolId) return; // another tab was chosen meanwhile
      this.setData({ tabs: tabsOf(res.pools, this.data.pools), poolId: res.poolId });
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
  /** My own applications in this campaign; nothing shows when I have none. */
  async loadMine() {
    const { campaignId, pools } = this.data;
    try {
      const { seed, items } = await call('voucher', 'myResults', { campaignId });
      const mine: MineItem[] = items.map((app) => ({
        applicationId: app.applicationId,
        asText: `${TEXT.as.replace('{type}', APPLICANT_TYPES[app.applicantType])}${app.applicantName}`,
        pools: app.pools.map((p) => ({
          ...lineOf(p, pools),
          key: `${app.applicationId}|${p.poolId}`,
          ticket: p.ticket,
          message: p.message,
          command: ticketCheckCommand(seed, p.message),
        })),
      }));
      this.setData({ seed, mine, mineFailed: false });
    } catch {
      this.setData({ mine: [], mineFailed: true });
    }
  },
  countText(total: number): string {
    const tab = this.data.tabs.find((t) => t.poolId === this.data.poolId);
    if (!tab) return '';
    const name = poolName(
      this.data.pools.find((p) => p.poolId === tab.poolId),
      tab.poolId,
    );
    return TEXT.count
      .replace('{pool}', name)
      .replace('{quota}', groupDigits(tab.quantity))
      .replace('{n}', groupDigits(total));
  },
  /** Next page of the selected pool; an answer for a pool no longer selected is dropped. */
  list(): PagedSource<Results, Row> {
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
  onToggleCheck(e: WechatMiniprogram.BaseEvent) {
    const key = String(e.currentTarget.dataset.key);
    this.setData({ checkOpen: this.data.checkOpen === key ? '' : key });
  },
  onCopy(e: WechatMiniprogram.BaseEvent) {
    const value = String(e.currentTarget.dataset.value ?? '');
    if (!value) return;
    wx.setClipboardData({
      data: value,
      success: () => wx.showToast({ title: TEXT.copied, icon: 'none' }),
      fail: (error) => toastError(error),
    });
  },
  onQueryInput(e: WechatMiniprogram.Input) {
    this.setData({ query: e.detail.value });
  },
  onClearQuery() {
    this.setData({ query: '', searchState: 'idle', hits: [], searchHint: TEXT.searchHint, searchTotalText: '' });
  },
  /** Checks the box as the server would (length, a code's check character) before asking it. */
  onSearch() {
    const q = this.data.query.trim();
    if (Array.from(q).length < 2) {
      this.setData({ searchHint: TEXT.tooShort });
      return;
    }
    const code = usccInQuery(q);
    if (code && !code.ok) {
      this.setData({ searchHint: `统一社会信用代码无效：${code.reason}` });
      return;
    }
    this.setData({ searchHint: TEXT.searchHint });
    return this.searchPage(1);
  },
  onSearchMore() {
    if (this.data.searchingMore || !this.data.searchHasMore) return;
    return this.searchPage(this.data.searchPage + 1);
  },
  async searchPage(page: number) {
    const q = this.data.query.trim();
    const first = page === 1;
    this.setData(first ? { searchState: 'loading', hits: [], searchTotalText: '' } : { searchingMore: true });
    try {
      const res: SearchAnswer = await call('voucher', 'searchResults', { campaignId: this.data.campaignId, q, page });
      const hits: Hit[] = res.items.map((row) => ({
        applicationId: row.applicationId,
        name: row.applicantName,
        uscc: row.uscc,
        pools: row.pools.map((p) => lineOf(p, this.data.pools)),
      }));
      const all = first ? hits : [...this.data.hits, ...hits];
      this.setData({
        searchState: all.length ? 'ready' : 'empty',
        hits: all,
        searchPage: page,
        searchHasMore: res.items.length > 0 && all.length < res.total,
        searchTotalText: TEXT.searchTotal.replace('{n}', groupDigits(res.total)),
      });
    } catch (error) {
      if (first) this.setData({ searchState: 'error' });
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
        this.setData({ searchHint: error.message, searchState: 'idle' });
      } else toastError(error);
    } finally {
      this.setData({ searchingMore: false });
    }
  },
  onVerify() {
    openPage(withQuery(VOUCHER_PAGES.verify, { campaignId: this.data.campaignId }));
  },
  onMine() {
    openPage(VOUCHER_PAGES.myApplications);
  },
});
