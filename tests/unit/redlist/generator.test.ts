import {
  enterprisesCsv,
  generateDataset,
  inspectionsCsv,
  toTraditional,
  type Dataset,
} from '../../../scripts/generate-inspections';
import { GUANGDONG_CITIES, isGuangdong, isValidUscc } from '../../../cloudfunctions/src/core/uscc';
import {
  countsByTierAndCity,
  evaluateAll,
  normalizeName,
  type VersionCounts,
} from '../../../cloudfunctions/src/core/redlist';
import { parseEnterpriseRows, parseInspectionRows } from '../../../cloudfunctions/src/core/redlist/import';

const AS_OF = '2025-10-31';

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('generateDataset', () => {
  it('fakes traditional-character names the normaliser maps back', () => {
    for (const name of [
      '佛山市顺德区美华电器有限公司',
      '广东东莞龙岗电线电缆实业有限公司',
      '东莞市长安镇兴业开关插座有限公司',
    ]) {
      const traditional = toTraditional(name);
      expect(traditional).not.toBe(name);
      expect(normalizeName(traditional)).toBe(normalizeName(name));
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateDataset({ enterprises: 400, seed: 7, asOf: AS_OF });
    const b = generateDataset({ enterprises: 400, seed: 7, asOf: AS_OF });
    const c = generateDataset({ enterprises: 400, seed: 8, asOf: AS_OF });
    expect(b).toEqual(a);
    expect(inspectionsCsv(b.inspections)).toBe(inspectionsCsv(a.inspections));
    expect(c.enterprises.map((e) => e.uscc)).not.toEqual(a.enterprises.map((e) => e.uscc));
  }, 30_000);

  describe('at full size (20,000 enterprises, as of 2025-10-31)', () => {
    let data: Dataset;
    let unmatched = 0;
    let counts: VersionCounts;
    beforeAll(() => {
      data = generateDataset({ enterprises: 20000, seed: 1, asOf: AS_OF, rowKeys: false });
      const rows = evaluateAll(data.inspections, AS_OF, data.enterprises, { onUnmatched: () => unmatched++ });
      counts = countsByTierAndCity(rows);
    }, 120_000); // ~2 s alone; generous for a busy CI machine

    it('lists about 5,416 enterprises with tiers near 936 / 1,534 / 2,946 (±10%)', () => {
      const within = (got: number, want: number) => expect(Math.abs(got - want) / want).toBeLessThanOrEqual(0.1);
      within(counts.total, 5416);
      within(counts.byTier.ten, 936);
      within(counts.byTier.five, 1534);
      within(counts.byTier.three, 2946);
      // Proportions, too.
      within(counts.byTier.ten / counts.total, 936 / 5416);
      within(counts.byTier.five / counts.total, 1534 / 5416);
      within(counts.byTier.three / counts.total, 2946 / 5416);
    });

    it('spreads listed enterprises over all 21 cities', () => {
      for (const city of GUANGDONG_CITIES) expect(counts.byCity[city.name].total).toBeGreaterThan(0);
      expect(counts.byCity['佛山市'].total).toBeGreaterThan(counts.byCity['云浮市'].total);
    });

    it('uses valid USCCs, mostly Guangdong, with unique normalised names', () => {
      expect(data.enterprises.every((e) => isValidUscc(e.uscc))).toBe(true);
      const guangdong = data.enterprises.filter((e) => isGuangdong(e.uscc)).length / data.enterprises.length;
      expect(guangdong).toBeGreaterThan(0.9);
      expect(guangdong).toBeLessThan(1);
      const names = data.enterprises.flatMap((e) => [e.name, ...e.formerNames]).map(normalizeName);
      expect(new Set(names).size).toBe(names.length);
      expect(data.enterprises.filter((e) => e.formerNames.length).length).toBeGreaterThan(1000);
    });

    it('publishes ~5% of records without USCC, all matchable through the registry', () => {
      const missing = data.inspections.filter((r) => !r.uscc).length / data.inspections.length;
      expect(missing).toBeGreaterThan(0.04);
      expect(missing).toBeLessThan(0.06);
      expect(unmatched).toBe(0);
      // Some of those rows print the name in traditional characters or with half-width brackets.
      const registered = new Set(data.enterprises.flatMap((e) => [e.name, ...e.formerNames]));
      const variants = data.inspections.filter((r) => !registered.has(r.enterpriseName));
      expect(variants.length).toBeGreaterThan(100);
      expect(variants.some((r) => /[東華電廣區]/.test(r.enterpriseName))).toBe(true);
      expect(variants.some((r) => /\(.+\)/.test(r.enterpriseName))).toBe(true);
      expect(variants.some((r) => /（.+）/.test(r.enterpriseName))).toBe(true);
    });

    it('covers the rule edge cases: same-day pass and fail, pre-2011 records, only failures', () => {
      const byKey = new Map<string, Set<string>>();
      for (const r of data.inspections) {
        if (!r.uscc) continue;
        const key = `${r.uscc}|${r.sampledAt}`;
        (byKey.get(key) ?? byKey.set(key, new Set()).get(key)!).add(r.result);
      }
      expect([...byKey.values()].filter((s) => s.size === 2).length).toBeGreaterThan(50);
      const results = new Map<string, Set<string>>();
      for (const r of data.inspections)
        if (r.uscc) (results.get(r.uscc) ?? results.set(r.uscc, new Set()).get(r.uscc)!).add(r.result);
      expect([...results.values()].filter((s) => s.size === 1 && s.has('fail')).length).toBeGreaterThan(100);
      expect(data.inspections.some((r) => r.sampledAt < '2011-01-01')).toBe(true);
      expect(data.inspections.every((r) => r.sampledAt <= AS_OF)).toBe(true);
    });
  });

  it('writes CSV files the importer reads back without errors, giving the same list', async () => {
    const data = generateDataset({ enterprises: 300, seed: 'csv', asOf: AS_OF });
    const registry = await collect(parseEnterpriseRows({ format: 'csv', data: enterprisesCsv(data.enterprises) }));
    const imported = await collect(parseInspectionRows({ format: 'csv', data: inspectionsCsv(data.inspections) }));
    expect(registry.filter((r) => !r.ok)).toEqual([]);
    expect(imported.filter((r) => !r.ok)).toEqual([]);
    const records = imported.flatMap((r) => (r.ok ? [r.record] : []));
    expect(records.map((r) => r.rowKey)).toEqual(data.inspections.map((r) => r.rowKey));
    const enterprises = registry.flatMap((r) => (r.ok ? [r.record] : []));
    expect(evaluateAll(records, AS_OF, enterprises)).toEqual(evaluateAll(data.inspections, AS_OF, data.enterprises));
  }, 30_000);
});
