/**
 * The `redlist-v1` rule for one enterprise (REDLIST.md, "Rule"):
 * 1. R = records sampled in [2011-01-01, E];
 * 2. lastFail = latest failed sampledAt in R;
 * 3. C = records of R strictly after lastFail (all of R without failures); C empty → not listed;
 * 4. streakStart = earliest sampledAt in C;
 * 5. years = largest n with streakStart + n calendar years ≤ E (29 Feb → 28 Feb in common years);
 * 6. tier by years: ≥10 ten, ≥5 five, ≥3 three, else not listed.
 */
import { fullYearsBetween, formatDateKey, requireDateKey, type DateKey } from './dates';
import type { EnterpriseEvaluation, RuleRecord, Tier } from './types';

export const RULE_VERSION = 'redlist-v1';
/** Published sampling data is used from this date on; older records are ignored. */
export const DATA_START = '2011-01-01';
export const DATA_START_KEY: DateKey = 20110101;

export function tierForYears(years: number): Tier | null {
  if (years >= 10) return 'ten';
  if (years >= 5) return 'five';
  if (years >= 3) return 'three';
  return null;
}

/** Evaluates one enterprise's records at `asOf`; null when it is not listed. Record order is irrelevant. */
export function evaluateEnterprise(records: Iterable<RuleRecord>, asOf: string): EnterpriseEvaluation | null {
  const end = requireDateKey(asOf, '评估日期');
  const dates: DateKey[] = [];
  const categories: (string | undefined)[] = [];
  let lastFail = 0;
  for (const r of records) {
    const key = requireDateKey(r.sampledAt, '抽样日期');
    if (key < DATA_START_KEY || key > end) continue;
    if (r.result === 'fail') {
      if (key > lastFail) lastFail = key;
    } else if (r.result !== 'pass') {
      throw new RangeError(`检验结果“${String(r.result)}”无效`);
    }
    dates.push(key);
    categories.push(r.productCategory);
  }
  return summarize(dates, categories, lastFail, end);
}

/** Steps 3–6 over R given as parallel arrays; shared with the bulk evaluator's per-enterprise path. */
function summarize(
  dates: readonly DateKey[],
  categories: readonly (string | undefined)[],
  lastFail: DateKey,
  end: DateKey,
): EnterpriseEvaluation | null {
  let streakStart = Infinity;
  let last = 0;
  let count = 0;
  const byYear: Record<string, number> = {};
  const cats = new Set<string>();
  for (let i = 0; i < dates.length; i++) {
    const key = dates[i];
    // A pass on the day of the last failure is not "strictly after" it.
    if (key <= lastFail) continue;
    count++;
    if (key < streakStart) streakStart = key;
    if (key > last) last = key;
    const year = String(Math.floor(key / 10000));
    byYear[year] = (byYear[year] ?? 0) + 1;
    const c = categories[i];
    if (c) cats.add(c);
  }
  if (count === 0) return null;
  const years = fullYearsBetween(streakStart, end);
  const tier = tierForYears(years);
  if (!tier) return null;
  return {
    tier,
    streakStart: formatDateKey(streakStart),
    years,
    lastInspectionAt: formatDateKey(last),
    inspectionCount: count,
    inspectionsByYear: byYear,
    categories: [...cats].sort(),
  };
}
