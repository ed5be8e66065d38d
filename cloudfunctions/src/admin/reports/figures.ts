/**
 * The dashboard's charts as pure functions of what the database aggregated (admin/actions/dashboard.ts
 * gathers it): each returns the chart's categories and series and the table under it, which alone carries
 * every number (the exports write the same table).
 */
import { CABLE_STATUS_LABELS } from '../../../../miniprogram/shared/cable-workflow';
import { GUANGDONG_CITY_NAMES } from '../../../../miniprogram/shared/cities';
import { TIER_LABELS } from '../../../../miniprogram/shared/redlist-tiers';
import type { DashboardChartView, ReportCell } from '../../contract/admin-dashboard';
import type { Pool } from '../../contract/voucher';
import { CABLE_STATUSES } from '../../core/cable/workflow';
import type { CableStats } from '../../core/cable/stats';

/** A city left blank on the application (a person may not give one). */
export const NO_CITY = '未填写';
/** Hospitals beyond the chart's first ones are drawn as one series (the table lists each). */
export const CHART_HOSPITALS = 6;
export const OTHER_HOSPITALS = '其他医院';

/**
 * Voucher states as admins read them. Holders read an issued voucher as 可使用 (miniprogram/utils/voucher.ts);
 * the other three words are theirs too.
 */
export const VOUCHER_STATE_LABELS = {
  issued: '未使用',
  redeemed: '已核销',
  expired: '已过期',
  void: '已作废',
} as const;
export const VOUCHER_STATES = ['issued', 'redeemed', 'expired', 'void'] as const;

/** What a pool is called on the dashboard: its label, or its face value and code. */
export const poolName = (pool: Pick<Pool, 'poolId' | 'faceValue' | 'label'>): string =>
  pool.label ? pool.label : `${pool.faceValue} 元券（${pool.poolId}）`;

/** applicants / quantity, two decimals; 0 for a pool without vouchers. */
export const oversubscription = (applied: number, quantity: number): number =>
  quantity > 0 ? Math.round((applied / quantity) * 100) / 100 : 0;

const money = (n: number) => Math.round(n * 100) / 100;

type Scope = { scope: string };

/** Applications against quota per pool, and the oversubscription ratio. */
export function poolsChart(
  pools: readonly Pick<Pool, 'poolId' | 'faceValue' | 'quantity' | 'label'>[],
  appliedByPool: Readonly<Record<string, number>>,
  totalApplications: number,
  { scope }: Scope,
): DashboardChartView {
  const rows = pools.map((p) => {
    const applied = appliedByPool[p.poolId] ?? 0;
    return [poolName(p), p.faceValue, p.quantity, applied, oversubscription(applied, p.quantity)];
  });
  const quantity = pools.reduce((s, p) => s + p.quantity, 0);
  return {
    section: 'pools',
    title: '各券种申领与名额',
    scope,
    chart: 'column',
    stacked: false,
    categories: pools.map(poolName),
    series: [
      { name: '名额', data: pools.map((p) => p.quantity) },
      { name: '申领', data: pools.map((p) => appliedByPool[p.poolId] ?? 0) },
    ],
    figures: [
      { label: '申领总数', value: String(totalApplications) },
      { label: '名额合计', value: String(quantity) },
    ],
    table: { columns: ['券种', '面值（元）', '名额', '申领', '超额倍数'], rows },
  };
}

/** The calendar days from `from` to `to` (YYYY-MM-DD, inclusive). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * The daily application trend over the campaign's days (Asia/Shanghai): every day from the first to the
 * last, zero included, with the running total in the table. Days outside [first, last] that hold
 * applications widen the range (so no application is lost from the chart).
 */
