/**
 * Red-list documents (what `inspections`, `enterprises`, `redlist`, `redlist_versions` and
 * `redlist_warnings` hold) and the keys both the admin writer and the public lookup use.
 * No SDK imports: the seed and the bench build rows with the same code.
 */
import { inspectionRowKey, type InspectionImportRecord } from '../core/redlist/import';
import { TIER_LABELS } from '../core/redlist/types';
import type {
  ChangeRowView,
  RedlistEntryView,
  RedlistVersionView,
  TierCountsView,
  WarningRowView,
  YearLevelCount,
} from '../contract/redlist';
import { normalizeName } from '../core/redlist/normalize';
import type { InspectionLevel, RedlistRow, Tier } from '../core/redlist/types';
import type { TierCounts, VersionCounts } from '../core/redlist/diff';
import type { WarningRule } from '../core/redlist/warnings';

export const RULE_NAME = 'redlist-v1';

/** A stored inspection row: the parsed import record, identified by its row key, with a resolved USCC. */
export interface InspectionDoc extends Omit<InspectionImportRecord, 'uscc'> {
  /** = rowKey: a re-import finds the row by id. */
  _id: string;
  /** Given in the file, or resolved by producer name at import. */
  uscc: string;
  usccSource: 'file' | 'name';
  importJobId: string;
  line: number;
}

/**
 * The stored form of one inspection row: identified by its row key (so a re-import finds it), with the
 * USCC given in the file or resolved by producer name. One builder for the import, the seed and tests.
 */
export function inspectionDocOf(
  record: Omit<InspectionImportRecord, 'rowKey'> & { rowKey?: string },
  uscc: string,
  importJobId: string,
  line: number,
): InspectionDoc {
  const rowKey = record.rowKey ?? inspectionRowKey(record);
  return {
    _id: rowKey,
    rowKey,
    uscc,
    usccSource: record.uscc ? 'file' : 'name',
    enterpriseName: record.enterpriseName,
    productName: record.productName,
    productCategory: record.productCategory,
    specModel: record.specModel,
    batch: record.batch,
    sampledAt: record.sampledAt,
    level: record.level,
    authority: record.authority,
    result: record.result,
    failedItems: record.failedItems,
    announcement: record.announcement,
    importJobId,
    line,
  };
}

export interface RedlistRowDoc {
  /** `${version}:${uscc}` */
  _id: string;
  version: string;
  asOf: string;
  uscc: string;
  name: string;
  formerNames: string[];
  nameKey: string;
  /** Normalised current and former names joined by SEARCH_SEPARATOR: one field for the fragment regex. */
  searchKey: string;
  city: string | null;
  tier: Tier;
  /** Ascending = list order (tier, longest streak, earliest start); ties by uscc. */
  sortKey: number;
  streakStart: string;
  years: number;
  lastInspectionAt: string;
  inspectionCount: number;
  categories: string[];
  inspectionsByYear: Record<string, number>;
  inspectionsByYearLevel: YearLevelCount[];
}

export interface ChangeRow {
  uscc: string;
  name: string;
  city: string | null;
  tier: Tier;
  fromTier?: Tier;
}

export interface RedlistVersionDoc {
  _id: string;
  version: string;
  asOf: string;
  rule: string;
  status: 'building' | 'published';
  jobId: string;
  warningRule: WarningRule;
  counts?: VersionCounts;
  categories?: Record<string, number>;
  previousVersion?: string | null;
  changes?: { entries: number; exits: number; tierUp: number; tierDown: number };
  /** Full lists up to CHANGE_LIST_LIMIT each (the counts above stay exact). */
  entries?: ChangeRow[];
  exits?: ChangeRow[];
  tierChanges?: ChangeRow[];
  warnings?: number;
  stats?: { records: number; enterprises: number; notGuangdong: number };
  publishedAt?: Date | null;
}

export interface WarningDoc extends WarningRowView {
  _id: string;
  version: string;
  asOf: string;
}

export const CHANGE_LIST_LIMIT = 5000;

/** Cannot occur in a normalised name (whitespace and control characters are removed). */
export const SEARCH_SEPARATOR = '\u0001';

/** The tier names shown to users (one definition, in the core). */
export const TIER_LABEL = TIER_LABELS;
const TIER_INDEX: Record<Tier, number> = { ten: 0, five: 1, three: 2 };

export const rowId = (version: string, uscc: string) => `${version}:${uscc}`;

/** The version a date belongs to: its month. */
export const versionOf = (asOf: string) => asOf.slice(0, 7);

export function searchKeyOf(name: string, formerNames: readonly string[]): string {
  const keys = [normalizeName(name), ...formerNames.map(normalizeName)].filter(Boolean);
  return [...new Set(keys)].join(SEARCH_SEPARATOR);
}

