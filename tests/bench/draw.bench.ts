/**
 * Draw benchmark: LOTTERY.md vector 2 scaled to 1,000,000 entries over 4 pools (quantities
 * 2000/5000/6000/6000, 980,000 applicants). Each run does what the admin function does once:
 * snapshotHash, seed, computeDraw, resultDigest. Target: ≤ 4 s median, peak RSS ≤ 1 GB.
 *
 *   npx tsx tests/bench/draw.bench.ts [--entries 1000000] [--runs 5] [--shuffled]
 */
import { loadavg } from 'node:os';
import { computeDraw, deriveSeed, resultDigest, snapshotHash } from '../../cloudfunctions/src/core/draw';
import {
  VECTOR2_POOLS,
  VECTOR_BEACON,
  VECTOR_CAMPAIGN_ID,
  VECTOR_SECRET,
  vector2Entries,
} from '../fixtures/draw/generate';
import { median } from './stats';

export interface BenchOptions {
  entries?: number;
  runs?: number;
  /** Entries in random order (the snapshot sort then does real work); default: applicationId order. */
  shuffled?: boolean;
}

export interface Timing {
  median: number;
  min: number;
  max: number;
}

export interface BenchFigures {
  entries: number;
  applicants: number;
  runs: number;
  shuffled: boolean;
  /** Seconds for the whole computation (snapshotHash + seed + computeDraw + resultDigest). */
  total: Timing;
  /** CPU seconds (user + system) of the whole computation: less sensitive to other load on the machine. */
  totalCpu: Timing;
  /** Load average (1 min) when the runs ended: other processes share the 2 cores. */
  loadAverage: number;
  snapshotHash: Timing;
  computeDraw: Timing;
  resultDigest: Timing;
  /** Peak resident set of the process (input included), from getrusage. */
  peakRssMiB: number;
  /** RSS once the input was generated, before the first run. */
  inputRssMiB: number;
  /** resultDigest of the draw (the same in every run, or the bench fails). */
  digest: string;
}

const timing = (seconds: number[]): Timing => ({
  median: median(seconds),
  min: Math.min(...seconds),
  max: Math.max(...seconds),
});

export function run({ entries: count = 1_000_000, runs = 5, shuffled = false }: BenchOptions = {}): BenchFigures {
  const entries = vector2Entries(count);
  if (shuffled) {
    // Deterministic shuffle (xorshift), so runs are comparable.
    let x = 0x9e3779b9;
    for (let i = entries.length - 1; i > 0; i--) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const j = (x >>> 0) % (i + 1);
      [entries[i], entries[j]] = [entries[j], entries[i]];
    }
  }
  const inputRssMiB = process.memoryUsage().rss / 2 ** 20;
  const times = {
    cpu: [] as number[],
    total: [] as number[],
    snapshot: [] as number[],
    draw: [] as number[],
    digest: [] as number[],
  };
  let digest = '';
  for (let r = 0; r < runs; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const snapshot = snapshotHash(entries);
    const seed = deriveSeed({
      campaignId: VECTOR_CAMPAIGN_ID,
      secretHex: VECTOR_SECRET,
      snapshotHash: snapshot,
      beacon: VECTOR_BEACON,
    });
    const t1 = performance.now();
    const result = computeDraw({ pools: VECTOR2_POOLS, cap: 5000, entries, seed });
    const t2 = performance.now();
    const d = resultDigest(VECTOR2_POOLS, result);
    const t3 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    times.cpu.push((cpu.user + cpu.system) / 1e6);
    if (digest && d !== digest) throw new Error('the draw is not deterministic');
    digest = d;
    times.total.push((t3 - t0) / 1000);
    times.snapshot.push((t1 - t0) / 1000);
    times.draw.push((t2 - t1) / 1000);
    times.digest.push((t3 - t2) / 1000);
  }
  return {
    entries: count,
    applicants: new Set(entries.map((e) => e.applicantKey)).size,
    runs,
    shuffled,
    total: timing(times.total),
    totalCpu: timing(times.cpu),
    loadAverage: loadavg()[0],
    snapshotHash: timing(times.snapshot),
    computeDraw: timing(times.draw),
    resultDigest: timing(times.digest),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    inputRssMiB,
    digest,
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name: string): number | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const figures = run({ entries: option('--entries'), runs: option('--runs'), shuffled: args.includes('--shuffled') });
  const s = (t: Timing) => `median ${t.median.toFixed(2)} s, min ${t.min.toFixed(2)} s, max ${t.max.toFixed(2)} s`;
  console.log(
    [
      `draw-v1 bench: ${figures.entries} entries, ${figures.applicants} applicants, 4 pools, ${figures.runs} runs` +
        (figures.shuffled ? ', shuffled input' : ''),
      `  total         ${s(figures.total)}`,
      `  total (CPU)   ${s(figures.totalCpu)}`,
      `  snapshotHash  ${s(figures.snapshotHash)}`,
      `  computeDraw   ${s(figures.computeDraw)}`,
      `  resultDigest  ${s(figures.resultDigest)}`,
      `  peak RSS      ${figures.peakRssMiB.toFixed(0)} MiB (input alone ${figures.inputRssMiB.toFixed(0)} MiB)`,
      `  resultDigest  ${figures.digest}`,
      `  load average  ${figures.loadAverage.toFixed(2)} (1 min, at the end)`,
    ].join('\n'),
  );
}
