/**
 * Red-list lookup latency through /client/call (HTTP → function host → `redlist` on the real
 * wx-server-sdk → local database → back) over 10,000 listed enterprises.
 *
 *   npx tsx tests/bench/redlist-lookup.bench.ts [--listed 10000] [--calls 400]
 *
 * Rows are built from generated enterprises with the same code the evaluation uses (pure rule +
 * toRowDoc) and written straight into `redlist` (plus an older version, so the collection holds
 * more than the version searched). Targets (REDLIST task): by USCC p95 ≤ 20 ms, by name fragment
 * p95 ≤ 100 ms.
 */
import { Agent, request } from 'node:http';
import path from 'node:path';
import { countsByTierAndCity } from '../../cloudfunctions/src/core/redlist/diff';
import { isGuangdongEnterprise, cityOfEnterprise } from '../../cloudfunctions/src/core/redlist/region';
import { evaluateEnterprise } from '../../cloudfunctions/src/core/redlist/rule';
import { makeUscc } from '../../cloudfunctions/src/core/uscc';
import {
  RULE_NAME,
  toRowDoc,
  yearLevelCounts,
  type RedlistRowDoc,
  type RedlistVersionDoc,
} from '../../cloudfunctions/src/services/redlist';
import { startLocalCloud } from '../../emulator/start';
import { Random, generateStream, toTraditional } from '../../scripts/generate-inspections';
import { buildFunctions } from '../../scripts/build-functions';
import { numberArg } from './args';
import { pooledClient } from './local-cloud';
import { percentile } from './stats';

export interface LookupFigure {
  scenario: string;
  calls: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Mean result count (search total), to show what the queries matched. */
  meanTotal: number;
}

export interface LookupBenchResult {
  listed: number;
  rowsInCollection: number;
  setupSeconds: number;
  figures: LookupFigure[];
  /** Name searches by `readers` people at once (issue 16: ≥ 150 searches/s, p95 ≤ 150 ms). */
  concurrent: { readers: number; searches: number; perSecond: number; p50Ms: number; p95Ms: number };
}

const VERSION = '2025-10';
const AS_OF = '2025-10-31';
const OLD_VERSION = '2025-04';
const OLD_AS_OF = '2025-04-30';

function post(agent: Agent, url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Rows of two versions from generated enterprises, until `listed` rows are in the current one. */
function buildRows(listed: number): { current: RedlistRowDoc[]; old: RedlistRowDoc[] } {
  const current: RedlistRowDoc[] = [];
  const old: RedlistRowDoc[] = [];
  for (const { enterprise: e, inspections } of generateStream({
    enterprises: Math.ceil(listed * 4),
    seed: 'lookup-bench',
    asOf: AS_OF,
    rowKeys: false,
    missingUsccRate: 0,
  })) {
    if (!isGuangdongEnterprise(e.uscc, e)) continue;
    for (const [version, asOf, out] of [
      [VERSION, AS_OF, current],
      [OLD_VERSION, OLD_AS_OF, old],
    ] as const) {
      const evaluation = evaluateEnterprise(inspections, asOf);
      if (!evaluation) continue;
      const row = { uscc: e.uscc, name: e.name, city: cityOfEnterprise(e.uscc, e), ...evaluation };
      out.push(toRowDoc(version, asOf, row, e.formerNames, yearLevelCounts(inspections, evaluation.streakStart, asOf)));
    }
    if (current.length >= listed) break;
  }
  return { current, old };
}

function versionDoc(version: string, asOf: string, rows: RedlistRowDoc[]): RedlistVersionDoc & object {
  const categories: Record<string, number> = {};
  for (const r of rows) for (const c of r.categories) categories[c] = (categories[c] ?? 0) + 1;
  return {
    _id: version,
    version,
    asOf,
    rule: RULE_NAME,
    status: 'published',
    jobId: `bench-${version}`,
    warningRule: { minFailures: 2, trailingYears: 3 },
    counts: countsByTierAndCity(rows),
    categories,
    previousVersion: null,
    changes: { entries: 0, exits: 0, tierUp: 0, tierDown: 0 },
    entries: [],
    exits: [],
    tierChanges: [],
    warnings: 0,
    publishedAt: new Date(),
  };
}

/** Name fragments people type: a brand (2 chars), brand + industry, a district, a traditional form. */
function fragments(rows: RedlistRowDoc[], rng: Random, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = rng.pick(rows).name.replace(/^(广东|[^市]{2,3}市)([^区县市]{1,3}[区县市])?/, '');
    const kind = i % 4;
    if (kind === 0) out.push(name.slice(0, 2));
    else if (kind === 1) out.push(name.slice(0, 4));
    else if (kind === 2) out.push(toTraditional(name.slice(0, 4)));
    else out.push(name.slice(2, 5));
  }
  return out;
}

