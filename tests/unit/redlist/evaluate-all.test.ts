import fc from 'fast-check';
import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import {
  countsByTierAndCity,
  diffVersions,
  evaluateAll,
  evaluateAllAsync,
  evaluateEnterprise,
  evaluateWarnings,
  formatDateKey,
  fromDayNumber,
  isGuangdongAddress,
  cityOfAddress,
  toDayNumber,
  type EnterpriseEntry,
  type WarningRecord,
  type RedlistRow,
} from '../../../cloudfunctions/src/core/redlist';

const E = '2025-10-31';
const FOSHAN = makeUscc({ division: '440606', orgCode: '72247334' }); // 佛山 (顺德)
const SHENZHEN = makeUscc({ division: '440305', orgCode: 'MA5D1234' });
const DONGGUAN = makeUscc({ division: '441900', orgCode: 'MA4W8765' });
const HUNAN = makeUscc({ division: '430102', orgCode: '55554444' });
const JIANGXI = makeUscc({ division: '360102', orgCode: '66667777' });

const rec = (
  uscc: string | undefined,
  sampledAt: string,
  result: 'pass' | 'fail' = 'pass',
  extra: Partial<WarningRecord> = {},
): WarningRecord => ({ uscc, sampledAt, result, productCategory: '电线电缆', ...extra });

