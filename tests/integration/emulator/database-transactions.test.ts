/**
 * Transactions, unique indexes and persistence of the local database, driven through the unmodified wx-server-sdk.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import path from 'node:path';
import { LocalDatabase, type CollectionSpec } from '../../../emulator/database';
import { startSdkAgainstDatabase, type SdkAgainstDatabase, type SdkDatabase } from '../helpers/sdk-against-database';

type Doc = Record<string, unknown> & { _id: string };
// The SDK's transaction object (its d.ts has no type for it).
type Tx = {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<{ data: Doc | null }>;
      update(o: { data: object }): Promise<unknown>;
      set(o: { data: object }): Promise<unknown>;
      remove(): Promise<unknown>;
    };
    add(o: { data: object }): Promise<{ _id: string }>;
    where(q: object): { get(): Promise<unknown> };
  };
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
};
type TxDb = Omit<SdkDatabase, 'runTransaction' | 'startTransaction'> & {
  runTransaction<T>(fn: (t: Tx) => Promise<T>, times?: number): Promise<T>;
  startTransaction(): Promise<Tx>;
};

const SPECS: CollectionSpec[] = [
  { name: 'accounts' },
  { name: 'ledger' },
  { name: 'counters' },
  { name: 'people', indexes: [{ name: 'phone_unique', keys: { phone: 1 }, unique: true }] },
  {
    name: 'applications',
    indexes: [
      { name: 'campaign_applicant', keys: { campaignId: 1, applicantKey: 1 }, unique: true },
      { name: 'status_1', keys: { status: 1 } },
    ],
  },
];

let local: LocalDatabase;
let sdk: SdkAgainstDatabase;
let db: TxDb;

beforeAll(async () => {
  local = await LocalDatabase.open({ collections: SPECS });
  sdk = await startSdkAgainstDatabase(local);
  db = sdk.db as TxDb;
});

afterAll(async () => {
  await sdk.close();
  await local.close();
});

const get = async (coll: string, id: string): Promise<Doc | undefined> =>
  (await local.find(coll, { _id: id }))[0] as Doc | undefined;
/** The rejection of an SDK call that must fail. */
async function failure(call: unknown): Promise<{ errMsg: string; errCode: number }> {
  try {
    await call;
  } catch (error) {
    return error as { errMsg: string; errCode: number };
  }
  throw new Error('expected the call to fail');
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('transactions', () => {
  test('commit: a transfer across two collections lands entirely, and reads inside see own writes', async () => {
    await local.insertMany('accounts', [
      { _id: 'alice', balance: 100 },
      { _id: 'bob', balance: 0 },
    ]);
    const result = await db.runTransaction(async (t) => {
      const alice = (await t.collection('accounts').doc('alice').get()).data as Doc;
      await t
        .collection('accounts')
        .doc('alice')
        .update({ data: { balance: db.command.inc(-30) } });
      await t
        .collection('accounts')
        .doc('bob')
        .update({ data: { balance: (alice.balance as number) - 70 } });
      const entry = await t
        .collection('ledger')
        .add({ data: { from: 'alice', to: 'bob', amount: 30, at: db.serverDate() } });
      await t
        .collection('ledger')
        .doc('audit')
        .set({ data: { last: entry._id } });
      const own = (await t.collection('accounts').doc('alice').get()).data as Doc;
      // Outside the transaction nothing has changed yet.
      expect((await get('accounts', 'alice'))?.balance).toBe(100);
      expect(await local.find('ledger')).toEqual([]);
      return { seen: own.balance, entry: entry._id };
    });
    expect(result.seen).toBe(70);
    expect((await get('accounts', 'alice'))?.balance).toBe(70);
    expect((await get('accounts', 'bob'))?.balance).toBe(30);
    const ledger = (await get('ledger', result.entry)) as Doc;
    expect(ledger).toMatchObject({ from: 'alice', to: 'bob', amount: 30 });
    expect(ledger.at).toBeInstanceOf(Date);
    expect(await get('ledger', 'audit')).toEqual({ _id: 'audit', last: result.entry });
  });

  test('a unique key another writer committed after our read is reported as a conflict, not a duplicate', async () => {
    await local.insertMany('counters', [{ _id: 'req-1', status: 'submitted' }]);
    // Both read the request; B inserts the same unique (dedupe) key only after A committed it. For B that is a
    // write conflict (its read is stale), as MongoDB reports it, so callers retry on fresh data instead of
    // treating it as a genuine duplicate.
    const accept = (who: string, thinkMs: number) =>
      db.runTransaction(async (t) => {
        const request = (await t.collection('counters').doc('req-1').get()).data as Doc;
        if (request.status !== 'submitted') return `${who}: already ${String(request.status)}`;
        await sleep(thinkMs);
        await t
          .collection('counters')
          .doc('req-1')
          .update({ data: { status: `accepted by ${who}` } });
        await t.collection('people').add({ data: { phone: 'dedupe:req-1:accepted', by: who } });
        return `${who}: accepted`;
      }, 1);
    const [a, b] = await Promise.allSettled([accept('A', 10), accept('B', 300)]);
    expect(a).toEqual({ status: 'fulfilled', value: 'A: accepted' });
    expect(b.status).toBe('rejected');
    expect(String((b as PromiseRejectedResult).reason?.errMsg)).toMatch(/transaction conflict|事务冲突/);
    expect(await local.find('people', { phone: 'dedupe:req-1:accepted' })).toEqual([
      expect.objectContaining({ by: 'A' }),
    ]);
    expect((await get('counters', 'req-1'))?.status).toBe('accepted by A');
  });

  test('rollback by throwing: nothing is written and the error reaches the caller', async () => {
    await local.insertMany('accounts', [{ _id: 'carol', balance: 5 }]);
    await expect(
      db.runTransaction(async (t) => {
        await t
          .collection('accounts')
          .doc('carol')
          .update({ data: { balance: 0 } });
        await t.collection('ledger').add({ data: { _id: 'never', amount: 5 } });
        await t.collection('accounts').doc('carol').remove();
        throw new Error('余额不足');
      }),
    ).rejects.toThrow('余额不足');
    expect((await get('accounts', 'carol'))?.balance).toBe(5);
    expect(await get('ledger', 'never')).toBeUndefined();
  });

  test('transaction.rollback(reason) discards the writes and rejects with the reason', async () => {
    await local.insertMany('accounts', [{ _id: 'dave', balance: 9 }]);
    await expect(
      db.runTransaction(async (t) => {
        await t
          .collection('accounts')
          .doc('dave')
          .set({ data: { balance: 1 } });
        await t.rollback({ reason: 'changed my mind' });
      }),
    ).rejects.toEqual({ reason: 'changed my mind' });
    expect((await get('accounts', 'dave'))?.balance).toBe(9);
  });

  test('two concurrent runTransaction on one document: one conflicts, is retried, both increments land', async () => {
    await local.insertMany('counters', [{ _id: 'hits', n: 10 }]);
    sdk.calls.length = 0;
    const attempts = { a: 0, b: 0 };
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const increment = (who: 'a' | 'b') => async (t: Tx) => {
      attempts[who]++;
      const { data } = await t.collection('counters').doc('hits').get();
      if (attempts[who] === 1 && ++arrived === 2) release();
      if (attempts[who] === 1) await bothRead; // both read n=10 before either writes
      const next = ((data as Doc).n as number) + 1;
      await t
        .collection('counters')
        .doc('hits')
        .update({ data: { n: next } });
      return next;
    };
    const results = await Promise.all([db.runTransaction(increment('a')), db.runTransaction(increment('b'))]);
    expect(results.sort()).toEqual([11, 12]);
    expect((await get('counters', 'hits'))?.n).toBe(12);
    expect(attempts.a + attempts.b).toBe(3);
    const conflicts = sdk.calls.filter((c) => c.reply.code === 'DATABASE_TRANSACTION_CONFLICT');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0].action).toBe('database.commitTransaction');
  });

  test('a plain write between a transaction’s read and its commit is a conflict; the retry sees the new value', async () => {
    await local.insertMany('counters', [{ _id: 'mixed', n: 1 }]);
    let attempt = 0;
    const final = await db.runTransaction(async (t) => {
      attempt++;
      const n = ((await t.collection('counters').doc('mixed').get()).data as Doc).n as number;
      if (attempt === 1)
        await db
          .collection('counters')
          .doc('mixed')
          .update({ data: { n: 100 } });
      await t
        .collection('counters')
        .doc('mixed')
        .update({ data: { n: n * 2 } });
      return n * 2;
    });
    expect(attempt).toBe(2);
    expect(final).toBe(200);
    expect((await get('counters', 'mixed'))?.n).toBe(200);
  });

  test('a document deleted by someone else after the transaction read it is a conflict too', async () => {
    await local.insertMany('counters', [{ _id: 'doomed', n: 1 }]);
    const tx = await db.startTransaction();
    expect((await tx.collection('counters').doc('doomed').get()).data).toMatchObject({ n: 1 });
    await db.collection('counters').doc('doomed').remove();
    await tx
      .collection('counters')
      .doc('doomed')
      .update({ data: { n: 2 } });
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect(await get('counters', 'doomed')).toBeUndefined();
    // The conflicted transaction is gone: a late rollback is answered with an error.
    await expect(tx.rollback()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
  });

  test('only single-document operations are allowed inside a transaction', async () => {
    await expect(
      db.runTransaction(async (t) => {
        await t.collection('counters').where({ n: 1 }).get();
      }),
    ).rejects.toThrow(/单文档/);
  });

  test('an abandoned transaction times out: its writes never land and it can no longer commit', async () => {
    const short = await LocalDatabase.open({ collections: SPECS, transactionTimeoutMs: 150 });
    sdk.use(short);
    try {
      await short.insertMany('counters', [{ _id: 'slow', n: 1 }]);
      const tx = await db.startTransaction();
      await tx
        .collection('counters')
        .doc('slow')
        .update({ data: { n: 2 } });
      await tx.collection('ledger').add({ data: { _id: 'orphan' } });
      await sleep(400);
      await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
      expect(await short.find('counters', { _id: 'slow' })).toEqual([{ _id: 'slow', n: 1 }]);
      expect(await short.find('ledger')).toEqual([]);
    } finally {
      sdk.use(local);
      await short.close();
    }
  });
});

