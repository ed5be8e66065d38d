/**
 * Local database throughput and latency at 100,000 documents, through `handle()` with the EJSON bodies the SDK
 * sends (so parsing and reply encoding are included), persisting to a temp directory.
 * Run: npx tsx tests/bench/database.bench.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import path from 'node:path';
import { LocalDatabase, type CollectionSpec } from '../../emulator/database';
import { percentile } from './stats';

const DOCS = 100_000;
const BULK_BATCH = 1_000;
const SINGLE_INSERTS = 5_000;
const QUERIES = 300;

const SPECS: CollectionSpec[] = [
  {
    name: 'applications',
    indexes: [
      { name: 'campaign_applicant', keys: { campaignId: 1, applicantKey: 1 }, unique: true },
      { name: 'serial_unique', keys: { serial: 1 }, unique: true },
      { name: 'city_1', keys: { city: 1 } },
    ],
  },
  { name: 'singles' },
];

function ejsonDoc(i: number): string {
  return JSON.stringify({
    campaignId: `camp-${i % 10}`,
    applicantKey: { $numberInt: String(i) },
    serial: `S${i}`,
    seq: { $numberInt: String(i) },
    city: ['广州', '深圳', '佛山', '东莞', '珠海'][i % 5],
    contact: { name: `申请人${i}`, phone: `138${String(i).padStart(8, '0')}` },
    services: ['cable', 'ccc'],
    status: 'submitted',
    createdAt: { $date: { $numberLong: String(1_700_000_000_000 + i * 1000) } },
  });
}

async function latency(
  db: LocalDatabase,
  body: (i: number) => Record<string, unknown>,
): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const request = body(i);
    const start = process.hrtime.bigint();
    const reply = (await db.handle('database.getDocument', request)) as { code?: string; data?: { list: string[] } };
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (reply.code || reply.data?.list.length !== 1)
      throw new Error(`unexpected reply ${JSON.stringify(reply).slice(0, 200)}`);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** Opens the directory (timed), checks the count, closes (timed: compacts when the log is not empty). */
async function timeLoad(dir: string, fromLog: boolean): Promise<{ loadFromLogMs: number; compactMs: number }> {
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the previous instance be collected
  let start = performance.now();
  const db = await LocalDatabase.open({ dir, collections: SPECS, compactAfterBytes: fromLog ? 1 << 30 : undefined });
  const loadFromLogMs = performance.now() - start;
  const count = (await db.handle('database.calculateDocument', { collectionName: 'applications' })) as {
    data: { total: number };
  };
  if (count.data.total !== DOCS) throw new Error(`reloaded ${count.data.total} documents`);
  start = performance.now();
  await db.close();
  return { loadFromLogMs, compactMs: performance.now() - start };
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

export async function run(): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-bench-'));
  try {
    // Large compaction threshold: measure the pure log path first, then reload from the log alone.
    let db = await LocalDatabase.open({ dir, collections: SPECS, compactAfterBytes: 1 << 30 });
    let start = performance.now();
    for (let from = 0; from < DOCS; from += BULK_BATCH) {
      const data = Array.from({ length: BULK_BATCH }, (_, k) => ejsonDoc(from + k));
      const reply = await db.handle('database.insertDocument', { collectionName: 'applications', data });
      if (reply.code) throw new Error(JSON.stringify(reply));
    }
    const bulkSeconds = (performance.now() - start) / 1000;

    start = performance.now();
    for (let i = 0; i < SINGLE_INSERTS; i++) {
      const reply = await db.handle('database.insertDocument', { collectionName: 'singles', data: [ejsonDoc(i)] });
      if (reply.code) throw new Error(JSON.stringify(reply));
    }
    const singleSeconds = (performance.now() - start) / 1000;

    const indexed = await latency(db, (i) => ({
      collectionName: 'applications',
      queryType: 'WHERE',
      query: JSON.stringify({ serial: `S${(i * 7919) % DOCS}` }),
      limit: 100,
    }));
    const compound = await latency(db, (i) => ({
      collectionName: 'applications',
      queryType: 'WHERE',
      query: JSON.stringify({
        campaignId: `camp-${i % 10}`,
        applicantKey: { $numberInt: String(((i * 7919) % 10_000) * 10 + (i % 10)) },
      }),
      limit: 100,
    }));
    const unindexed = await latency(db, (i) => ({
      collectionName: 'applications',
      queryType: 'WHERE',
      query: JSON.stringify({ seq: { $numberInt: String((i * 7919) % DOCS) } }),
      limit: 100,
    }));
    // Paging sorted results: the first page sorts all 100k documents, later pages reuse the sorted order.
    const page = async (offset: number): Promise<number> => {
      const begin = performance.now();
      const reply = await db.handle('database.getDocument', {
        collectionName: 'applications',
        queryType: 'WHERE',
        query: JSON.stringify({ status: 'submitted' }),
        order: JSON.stringify({ serial: { $numberInt: '1' } }),
        offset,
        limit: 1000,
      });
      if (reply.code) throw new Error(JSON.stringify(reply));
      return performance.now() - begin;
    };
    const sortedFirstPageMs = await page(0);
    const sortedNextPageMs = await page(50_000);
    const walBytes = fs.statSync(path.join(dir, 'wal.jsonl')).size;

    // Reload from the log only (no snapshot yet). The first instance is abandoned unclosed, as after a kill -9.
    db = undefined as unknown as LocalDatabase;
    const { loadFromLogMs, compactMs } = await timeLoad(dir, true);
    const { loadFromLogMs: loadFromSnapshotMs } = await timeLoad(dir, false);
    const snapshotBytes = fs.statSync(path.join(dir, 'snapshot.jsonl')).size;

    return {
      documents: DOCS,
      bulkInsertsPerSec: Math.round(DOCS / bulkSeconds),
      singleInsertsPerSec: Math.round(SINGLE_INSERTS / singleSeconds),
      indexedQueryP50Ms: round(indexed.p50, 3),
      indexedQueryP95Ms: round(indexed.p95, 3),
      compoundIndexQueryP50Ms: round(compound.p50, 3),
      compoundIndexQueryP95Ms: round(compound.p95, 3),
      unindexedQueryP50Ms: round(unindexed.p50),
      unindexedQueryP95Ms: round(unindexed.p95),
      sortedFirstPageMs: Math.round(sortedFirstPageMs),
      sortedNextPageMs: round(sortedNextPageMs),
      loadFromLogMs: Math.round(loadFromLogMs),
      loadFromSnapshotMs: Math.round(loadFromSnapshotMs),
      compactMs: Math.round(compactMs),
      walMB: round(walBytes / 1e6),
      snapshotMB: round(snapshotBytes / 1e6),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then(
    (figures) => {
      console.table(figures);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
