/**
 * The help desk's numbers for the regulator (helpdesk.caseStats / caseStatsCsv), as pure functions of the
 * cases read: counts by status, category, city and expert; first-answer and resolution times (median and
 * p90, hours); cases that missed the first-answer deadline; ratings. No database here: the actions read
 * the cases (a few fields each, in pages) and hand them over.
 */
import { CASE_STATUSES, CASE_STATUS_LABELS, type CaseStatus } from '../../../miniprogram/shared/helpdesk';
import type { CaseStatsView, DurationStats } from '../contract/helpdesk';
import { csvCell } from '../core/csv';
import type { CaseDoc } from './documents';

/** The fields of a case the statistics read (the actions project exactly these; of the rating, its stars). */
export type StatsCase = Pick<
  CaseDoc,
  | '_id'
  | 'status'
  | 'productCategory'
  | 'city'
  | 'expertId'
  | 'expertName'
  | 'submittedAt'
  | 'firstAnswerDueAt'
  | 'firstAnsweredAt'
  | 'resolvedAt'
  | 'withdrawnAt'
> & { rating: Pick<NonNullable<CaseDoc['rating']>, 'stars'> | null };

/** The projection of the read: 12 small fields a case (a comment or a description is never read). */
export const STATS_FIELDS = {
  _id: true,
  status: true,
  productCategory: true,
  city: true,
  expertId: true,
  expertName: true,
  submittedAt: true,
  firstAnswerDueAt: true,
  firstAnsweredAt: true,
  resolvedAt: true,
  withdrawnAt: true,
  'rating.stars': true,
} as const;

const HOUR = 3600_000;
const ms = (d: Date | string | null | undefined): number | null =>
  d instanceof Date ? d.getTime() : d ? new Date(d).getTime() : null;
const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The p-th percentile (0 ≤ p ≤ 1) of ascending `sorted` values by linear interpolation between closest
 * ranks (Excel's PERCENTILE.INC, numpy's default): p = 0.5 of an even count is the mean of the middle two.
 * Null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Count, median and p90 of durations in hours (rounded to 0.1 h); null figures for no values. */
export function durationStats(hours: readonly number[]): DurationStats {
  const sorted = [...hours].sort((a, b) => a - b);
  const median = percentile(sorted, 0.5);
  const p90 = percentile(sorted, 0.9);
  return {
    count: sorted.length,
    median: median === null ? null : round1(median),
    p90: p90 === null ? null : round1(p90),
  };
}

/**
 * Did the case miss its first-answer deadline? The clock stops at the first answer, or when the case
 * ended without one (withdrawn, or resolved); a case still waiting is judged at `now`. Overdue when the
 * clock stopped (or still runs) past firstAnswerDueAt. A case withdrawn before the deadline never is.
 */
export function isOverdue(
  c: Pick<StatsCase, 'firstAnswerDueAt' | 'firstAnsweredAt' | 'resolvedAt' | 'withdrawnAt'>,
  now: Date,
): boolean {
  const due = ms(c.firstAnswerDueAt);
  if (due === null) return false;
  const stoppedAt = ms(c.firstAnsweredAt) ?? ms(c.withdrawnAt) ?? ms(c.resolvedAt) ?? now.getTime();
  return stoppedAt > due;
}

/** Hours from submission to the first answer, for answered cases. */
export function firstAnswerHours(c: Pick<StatsCase, 'submittedAt' | 'firstAnsweredAt'>): number | null {
  const from = ms(c.submittedAt);
  const to = ms(c.firstAnsweredAt);
  return from === null || to === null ? null : Math.max(0, to - from) / HOUR;
}

/** Hours from submission to resolution, for resolved cases. */
export function resolutionHours(c: Pick<StatsCase, 'status' | 'submittedAt' | 'resolvedAt'>): number | null {
  const from = ms(c.submittedAt);
  const to = ms(c.resolvedAt);
  return c.status !== 'resolved' || from === null || to === null ? null : Math.max(0, to - from) / HOUR;
}

const byCountThenKey = (a: { key: string; count: number }, b: { key: string; count: number }) =>
  b.count - a.count || a.key.localeCompare(b.key, 'zh-Hans-CN');

function tally(values: Iterable<string>): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([key, count]) => ({ key, count })).sort(byCountThenKey);
}

