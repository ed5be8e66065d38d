/**
 * The dashboard's charts from the database: one aggregation per campaign chart (the database groups;
 * 200,000 applications never travel to the function), paged reads of the few fields the cable statistics
 * need, and the latest published red list's stored counts. The shaping is figures.ts.
 */
import type { DashboardChartView, DashboardSection } from '../../contract/admin-dashboard';
import { summariseCableRequests, type StatsInputRow } from '../../core/cable/stats';
import { UNKNOWN_CITY } from '../../core/redlist/diff';
import { calendarDate, endOfShanghaiDay, startOfShanghaiDay } from '../../core/time';
import { GUANGDONG_CITIES } from '../../core/uscc';
import type { Database } from '../../runtime/cloud';
import { list } from '../../runtime/db';
import { REQUESTS } from '../../services/cable';
import { getCampaignOrFail } from '../../services/campaigns';
import type { CampaignDoc } from '../../services/documents';
import { tierCountsView } from '../../services/redlist';
import { latestPublishedVersion } from '../../services/redlist-versions';
import {
  cableChart,
  citiesChart,
  poolsChart,
  redemptionsChart,
  redlistChart,
  trendChart,
  vouchersChart,
  type RedemptionGroup,
} from './figures';

/** Documents per paged read (the platform's maximum). */
export const PAGE = 1000;
/** Groups an aggregation may answer (the service answers 20 without a $limit). */
const GROUP_LIMIT = 10_000;
/** The cable chart's range when none is given: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

export interface Scope {
  campaignId?: string;
  from?: string;
  to?: string;
}

/**
 * Every document of `where` in `_id` order, a page at a time, `fields` only: each page continues after the
 * last `_id` seen (no growing skip), so the 200th page costs what the first did.
 */
export async function forEachPage<T extends { _id: string }>(
  db: Database,
  collection: string,
  where: Record<string, unknown>,
  fields: Record<string, true>,
  onPage: (docs: T[]) => void | Promise<void>,
): Promise<void> {
  const _ = db.command;
  let after: string | null = null;
  for (;;) {
    const query: Record<string, unknown> = after === null ? where : { ...where, _id: _.gt(after) };
    const page = await list<T>(
      db
        .collection(collection)
        .where(query)
        .orderBy('_id', 'asc')
        .limit(PAGE)
        .field({ ...fields, _id: true }),
    );
    if (page.length) await onPage(page);
    if (page.length < PAGE) return;
    after = page[page.length - 1]._id;
  }
}

/** The date range of the cable figures: as given, or the last 30 days. */
export function rangeOf(scope: Scope, now: Date): { from: string; to: string } {
  if (scope.from && scope.to) return { from: scope.from, to: scope.to };
  const to = calendarDate(now);
  return { from: calendarDate(now.getTime() - (DEFAULT_RANGE_DAYS - 1) * 86_400_000), to };
}

export function cableWhere(db: Database, range: { from: string; to: string }): Record<string, unknown> {
  const _ = db.command;
  return { submittedAt: _.gte(startOfShanghaiDay(range.from)).and(_.lte(endOfShanghaiDay(range.to))) };
}

/** What the quick-screen figures need of each request submitted in [from, to] (Asia/Shanghai days), read page by page. */
export async function cableStatsRows(db: Database, range: { from: string; to: string }): Promise<StatsInputRow[]> {
  const rows: StatsInputRow[] = [];
  await forEachPage<StatsInputRow & { _id: string }>(
    db,
    REQUESTS,
    cableWhere(db, range),
    {
      city: true,
      status: true,
      verdict: true,
      requesterType: true,
      hospitalId: true,
      submittedAt: true,
      completedAt: true,
    },
    (page) => {
      for (const row of page) rows.push(row);
    },
  );
  return rows;
}

