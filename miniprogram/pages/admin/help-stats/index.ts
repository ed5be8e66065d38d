import type { CaseStatsView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { CASE_STATUS_LABELS, CASE_STATUSES } from '../../../shared/helpdesk';
import { fill, groupDigits } from '../../../utils/format';
import { formatHours } from '../../../utils/help-work';
import { formatDate } from '../../../utils/time';
import { shareDownload } from '../files';

const DAY_MS = 86_400_000;
/** The range a visit starts with: the last 30 days, today included. */
const DEFAULT_DAYS = 30;

const TEXT = {
  title: '帮扶统计',
  intro: '按提交日期统计问诊（北京时间）。用时按小时计，满两天按天显示。',
  from: '开始日期',
  to: '结束日期',
  fromShort: '从 ',
  toShort: '至 ',
  colon: '：',
  loading: '正在统计',
  empty: '这段时间没有问诊',
  failed: '统计加载失败',
  badRange: '开始日期不能晚于结束日期',
  total: '问诊总数',
  overdue: '首次答复超时',
  resolved: '已解决',
  averageStars: '平均评分',
  noRating: '—',
  byStatus: '按状态',
  durations: '办理用时',
  firstAnswer: '首次答复',
  resolution: '解决用时',
  median: '中位数',
  p90: 'P90',
  counted: '样本',
  ratings: '评分分布（{n} 条评价）',
  star: '{n} 星',
  byCategory: '按产品类别',
  byCity: '按城市',
  byExpert: '按专家',
  category: '产品类别',
  city: '城市',
  expert: '专家',
  cases: '问诊',
  resolvedShort: '已解决',
  stars: '评分',
  noRows: '暂无数据',
  export: '导出 CSV',
  exporting: '正在导出…',
  exported: '已生成 CSV 文件，共 {rows} 行',
  share: '分享文件',
  copy: '复制下载链接',
  linkHint: '链接短时间内有效，可在电脑浏览器中打开下载。',
  shareUnsupported: '当前环境不能分享文件，请复制下载链接',
  downloadFailed: '文件下载失败，请复制下载链接',
};

interface Cell {
  key: string;
  label: string;
  value: string;
}

interface TableRow {
  key: string;
  label: string;
  cells: string[];
}

interface StatsShown {
  summary: Cell[];
  byStatus: Cell[];
  durations: TableRow[];
  ratingsTitle: string;
  ratings: { key: string; label: string; count: string; width: string }[];
  byCategory: TableRow[];
  byCity: TableRow[];
  byExpert: TableRow[];
}

const count = (n: number) => groupDigits(n);

function shown(s: CaseStatsView): StatsShown {
  const distribution = (['5', '4', '3', '2', '1'] as const).map((k) => ({ k, n: s.ratings.distribution[k] ?? 0 }));
  const most = Math.max(1, ...distribution.map((d) => d.n));
  return {
    summary: [
      { key: 'total', label: TEXT.total, value: count(s.total) },
      { key: 'overdue', label: TEXT.overdue, value: count(s.overdue) },
      { key: 'resolved', label: TEXT.resolved, value: count(s.byStatus.resolved ?? 0) },
      {
        key: 'stars',
        label: TEXT.averageStars,
        value: s.ratings.average === null ? TEXT.noRating : s.ratings.average.toFixed(1),
      },
    ],
    byStatus: CASE_STATUSES.map((status) => ({
      key: status,
      label: CASE_STATUS_LABELS[status],
      value: count(s.byStatus[status] ?? 0),
    })),
    durations: [
      { key: 'first', label: TEXT.firstAnswer, d: s.firstAnswerHours },
      { key: 'resolution', label: TEXT.resolution, d: s.resolutionHours },
    ].map(({ key, label, d }) => ({ key, label, cells: [formatHours(d.median), formatHours(d.p90), count(d.count)] })),
    ratingsTitle: fill(TEXT.ratings, { n: s.ratings.count }),
    ratings: distribution.map(({ k, n }) => ({
      key: k,
      label: fill(TEXT.star, { n: k }),
      count: count(n),
      width: `${Math.round((n / most) * 100)}%`,
    })),
    byCategory: s.byCategory.map((r) => ({ key: r.key, label: r.key, cells: [count(r.count)] })),
    byCity: s.byCity.map((r) => ({ key: r.key, label: r.key, cells: [count(r.count)] })),
    byExpert: s.byExpert.map((r) => ({
      key: r.expertId,
      label: r.name,
      cells: [count(r.count), count(r.resolved), r.averageStars === null ? TEXT.noRating : r.averageStars.toFixed(1)],
    })),
  };
}

/**
 * 帮扶统计 (admins): cases submitted in a date range by status, category, city and expert; first-answer
 * and resolution times (median, p90); overdue cases; ratings; and the same as a CSV (caseStatsCsv) to
 * share as a file or fetch by its link.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    from: formatDate(Date.now() - (DEFAULT_DAYS - 1) * DAY_MS),
    to: formatDate(Date.now()),
    today: formatDate(Date.now()),
    stats: null as StatsShown | null,
    exporting: false,
    exportFile: null as { url: string; text: string } | null,
  },
  onLoad() {
    this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  async load() {
    const { from, to } = this.data;
    const stats = await this.runLoad(
      () => call('helpdesk', 'caseStats', { from, to }),
      (s) => s.total === 0,
    );
    if (stats && this.data.from === from && this.data.to === to) this.setData({ stats: shown(stats) });
  },
  onFrom(e: WechatMiniprogram.PickerChange) {
    this.changeRange(String(e.detail.value), this.data.to);
  },
  onTo(e: WechatMiniprogram.PickerChange) {
    this.changeRange(this.data.from, String(e.detail.value));
  },
  changeRange(from: string, to: string) {
    if (from > to) {
      wx.showToast({ title: TEXT.badRange, icon: 'none' });
      return;
    }
    this.setData({ from, to, exportFile: null });
    this.load();
  },
  async onExport() {
    if (this.data.exporting) return;
    const { from, to } = this.data;
    this.setData({ exporting: true, exportFile: null });
    try {
      const file = await call('helpdesk', 'caseStatsCsv', { from, to });
      this.setData({ exportFile: { url: file.url, text: fill(TEXT.exported, { rows: file.rows }) } });
      await this.share();
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ exporting: false });
    }
  },
  /** Downloads the CSV and hands it to WeChat's share sheet (a chat, or 文件传输助手 to reach a computer). */
  async share() {
    const url = this.data.exportFile?.url;
    if (!url) return;
    await shareDownload(url, `帮扶统计_${this.data.from}_${this.data.to}.csv`, TEXT);
  },
  onShare() {
    this.share();
  },
  onCopy() {
    const url = this.data.exportFile?.url;
    if (url) wx.setClipboardData({ data: url });
  },
});
