import fc from 'fast-check';
import {
  addYears,
  formatDateKey,
  fromDayNumber,
  fullYearsBetween,
  parseDateKey,
  toDayNumber,
} from '../../../cloudfunctions/src/core/redlist/dates';
import { evaluateEnterprise, tierForYears } from '../../../cloudfunctions/src/core/redlist/rule';
import type { RuleRecord, Tier } from '../../../cloudfunctions/src/core/redlist/types';

const pass = (sampledAt: string, productCategory = '电线电缆'): RuleRecord => ({
  sampledAt,
  result: 'pass',
  productCategory,
});
const fail = (sampledAt: string, productCategory = '电线电缆'): RuleRecord => ({
  sampledAt,
  result: 'fail',
  productCategory,
});

describe('calendar dates', () => {
  it('parses only real YYYY-MM-DD dates', () => {
    expect(parseDateKey('2025-10-31')).toBe(20251031);
    expect(parseDateKey('2024-02-29')).toBe(20240229);
    for (const bad of [
      '2023-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-1-01',
      '2025/10/31',
      '20251031',
      '',
      '2025-10-3x',
    ]) {
      expect(parseDateKey(bad)).toBeNaN();
    }
  });

  it('adds years with 29 February falling on 28 February in common years', () => {
    expect(formatDateKey(addYears(20120229, 1))).toBe('2013-02-28');
    expect(formatDateKey(addYears(20120229, 4))).toBe('2016-02-29');
    expect(formatDateKey(addYears(20151031, -3))).toBe('2012-10-31');
  });

  it('day numbers round-trip (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -1000, max: 60000 }), (n) => toDayNumber(fromDayNumber(n)) === n));
    expect(toDayNumber(19700101)).toBe(0);
    expect(toDayNumber(20000301) - toDayNumber(20000228)).toBe(2);
  });

  it('counts whole years without any Date time-zone maths', () => {
    expect(fullYearsBetween(20151031, 20251031)).toBe(10);
    expect(fullYearsBetween(20151101, 20251031)).toBe(9);
    expect(fullYearsBetween(20251031, 20251031)).toBe(0);
  });
});

describe('evaluateEnterprise (redlist-v1)', () => {
  const E = '2025-10-31';

  it('is not listed without records, or with only failures', () => {
    expect(evaluateEnterprise([], E)).toBeNull();
    expect(evaluateEnterprise([fail('2012-01-01'), fail('2015-06-01')], E)).toBeNull();
  });

  it('lists a clean record from its first inspection', () => {
    const result = evaluateEnterprise([pass('2014-05-01'), pass('2019-03-02', '灯具'), pass('2025-06-30')], E);
    expect(result).toEqual({
      tier: 'ten',
      streakStart: '2014-05-01',
      years: 11,
      lastInspectionAt: '2025-06-30',
      inspectionCount: 3,
      inspectionsByYear: { '2014': 1, '2019': 1, '2025': 1 },
      categories: ['灯具', '电线电缆'],
    });
  });

  it('starts the clean span at the first record strictly after the last failure', () => {
    const result = evaluateEnterprise(
      [
        pass('2012-01-01'),
        fail('2016-03-01'),
        pass('2017-04-02'),
        fail('2019-08-08'),
        pass('2020-01-15'),
        pass('2024-01-01'),
      ],
      E,
    );
    expect(result).toMatchObject({ tier: 'five', streakStart: '2020-01-15', years: 5, inspectionCount: 2 });
  });

  it('does not count a pass on the same day as the last failure', () => {
    // The pass is not strictly after lastFail, so the streak starts at the next inspection.
    expect(evaluateEnterprise([fail('2015-03-01'), pass('2015-03-01'), pass('2021-06-01')], E)).toMatchObject({
      tier: 'three',
      streakStart: '2021-06-01',
      years: 4,
      inspectionCount: 1,
    });
    // …and with nothing after that day the enterprise is not listed at all.
    expect(evaluateEnterprise([pass('2012-03-01'), pass('2015-03-01'), fail('2015-03-01')], E)).toBeNull();
  });

  it.each<[string, number, Tier | null]>([
    ['2022-10-31', 3, 'three'],
    ['2022-11-01', 2, null],
    ['2020-10-31', 5, 'five'],
    ['2020-11-01', 4, 'three'],
    ['2015-10-31', 10, 'ten'],
    ['2015-11-01', 9, 'five'],
  ])('boundary: streak from %s at 2025-10-31 is %i years', (start, years, tier) => {
    const result = evaluateEnterprise([pass(start)], E);
    if (tier === null) expect(result).toBeNull();
    else expect(result).toMatchObject({ tier, years, streakStart: start });
  });

  it('counts a 29 February start to 28 February in common years', () => {
    const records = [pass('2012-02-29')];
    expect(evaluateEnterprise(records, '2015-02-27')).toBeNull();
    expect(evaluateEnterprise(records, '2015-02-28')).toMatchObject({ tier: 'three', years: 3 });
    expect(evaluateEnterprise(records, '2017-02-27')).toMatchObject({ tier: 'three', years: 4 });
    expect(evaluateEnterprise(records, '2017-02-28')).toMatchObject({ tier: 'five', years: 5 });
    expect(evaluateEnterprise(records, '2022-02-28')).toMatchObject({ tier: 'ten', years: 10 });
    // In a leap year the anniversary is 29 February itself.
    expect(evaluateEnterprise(records, '2016-02-28')).toMatchObject({ years: 3 });
    expect(evaluateEnterprise(records, '2016-02-29')).toMatchObject({ years: 4 });
  });

  it('ignores records before 2011-01-01', () => {
    // A 2010 failure does not break the streak; a 2010 pass does not start it.
    const result = evaluateEnterprise(
      [pass('2009-05-05'), fail('2010-12-31'), pass('2011-01-01'), pass('2013-01-01')],
      E,
    );
    expect(result).toMatchObject({ tier: 'ten', streakStart: '2011-01-01', years: 14, inspectionCount: 2 });
    expect(evaluateEnterprise([pass('2008-01-01'), pass('2010-12-31')], E)).toBeNull();
  });

  it('ignores records after the evaluation date', () => {
    expect(evaluateEnterprise([pass('2018-01-01'), fail('2025-11-01')], E)).toMatchObject({
      tier: 'five',
      lastInspectionAt: '2018-01-01',
    });
    expect(evaluateEnterprise([pass('2025-11-01')], E)).toBeNull();
    // The same failure counts once the evaluation date reaches it.
    expect(evaluateEnterprise([pass('2018-01-01'), fail('2025-11-01')], '2025-11-01')).toBeNull();
  });

  it('rejects malformed dates and results rather than guessing', () => {
    expect(() => evaluateEnterprise([pass('2020-02-30')], E)).toThrow(RangeError);
    expect(() => evaluateEnterprise([pass('2020-01-01')], '2025-10-32')).toThrow('评估日期');
    expect(() => evaluateEnterprise([{ sampledAt: '2020-01-01', result: 'ok' as 'pass' }], E)).toThrow('检验结果');
  });

  it('maps years to tiers', () => {
    expect([0, 2, 3, 4, 5, 9, 10, 15].map(tierForYears)).toEqual([
      null,
      null,
      'three',
      'three',
      'five',
      'five',
      'ten',
      'ten',
    ]);
  });
});