/**
 * An instant moved to Asia/Shanghai's wall clock (UTC+8, no daylight saving since 1991), for date parts in
 * UTC: measured several times faster on the local database than $dateToString's timezone option.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const shanghaiClock = (field: string) => ({ $add: [field, SHANGHAI_OFFSET_MS] });

interface Group<K> {
  _id: K;
  count: number;
}

async function groups<K, R extends Group<K> = Group<K>>(query: { end(): unknown }): Promise<R[]> {
  return ((await query.end()) as { list: R[] }).list;
}

async function campaignChart(
  db: Database,
  section: DashboardSection,
  campaign: CampaignDoc,
  now: Date,
): Promise<DashboardChartView> {
  const $ = db.command.aggregate;
  const campaignId = campaign._id;
  const scope = { scope: campaign.title };
  const apps = () => db.collection('applications').aggregate().match({ campaignId });
  switch (section) {
    case 'pools': {
      // Grouped by the chosen set of pools (a handful of combinations), split per pool here: measured
      // faster than $unwind, which makes a document per pool chosen.
      const perChoice = await groups<string[] | null>(
        apps()
          .group({ _id: '$poolIds', count: $.sum(1) })
          .limit(GROUP_LIMIT),
      );
      const applied: Record<string, number> = {};
      let total = 0;
      for (const g of perChoice) {
        total += g.count;
        for (const poolId of new Set(g._id ?? [])) applied[poolId] = (applied[poolId] ?? 0) + g.count;
      }
      return poolsChart(campaign.pools, applied, total, scope);
    }
    case 'trend': {
      // Grouped by the number of the Shanghai day since 1970 (arithmetic on the instant): measured faster on
      // the local database than formatting each date; the day's name is made here.
      const perDay = await groups<number>(
        apps()
          .group({
            _id: $.floor($.divide([$.add([$.subtract(['$submittedAt', new Date(0)]), SHANGHAI_OFFSET_MS]), DAY_MS])),
            count: $.sum(1),
          })
          .limit(GROUP_LIMIT),
      );
      const end = Math.min(new Date(campaign.closesAt).getTime(), now.getTime());
      return trendChart(
        perDay.map((g) => ({ day: new Date(g._id * DAY_MS).toISOString().slice(0, 10), count: g.count })),
        calendarDate(campaign.opensAt),
        calendarDate(end),
        scope,
      );
    }
    case 'cities': {
      const perCity = await groups<string | null>(
        apps()
          .group({ _id: '$city', count: $.sum(1) })
          .limit(GROUP_LIMIT),
      );
      return citiesChart(
        perCity.map((g) => ({ city: g._id, count: g.count })),
        scope,
      );
    }
    case 'vouchers': {
      const perState = await groups<{ poolId: string; status: string }>(
        db
          .collection('vouchers')
          .aggregate()
          .match({ campaignId })
          .group({ _id: { poolId: '$poolId', status: '$status' }, count: $.sum(1) })
          .limit(GROUP_LIMIT),
      );
      return vouchersChart(
        campaign.pools,
        perState.map((g) => ({ poolId: g._id.poolId, status: g._id.status, count: g.count })),
        scope,
      );
    }
    default: {
      type Row = Group<{ hospitalId: string; month: string }> & { hospitalName: string; offset: number; fee: number };
      const perHospitalMonth = await groups<Row['_id'], Row>(
        db
          .collection('vouchers')
          .aggregate()
          .match({ campaignId, status: 'redeemed' })
          .group({
            _id: {
              hospitalId: '$redemption.hospitalId',
              month: $.dateToString({ date: shanghaiClock('$redemption.redeemedAt'), format: '%Y-%m' }),
            },
            hospitalName: $.first('$redemption.hospitalName'),
            count: $.sum(1),
            offset: $.sum('$redemption.offset'),
            fee: $.sum('$redemption.fee'),
          })
          .limit(GROUP_LIMIT),
      );
      const rows: RedemptionGroup[] = perHospitalMonth.map((g) => ({
        hospitalId: g._id.hospitalId,
        hospitalName: g.hospitalName,
        month: g._id.month,
        count: g.count,
        offset: g.offset,
        fee: g.fee,
      }));
      return redemptionsChart(rows, scope);
    }
  }
}

/** One chart of the dashboard (the scope is validated by the contract: campaign sections have a campaign). */
export async function dashboardSection(
  db: Database,
  section: DashboardSection,
  scope: Scope,
  now: Date,
): Promise<DashboardChartView> {
  if (section === 'cable') {
    const range = rangeOf(scope, now);
    const rows = await cableStatsRows(db, range);
    return cableChart(summariseCableRequests(rows), { scope: `${range.from} 至 ${range.to}` });
  }
  if (section === 'redlist') {
    const version = await latestPublishedVersion(db);
    if (!version) return redlistChart([], { scope: '红榜尚未发布' });
    const byCity = version.counts?.byCity ?? {};
    const cities = GUANGDONG_CITIES.map((c) => ({ city: c.name, ...tierCountsView(byCity[c.name]) }));
    if (byCity[UNKNOWN_CITY]?.total) cities.push({ city: UNKNOWN_CITY, ...tierCountsView(byCity[UNKNOWN_CITY]) });
    return redlistChart(cities, { scope: `${version.version} 期红榜` });
  }
  const campaign = await getCampaignOrFail(db, scope.campaignId!, true);
  return campaignChart(db, section, campaign, now);
}