export function trendChart(
  byDay: readonly { day: string; count: number }[],
  first: string,
  last: string,
  { scope }: Scope,
): DashboardChartView {
  const counts = new Map(byDay.map((d) => [d.day, d.count]));
  const known = byDay.map((d) => d.day).sort();
  const start = known.length && known[0] < first ? known[0] : first;
  const end = known.length && known[known.length - 1] > last ? known[known.length - 1] : last;
  const days = start <= end ? daysBetween(start, end) : [];
  let running = 0;
  const rows = days.map((day) => {
    const n = counts.get(day) ?? 0;
    running += n;
    return [day, n, running];
  });
  return {
    section: 'trend',
    title: '每日申领趋势',
    scope,
    chart: 'line',
    stacked: false,
    categories: days.map((d) => d.slice(5)),
    series: [{ name: '当日申领', data: days.map((d) => counts.get(d) ?? 0) }],
    figures: [{ label: '申领总数', value: String(running) }],
    table: { columns: ['日期', '当日申领', '累计申领'], rows },
  };
}

/** Applicants by city: every Guangdong city in division-code order (zero included), then any other, then blank. */
export function citiesChart(
  byCity: readonly { city: string | null; count: number }[],
  { scope }: Scope,
): DashboardChartView {
  const counts = new Map<string, number>();
  for (const { city, count } of byCity) {
    const key = city || NO_CITY;
    counts.set(key, (counts.get(key) ?? 0) + count);
  }
  const others = [...counts.keys()].filter((c) => c !== NO_CITY && !GUANGDONG_CITY_NAMES.includes(c)).sort();
  const names = [...GUANGDONG_CITY_NAMES, ...others, ...(counts.has(NO_CITY) ? [NO_CITY] : [])];
  const data = names.map((n) => counts.get(n) ?? 0);
  return {
    section: 'cities',
    title: '各城市申领数',
    scope,
    chart: 'bar',
    stacked: false,
    categories: names,
    series: [{ name: '申领', data }],
    figures: [{ label: '申领总数', value: String(data.reduce((a, b) => a + b, 0)) }],
    table: { columns: ['城市', '申领'], rows: names.map((n, i) => [n, data[i]]) },
  };
}

/** Vouchers per pool by state (stacked: the stack is the number issued). */
export function vouchersChart(
  pools: readonly Pick<Pool, 'poolId' | 'faceValue' | 'quantity' | 'label'>[],
  byPoolState: readonly { poolId: string; status: string; count: number }[],
  { scope }: Scope,
): DashboardChartView {
  const get = (poolId: string, status: string) =>
    byPoolState.filter((r) => r.poolId === poolId && r.status === status).reduce((s, r) => s + r.count, 0);
  const rows: ReportCell[][] = pools.map((p) => {
    const states = VOUCHER_STATES.map((s) => get(p.poolId, s));
    return [poolName(p), p.quantity, states.reduce((a, b) => a + b, 0), ...states];
  });
  const issued = rows.reduce((s, r) => s + (r[2] as number), 0);
  return {
    section: 'vouchers',
    title: '各券种发放与使用',
    scope,
    chart: 'column',
    stacked: true,
    categories: pools.map(poolName),
    series: VOUCHER_STATES.map((s) => ({ name: VOUCHER_STATE_LABELS[s], data: pools.map((p) => get(p.poolId, s)) })),
    figures: [
      { label: '已发券', value: String(issued) },
      { label: '已核销', value: String(rows.reduce((s, r) => s + (r[4] as number), 0)) },
    ],
    table: { columns: ['券种', '名额', '已发券', ...VOUCHER_STATES.map((s) => VOUCHER_STATE_LABELS[s])], rows },
  };
}

export interface RedemptionGroup {
  hospitalId: string;
  hospitalName: string;
  /** YYYY-MM in Asia/Shanghai. */
  month: string;
  count: number;
  offset: number;
  fee: number;
}

/**
 * Redemption amounts (what the vouchers covered) per hospital per month: months as categories, the
 * hospitals with the largest totals as series (the rest as one), every hospital and month in the table.
 */
