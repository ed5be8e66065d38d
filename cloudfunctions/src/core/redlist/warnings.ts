/**
 * Warning list (警示名单): Guangdong enterprises with at least `minFailures` failed sampling results
 * in the trailing `trailingYears` years, i.e. sampled in (asOf − N calendar years, asOf].
 */
import { addDays, addYears, formatDateKey, requireDateKey } from './dates';
import { buildNameIndex, matchByName, type NameIndex } from './names';
import { cityOfEnterprise, isGuangdongEnterprise } from './region';
import { DATA_START_KEY } from './rule';
import type { EnterpriseEntry, EvaluationRecord } from './types';

export interface WarningRule {
  minFailures: number;
  trailingYears: number;
}

export const DEFAULT_WARNING_RULE: WarningRule = { minFailures: 2, trailingYears: 3 };

export interface WarningRow {
  uscc: string;
  name: string;
  city: string | null;
  failures: number;
  /** First day of the window (inclusive). */
  windowStart: string;
  firstFailAt: string;
  lastFailAt: string;
  categories: string[];
  failedItems: string[];
}

export interface WarningRecord extends EvaluationRecord {
  failedItems?: string | string[];
}

export interface WarningOptions {
  enterprises?: Iterable<EnterpriseEntry>;
}

interface Acc {
  failures: number;
  first: number;
  last: number;
  name?: string;
  cats: Set<string>;
  items: Set<string>;
}

/** Rows ordered by failures (most first), then latest failure, then USCC. */
export function evaluateWarnings(
  records: Iterable<WarningRecord>,
  asOf: string,
  rule: WarningRule = DEFAULT_WARNING_RULE,
  options: WarningOptions = {},
): WarningRow[] {
  if (!Number.isInteger(rule.minFailures) || rule.minFailures < 1) throw new RangeError('minFailures 应为正整数');
  if (!Number.isInteger(rule.trailingYears) || rule.trailingYears < 1) throw new RangeError('trailingYears 应为正整数');
  const end = requireDateKey(asOf, '评估日期');
  // Exclusive lower bound: 3 years trailing 2025-10-31 is 2022-11-01 … 2025-10-31.
  const after = addYears(end, -rule.trailingYears);
  const registry = new Map<string, EnterpriseEntry>();
  for (const e of options.enterprises ?? []) registry.set(e.uscc, e);
  let index: NameIndex | null = null;
  const acc = new Map<string, Acc>();
  for (const r of records) {
    if (r.result !== 'fail') continue;
    const d = requireDateKey(r.sampledAt, '抽样日期');
    if (d <= after || d > end || d < DATA_START_KEY) continue;
    let uscc = r.uscc;
    if (!uscc) {
      index ??= buildNameIndex(registry.values());
      const m = matchByName(index, r.enterpriseName ?? '');
      if (!('uscc' in m)) continue;
      uscc = m.uscc;
    }
    let a = acc.get(uscc);
    if (!a) acc.set(uscc, (a = { failures: 0, first: d, last: d, cats: new Set(), items: new Set() }));
    a.failures++;
    if (d < a.first) a.first = d;
    if (d >= a.last) {
      a.last = d;
      if (r.enterpriseName) a.name = r.enterpriseName;
    }
    if (r.productCategory) a.cats.add(r.productCategory);
    const items = Array.isArray(r.failedItems) ? r.failedItems : splitItems(r.failedItems);
    for (const item of items) a.items.add(item);
  }
  const windowStart = formatDateKey(addDays(after, 1));
  const rows: WarningRow[] = [];
  for (const [uscc, a] of acc) {
    if (a.failures < rule.minFailures) continue;
    const entry = registry.get(uscc);
    if (!isGuangdongEnterprise(uscc, entry)) continue;
    rows.push({
      uscc,
      name: entry?.name ?? a.name ?? '',
      city: cityOfEnterprise(uscc, entry),
      failures: a.failures,
      windowStart,
      firstFailAt: formatDateKey(a.first),
      lastFailAt: formatDateKey(a.last),
      categories: [...a.cats].sort(),
      failedItems: [...a.items].sort(),
    });
  }
  return rows.sort(
    (x, y) =>
      y.failures - x.failures ||
      (x.lastFailAt > y.lastFailAt ? -1 : x.lastFailAt < y.lastFailAt ? 1 : 0) ||
      (x.uscc < y.uscc ? -1 : 1),
  );
}

function splitItems(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/[;；,，、]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