/** tier, then years descending, then streakStart ascending, packed in one number (see compareRows). */
export function sortKeyOf(row: Pick<RedlistRow, 'tier' | 'years' | 'streakStart'>): number {
  const start = Number(row.streakStart.replace(/-/g, ''));
  return TIER_INDEX[row.tier] * 1e11 + (999 - Math.min(row.years, 999)) * 1e8 + start;
}

const LEVELS: readonly InspectionLevel[] = ['national', 'provincial', 'municipal', 'county'];

/** Clean-span inspections per year and level (records dated streakStart … asOf, all of them passes). */
export function yearLevelCounts(
  records: Iterable<{ sampledAt: string; level: InspectionLevel }>,
  streakStart: string,
  asOf: string,
): YearLevelCount[] {
  const byYear = new Map<string, YearLevelCount>();
  for (const r of records) {
    if (r.sampledAt < streakStart || r.sampledAt > asOf) continue;
    const year = r.sampledAt.slice(0, 4);
    let row = byYear.get(year);
    if (!row) byYear.set(year, (row = { year, national: 0, provincial: 0, municipal: 0, county: 0, total: 0 }));
    if (LEVELS.includes(r.level)) row[r.level]++;
    row.total++;
  }
  return [...byYear.values()].sort((a, b) => (a.year < b.year ? -1 : 1));
}

export function toRowDoc(
  version: string,
  asOf: string,
  row: RedlistRow,
  formerNames: readonly string[],
  byYearLevel: YearLevelCount[],
): RedlistRowDoc {
  return {
    _id: rowId(version, row.uscc),
    version,
    asOf,
    uscc: row.uscc,
    name: row.name,
    formerNames: [...formerNames],
    nameKey: normalizeName(row.name),
    searchKey: searchKeyOf(row.name, formerNames),
    city: row.city,
    tier: row.tier,
    sortKey: sortKeyOf(row),
    streakStart: row.streakStart,
    years: row.years,
    lastInspectionAt: row.lastInspectionAt,
    inspectionCount: row.inspectionCount,
    categories: row.categories,
    inspectionsByYear: row.inspectionsByYear,
    inspectionsByYearLevel: byYearLevel,
  };
}

// ---- views ----

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function tierCountsView(c: Partial<TierCounts> | undefined): TierCountsView {
  return { ten: c?.ten ?? 0, five: c?.five ?? 0, three: c?.three ?? 0, total: c?.total ?? 0 };
}

export function versionView(doc: RedlistVersionDoc): RedlistVersionView {
  return {
    version: doc.version,
    asOf: doc.asOf,
    rule: doc.rule,
    publishedAt: iso(doc.publishedAt),
    counts: tierCountsView(doc.counts && { ...doc.counts.byTier, total: doc.counts.total }),
    changes: {
      previousVersion: doc.previousVersion ?? null,
      entries: doc.changes?.entries ?? 0,
      exits: doc.changes?.exits ?? 0,
      tierUp: doc.changes?.tierUp ?? 0,
      tierDown: doc.changes?.tierDown ?? 0,
    },
  };
}

export function entryView(row: RedlistRowDoc): RedlistEntryView {
  return {
    uscc: row.uscc,
    name: row.name,
    formerNames: row.formerNames ?? [],
    city: row.city ?? null,
    tier: row.tier,
    tierLabel: TIER_LABEL[row.tier],
    streakStart: row.streakStart,
    spanEnd: row.asOf,
    years: row.years,
    lastInspectionAt: row.lastInspectionAt,
    inspectionCount: row.inspectionCount,
    categories: row.categories ?? [],
    inspectionsByYear: Object.entries(row.inspectionsByYear ?? {})
      .map(([year, count]) => ({ year, count }))
      .sort((a, b) => (a.year < b.year ? -1 : 1)),
    version: row.version,
    asOf: row.asOf,
  };
}

export function changeRowView(row: ChangeRow): ChangeRowView {
  return {
    uscc: row.uscc,
    name: row.name,
    city: row.city ?? null,
    tier: row.tier,
    tierLabel: TIER_LABEL[row.tier],
    ...(row.fromTier ? { fromTier: row.fromTier } : {}),
  };
}

export function warningView(doc: WarningDoc): WarningRowView {
  return {
    uscc: doc.uscc,
    name: doc.name,
    city: doc.city ?? null,
    failures: doc.failures,
    windowStart: doc.windowStart,
    firstFailAt: doc.firstFailAt,
    lastFailAt: doc.lastFailAt,
    categories: doc.categories ?? [],
    failedItems: doc.failedItems ?? [],
  };
}