export function redemptionsChart(groups: readonly RedemptionGroup[], { scope }: Scope): DashboardChartView {
  const months = [...new Set(groups.map((g) => g.month))].sort();
  const totals = new Map<string, { name: string; offset: number }>();
  for (const g of groups) {
    const t = totals.get(g.hospitalId) ?? { name: g.hospitalName, offset: 0 };
    t.offset += g.offset;
    totals.set(g.hospitalId, t);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1].offset - a[1].offset || (a[0] < b[0] ? -1 : 1));
  const shown = ranked.slice(0, CHART_HOSPITALS);
  const rest = new Set(ranked.slice(CHART_HOSPITALS).map(([id]) => id));
  const sum = (month: string, keep: (id: string) => boolean) =>
    money(groups.filter((g) => g.month === month && keep(g.hospitalId)).reduce((s, g) => s + g.offset, 0));
  const series = shown.map(([id, t]) => ({ name: t.name, data: months.map((m) => sum(m, (h) => h === id)) }));
  if (rest.size) series.push({ name: OTHER_HOSPITALS, data: months.map((m) => sum(m, (h) => rest.has(h))) });
  const order = new Map(ranked.map(([id], i) => [id, i]));
  const rows = [...groups]
    .sort((a, b) =>
      a.month < b.month ? -1 : a.month > b.month ? 1 : order.get(a.hospitalId)! - order.get(b.hospitalId)!,
    )
    .map((g) => [g.month, g.hospitalName, g.count, money(g.offset), money(g.fee)]);
  return {
    section: 'redemptions',
    title: '各医院每月核销金额',
    scope,
    chart: 'column',
    stacked: false,
    categories: months,
    series,
    figures: [
      { label: '核销笔数', value: String(groups.reduce((s, g) => s + g.count, 0)) },
      { label: '抵扣金额（元）', value: String(money(groups.reduce((s, g) => s + g.offset, 0))) },
    ],
    table: { columns: ['月份', '医院', '核销笔数', '抵扣金额（元）', '服务费（元）'], rows },
  };
}

/** Cable quick-screen requests per status, and the median submitted → completed time. */
export function cableChart(stats: CableStats, { scope }: Scope): DashboardChartView {
  const median = stats.medianTurnaroundDays === null ? '—' : `${stats.medianTurnaroundDays} 天`;
  return {
    section: 'cable',
    title: '电线电缆快检申请',
    scope,
    chart: 'column',
    stacked: false,
    categories: CABLE_STATUSES.map((s) => CABLE_STATUS_LABELS[s]),
    series: [{ name: '申请数', data: CABLE_STATUSES.map((s) => stats.byStatus[s]) }],
    figures: [
      { label: '申请总数', value: String(stats.total) },
      { label: '已完成', value: String(stats.completed) },
      { label: '办理用时中位数', value: median },
    ],
    table: {
      columns: ['状态', '申请数'],
      rows: [
        ...CABLE_STATUSES.map((s) => [CABLE_STATUS_LABELS[s], stats.byStatus[s]] as ReportCell[]),
        ['合计', stats.total],
        ['办理用时中位数（天）', stats.medianTurnaroundDays === null ? '—' : stats.medianTurnaroundDays],
      ],
    },
  };
}

export interface TierRow {
  city: string;
  ten: number;
  five: number;
  three: number;
  total: number;
}

/** Red-list tiers by city (stacked) from a published version's counts. */
export function redlistChart(byCity: readonly TierRow[], { scope }: Scope): DashboardChartView {
  const tiers = ['ten', 'five', 'three'] as const;
  return {
    section: 'redlist',
    title: '各城市红榜企业',
    scope,
    chart: 'bar',
    stacked: true,
    categories: byCity.map((r) => r.city),
    series: tiers.map((t) => ({ name: TIER_LABELS[t], data: byCity.map((r) => r[t]) })),
    figures: [{ label: '上榜企业', value: String(byCity.reduce((s, r) => s + r.total, 0)) }],
    table: {
      columns: ['城市', ...tiers.map((t) => TIER_LABELS[t]), '合计'],
      rows: byCity.map((r) => [r.city, r.ten, r.five, r.three, r.total]),
    },
  };
}
