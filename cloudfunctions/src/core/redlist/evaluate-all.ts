/**
 * Bulk evaluation of `redlist-v1` over all inspection records.
 *
 * Records are folded into compact parallel typed arrays (enterprise index, date as yyyymmdd,
 * category id) instead of per-enterprise object lists, so a million records cost ~12 MB and three
 * linear passes: failures first (while reading), then the clean span, then categories for the
 * listed few. Same results as evaluateEnterprise per enterprise.
 */
import { fullYearsBetween, formatDateKey, requireDateKey, type DateKey } from './dates';
import { buildNameIndex, matchByName, type NameIndex, type NameMatch } from './names';
import { cityOfEnterprise, isGuangdongEnterprise } from './region';
import { DATA_START_KEY, tierForYears } from './rule';
import type { EnterpriseEntry, EvaluationRecord, RedlistRow, Tier } from './types';

export interface EvaluateOptions {
  /** Called for a record without USCC whose producer name matches no enterprise, or several. */
  onUnmatched?: (record: EvaluationRecord, match: Exclude<NameMatch, { uscc: string }>) => void;
}

export interface EvaluationStats {
  records: number;
  /** Records outside [2011-01-01, asOf]. */
  outOfRange: number;
  unmatched: number;
  ambiguous: number;
  enterprises: number;
  /** Enterprises that qualified but are not registered in Guangdong. */
  notGuangdong: number;
}

const TIER_ORDER: Record<Tier, number> = { ten: 0, five: 1, three: 2 };

/** Growable Int32Array. */
class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): number {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }
}

/** Incremental evaluator: feed records (in any order, in batches), then finish(). */
export class RedlistAccumulator {
  private readonly end: DateKey;
  private readonly registry = new Map<string, EnterpriseEntry>();
  private nameIndex: NameIndex | null = null;
  private readonly entIndex = new Map<string, number>();
  private readonly usccs: string[] = [];
  /** Producer name from the latest record per enterprise (used when the registry has none). */
  private readonly recordNames: (string | undefined)[] = [];
  private readonly recordNameDate = new IntColumn();
  private readonly lastFail = new IntColumn();
  private readonly recEnt = new IntColumn(1 << 16);
  private readonly recDate = new IntColumn(1 << 16);
  private readonly recCat = new IntColumn(1 << 16);
  private readonly catIds = new Map<string, number>();
  private readonly catNames: string[] = [];
  readonly stats: EvaluationStats = {
    records: 0,
    outOfRange: 0,
    unmatched: 0,
    ambiguous: 0,
    enterprises: 0,
    notGuangdong: 0,
  };

  constructor(
    asOf: string,
    enterprises: Iterable<EnterpriseEntry> = [],
    private readonly options: EvaluateOptions = {},
  ) {
    this.end = requireDateKey(asOf, '评估日期');
    for (const e of enterprises) this.registry.set(e.uscc, e);
  }

  private resolve(record: EvaluationRecord): string | null {
    if (record.uscc) return record.uscc;
    if (!this.nameIndex) this.nameIndex = buildNameIndex(this.registry.values());
    const match = matchByName(this.nameIndex, record.enterpriseName ?? '');
    if ('uscc' in match) return match.uscc;
    if ('ambiguous' in match) this.stats.ambiguous++;
    else this.stats.unmatched++;
    this.options.onUnmatched?.(record, match);
    return null;
  }

  add(record: EvaluationRecord): void {
    this.stats.records++;
    const date = requireDateKey(record.sampledAt, '抽样日期');
    if (record.result !== 'pass' && record.result !== 'fail') {
      throw new RangeError(`检验结果“${String(record.result)}”无效`);
    }
    if (date < DATA_START_KEY || date > this.end) {
      this.stats.outOfRange++;
      return;
    }
    const uscc = this.resolve(record);
    if (uscc === null) return;
    let ent = this.entIndex.get(uscc);
    if (ent === undefined) {
      ent = this.usccs.length;
      this.entIndex.set(uscc, ent);
      this.usccs.push(uscc);
      this.recordNames.push(undefined);
      this.recordNameDate.push(0);
      this.lastFail.push(0);
    }
    if (record.enterpriseName && date >= this.recordNameDate.data[ent]) {
      this.recordNames[ent] = record.enterpriseName;
      this.recordNameDate.data[ent] = date;
    }
    if (record.result === 'fail' && date > this.lastFail.data[ent]) this.lastFail.data[ent] = date;
    let cat = -1;
    if (record.productCategory) {
      cat = this.catIds.get(record.productCategory) ?? -1;
      if (cat < 0) {
        cat = this.catNames.length;
        this.catIds.set(record.productCategory, cat);
        this.catNames.push(record.productCategory);
      }
    }
    this.recEnt.push(ent);
    this.recDate.push(date);
    this.recCat.push(cat);
  }

