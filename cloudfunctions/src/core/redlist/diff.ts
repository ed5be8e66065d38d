/** Comparing two red-list versions, and the headline counts of one. */
import { GUANGDONG_CITIES } from '../uscc';
import { TIERS, type Tier } from './types';

export interface VersionRow {
  uscc: string;
  tier: Tier;
  name?: string;
  city?: string | null;
}

export interface TierChange<R extends VersionRow = VersionRow> {
  uscc: string;
  from: Tier;
  to: Tier;
  direction: 'up' | 'down';
  row: R;
}

export interface VersionDiff<R extends VersionRow = VersionRow> {
  /** Listed now, not before. */
  entries: R[];
  /** Listed before, not now (rows of the previous version). */
  exits: R[];
  tierChanges: TierChange<R>[];
  unchanged: number;
}

const RANK: Record<Tier, number> = { three: 1, five: 2, ten: 3 };
const byUscc = (a: { uscc: string }, b: { uscc: string }) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0);

export function diffVersions<R extends VersionRow>(
  previousRows: Iterable<R>,
  currentRows: Iterable<R>,
): VersionDiff<R> {
  const previous = new Map<string, R>();
  for (const r of previousRows) previous.set(r.uscc, r);
  const seen = new Set<string>();
  const entries: R[] = [];
  const tierChanges: TierChange<R>[] = [];
  let unchanged = 0;
  for (const row of currentRows) {
    seen.add(row.uscc);
    const before = previous.get(row.uscc);
    if (!before) entries.push(row);
    else if (before.tier !== row.tier) {
      tierChanges.push({
        uscc: row.uscc,
        from: before.tier,
        to: row.tier,
        direction: RANK[row.tier] > RANK[before.tier] ? 'up' : 'down',
        row,
      });
    } else unchanged++;
  }
  const exits = [...previous.values()].filter((r) => !seen.has(r.uscc));
  return {
    entries: entries.sort(byUscc),
    exits: exits.sort(byUscc),
    tierChanges: tierChanges.sort(byUscc),
    unchanged,
  };
}

export type TierCounts = Record<Tier, number> & { total: number };

export interface VersionCounts {
  total: number;
  byTier: Record<Tier, number>;
  /** Keyed by city full name (all 21 present, possibly zero); rows without a city under '未知'. */
  byCity: Record<string, TierCounts>;
}

export const UNKNOWN_CITY = '未知';

const emptyCounts = (): TierCounts => ({ ten: 0, five: 0, three: 0, total: 0 });

export function countsByTierAndCity(rows: Iterable<VersionRow>): VersionCounts {
  const byTier: Record<Tier, number> = { ten: 0, five: 0, three: 0 };
  const byCity: Record<string, TierCounts> = {};
  for (const c of GUANGDONG_CITIES) byCity[c.name] = emptyCounts();
  let total = 0;
  for (const row of rows) {
    if (!TIERS.includes(row.tier)) throw new RangeError(`未知榜单等级“${String(row.tier)}”`);
    total++;
    byTier[row.tier]++;
    const city = row.city || UNKNOWN_CITY;
    const counts = (byCity[city] ??= emptyCounts());
    counts[row.tier]++;
    counts.total++;
  }
  return { total, byTier, byCity };
}