describe('evaluateEnterprise properties', () => {
  const dayArb = fc.integer({ min: toDayNumber(20080101), max: toDayNumber(20260630) });
  const recordArb = fc.record({
    sampledAt: dayArb.map((d) => formatDateKey(fromDayNumber(d))),
    result: fc.constantFrom<'pass' | 'fail'>('pass', 'pass', 'pass', 'fail'),
    productCategory: fc.constantFrom('电线电缆', '灯具', '服装'),
  });
  const asOfArb = fc
    .integer({ min: toDayNumber(20110101), max: toDayNumber(20260630) })
    .map((d) => formatDateKey(fromDayNumber(d)));
  const rank = (r: ReturnType<typeof evaluateEnterprise>) => (r ? { three: 1, five: 2, ten: 3 }[r.tier] : 0);

  it('does not depend on record order', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 25 }), asOfArb, fc.integer(), (records, asOf, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(records, { minLength: records.length }), {
          seed,
          numRuns: 1,
        })[0];
        expect(evaluateEnterprise(shuffled, asOf)).toEqual(evaluateEnterprise(records, asOf));
      }),
      { numRuns: 300 },
    );
  });

  it('never raises the tier when a failure is added', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 25 }), dayArb, asOfArb, (records, failDay, asOf) => {
        const before = evaluateEnterprise(records, asOf);
        const after = evaluateEnterprise([...records, fail(formatDateKey(fromDayNumber(failDay)))], asOf);
        expect(rank(after)).toBeLessThanOrEqual(rank(before));
        if (after && before) expect(after.years).toBeLessThanOrEqual(before.years);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with a direct reading of the rule', () => {
    // Reference: scan anniversaries one year at a time with string dates.
    const reference = (records: RuleRecord[], asOf: string) => {
      const inRange = records.filter((r) => r.sampledAt >= '2011-01-01' && r.sampledAt <= asOf);
      const fails = inRange.filter((r) => r.result === 'fail').map((r) => r.sampledAt);
      const lastFail = fails.length ? fails.sort().at(-1)! : '';
      const clean = inRange.filter((r) => r.sampledAt > lastFail).map((r) => r.sampledAt);
      if (!clean.length) return null;
      const start = clean.sort()[0];
      let n = 0;
      while (formatDateKey(addYears(parseDateKey(start), n + 1)) <= asOf) n++;
      return n >= 3 ? { streakStart: start, years: n } : null;
    };
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 20 }), asOfArb, (records, asOf) => {
        const got = evaluateEnterprise(records, asOf);
        const want = reference(records, asOf);
        expect(got ? { streakStart: got.streakStart, years: got.years } : null).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });
});
