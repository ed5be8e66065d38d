/**
 * Help-desk routing: routeCase (core/helpdesk/routing.ts) for one new case over the whole 专家库, as
 * openCase does it, with the seed's experts (seed/helpdesk-experts.ts, 720) under a random load. Prints
 * routes per second and the per-route latency (p50/p95/max µs) over many cases, and, for reference, how
 * long parsing the seed's import file takes (helpdesk/experts.ts parseExpertFile).
 *
 *   npx tsx tests/bench/helpdesk.bench.ts [--cases 20000] [--experts 720]
 */
import { loadavg } from 'node:os';
import { routeCase, type RoutableCase, type RoutableExpert } from '../../cloudfunctions/src/core/helpdesk/routing';
import { parseExpertFile } from '../../cloudfunctions/src/helpdesk/experts';
import { GUANGDONG_CITY_NAMES } from '../../miniprogram/shared/cities';
import { PROBLEM_TYPE_CODES } from '../../miniprogram/shared/helpdesk';
import { PRODUCT_CATEGORIES } from '../../miniprogram/shared/product-categories';
import { Random } from '../../scripts/generate-inspections';
import { expertsCsv, generateExperts } from '../../seed/helpdesk-experts';
import { percentile } from './stats';

export interface RoutingFigures {
  experts: number;
  cases: number;
  routesPerSecond: number;
  p50Us: number;
  p95Us: number;
  maxUs: number;
  meanOffered: number;
  parseMs: number;
  loadAverage: number;
}

export async function run({ cases = 20_000, experts: count = 720 } = {}): Promise<RoutingFigures> {
  const r = new Random('helpdesk-bench');
  const demo = generateExperts(count);
  const experts: RoutableExpert[] = demo.map((e) => ({
    _id: e.expertId,
    city: e.city,
    productCategories: e.productCategories,
    disciplines: e.disciplines,
    maxOpenCases: e.maxOpenCases,
    openCases: r.int(0, e.maxOpenCases),
    active: e.active,
  }));
  const input: RoutableCase[] = Array.from({ length: cases }, () => ({
    productCategory: r.pick(PRODUCT_CATEGORIES),
    problemType: r.pick(PROBLEM_TYPE_CODES),
    city: r.chance(0.1) ? null : r.pick(GUANGDONG_CITY_NAMES),
  }));

  // Warm up the JIT, then time each route.
  for (let i = 0; i < 500; i++) routeCase(input[i % input.length], experts);
  const times: number[] = [];
  let offered = 0;
  const start = performance.now();
  for (const c of input) {
    const t0 = performance.now();
    offered += routeCase(c, experts).length;
    times.push((performance.now() - t0) * 1000);
  }
  const elapsed = performance.now() - start;
  times.sort((a, b) => a - b);

  const csv = Buffer.from(expertsCsv(demo), 'utf8');
  const p0 = performance.now();
  const parsed = await parseExpertFile({ format: 'csv', data: csv });
  const parseMs = performance.now() - p0;
  if (parsed.rows.length !== count) throw new Error(`parsed ${parsed.rows.length} of ${count} experts`);

  return {
    experts: count,
    cases,
    routesPerSecond: cases / (elapsed / 1000),
    p50Us: percentile(times, 50),
    p95Us: percentile(times, 95),
    maxUs: times[times.length - 1],
    meanOffered: offered / cases,
    parseMs,
    loadAverage: loadavg()[0],
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name: string): number | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  void run({ cases: option('--cases'), experts: option('--experts') }).then((f) => {
    console.log(
      [
        `help-desk routing bench: ${f.cases} cases, each routed over ${f.experts} experts (seed shape, random load)`,
        `  routeCase      ${f.routesPerSecond.toFixed(0)} routes/s`,
        `  per route      p50 ${f.p50Us.toFixed(1)} µs, p95 ${f.p95Us.toFixed(1)} µs, max ${f.maxUs.toFixed(1)} µs`,
        `  offered        ${f.meanOffered.toFixed(2)} experts per case on average`,
        `  import parse   ${f.parseMs.toFixed(1)} ms for the ${f.experts}-row seed CSV (parseExpertFile)`,
        `  load average   ${f.loadAverage.toFixed(2)} (1 min, at the end)`,
      ].join('\n'),
    );
  });
}