describe('unique indexes', () => {
  test('single-field: a duplicate add is rejected with DATABASE_DUPLICATE_WRITE detail, nothing written', async () => {
    await db.collection('people').add({ data: { _id: 'p1', phone: '13800000001' } });
    const error = await failure(db.collection('people').add({ data: { _id: 'p2', phone: '13800000001' } }));
    expect(error.errMsg).toMatch(
      /DATABASE_DUPLICATE_WRITE.*E11000 duplicate key error collection: people index: phone_unique/,
    );
    expect(await get('people', 'p2')).toBeUndefined();
    const sameId = await failure(db.collection('people').add({ data: { _id: 'p1', phone: 'other' } }));
    expect(sameId.errMsg).toMatch(/index: _id_/);
  });

  test('compound: the same pair is rejected, a different pair is fine', async () => {
    await db.collection('applications').add({ data: { campaignId: 'c1', applicantKey: 'k1', status: 'new' } });
    await db.collection('applications').add({ data: { campaignId: 'c1', applicantKey: 'k2', status: 'new' } });
    await db.collection('applications').add({ data: { campaignId: 'c2', applicantKey: 'k1', status: 'new' } });
    await expect(
      db.collection('applications').add({ data: { campaignId: 'c1', applicantKey: 'k1', status: 'dup' } }),
    ).rejects.toThrow(/E11000/);
    expect(await local.find('applications', { status: 'dup' })).toEqual([]);
  });

  test('multi-insert is all-or-nothing', async () => {
    await expect(
      db.collection('applications').add({
        data: [
          { campaignId: 'c9', applicantKey: 'a', status: 'batch' },
          { campaignId: 'c9', applicantKey: 'b', status: 'batch' },
          { campaignId: 'c9', applicantKey: 'a', status: 'batch' },
        ],
      }),
    ).rejects.toThrow(/E11000/);
    expect(await local.find('applications', { status: 'batch' })).toEqual([]);
  });

  test('on update: doc().update, doc().set and where().update that would duplicate are rejected, nothing changes', async () => {
    await db.collection('people').add({ data: { _id: 'p3', phone: '13800000003', name: 'x' } });
    await expect(
      db
        .collection('people')
        .doc('p3')
        .update({ data: { phone: '13800000001' } }),
    ).rejects.toThrow(/E11000/);
    await expect(
      db
        .collection('people')
        .doc('p3')
        .set({ data: { phone: '13800000001' } }),
    ).rejects.toThrow(/E11000/);
    await expect(
      db
        .collection('people')
        .doc('p-new')
        .set({ data: { phone: '13800000001' } }),
    ).rejects.toThrow(/E11000/);
    expect(await get('people', 'p3')).toEqual({ _id: 'p3', phone: '13800000003', name: 'x' });
    expect(await get('people', 'p-new')).toBeUndefined();
    // A multi update giving two documents the same value: neither changes.
    await expect(
      db
        .collection('people')
        .where({ _id: db.command.in(['p1', 'p3']) })
        .update({ data: { phone: 'same' } }),
    ).rejects.toThrow(/E11000/);
    expect((await get('people', 'p1'))?.phone).toBe('13800000001');
    await db
      .collection('people')
      .doc('p3')
      .update({ data: { phone: '13800000009' } });
    expect((await get('people', 'p3'))?.phone).toBe('13800000009');
  });

  test('two documents missing a uniquely indexed field collide, as on MongoDB', async () => {
    await db.collection('people').add({ data: { _id: 'nophone1' } });
    await expect(db.collection('people').add({ data: { _id: 'nophone2' } })).rejects.toThrow(/E11000/);
  });

  test('inside a transaction: the duplicate write fails at once and the transaction rolls back', async () => {
    await local.insertMany('accounts', [{ _id: 'erin', balance: 1 }]);
    await expect(
      db.runTransaction(async (t) => {
        await t
          .collection('accounts')
          .doc('erin')
          .update({ data: { balance: 2 } });
        await t.collection('people').add({ data: { phone: '13800000009' } });
      }),
    ).rejects.toThrow(/E11000/);
    expect((await get('accounts', 'erin'))?.balance).toBe(1);
  });

  test('at commit: a value taken by someone else after the transaction wrote it fails the commit', async () => {
    const tx = await db.startTransaction();
    await tx.collection('people').add({ data: { _id: 'race-a', phone: '13900000000' } });
    await db.collection('people').add({ data: { _id: 'race-b', phone: '13900000000' } });
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    expect(await get('people', 'race-a')).toBeUndefined();
    expect((await get('people', 'race-b'))?.phone).toBe('13900000000');
  });
});

