/** Red-list views as the `redlist` function returns them (contract/redlist.ts), for the fake cloud. */
import type {
  ChangeRowView,
  RedlistDetailView,
  RedlistEntryView,
  RedlistSearchView,
  RedlistStatsView,
  RedlistVersionView,
  TierCode,
} from '../../../typings/api';
import { TIER_LABELS } from '../../../cloudfunctions/src/core/redlist/types';
import { GUANGDONG_CITIES, makeUscc } from '../../../cloudfunctions/src/core/uscc';

export const MEIDA_USCC = makeUscc({ division: '440606', orgCode: '72247334' });
export const AS_OF = '2025-10-31';

/** A valid Guangdong code per index (different organisation codes). */
export function uscc(n: number): string {
  return makeUscc({ division: '440604', orgCode: String(52000000 + n) });
}

export function entry(overrides: Partial<RedlistEntryView> = {}): RedlistEntryView {
  const tier: TierCode = overrides.tier ?? 'five';
  return {
    uscc: MEIDA_USCC,
    name: '佛山市顺德区美达电器有限公司',
    formerNames: [],
    city: '佛山市',
    tier,
    tierLabel: TIER_LABELS[tier],
    streakStart: '2019-05-10',
    spanEnd: AS_OF,
    years: 6,
    lastInspectionAt: '2025-07-09',
    inspectionCount: 6,
    categories: ['家用电器'],
    inspectionsByYear: [
      { year: '2019', count: 1 },
      { year: '2020', count: 1 },
      { year: '2021', count: 1 },
      { year: '2022', count: 1 },
      { year: '2024', count: 1 },
      { year: '2025', count: 1 },
    ],
    version: '2025-10',
    asOf: AS_OF,
    ...overrides,
  };
}

/** `n` distinct entries, the i-th named 企业i. */
export function entries(n: number, from = 0): RedlistEntryView[] {
  return Array.from({ length: n }, (_, i) =>
    entry({ uscc: uscc(from + i), name: `广东测试企业${from + i}有限公司`, tier: 'three', years: 3 }),
  );
}

export function searchPage(
  items: RedlistEntryView[],
  page = 1,
  total = items.length,
  pageSize = 20,
): RedlistSearchView {
  return { items, page, pageSize, total, version: '2025-10', asOf: AS_OF };
}

export function detail(overrides: Partial<RedlistDetailView> = {}): RedlistDetailView {
  return {
    ...entry({ tier: 'ten', streakStart: '2012-05-01', years: 13, lastInspectionAt: '2024-08-01', inspectionCount: 5 }),
    categories: ['家用电器', '电线电缆'],
    formerNames: ['佛山市顺德区美达电器厂'],
    inspectionsByYear: [
      { year: '2012', count: 1 },
      { year: '2014', count: 2 },
      { year: '2018', count: 1 },
      { year: '2024', count: 1 },
    ],
    inspectionsByYearLevel: [
      { year: '2012', national: 1, provincial: 0, municipal: 0, county: 0, total: 1 },
      { year: '2014', national: 0, provincial: 1, municipal: 1, county: 0, total: 2 },
      { year: '2018', national: 0, provincial: 0, municipal: 1, county: 0, total: 1 },
      { year: '2024', national: 0, provincial: 0, municipal: 0, county: 1, total: 1 },
    ],
    publishedAt: '2025-11-02T01:00:00.000Z',
    history: [
      { version: '2025-12', asOf: '2025-12-31', tier: 'ten', tierLabel: '十年榜' },
      { version: '2025-10', asOf: AS_OF, tier: 'ten', tierLabel: '十年榜' },
      { version: '2025-09', asOf: '2025-09-30', tier: null, tierLabel: null },
    ],
    ...overrides,
  };
}

export function version(overrides: Partial<RedlistVersionView> = {}): RedlistVersionView {
  return {
    version: '2025-10',
    asOf: AS_OF,
    rule: 'redlist-v1',
    publishedAt: '2025-11-02T01:00:00.000Z',
    counts: { ten: 936, five: 1534, three: 2946, total: 5416 },
    changes: { previousVersion: '2025-09', entries: 120, exits: 15, tierUp: 40, tierDown: 2 },
    ...overrides,
  };
}

export function stats(overrides: Partial<RedlistStatsView> = {}): RedlistStatsView {
  return {
    ...version(),
    byCity: GUANGDONG_CITIES.map((c) => ({ city: c.name, ten: 1, five: 1, three: 1, total: 3 })),
    categories: [
      { category: '家用电器', count: 1200 },
      { category: '电线电缆', count: 800 },
      { category: '建筑材料', count: 35 },
    ],
    ...overrides,
  };
}

export function changeRow(overrides: Partial<ChangeRowView> = {}): ChangeRowView {
  const tier: TierCode = overrides.tier ?? 'three';
  return {
    uscc: uscc(900),
    name: '广东新进入企业有限公司',
    city: '广州市',
    tier,
    tierLabel: TIER_LABELS[tier],
    ...overrides,
  };
}

export function changesPage(
  kind: 'entries' | 'exits',
  items: ChangeRowView[],
  options: { page?: number; total?: number; version?: string; previousVersion?: string | null } = {},
) {
  return {
    items,
    page: options.page ?? 1,
    pageSize: 20,
    total: options.total ?? items.length,
    version: options.version ?? '2025-10',
    previousVersion: options.previousVersion === undefined ? '2025-09' : options.previousVersion,
    kind,
  };
}