describe('evaluateAll', () => {
  const registry: EnterpriseEntry[] = [
    { uscc: FOSHAN, name: '佛山市顺德区美华电器有限公司', formerNames: ['顺德市美华电器厂'] },
    { uscc: SHENZHEN, name: '深圳市宏达电线电缆有限公司' },
    { uscc: DONGGUAN, name: '东莞市信德玩具有限公司' },
    { uscc: HUNAN, name: '长沙市康泰电器有限公司', address: '湖南省长沙市芙蓉区五一大道1号' },
    // Registered outside Guangdong by its code, but its registry address is in Guangdong.
    { uscc: JIANGXI, name: '江西某某电缆有限公司广州分厂', address: '广东省广州市白云区太和镇1号' },
  ];

  it('lists Guangdong enterprises with their tier, city, name and counts', () => {
    const rows = evaluateAll(
      [
        rec(FOSHAN, '2013-04-01', 'pass', { productCategory: '家用电器' }),
        rec(FOSHAN, '2020-04-01'),
        rec(SHENZHEN, '2019-01-01', 'fail'),
        rec(SHENZHEN, '2019-06-01'),
        rec(DONGGUAN, '2024-01-01'),
      ],
      E,
      registry,
    );
    expect(rows).toEqual<RedlistRow[]>([
      {
        uscc: FOSHAN,
        name: '佛山市顺德区美华电器有限公司',
        city: '佛山市',
        tier: 'ten',
        streakStart: '2013-04-01',
        years: 12,
        lastInspectionAt: '2020-04-01',
        inspectionCount: 2,
        inspectionsByYear: { '2013': 1, '2020': 1 },
        categories: ['家用电器', '电线电缆'],
      },
      {
        uscc: SHENZHEN,
        name: '深圳市宏达电线电缆有限公司',
        city: '深圳市',
        tier: 'five',
        streakStart: '2019-06-01',
        years: 6,
        lastInspectionAt: '2019-06-01',
        inspectionCount: 1,
        inspectionsByYear: { '2019': 1 },
        categories: ['电线电缆'],
      },
    ]);
  });

  it('lists only Guangdong enterprises: by division code 44 or by a Guangdong registry address', () => {
    const records = [rec(HUNAN, '2012-01-01'), rec(JIANGXI, '2012-01-01')];
    const rows = evaluateAll(records, E, registry);
    expect(rows.map((r) => [r.uscc, r.city])).toEqual([[JIANGXI, '广州市']]);
    // Without the registry nothing says the Jiangxi-coded enterprise is in Guangdong.
    expect(evaluateAll(records, E)).toEqual([]);
  });

  it('matches records without USCC by normalised current or former name', () => {
    const unmatched: string[] = [];
    const rows = evaluateAll(
      [
        rec(undefined, '2012-03-01', 'pass', { enterpriseName: '順德市美華電器廠' }), // former name, traditional
        rec(FOSHAN, '2016-01-01'),
        rec(undefined, '2014-01-01', 'fail', { enterpriseName: '深圳市 宏达电线电缆有限公司' }),
        rec(SHENZHEN, '2013-01-01'),
        rec(undefined, '2013-01-01', 'pass', { enterpriseName: '不存在的企业' }),
      ],
      E,
      registry,
      { onUnmatched: (r, m) => unmatched.push(`${r.enterpriseName}:${JSON.stringify(m)}`) },
    );
    expect(rows.map((r) => [r.uscc, r.streakStart])).toEqual([[FOSHAN, '2012-03-01']]);
    expect(unmatched).toEqual(['不存在的企业:{"unmatched":true}']);
  });

  it('reports ambiguous names instead of guessing', () => {
    const other = makeUscc({ division: '440605', orgCode: '11112222' });
    const reg = [...registry, { uscc: other, name: '顺德市美华电器厂' }];
    const seen: unknown[] = [];
    const rows = evaluateAll([rec(undefined, '2012-01-01', 'pass', { enterpriseName: '顺德市美华电器厂' })], E, reg, {
      onUnmatched: (_r, m) => seen.push(m),
    });
    expect(rows).toEqual([]);
    expect(seen).toEqual([{ ambiguous: [other, FOSHAN].sort() }]);
  });

  it('collects many product categories (beyond one 32-bit word) per enterprise', () => {
    const categories = Array.from({ length: 70 }, (_, i) => `类别${String(i).padStart(2, '0')}`);
    const records = categories.map((c, i) =>
      rec(i % 2 ? FOSHAN : SHENZHEN, `2014-01-${String(1 + (i % 28)).padStart(2, '0')}`, 'pass', {
        productCategory: c,
      }),
    );
    const rows = evaluateAll(records, E);
    expect(rows.find((r) => r.uscc === FOSHAN)?.categories).toEqual(categories.filter((_, i) => i % 2));
    expect(rows.find((r) => r.uscc === SHENZHEN)?.categories).toEqual(categories.filter((_, i) => i % 2 === 0));
  });

  it('names unregistered enterprises after their latest record', () => {
    const rows = evaluateAll(
      [
        rec(DONGGUAN, '2012-01-01', 'pass', { enterpriseName: '东莞市信德玩具厂' }),
        rec(DONGGUAN, '2018-01-01', 'pass', { enterpriseName: '东莞市信德玩具有限公司' }),
        rec(DONGGUAN, '2015-01-01', 'pass', { enterpriseName: '信德' }),
      ],
      E,
    );
    expect(rows[0]).toMatchObject({ name: '东莞市信德玩具有限公司', city: '东莞市', tier: 'ten' });
  });

  it('gives the same tiers as evaluateEnterprise per enterprise, in any order (property)', async () => {
    const usccs = [FOSHAN, SHENZHEN, DONGGUAN, HUNAN];
    const recordArb = fc.record({
      uscc: fc.constantFrom(...usccs),
      sampledAt: fc
        .integer({ min: toDayNumber(20090101), max: toDayNumber(20260301) })
        .map((d) => formatDateKey(fromDayNumber(d))),
      result: fc.constantFrom<'pass' | 'fail'>('pass', 'pass', 'fail'),
      productCategory: fc.constantFrom('灯具', '服装'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { maxLength: 40 }), async (records) => {
        const rows = evaluateAll(records, E);
        for (const uscc of usccs) {
          const single =
            uscc === HUNAN
              ? null
              : evaluateEnterprise(
                  records.filter((r) => r.uscc === uscc),
                  E,
                );
          const row = rows.find((r) => r.uscc === uscc);
          if (!single) expect(row).toBeUndefined();
          else expect(row).toMatchObject(single);
        }
        expect(await evaluateAllAsync([...records].reverse(), E)).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });
});

describe('Guangdong addresses', () => {
  it('recognises the province or a full city name at the start', () => {
    expect(isGuangdongAddress('广东省佛山市顺德区北滘镇1号')).toBe(true);
    expect(isGuangdongAddress('中国广东深圳南山区')).toBe(true);
    expect(isGuangdongAddress('东莞市长安镇1号')).toBe(true);
    expect(isGuangdongAddress('南京市中山路1号')).toBe(false);
    expect(isGuangdongAddress('中山路1号')).toBe(false);
    expect(isGuangdongAddress(undefined)).toBe(false);
    expect(cityOfAddress('广东中山古镇')).toBe('中山市');
    expect(cityOfAddress('中山路1号')).toBeNull();
    expect(cityOfAddress('广东省 江门市新会区')).toBe('江门市');
  });
});

describe('diffVersions and countsByTierAndCity', () => {
  const row = (uscc: string, tier: RedlistRow['tier'], city: string | null) => ({ uscc, tier, city });

  it('finds entries, exits and tier changes between versions', () => {
    const previous = [
      row('A', 'three', '佛山市'),
      row('B', 'five', '深圳市'),
      row('C', 'ten', '广州市'),
      row('D', 'three', null),
    ];
    const current = [
      row('B', 'ten', '深圳市'),
      row('C', 'five', '广州市'),
      row('D', 'three', null),
      row('E', 'three', '中山市'),
    ];
    const diff = diffVersions(previous, current);
    expect(diff.entries.map((r) => r.uscc)).toEqual(['E']);
    expect(diff.exits.map((r) => r.uscc)).toEqual(['A']);
    expect(diff.tierChanges.map((c) => [c.uscc, c.from, c.to, c.direction])).toEqual([
      ['B', 'five', 'ten', 'up'],
      ['C', 'ten', 'five', 'down'],
    ]);
    expect(diff.unchanged).toBe(1);
    expect(diffVersions([], [])).toEqual({ entries: [], exits: [], tierChanges: [], unchanged: 0 });
  });

  it('counts by tier and by city (all 21 cities present)', () => {
    const counts = countsByTierAndCity([
      row('A', 'three', '佛山市'),
      row('B', 'ten', '佛山市'),
      row('C', 'five', '深圳市'),
      row('D', 'three', null),
    ]);
    expect(counts.total).toBe(4);
    expect(counts.byTier).toEqual({ ten: 1, five: 1, three: 2 });
    expect(counts.byCity['佛山市']).toEqual({ ten: 1, five: 0, three: 1, total: 2 });
    expect(counts.byCity['云浮市']).toEqual({ ten: 0, five: 0, three: 0, total: 0 });
    expect(counts.byCity['未知']).toEqual({ ten: 0, five: 0, three: 1, total: 1 });
    expect(Object.keys(counts.byCity)).toHaveLength(22);
  });
});

describe('evaluateWarnings (警示名单)', () => {
  const records = [
    // Two failures within the trailing three years (window 2022-11-01 … 2025-10-31).
    rec(FOSHAN, '2022-11-01', 'fail', { failedItems: '导体电阻、绝缘厚度' }),
    rec(FOSHAN, '2025-10-31', 'fail', { failedItems: '导体电阻' }),
    // One failure falls on the day before the window.
    rec(SHENZHEN, '2022-10-31', 'fail'),
    rec(SHENZHEN, '2024-05-05', 'fail'),
    // Failures after asOf are ignored.
    rec(DONGGUAN, '2024-05-05', 'fail'),
    rec(DONGGUAN, '2025-11-01', 'fail'),
    // Not in Guangdong.
    rec(HUNAN, '2024-01-01', 'fail'),
    rec(HUNAN, '2024-02-01', 'fail'),
  ];

  it('lists enterprises with at least two failures in the trailing three years', () => {
    const rows = evaluateWarnings(records, E);
    expect(rows).toEqual([
      {
        uscc: FOSHAN,
        name: '',
        city: '佛山市',
        failures: 2,
        windowStart: '2022-11-01',
        firstFailAt: '2022-11-01',
        lastFailAt: '2025-10-31',
        categories: ['电线电缆'],
        failedItems: ['导体电阻', '绝缘厚度'],
      },
    ]);
  });

  it('is configurable', () => {
    expect(
      evaluateWarnings(records, E, { minFailures: 1, trailingYears: 3 })
        .map((r) => r.uscc)
        .sort(),
    ).toEqual([FOSHAN, SHENZHEN, DONGGUAN].sort());
    expect(
      evaluateWarnings(records, E, { minFailures: 2, trailingYears: 4 })
        .map((r) => r.uscc)
        .sort(),
    ).toEqual([FOSHAN, SHENZHEN].sort());
    expect(() => evaluateWarnings(records, E, { minFailures: 0, trailingYears: 3 })).toThrow(RangeError);
  });

  it('matches unnamed records through the registry', () => {
    const rows = evaluateWarnings(
      [rec(undefined, '2024-01-01', 'fail', { enterpriseName: '顺德市美华电器厂' }), rec(FOSHAN, '2025-01-01', 'fail')],
      E,
      undefined,
      { enterprises: [{ uscc: FOSHAN, name: '佛山市顺德区美华电器有限公司', formerNames: ['顺德市美华电器厂'] }] },
    );
    expect(rows).toMatchObject([{ uscc: FOSHAN, name: '佛山市顺德区美华电器有限公司', failures: 2 }]);
  });
});