describe('persistence', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-db-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('data written through the SDK survives close and reopen, Dates included', async () => {
    const first = await LocalDatabase.open({ dir, collections: SPECS });
    sdk.use(first);
    try {
      await db
        .collection('accounts')
        .add({ data: { _id: 'kept', balance: 1, when: new Date('2024-02-29T12:00:00Z'), tags: ['a'] } });
      await db.collection('accounts').add({ data: { _id: 'removed', balance: 2 } });
      await db
        .collection('accounts')
        .doc('kept')
        .update({ data: { balance: db.command.inc(1), at: db.serverDate() } });
      await db.collection('accounts').doc('removed').remove();
      await db.runTransaction(async (t) => {
        await t.collection('ledger').add({ data: { _id: 'tx-entry', ok: true } });
        await t
          .collection('accounts')
          .doc('kept')
          .update({ data: { inTx: true } });
      });
      await db.createCollection('made_later');
      await db.collection('made_later').add({ data: { _id: 'm1' } });
    } finally {
      await first.close();
    }

    const second = await LocalDatabase.open({ dir, collections: SPECS });
    sdk.use(second);
    try {
      const { data } = (await db.collection('accounts').doc('kept').get()) as { data: Doc };
      expect(data).toMatchObject({ _id: 'kept', balance: 2, tags: ['a'], inTx: true });
      expect(data.when).toEqual(new Date('2024-02-29T12:00:00Z'));
      expect(data.at).toBeInstanceOf(Date);
      await expect(db.collection('accounts').doc('removed').get()).rejects.toThrow(/does not exist/);
      expect(((await db.collection('ledger').doc('tx-entry').get()) as { data: Doc }).data).toEqual({
        _id: 'tx-entry',
        ok: true,
      });
      expect(second.collectionNames()).toContain('made_later');
      // Unique indexes are rebuilt from the reloaded data.
      await db.collection('people').add({ data: { phone: '1' } });
    } finally {
      await second.close();
    }
    const third = await LocalDatabase.open({ dir, collections: SPECS });
    try {
      await expect(third.insertMany('people', [{ phone: '1' }])).rejects.toMatchObject({
        code: 'DATABASE_DUPLICATE_WRITE',
      });
    } finally {
      await third.close();
      sdk.use(local);
    }
  });

  test('kill -9 simulation: a torn half line at the end of the log is ignored, earlier data is kept', async () => {
    const liveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-db-live-'));
    const crashDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-db-crash-'));
    const live = await LocalDatabase.open({ dir: liveDir, collections: SPECS });
    sdk.use(live);
    try {
      for (let i = 0; i < 20; i++) await db.collection('counters').add({ data: { _id: `c${i}`, n: i } });
      await db
        .collection('counters')
        .doc('c3')
        .update({ data: { n: 33 } });
      // The process "dies" here: copy the files as they are on disk, then add half of the next write.
      for (const file of fs.readdirSync(liveDir)) fs.copyFileSync(path.join(liveDir, file), path.join(crashDir, file));
      fs.appendFileSync(
        path.join(crashDir, 'wal.jsonl'),
        '{"s":999,"o":[["p","counters",{"_id":"torn","n":{"$numberDou',
      );
    } finally {
      await live.close();
    }

    const recovered = await LocalDatabase.open({ dir: crashDir, collections: SPECS });
    sdk.use(recovered);
    try {
      expect(((await db.collection('counters').count()) as { total: number }).total).toBe(20);
      expect(((await db.collection('counters').doc('c3').get()) as { data: Doc }).data.n).toBe(33);
      await expect(db.collection('counters').doc('torn').get()).rejects.toThrow(/does not exist/);
      await db.collection('counters').add({ data: { _id: 'after', n: 1 } });
    } finally {
      sdk.use(local);
      // No close(): like a second crash, so the next open replays the repaired log.
    }
    const again = await LocalDatabase.open({ dir: crashDir, collections: SPECS });
    try {
      expect(await again.find('counters', { _id: 'after' })).toEqual([{ _id: 'after', n: 1 }]);
      expect(await again.find('counters')).toHaveLength(21);
    } finally {
      await again.close();
      await recovered.close();
      fs.rmSync(liveDir, { recursive: true, force: true });
      fs.rmSync(crashDir, { recursive: true, force: true });
    }
  });
});