export async function run(options: { listed?: number; calls?: number } = {}): Promise<LookupBenchResult> {
  const listed = options.listed ?? 10_000;
  const calls = options.calls ?? 400;
  const started = Date.now();
  await buildFunctions({ quiet: true });
  const cloud = await startLocalCloud({ port: 0, seed: false, functionLogs: 'errors' });
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  try {
    const { current, old } = buildRows(listed);
    for (const rows of [current, old]) {
      for (let i = 0; i < rows.length; i += 5000) await cloud.db.insertMany('redlist', rows.slice(i, i + 5000));
    }
    await cloud.db.insertMany('redlist_versions', [
      versionDoc(VERSION, AS_OF, current),
      versionDoc(OLD_VERSION, OLD_AS_OF, old),
    ]);
    const setupSeconds = +((Date.now() - started) / 1000).toFixed(1);

    const call = async (data: object) => {
      const reply = JSON.parse(
        await post(agent, `${cloud.url}/client/call`, JSON.stringify({ name: 'redlist', data, openid: 'o-bench' })),
      ) as { result?: { ok: boolean; data?: { total?: number }; code?: string } };
      if (!reply.result?.ok && reply.result?.code !== 'NOT_FOUND')
        throw new Error(`bad reply ${JSON.stringify(reply)}`);
      return reply.result?.data?.total ?? 0;
    };
    const measure = async (scenario: string, inputs: object[]): Promise<LookupFigure> => {
      const latencies: number[] = [];
      let totals = 0;
      for (const input of inputs) {
        const t = process.hrtime.bigint();
        totals += await call(input);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      latencies.sort((a, b) => a - b);
      return {
        scenario,
        calls: inputs.length,
        p50Ms: +percentile(latencies, 50).toFixed(2),
        p95Ms: +percentile(latencies, 95).toFixed(2),
        maxMs: +latencies[latencies.length - 1].toFixed(2),
        meanTotal: +(totals / inputs.length).toFixed(1),
      };
    };

    const rng = new Random('lookup-bench-queries');
    const randomListed = () => rng.pick(current).uscc;
    const randomUnlisted = () => makeUscc({ division: '440106', orgCode: String(rng.int(10000000, 99999999)) });
    // Warm up: worker start, SDK load, OpenCC dictionaries.
    for (let i = 0; i < 30; i++) await call({ action: 'search', q: fragments(current, rng, 1)[0] });

    const figures = [
      await measure(
        'search by USCC (listed)',
        Array.from({ length: calls }, () => ({ action: 'search', uscc: randomListed() })),
      ),
      await measure(
        'search by USCC (not listed)',
        Array.from({ length: calls }, () => ({ action: 'search', uscc: randomUnlisted() })),
      ),
      await measure(
        'search by name fragment',
        fragments(current, rng, calls).map((q) => ({ action: 'search', q })),
      ),
      await measure(
        'search by city + tier, page 2',
        Array.from({ length: calls / 2 }, (_, i) => ({
          action: 'search',
          city: current[i % current.length].city ?? '广州市',
          tier: (['ten', 'five', 'three'] as const)[i % 3],
          page: 2,
        })),
      ),
      await measure(
        'detail by USCC',
        Array.from({ length: calls / 2 }, () => ({ action: 'detail', uscc: randomListed() })),
      ),
      await measure(
        'stats',
        Array.from({ length: calls / 4 }, () => ({ action: 'stats' })),
      ),
    ];
    // Readers at once, as on a busy morning: each searches a name fragment as soon as the last answer came.
    const readers = 20;
    const searches = calls * 5;
    const queries = fragments(current, rng, searches);
    const pool = pooledClient();
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: readers }, async () => {
        for (let i = next++; i < searches; i = next++) {
          const t = performance.now();
          const reply = await pool.post(`${cloud.url}/client/call`, {
            name: 'redlist',
            data: { action: 'search', q: queries[i] },
            openid: `o-reader-${i % readers}`,
          });
          if (!reply.result?.ok) throw new Error(`bad reply ${JSON.stringify(reply)}`);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    pool.destroy();
    latencies.sort((a, b) => a - b);
    const concurrent = {
      readers,
      searches,
      perSecond: Math.round(searches / seconds),
      p50Ms: +percentile(latencies, 50).toFixed(1),
      p95Ms: +percentile(latencies, 95).toFixed(1),
    };
    return { listed: current.length, rowsInCollection: current.length + old.length, setupSeconds, figures, concurrent };
  } finally {
    agent.destroy();
    await cloud.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  run({ listed: numberArg('--listed'), calls: numberArg('--calls') }).then(
    (result) => {
      console.log(
        `listed ${result.listed}, rows in collection ${result.rowsInCollection}, setup ${result.setupSeconds} s`,
      );
      console.table(result.figures);
      const c = result.concurrent;
      console.log(
        `name search, ${c.readers} readers at once, ${c.searches} searches: ${c.perSecond} searches/s (target ≥ 150), p50 ${c.p50Ms} ms, p95 ${c.p95Ms} ms (target ≤ 150)`,
      );
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
