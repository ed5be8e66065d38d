/** Scan counts for the enterprise (per day and city, never who) and product figures for admins. */
import dayjs from 'dayjs';
import { CREDIT_LIMITS } from '../../../miniprogram/shared/credit';
import type { CountRow, CreditStatsRow, CreditStatsView, ScanStatsView } from '../contract/credit';
import { calendarDate } from '../core/time';
import type { Database } from '../runtime/cloud';
import { fetchAll } from '../runtime/db';
import { PRODUCTS, SCAN_DAYS, type ProductDoc, type ScanDayDoc } from './documents';

function sortedRows(counts: Map<string, number>): CountRow[] {
  return [...counts]
    .map(([key, count]) => ({ key, label: key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** The last statsDays Shanghai days of an enterprise's scans (one product or all), zeros included. */
export async function scanStatsOf(
  db: Database,
  uscc: string,
  productId: string | undefined,
  now: Date,
): Promise<ScanStatsView> {
  const today = dayjs(calendarDate(now));
  const days = Array.from({ length: CREDIT_LIMITS.statsDays }, (_, i) =>
    today.subtract(CREDIT_LIMITS.statsDays - 1 - i, 'day').format('YYYY-MM-DD'),
  );
  const _ = db.command;
  const rows = await fetchAll<ScanDayDoc>(db, SCAN_DAYS, {
    uscc,
    ...(productId ? { productId } : {}),
    day: _.gte(days[0]),
  });
  const byDay = new Map(days.map((d) => [d, 0]));
  const byPlace = new Map<string, number>();
  for (const row of rows) {
    if (!byDay.has(row.day)) continue;
    byDay.set(row.day, byDay.get(row.day)! + row.count);
    byPlace.set(row.place, (byPlace.get(row.place) ?? 0) + row.count);
  }
  const dayRows = days.map((d) => ({ key: d, label: d.slice(5).replace('-', '/'), count: byDay.get(d)! }));
  return {
    days: dayRows,
    cities: sortedRows(byPlace),
    total: dayRows.reduce((s, r) => s + r.count, 0),
    chart: {
      categories: dayRows.map((r) => r.label),
      series: [{ name: '扫码次数', data: dayRows.map((r) => r.count) }],
    },
  };
}

function addTo(rows: Map<string, CreditStatsRow>, key: string, p: ProductDoc): void {
  const row = rows.get(key) ?? { key, label: key, products: 0, revoked: 0, codes: 0, scans: 0 };
  row.products++;
  if (p.status === 'revoked') row.revoked++;
  row.codes += p.codeCount;
  row.scans += p.scanCount;
  rows.set(key, row);
}

/** Admins: products, revoked products, codes and scans by category and by the maker's city. */
export async function creditStatsOf(db: Database): Promise<CreditStatsView> {
  const products = await fetchAll<ProductDoc>(db, PRODUCTS, {});
  const byCategory = new Map<string, CreditStatsRow>();
  const byCity = new Map<string, CreditStatsRow>();
  const all = new Map<string, CreditStatsRow>();
  for (const p of products) {
    addTo(byCategory, p.category, p);
    addTo(byCity, p.enterpriseCity ?? '未知城市', p);
    addTo(all, '', p);
  }
  const order = (rows: Map<string, CreditStatsRow>) =>
    [...rows.values()].sort((a, b) => b.products - a.products || a.key.localeCompare(b.key));
  const { products: count, revoked, codes, scans } = all.get('') ?? { products: 0, revoked: 0, codes: 0, scans: 0 };
  return { byCategory: order(byCategory), byCity: order(byCity), totals: { products: count, revoked, codes, scans } };
}
