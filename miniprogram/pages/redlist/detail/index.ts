import type { RedlistDetailView, TierCode } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call } from '../../../services/api';
import { decodeParam, openPage, withQuery } from '../../../utils/nav';
import {
  LEVELS,
  REDLIST_PAGES,
  cleanSpanText,
  levelTotals,
  yearBars,
  yearBarsSummary,
  type YearBar,
} from '../../../utils/redlist';
import { formatChineseDate, formatDate } from '../../../utils/time';
import { fill } from '../../../utils/format';
import { keepWhole, type TextPiece } from '../../../utils/whole';
import { usccFromScene } from '../../../shared/redlist-code';

const TEXT = {
  loading: '正在加载企业信息',
  failed: '企业信息加载失败',
  notFoundHint: '红榜只收录连续 3 年及以上抽检无不合格的企业；未列入不代表产品不合格。',
  searchAgain: '重新查询',
  uscc: '统一社会信用代码',
  city: '所在城市',
  unknownCity: '未知',
  formerNames: '曾用名',
  asOfLine: '{version} 期红榜 · 评估日期 {date}',
  years: '连续无不合格',
  yearsValue: '{n} 年',
  lastInspection: '最近一次抽检',
  inspectionCount: '连续期间抽检',
  inspectionCountValue: '{n} 次',
  categories: '产品类别',
  chartTitle: '每年抽检次数',
  chartNote: '统计连续无不合格期间（{start} 至 {end}）每年的监督抽查次数，0 次表示当年没有抽检记录。',
  countUnit: '{n} 次',
  levelTitle: '按抽检层级',
  levelTotal: '{label}级 {n} 次',
  year: '年份',
  total: '合计',
  historyTitle: '历次榜单',
  historyNotListed: '未列入',
  historyCurrent: '当前查看',
  historyOpen: '查看该期',
  source:
    '数据来源：{version} 期红榜（评估日期 {asOf}{published}），依据各级市场监管部门依法公示的产品质量监督抽查结果。',
  published: '，发布于 {date}',
  objection: '如对榜单信息有异议，可向省市场监管局提出',
  poster: '生成红榜海报',
  posterHint: '保存海报图片，向客户展示；客户扫码即可查看本页的最新信息。',
  shareTitle: '{name}：广东省产品质量红榜{tier}',
  shareTitleVersion: '{name}：广东省产品质量红榜{tier}（{version} 期）',
};

interface HistoryRow {
  version: string;
  asOfText: string;
  tier: TierCode | null;
  tierText: string;
  current: boolean;
  /** Another version where the enterprise is listed: its detail can be opened. */
  openable: boolean;
  ariaLabel: string;
}

interface DetailModel {
  uscc: string;
  name: string;
  tier: TierCode;
  tierLabel: string;
  cityText: string;
  formerText: string;
  spanText: string;
  asOfText: string;
  yearsText: string;
  lastInspectionText: string;
  inspectionCountText: string;
  categoriesText: string;
  bars: YearBar[];
  barsSummary: string;
  chartNote: TextPiece[];
  levelTotals: { key: string; text: string }[];
  levelRows: { year: string; cells: { key: string; count: number }[]; total: number }[];
  history: HistoryRow[];
  sourceText: TextPiece[];
}

