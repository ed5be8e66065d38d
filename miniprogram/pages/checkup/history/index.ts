import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call } from '../../../services/api';
import type { CheckupSummary } from '../../../../typings/api';
import { fill } from '../../../utils/format';
import { openPage, PAGES, withQuery } from '../../../utils/nav';
import { drawTrend } from '../chart';
import { CHECKUP_PAGES } from '../routes';

const TEXT = {
  loading: '正在加载历次体检',
  failed: '历次体检加载失败',
  empty: '还没有体检记录，做一次体检看看企业的质量管理短板',
  title: '历次体检',
  intro: '{name}：共 {n} 次体检，按体检时间排列。',
  trendTitle: '综合得分趋势',
  trendAlt: '综合得分趋势：{points}',
  trendPoint: '{date} {score} 分',
  trendOne: '再做一次体检，就能看到得分的变化趋势',
  chartFailed: '图表暂时无法显示，得分见下表',
  date: '体检时间',
  overall: '综合',
  weakest: '最低维度',
  na: '不适用',
  rowLabel: '{date}，综合 {score} 分，最低维度 {weakest}，查看详情',
  start: '开始体检',
  bind: '去绑定企业',
};

interface Row {
  checkupId: string;
  dateText: string;
  overallText: string;
  weakestText: string;
  ariaLabel: string;
}

/** The lowest-scoring dimension's label of a summary ('不适用' when none has a score). */
function weakestOf(item: CheckupSummary): string {
  const scored = item.dimensions.filter((d) => d.score !== null);
  if (!scored.length) return TEXT.na;
  return scored.reduce((low, d) => (d.score! < low.score! ? d : low)).label;
}

/**
 * The enterprise's earlier check-ups: the overall score's trend (uCharts line on a canvas 2d, oldest to
 * newest) and the same numbers in a table, each row opening its result. An account without a verified
 * enterprise sees why, with the way to bind one.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    emptyText: TEXT.empty,
    blocked: false,
    introText: '',
    rows: [] as Row[],
    trendAlt: '',
    showTrend: false,
    chartWidth: 320,
    chartHeight: 220,
    chartDrawn: false,
    chartFailed: false,
  },
  onLoad() {
    const width = Math.min(wx.getWindowInfo().windowWidth - 32, 480);
    this.setData({ chartWidth: width, chartHeight: Math.round(width * 0.65) });
    this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  async load() {
    const mine = await this.runLoad(
      async () => {
        try {
          return await call('checkup', 'mine', { page: 1 });
        } catch (error) {
          if (
            error instanceof ApiError &&
            (error.code === 'ENTERPRISE_NOT_BOUND' || error.code === 'ENTERPRISE_NOT_VERIFIED')
          ) {
            this.setData({ blocked: true, emptyText: error.message });
            return null;
          }
          throw error;
        }
      },
      (r) => r === null || r.items.length === 0,
    );
    if (!mine || !mine.items.length) return;
    const score = (s: number | null) => (s === null ? TEXT.na : String(s));
    const rows: Row[] = mine.items.map((item) => {
      const weakest = weakestOf(item);
      return {
        checkupId: item.checkupId,
        dateText: item.submittedAtText,
        overallText: score(item.overall),
        weakestText: weakest,
        ariaLabel: fill(TEXT.rowLabel, { date: item.submittedAtText, score: score(item.overall), weakest }),
      };
    });
    // Oldest first on the chart: time runs left to right.
    const points = [...mine.items].reverse();
    this.setData({
      blocked: false,
      rows,
      introText: fill(TEXT.intro, { name: mine.enterpriseName, n: mine.total }),
      showTrend: points.length > 1,
      trendAlt: fill(TEXT.trendAlt, {
        points: points
          .map((p) => fill(TEXT.trendPoint, { date: p.submittedAtText.slice(0, 10), score: score(p.overall) }))
          .join('，'),
      }),
      chartDrawn: false,
      chartFailed: false,
    });
    if (points.length < 2) return;
    try {
      await drawTrend(
        '#trend',
        points.map((p) => p.submittedAtText.slice(5, 10)),
        points.map((p) => p.overall),
      );
      this.setData({ chartDrawn: true });
    } catch {
      this.setData({ chartFailed: true });
    }
  },
  onOpen(e: WechatMiniprogram.TouchEvent) {
    const { id } = e.currentTarget.dataset as { id: string };
    openPage(withQuery(CHECKUP_PAGES.result, { checkupId: id }));
  },
  onStart() {
    openPage(CHECKUP_PAGES.questionnaire);
  },
  onBind() {
    openPage(PAGES.enterprise);
  },
});
