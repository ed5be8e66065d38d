import type { RedlistStatsView, TierCode } from '../../../typings/api';
import { definePage, type ViewState } from '../../definitions/index';
import { ApiError, call } from '../../services/api';
import { fill, groupDigits } from '../../utils/format';
import { withQuery, openPage } from '../../utils/nav';
import { TIERS, TIER_LABELS, TIER_MIN_YEARS } from '../../shared/redlist-tiers';
import { REDLIST_PAGES, checkQuery, type HintKind } from '../../utils/redlist';
import { formatChineseDate } from '../../utils/time';

/**
 * The 红榜 tab: what the list is, the latest version's counts, and a search box that opens the
 * search page in the redlist subpackage. The search itself (filters, paging) lives in the
 * subpackage so the main package stays small, and because a tab cannot take a query while a
 * normal page can: the tier tiles here, and other pages, open the search already filtered.
 */
const TEXT = {
  title: '红榜',
  subtitle: '广东省工业产品质量信用优良企业榜单',
  intro:
    '连续 3 年及以上在各级市场监管部门产品质量监督抽查中无不合格的我省生产企业，按连续时长分为十年榜、五年榜、三年榜。',
  placeholder: '企业名称或统一社会信用代码',
  search: '搜索',
  clear: '清除搜索词',
  loading: '正在加载最新一期红榜',
  empty: '红榜尚未发布，发布后会在这里显示',
  failed: '红榜加载失败',
  version: '{version} 期',
  asOf: '评估日期 {date}',
  total: '共 {n} 家企业',
  tierCount: '{n} 家',
  tierRule: '连续 {n} 年以上',
  changes: '较上一期（{previous}）新进入 {entries} 家、退出 {exits} 家',
  browse: '浏览全部榜单',
  about: '榜单说明：怎么评、怎么更新、如何提出异议',
};

interface TierTile {
  code: TierCode;
  label: string;
  countText: string;
  rule: string;
  ariaLabel: string;
}

interface Summary {
  versionText: string;
  asOfText: string;
  totalText: string;
  tiers: TierTile[];
  changesText: string;
}

function summarize(stats: RedlistStatsView): Summary {
  const tiers = TIERS.map((code) => {
    const countText = fill(TEXT.tierCount, { n: groupDigits(stats.counts[code]) });
    const rule = fill(TEXT.tierRule, { n: TIER_MIN_YEARS[code] });
    return {
      code,
      label: TIER_LABELS[code],
      countText,
      rule,
      ariaLabel: `${TIER_LABELS[code]}，${countText}，${rule}`,
    };
  });
  const { previousVersion, entries, exits } = stats.changes;
  return {
    versionText: fill(TEXT.version, { version: stats.version }),
    asOfText: fill(TEXT.asOf, { date: formatChineseDate(stats.asOf) }),
    totalText: fill(TEXT.total, { n: groupDigits(stats.counts.total) }),
    tiers,
    changesText: previousVersion
      ? fill(TEXT.changes, { previous: previousVersion, entries: groupDigits(entries), exits: groupDigits(exits) })
      : '',
  };
}

definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    summary: null as Summary | null,
    query: '',
    hint: '',
    hintKind: 'none' as HintKind,
  },
  onLoad() {
    this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  async load() {
    const stats = await this.runLoad(
      async () => {
        try {
          return await call('redlist', 'stats', {});
        } catch (error) {
          // Before the first publication the function answers NOT_FOUND: an empty state, not a failure.
          if (error instanceof ApiError && error.code === 'NOT_FOUND') return null;
          throw error;
        }
      },
      (data) => data === null,
    );
    if (stats) this.setData({ summary: summarize(stats) });
  },
  onQueryInput(e: WechatMiniprogram.Input) {
    const query = e.detail.value;
    const { hint, kind } = checkQuery(query);
    this.setData({ query, hint, hintKind: kind });
  },
  onClear() {
    this.setData({ query: '', hint: '', hintKind: 'none' });
  },
  onSearch() {
    const q = this.data.query.trim();
    // A mistyped code stays here with its reason shown; the search page would only repeat it.
    if (checkQuery(q).blocked) return;
    openPage(q ? withQuery(REDLIST_PAGES.search, { q }) : REDLIST_PAGES.search);
  },
  onTier(e: WechatMiniprogram.BaseEvent) {
    openPage(withQuery(REDLIST_PAGES.search, { tier: String(e.currentTarget.dataset.tier) }));
  },
  onBrowse() {
    openPage(REDLIST_PAGES.search);
  },
  onAbout() {
    openPage(REDLIST_PAGES.about);
  },
});