  /** The listed rows, ordered by tier, then longest streak, then USCC. */
  finish(): RedlistRow[] {
    const n = this.usccs.length;
    this.stats.enterprises = n;
    const lastFail = this.lastFail.data;
    const start = new Int32Array(n).fill(0x7fffffff);
    const last = new Int32Array(n);
    const count = new Int32Array(n);
    const recEnt = this.recEnt.data;
    const recDate = this.recDate.data;
    const m = this.recEnt.length;
    for (let i = 0; i < m; i++) {
      const e = recEnt[i];
      const d = recDate[i];
      if (d <= lastFail[e]) continue;
      count[e]++;
      if (d < start[e]) start[e] = d;
      if (d > last[e]) last[e] = d;
    }

    const tiers: (Tier | null)[] = new Array(n).fill(null);
    const yearsOf = new Int32Array(n);
    for (let e = 0; e < n; e++) {
      if (count[e] === 0) continue;
      const years = fullYearsBetween(start[e], this.end);
      const tier = tierForYears(years);
      if (!tier) continue;
      const uscc = this.usccs[e];
      if (!isGuangdongEnterprise(uscc, this.registry.get(uscc))) {
        this.stats.notGuangdong++;
        continue;
      }
      tiers[e] = tier;
      yearsOf[e] = years;
    }

    // Per-year counts and category sets of the clean span, in flat typed arrays (no per-record objects).
    const firstYear = Math.floor(DATA_START_KEY / 10000);
    const span = Math.floor(this.end / 10000) - firstYear + 1;
    const perYear = new Int32Array(n * span);
    const words = Math.max(1, Math.ceil(this.catNames.length / 32));
    const catBits = new Uint32Array(n * words);
    const recCat = this.recCat.data;
    for (let i = 0; i < m; i++) {
      const e = recEnt[i];
      if (tiers[e] === null || recDate[i] <= lastFail[e]) continue;
      perYear[e * span + Math.floor(recDate[i] / 10000) - firstYear]++;
      const c = recCat[i];
      if (c >= 0) catBits[e * words + (c >>> 5)] |= 1 << (c & 31);
    }

    const rows: RedlistRow[] = [];
    for (let e = 0; e < n; e++) {
      const tier = tiers[e];
      if (tier === null) continue;
      const uscc = this.usccs[e];
      const entry = this.registry.get(uscc);
      const inspectionsByYear: Record<string, number> = {};
      for (let y = 0; y < span; y++) {
        const k = perYear[e * span + y];
        if (k) inspectionsByYear[String(firstYear + y)] = k;
      }
      const categories: string[] = [];
      for (let w = 0; w < words; w++) {
        for (let bits = catBits[e * words + w] | 0; bits !== 0; bits &= bits - 1) {
          categories.push(this.catNames[w * 32 + 31 - Math.clz32(bits & -bits)]);
        }
      }
      rows.push({
        uscc,
        name: entry?.name ?? this.recordNames[e] ?? '',
        city: cityOfEnterprise(uscc, entry),
        tier,
        streakStart: formatDateKey(start[e]),
        years: yearsOf[e],
        lastInspectionAt: formatDateKey(last[e]),
        inspectionCount: count[e],
        inspectionsByYear,
        categories: categories.sort(),
      });
    }
    return rows.sort(compareRows);
  }
}

export function compareRows(a: RedlistRow, b: RedlistRow): number {
  return (
    TIER_ORDER[a.tier] - TIER_ORDER[b.tier] ||
    b.years - a.years ||
    (a.streakStart < b.streakStart ? -1 : a.streakStart > b.streakStart ? 1 : 0) ||
    (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0)
  );
}

/**
 * Evaluates every enterprise at `asOf` and returns the listed (Guangdong) rows. Records without
 * USCC are matched by normalised name against `enterprises` (current and former names).
 */
export function evaluateAll(
  records: Iterable<EvaluationRecord>,
  asOf: string,
  enterprises?: Iterable<EnterpriseEntry>,
  options?: EvaluateOptions,
): RedlistRow[] {
  const acc = new RedlistAccumulator(asOf, enterprises, options);
  for (const r of records) acc.add(r);
  return acc.finish();
}

/** evaluateAll over an async source (database pages, a streamed import). */
export async function evaluateAllAsync(
  records: AsyncIterable<EvaluationRecord> | Iterable<EvaluationRecord>,
  asOf: string,
  enterprises?: Iterable<EnterpriseEntry>,
  options?: EvaluateOptions,
): Promise<RedlistRow[]> {
  const acc = new RedlistAccumulator(asOf, enterprises, options);
  for await (const r of records) acc.add(r);
  return acc.finish();
}