function toModel(d: RedlistDetailView): DetailModel {
  const bars = yearBars(d.inspectionsByYear, d.streakStart, d.spanEnd);
  return {
    uscc: d.uscc,
    name: d.name,
    tier: d.tier,
    tierLabel: d.tierLabel,
    cityText: d.city ?? TEXT.unknownCity,
    formerText: d.formerNames.join('、'),
    spanText: cleanSpanText(d.streakStart, d.years),
    asOfText: fill(TEXT.asOfLine, { date: formatChineseDate(d.asOf), version: d.version }),
    yearsText: fill(TEXT.yearsValue, { n: d.years }),
    lastInspectionText: d.lastInspectionAt,
    inspectionCountText: fill(TEXT.inspectionCountValue, { n: d.inspectionCount }),
    categoriesText: d.categories.join('、'),
    bars,
    barsSummary: yearBarsSummary(bars),
    chartNote: keepWhole(fill(TEXT.chartNote, { start: d.streakStart, end: d.spanEnd })),
    levelTotals: levelTotals(d.inspectionsByYearLevel).map((l) => ({
      key: l.key,
      text: fill(TEXT.levelTotal, { label: l.label, n: l.count }),
    })),
    levelRows: d.inspectionsByYearLevel.map((r) => ({
      year: r.year,
      cells: LEVELS.map((l) => ({ key: l.key, count: r[l.key] })),
      total: r.total,
    })),
    history: d.history.map((h) => {
      const current = h.version === d.version;
      const tierText = h.tierLabel ?? TEXT.historyNotListed;
      const asOfText = formatChineseDate(h.asOf);
      return {
        version: h.version,
        asOfText,
        tier: h.tier,
        tierText,
        current,
        openable: !current && h.tier !== null,
        ariaLabel: `${h.version} 期（${asOfText}）：${tierText}${current ? `，${TEXT.historyCurrent}` : ''}`,
      };
    }),
    sourceText: keepWhole(
      fill(TEXT.source, {
        version: d.version,
        asOf: formatChineseDate(d.asOf),
        published: d.publishedAt ? fill(TEXT.published, { date: formatDate(d.publishedAt) }) : '',
      }),
    ),
  };
}

/**
 * One enterprise on the red list (`?uscc=&version=`; without a version, the latest): tier, clean
 * span, inspections per year (a bar chart of views with a text alternative) and per level, the
 * version it comes from and its tier in every published version.
 */
definePage({
  data: {
    text: TEXT,
    levels: LEVELS,
    state: 'loading' as ViewState,
    emptyText: '',
    uscc: '',
    version: '',
    detail: null as DetailModel | null,
  },
  onLoad(query: Record<string, string | undefined>) {
    // From a poster's code: WeChat passes the code's scene (u=<USCC>); it opens the latest version.
    const uscc = query.scene ? usccFromScene(query.scene) : decodeParam(query.uscc);
    this.setData({ uscc, version: query.scene ? '' : decodeParam(query.version) });
    wx.showShareMenu({ menus: ['shareAppMessage', 'shareTimeline'] });
    this.load();
  },
  /** The same entry for whoever opens the card: a link to a version stays on that version. */
  shareQuery(): string {
    const { uscc, version } = this.data;
    return version ? `uscc=${uscc}&version=${encodeURIComponent(version)}` : `uscc=${uscc}`;
  },
  shareTitle(): string {
    const detail = this.data.detail;
    if (!detail) return '广东省产品质量红榜';
    return fill(this.data.version ? TEXT.shareTitleVersion : TEXT.shareTitle, {
      name: detail.name,
      tier: detail.tierLabel,
      version: this.data.version,
    });
  },
  onShareAppMessage() {
    return { title: this.shareTitle(), path: `${REDLIST_PAGES.detail}?${this.shareQuery()}` };
  },
  /** Public data only: opens in the timeline's single-page mode without a login. */
  onShareTimeline() {
    return { title: this.shareTitle(), query: this.shareQuery() };
  },
  onPoster() {
    openPage(withQuery(REDLIST_PAGES.poster, { uscc: this.data.uscc }));
  },
  async load() {
    const { uscc, version } = this.data;
    const detail = await this.runLoad(
      async () => {
        try {
          return await call('redlist', 'detail', version ? { uscc, version } : { uscc });
        } catch (error) {
          // Not (or no longer) listed: the server's message names the version; shown as the empty state.
          if (error instanceof ApiError && error.code === 'NOT_FOUND') {
            this.setData({ emptyText: error.message });
            return null;
          }
          throw error;
        }
      },
      (data) => data === null,
    );
    if (detail) this.setData({ detail: toModel(detail) });
  },
  onHistory(e: WechatMiniprogram.BaseEvent) {
    const { version, openable } = e.currentTarget.dataset as { version: string; openable: boolean };
    if (!openable) return;
    openPage(withQuery(REDLIST_PAGES.detail, { uscc: this.data.uscc, version }));
  },
  onSearch() {
    openPage(REDLIST_PAGES.search);
  },
  onObjection() {
    openPage(withQuery(REDLIST_PAGES.about, { section: 'objection' }));
  },
});
