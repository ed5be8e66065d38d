/**
 * Red-list bench: evaluate 1,000,000 inspection records of 100,000 enterprises.
 *
 *   npx tsx tests/bench/redlist.bench.ts [--materialize] [--records N] [--enterprises N]
 *
 * Default mode streams records from a generator (as a recompute paging through the database
 * would); --materialize first builds all record objects in an array (an upper bound on memory).
 * 5% of records carry no USCC and are matched by name through the registry. Prints one JSON line
 * with seconds and peak RSS. Budget (REDLIST task): ≤ 30 s, peak RSS ≤ 1.5 GB.
 */
import { GUANGDONG_CITIES, makeUscc } from '../../cloudfunctions/src/core/uscc';
import { evaluateAll } from '../../cloudfunctions/src/core/redlist/evaluate-all';
import { formatDateKey, fromDayNumber, toDayNumber } from '../../cloudfunctions/src/core/redlist/dates';
import { countsByTierAndCity } from '../../cloudfunctions/src/core/redlist/diff';
import type { EnterpriseEntry, EvaluationRecord } from '../../cloudfunctions/src/core/redlist/types';
import { Random } from '../../scripts/generate-inspections';

export interface BenchOptions {
  enterprises?: number;
  records?: number;
  materialize?: boolean;
  asOf?: string;
}

export interface BenchResult {
  enterprises: number;
  records: number;
  materialize: boolean;
  setupSeconds: number;
  evaluateSeconds: number;
  listed: number;
  byTier: Record<string, number>;
  unmatched: number;
  peakRssMB: number;
}

const CATEGORIES = [
  '电线电缆',
  '家用电器',
  '儿童玩具',
  '灯具',
  '服装',
  '插头插座',
  '陶瓷砖',
  '童鞋',
  '纸巾',
  '消防产品',
];
const BRAND = Array.from(
  '美华宏达盛鑫源兴富丰利泰安康永恒佳信德嘉瑞祥隆昌荣新力通远星海天金银汇凯越博创联顺和益邦科光明辉',
);

function registry(n: number, rng: Random): EnterpriseEntry[] {
  const out: EnterpriseEntry[] = [];
  for (let i = 0; i < n; i++) {
    const city = GUANGDONG_CITIES[i % GUANGDONG_CITIES.length];
    // Unique by construction: the serial number is part of the name.
    const name = `${city.name}${rng.pick(BRAND)}${rng.pick(BRAND)}${i}号${rng.pick(CATEGORIES)}有限公司`;
    out.push({
      uscc: makeUscc({
        division: `${city.prefix}${String(1 + (i % 50)).padStart(2, '0')}`,
        orgCode: String(10000000 + i),
      }),
      name,
      formerNames: i % 10 === 0 ? [`${name.replace('有限公司', '厂')}`] : [],
    });
  }
  return out;
}

function* records(ents: EnterpriseEntry[], total: number, seed: number): Generator<EvaluationRecord> {
  const rng = new Random(seed);
  const first = toDayNumber(20090101);
  const last = toDayNumber(20251031);
  // Per enterprise a failure propensity, so that some enterprises are clean for long stretches.
  // Roughly a third of the enterprises end up listed, like the real list against all producers sampled.
  const failRate = ents.map(() => (rng.chance(0.1) ? 0 : 0.1 + rng.next() * 0.5));
  for (let i = 0; i < total; i++) {
    const e = rng.int(0, ents.length - 1);
    const ent = ents[e];
    const sampledAt = formatDateKey(fromDayNumber(rng.int(first, last)));
    const result = rng.chance(failRate[e]) ? 'fail' : 'pass';
    const productCategory = CATEGORIES[e % CATEGORIES.length];
    if (rng.chance(0.05)) yield { enterpriseName: ent.name, sampledAt, result, productCategory };
    else yield { uscc: ent.uscc, enterpriseName: ent.name, sampledAt, result, productCategory };
  }
}

export function run(options: BenchOptions = {}): BenchResult {
  const n = options.enterprises ?? 100_000;
  const total = options.records ?? 1_000_000;
  const asOf = options.asOf ?? '2025-10-31';
  const materialize = options.materialize ?? false;
  const t0 = performance.now();
  const ents = registry(n, new Random(42));
  const source: Iterable<EvaluationRecord> = materialize
    ? Array.from(records(ents, total, 7))
    : records(ents, total, 7);
  const t1 = performance.now();
  let unmatched = 0;
  const rows = evaluateAll(source, asOf, ents, { onUnmatched: () => unmatched++ });
  const t2 = performance.now();
  const counts = countsByTierAndCity(rows);
  return {
    enterprises: n,
    records: total,
    materialize,
    setupSeconds: +((t1 - t0) / 1000).toFixed(2),
    // In streaming mode this includes producing the records (the generator runs inside evaluateAll).
    evaluateSeconds: +((t2 - t1) / 1000).toFixed(2),
    listed: counts.total,
    byTier: counts.byTier,
    unmatched,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const num = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const result = run({
    materialize: argv.includes('--materialize'),
    records: num('--records'),
    enterprises: num('--enterprises'),
  });
  process.stdout.write(JSON.stringify(result) + '\n');
}
