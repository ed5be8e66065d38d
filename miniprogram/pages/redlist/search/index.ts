import type { ActionInput, RedlistEntryView, RedlistSearchView, TierCode } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { fill, groupDigits } from '../../../utils/format';
import { decodeParam, openPage, withQuery } from '../../../utils/nav';
import { GUANGDONG_CITY_NAMES } from '../../../shared/cities';
import { TIERS, TIER_LABELS, isTier } from '../../../shared/redlist-tiers';
import { REDLIST_PAGES, checkQuery, cleanSpanText, type HintKind } from '../../../utils/redlist';

const TEXT = {
  placeholder: '企业名称或统一社会信用代码',
  search: '搜索',
  colon: '：',
  clear: '清除搜索词',
  tierLabel: '榜单',
  allTiers: '全部',
  cityLabel: '城市',
  allCities: '全部城市',
  categoryLabel: '产品类别',
  allCategories: '全部类别',
  categoryCount: '{category}（{n} 家）',
  loading: '正在查询',
  failed: '查询失败',
  empty: '没有找到符合条件的企业',
  blocked: '请先更正统一社会信用代码',
  /** Shown with · between, each part kept on one line (a date must not break at its hyphens). */
  summary: ['{version} 期红榜', '评估日期 {asOf}', '共 {n} 家'],
  summarySeparator: ' · ',
  city: '所在城市：{city}',
  noCity: '所在城市：未知',
  categories: '产品类别：{list}',
  formerNames: '曾用名：{list}',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
  tipsTitle: '可以试试：',
  tips: [
    '只输入名称中的关键字，如“美达”“电器”；繁体字、全角字符、括号和空格不影响搜索，曾用名也能搜到。',
    '按统一社会信用代码查询时，请完整输入 18 位。',
    '红榜只收录连续 3 年及以上抽检无不合格的企业；未列入不代表产品不合格。',
  ],
  clearFilters: '清除筛选条件',
  clearQuery: '清除搜索词',
  about: '了解红榜怎么评',
};

interface ResultCard {
  uscc: string;
  version: string;
  name: string;
  tier: TierCode;
  tierLabel: string;
  cityText: string;
  spanText: string;
  categoriesText: string;
  formerText: string;
  ariaLabel: string;
}

function toCard(entry: RedlistEntryView): ResultCard {
  const spanText = cleanSpanText(entry.streakStart, entry.years);
  const cityText = entry.city ? fill(TEXT.city, { city: entry.city }) : TEXT.noCity;
  return {
    uscc: entry.uscc,
    version: entry.version,
    name: entry.name,
    tier: entry.tier,
    tierLabel: entry.tierLabel,
    cityText,
    spanText,
    categoriesText: entry.categories.length ? fill(TEXT.categories, { list: entry.categories.join('、') }) : '',
    formerText: entry.formerNames.length ? fill(TEXT.formerNames, { list: entry.formerNames.join('、') }) : '',
    ariaLabel: `${entry.tierLabel}，${entry.name}，${cityText}，${spanText}`,
  };
}

const TIER_OPTIONS = [{ code: '', label: TEXT.allTiers }, ...TIERS.map((code) => ({ code, label: TIER_LABELS[code] }))];
const CITY_RANGE = [TEXT.allCities, ...GUANGDONG_CITY_NAMES];

/** A city as linked (佛山市 or 佛山) → its picker index, 0 (all) when unknown. */
function cityIndexOf(city: string | undefined): number {
  if (!city) return 0;
  const index = GUANGDONG_CITY_NAMES.findIndex((name) => name === city || name === `${city}市`);
  return index + 1;
}

type SearchInput = ActionInput<'redlist', 'search'>;

const summaryOf = (result: RedlistSearchView) => ({
  summaryParts: TEXT.summary.map((part) =>
    fill(part, { version: result.version, asOf: result.asOf, n: groupDigits(result.total) }),
  ),
});

/**
 * Red-list search: one box for a name fragment or a USCC (checked as typed), filters for tier, city
 * and product category, and the results page by page (onReachBottom). Opened from the tab with
 * `?q=`, `?tier=`, `?city=` or `?category=`.
 */