/** The statistics of `cases` (those submitted between `from` and `to`, Asia/Shanghai calendar days). */
export function computeCaseStats(
  cases: readonly StatsCase[],
  range: { from: string; to: string },
  now: Date,
): CaseStatsView {
  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  const experts = new Map<string, { name: string; count: number; resolved: number; stars: number; ratings: number }>();
  const first: number[] = [];
  const resolution: number[] = [];
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let starsTotal = 0;
  let ratings = 0;
  let overdue = 0;

  for (const c of cases) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    if (c.expertId) {
      const e = experts.get(c.expertId) ?? {
        name: c.expertName ?? c.expertId,
        count: 0,
        resolved: 0,
        stars: 0,
        ratings: 0,
      };
      e.count++;
      if (c.status === 'resolved') e.resolved++;
      if (c.rating) {
        e.stars += c.rating.stars;
        e.ratings++;
      }
      experts.set(c.expertId, e);
    }
    const f = firstAnswerHours(c);
    if (f !== null) first.push(f);
    const r = resolutionHours(c);
    if (r !== null) resolution.push(r);
    if (isOverdue(c, now)) overdue++;
    if (c.rating && c.rating.stars >= 1 && c.rating.stars <= 5) {
      const key = String(c.rating.stars) as keyof typeof distribution;
      distribution[key]++;
      starsTotal += c.rating.stars;
      ratings++;
    }
  }

  return {
    from: range.from,
    to: range.to,
    total: cases.length,
    byStatus,
    byCategory: tally(cases.map((c) => c.productCategory)),
    byCity: tally(cases.map((c) => c.city || '未知')),
    byExpert: [...experts]
      .map(([expertId, e]) => ({
        expertId,
        name: e.name,
        count: e.count,
        resolved: e.resolved,
        averageStars: e.ratings ? round2(e.stars / e.ratings) : null,
      }))
      .sort((a, b) => b.count - a.count || a.expertId.localeCompare(b.expertId)),
    firstAnswerHours: durationStats(first),
    resolutionHours: durationStats(resolution),
    overdue,
    ratings: { count: ratings, average: ratings ? round2(starsTotal / ratings) : null, distribution },
  };
}

// ---- the CSV export ----

/** Columns of the export: one table, each row a figure of one dimension (Excel filters by 维度). */
export const STATS_CSV_HEADER = ['维度', '项目', '数值', '已解决', '平均评分'] as const;

const fmt = (n: number | null) => (n === null ? '' : String(n));

/** The statistics as table rows (without the header), in the order the admin page shows them. */
export function caseStatsRows(view: CaseStatsView): string[][] {
  const rows: string[][] = [];
  const row = (dimension: string, item: string, value: string, resolved = '', stars = '') =>
    rows.push([dimension, item, value, resolved, stars]);
  row('统计范围', '提交日期', `${view.from} 至 ${view.to}`);
  row('总体', '问诊总数', String(view.total));
  row('总体', '首次答复超时', String(view.overdue));
  for (const s of CASE_STATUSES) row('状态', CASE_STATUS_LABELS[s], String(view.byStatus[s]));
  for (const [label, d] of [
    ['首次答复时长（小时）', view.firstAnswerHours],
    ['解决时长（小时）', view.resolutionHours],
  ] as const) {
    row(label, '样本数', String(d.count));
    row(label, '中位数', fmt(d.median));
    row(label, 'P90', fmt(d.p90));
  }
  row('评价', '评价数', String(view.ratings.count));
  row('评价', '平均星级', fmt(view.ratings.average));
  for (const star of ['5', '4', '3', '2', '1'] as const) {
    row('评价', `${star} 星`, String(view.ratings.distribution[star]));
  }
  for (const c of view.byCategory) row('产品类别', c.key, String(c.count));
  for (const c of view.byCity) row('城市', c.key, String(c.count));
  for (const e of view.byExpert) {
    row('专家', `${e.name}（${e.expertId}）`, String(e.count), String(e.resolved), fmt(e.averageStars));
  }
  return rows;
}

/** The CSV cell rule lives in core/csv.ts (the admin exports use it too). */
export { csvCell };

/** The export file: UTF-8 with a BOM (Excel reads Chinese correctly only with it), CRLF lines. */
export function caseStatsCsv(view: CaseStatsView): { csv: string; rows: number } {
  const rows = caseStatsRows(view);
  const lines = [STATS_CSV_HEADER.join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return { csv: '\ufeff' + lines.join('\r\n') + '\r\n', rows: rows.length };
}
