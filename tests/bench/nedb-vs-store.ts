/**
 * Why the emulator has its own store instead of @seald-io/nedb: insert throughput of 20,000 documents, both
 * persisting to disk and acknowledging each write only once it is written, plus the reload time.
 * (The decisive reason is atomicity, not speed: nedb keeps one file per collection, so a transaction spanning two
 * collections could half-land after a kill -9; our one log line per batch cannot.)
 * Run: npx tsx tests/bench/nedb-vs-store.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { LocalDatabase } from '../../emulator/database';
import { median } from './stats';

const DOCS = 20_000;

function makeDoc(i: number): Record<string, unknown> {
  return {
    campaignId: `camp-${i % 10}`,
    applicantKey: `k${i}`,
    city: '广州',
    contact: { name: `申请人${i}`, phone: `138${String(i).padStart(8, '0')}` },
    services: ['cable', 'ccc'],
    createdAt: new Date(1_700_000_000_000 + i),
  };
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function nedb(dir: string): Promise<Record<string, number>> {
  const file = path.join(dir, 'nedb-single.db');
  const single = new Datastore({ filename: file });
  await single.loadDatabaseAsync();
  await single.ensureIndexAsync({ fieldName: 'applicantKey', unique: true });
  const singleMs = await timed(async () => {
    for (let i = 0; i < DOCS; i++) await single.insertAsync(makeDoc(i));
  });
  const bulk = new Datastore({ filename: path.join(dir, 'nedb-bulk.db') });
  await bulk.loadDatabaseAsync();
  await bulk.ensureIndexAsync({ fieldName: 'applicantKey', unique: true });
  const bulkMs = await timed(async () => {
    for (let from = 0; from < DOCS; from += 1000)
      await bulk.insertAsync(Array.from({ length: 1000 }, (_, k) => makeDoc(from + k)));
  });
  const reloaded = new Datastore({ filename: file });
  const loadMs = await timed(() => reloaded.loadDatabaseAsync());
  if ((await reloaded.countAsync({})) !== DOCS) throw new Error('nedb lost documents');
  return {
    singleInsertsPerSec: Math.round(DOCS / (singleMs / 1000)),
    bulkInsertsPerSec: Math.round(DOCS / (bulkMs / 1000)),
    reloadMs: Math.round(loadMs),
  };
}

async function store(dir: string): Promise<Record<string, number>> {
  const collections = [
    { name: 'single', indexes: [{ name: 'key', keys: { applicantKey: 1 as const }, unique: true }] },
    { name: 'bulk', indexes: [{ name: 'key', keys: { applicantKey: 1 as const }, unique: true }] },
  ];
  const db = await LocalDatabase.open({ dir: path.join(dir, 'store'), collections, compactAfterBytes: 1 << 30 });
  const singleMs = await timed(async () => {
    for (let i = 0; i < DOCS; i++) await db.insertMany('single', [makeDoc(i)]);
  });
  const bulkMs = await timed(async () => {
    for (let from = 0; from < DOCS; from += 1000)
      await db.insertMany(
        'bulk',
        Array.from({ length: 1000 }, (_, k) => makeDoc(from + k)),
      );
  });
  let reloaded: LocalDatabase | undefined;
  const loadMs = await timed(async () => {
    reloaded = await LocalDatabase.open({ dir: path.join(dir, 'store'), collections });
  });
  if ((await reloaded!.find('single')).length !== DOCS) throw new Error('store lost documents');
  await reloaded!.close();
  await db.close();
  return {
    singleInsertsPerSec: Math.round(DOCS / (singleMs / 1000)),
    bulkInsertsPerSec: Math.round(DOCS / (bulkMs / 1000)),
    reloadMs: Math.round(loadMs),
  };
}

const ROUNDS = 3;

/** Medians over ROUNDS alternating rounds (the machine is shared; single runs are noisy). */
export async function run(): Promise<Record<string, Record<string, number>>> {
  const samples: Record<string, Record<string, number>[]> = { nedb: [], store: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nedb-vs-store-'));
    try {
      samples.nedb.push(await nedb(dir));
      samples.store.push(await store(dir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const summary: Record<string, Record<string, number>> = {};
  for (const [engine, runs] of Object.entries(samples)) {
    summary[engine] = Object.fromEntries(
      Object.keys(runs[0]).map((metric) => [metric, median(runs.map((r) => r[metric]))]),
    );
  }
  return summary;
}

if (require.main === module) {
  run().then(
    (figures) => {
      console.log(`${DOCS} documents, persisted, one unique index each (median of ${ROUNDS} rounds)`);
      console.table(figures);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