defineListPage({
  data: {
    text: TEXT,
    emptyText: TEXT.empty,
    query: '',
    hint: '',
    hintKind: 'none' as HintKind,
    tierOptions: TIER_OPTIONS,
    tier: '' as TierCode | '',
    cityRange: CITY_RANGE,
    cityIndex: 0,
    categoryLabels: [TEXT.allCategories],
    categoryValues: [''],
    categoryIndex: 0,
    items: [] as ResultCard[],
    summaryParts: [] as string[],
    hasFilters: false,
    /** Incremented per search: answers to an older search (filters changed meanwhile) are dropped. */
    searchSeq: 0,
  },
  onLoad(query: Record<string, string | undefined>) {
    const q = decodeParam(query.q);
    const category = decodeParam(query.category);
    const { hint, kind } = checkQuery(q);
    this.setData({
      query: q,
      hint,
      hintKind: kind,
      tier: isTier(query.tier) ? query.tier : '',
      cityIndex: cityIndexOf(decodeParam(query.city)),
      // A linked category shows at once; the full list arrives with the stats.
      categoryLabels: category ? [TEXT.allCategories, category] : [TEXT.allCategories],
      categoryValues: category ? ['', category] : [''],
      categoryIndex: category ? 1 : 0,
    });
    this.loadCategories();
    this.search();
  },
  /** Product categories of the latest version, most common first; without them only 全部类别 is offered. */
  async loadCategories() {
    try {
      const stats = await call('redlist', 'stats', {});
      const current = this.data.categoryValues[this.data.categoryIndex];
      const values = ['', ...stats.categories.map((c) => c.category)];
      const labels = [
        TEXT.allCategories,
        ...stats.categories.map((c) => fill(TEXT.categoryCount, { category: c.category, n: groupDigits(c.count) })),
      ];
      if (current && !values.includes(current)) {
        values.push(current);
        labels.push(current);
      }
      this.setData({
        categoryValues: values,
        categoryLabels: labels,
        categoryIndex: Math.max(0, values.indexOf(current)),
      });
    } catch {
      // The search works without the list; the category filter stays at 全部类别.
    }
  },
  /** The search action's input for the current box and filters, and the page asked for. */
  searchInput(page: number): SearchInput | null {
    const q = this.data.query.trim();
    const check = checkQuery(q);
    if (check.blocked) return null;
    const input: SearchInput = { page };
    if (check.uscc) input.uscc = check.uscc;
    else if (q) input.q = q;
    if (this.data.tier) input.tier = this.data.tier;
    if (this.data.cityIndex > 0) input.city = GUANGDONG_CITY_NAMES[this.data.cityIndex - 1];
    const category = this.data.categoryValues[this.data.categoryIndex];
    if (category) input.category = category;
    return input;
  },
  /**
   * First page for the current box and filters; replaces what is shown. Not runLoad: a newer search
   * may start before this one answers, and only the newest may set the state.
   */
  async search() {
    const seq = this.data.searchSeq + 1;
    const hasFilters = Boolean(this.data.tier || this.data.cityIndex > 0 || this.data.categoryIndex > 0);
    this.setData({ searchSeq: seq, hasFilters, loadingMore: false });
    const input = this.searchInput(1);
    if (!input) {
      this.setData({ state: 'empty', emptyText: TEXT.blocked, items: [], summaryParts: [], hasMore: false });
      return;
    }
    this.setData({ state: 'loading', emptyText: TEXT.empty });
    let result: RedlistSearchView;
    try {
      result = await call('redlist', 'search', input);
    } catch (error) {
      if (seq !== this.data.searchSeq) return;
      this.setData({ state: 'error', items: [], summaryParts: [], hasMore: false });
      toastError(error);
      return;
    }
    if (seq !== this.data.searchSeq) return;
    this.show(result, 1, result.items.map(toCard));
    this.setData({ state: result.items.length ? 'ready' : 'empty' });
  },
  show(result: RedlistSearchView, page: number, items: ResultCard[]) {
    this.setData({
      items,
      page,
      hasMore: result.items.length > 0 && items.length < result.total,
      ...summaryOf(result),
    });
  },
  /** The current search's pages; an answer to an older search (filters changed meanwhile) is dropped. */
  list(): PagedSource<RedlistSearchView, ResultCard> {
    const seq = this.data.searchSeq;
    return {
      fetch: async (page) => {
        const input = this.searchInput(page);
        return input ? call('redlist', 'search', input) : null;
      },
      toItems: (result) => result.items.map(toCard),
      extra: summaryOf,
      stale: () => seq !== this.data.searchSeq,
    };
  },
  load() {
    return this.search();
  },
  /** Next page appended; a failure keeps what is shown and lets the user try again. */
  loadMore() {
    return this.data.state === 'ready' ? this.loadNext(this.list()) : Promise.resolve(null);
  },
  onQueryInput(e: WechatMiniprogram.Input) {
    const query = e.detail.value;
    const { hint, kind } = checkQuery(query);
    this.setData({ query, hint, hintKind: kind });
  },
  onSubmit() {
    // A mistyped code keeps its reason under the box; nothing is sent.
    if (checkQuery(this.data.query).blocked) return;
    this.search();
  },
  onClearQuery() {
    this.setData({ query: '', hint: '', hintKind: 'none' });
    this.search();
  },
  onTier(e: WechatMiniprogram.BaseEvent) {
    const code = String(e.currentTarget.dataset.code ?? '');
    const tier = isTier(code) ? code : '';
    if (tier === this.data.tier) return;
    this.setData({ tier });
    this.search();
  },
  onCity(e: WechatMiniprogram.PickerChange) {
    const cityIndex = Number(e.detail.value);
    if (cityIndex === this.data.cityIndex) return;
    this.setData({ cityIndex });
    this.search();
  },
  onCategory(e: WechatMiniprogram.PickerChange) {
    const categoryIndex = Number(e.detail.value);
    if (categoryIndex === this.data.categoryIndex) return;
    this.setData({ categoryIndex });
    this.search();
  },
  onClearFilters() {
    this.setData({ tier: '', cityIndex: 0, categoryIndex: 0 });
    this.search();
  },
  onOpen(e: WechatMiniprogram.BaseEvent) {
    const { uscc, version } = e.currentTarget.dataset as { uscc: string; version: string };
    openPage(withQuery(REDLIST_PAGES.detail, { uscc, version }));
  },
  onAbout() {
    openPage(REDLIST_PAGES.about);
  },
});
