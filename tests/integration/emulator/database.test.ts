/**
 * The local database through the unmodified wx-server-sdk: queries, updates, pagination, projection, aggregation,
 * errors, and the captured SDK request bodies as regression fixtures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';
import { LocalDatabase } from '../../../emulator/database';
import { startSdkAgainstDatabase, type SdkAgainstDatabase, type SdkDatabase } from '../helpers/sdk-against-database';

type Doc = Record<string, unknown> & { _id: string };

let local: LocalDatabase;
let sdk: SdkAgainstDatabase;
let db: SdkDatabase;

beforeAll(async () => {
  local = await LocalDatabase.open({
    collections: [
      { name: 'items', indexes: [{ name: 'cat_1', keys: { cat: 1 } }] },
      { name: 'docs' },
      { name: 'big', indexes: [{ name: 'bucket_1', keys: { bucket: 1 } }] },
      { name: 'orders' },
      { name: 'customers' },
      { name: 'c' },
      { name: 'todos' },
    ],
  });
  sdk = await startSdkAgainstDatabase(local);
  db = sdk.db;
});

afterAll(async () => {
  await sdk.close();
  await local.close();
});

async function list(query: { get(): unknown }): Promise<Doc[]> {
  return ((await query.get()) as { data: Doc[] }).data;
}

async function ids(query: { get(): unknown }): Promise<string[]> {
  return (await list(query)).map((doc) => doc._id).sort();
}

describe('documents round-trip through the SDK', () => {
  test('add() returns a CloudBase-like 32-hex _id and get() returns the same values (dates, numbers, nesting)', async () => {
    const before = Date.now();
    const when = new Date('2024-03-01T08:00:00.000Z');
    const added = (await db.collection('docs').add({
      data: {
        int: 7,
        double: 2.5,
        big: 1_795_299_502_955,
        neg: -3,
        text: '粤品通',
        yes: true,
        none: null,
        when,
        list: [1, 'a', { deep: [when] }],
        nested: { a: { b: 1 } },
        at: db.serverDate(),
      },
    })) as { _id: string };
    expect(added._id).toMatch(/^[0-9a-f]{32}$/);

    const { data } = (await db.collection('docs').doc(added._id).get()) as { data: Doc };
    expect(data).toMatchObject({
      _id: added._id,
      int: 7,
      double: 2.5,
      big: 1_795_299_502_955,
      neg: -3,
      text: '粤品通',
      yes: true,
      none: null,
    });
    expect(data.when).toEqual(when);
    expect(data.list).toEqual([1, 'a', { deep: [when] }]);
    expect(data.nested).toEqual({ a: { b: 1 } });
    expect(data.at).toBeInstanceOf(Date);
    expect((data.at as Date).getTime()).toBeGreaterThanOrEqual(before);
    expect((data.at as Date).getTime()).toBeLessThanOrEqual(Date.now());
  });

  test('serverDate({offset}) is the server time shifted by the offset', async () => {
    const { _id } = (await db
      .collection('docs')
      .add({ data: { at: (db.serverDate as (options: { offset: number }) => unknown)({ offset: 3_600_000 }) } })) as {
      _id: string;
    };
    const { data } = (await db.collection('docs').doc(_id).get()) as { data: Doc };
    expect(Math.abs((data.at as Date).getTime() - (Date.now() + 3_600_000))).toBeLessThan(5_000);
  });

  test('reply list items are canonical EJSON strings', async () => {
    await db.collection('docs').add({ data: { _id: 'canon', i: 1, d: 1.5, when: new Date(1_700_000_000_000) } });
    sdk.calls.length = 0;
    await db.collection('docs').doc('canon').get();
    const reply = sdk.calls[0].reply as { data: { list: string[] } };
    expect(JSON.parse(reply.data.list[0])).toEqual({
      _id: 'canon',
      i: { $numberInt: '1' },
      d: { $numberDouble: '1.5' },
      when: { $date: { $numberLong: '1700000000000' } },
    });
  });

  test('add() of an array inserts all and returns their ids; a missing document makes doc().get() fail', async () => {
    const res = (await db
      .collection('docs')
      .add({ data: [{ k: 1 }, { k: 2 }, { _id: 'given', k: 3 }] })) as unknown as { _ids: string[] };
    expect(res._ids).toHaveLength(3);
    expect(res._ids[2]).toBe('given');
    expect(await ids(db.collection('docs').where({ k: db.command.in([1, 2, 3]) }))).toEqual([...res._ids].sort());
    await expect(db.collection('docs').doc('no-such-doc').get()).rejects.toThrow(/does not exist/);
  });
});

describe('query operators', () => {
  beforeAll(async () => {
    await db.collection('items').add({
      data: [
        {
          _id: 'i1',
          name: 'Alpha',
          n: 1,
          f: 1.5,
          tags: ['a', 'b'],
          cat: 'x',
          when: new Date('2024-01-01T00:00:00Z'),
          sub: {
            k: 1,
            arr: [
              { p: 1, q: 'u' },
              { p: 2, q: 'v' },
            ],
          },
          text: 'line1\nline2',
        },
        {
          _id: 'i2',
          name: 'beta',
          n: 2,
          f: 2.5,
          tags: ['b', 'c'],
          cat: 'x',
          when: new Date('2024-06-01T00:00:00Z'),
          sub: { k: 2, arr: [{ p: 3, q: 'u' }] },
          text: 'ab\ncd',
          nul: null,
        },
        {
          _id: 'i3',
          name: 'Gamma',
          n: 3,
          f: 3.5,
          tags: [],
          cat: 'y',
          when: new Date('2025-01-01T00:00:00Z'),
          sub: { k: 3, arr: [] },
          text: 'a.c',
        },
        { _id: 'i4', name: 'delta', n: 4, tags: ['a', 'b', 'c'], cat: 'y', sub: { k: 4 }, text: 'a\nc' },
      ],
    });
  });

  const _ = () => db.command;
  const where = (query: object) => ids(db.collection('items').where(query));

  test('comparison: eq neq gt gte lt lte in nin', async () => {
    expect(await where({ n: _().eq(2) })).toEqual(['i2']);
    expect(await where({ n: _().neq(2) })).toEqual(['i1', 'i3', 'i4']);
    expect(await where({ n: _().gt(2) })).toEqual(['i3', 'i4']);
    expect(await where({ n: _().gte(2) })).toEqual(['i2', 'i3', 'i4']);
    expect(await where({ n: _().lt(2) })).toEqual(['i1']);
    expect(await where({ n: _().lte(2) })).toEqual(['i1', 'i2']);
    expect(await where({ n: _().in([1, 3]) })).toEqual(['i1', 'i3']);
    expect(await where({ n: _().nin([1, 3]) })).toEqual(['i2', 'i4']);
  });

  test('logical: and (chained and top-level) or nor not', async () => {
    expect(await where({ n: _().gt(1).and(_().lt(4)) })).toEqual(['i2', 'i3']);
    expect(await where(_().and([{ cat: 'x' }, { n: _().gt(1) }]))).toEqual(['i2']);
    expect(await where(_().or([{ cat: 'y' }, { n: 1 }]))).toEqual(['i1', 'i3', 'i4']);
    expect(await where(_().nor([{ cat: 'y' }, { n: 1 }]))).toEqual(['i2']);
    expect(await where({ n: _().not(_().gt(2)) })).toEqual(['i1', 'i2']);
  });

  test('element and array: exists size all elemMatch, array membership', async () => {
    expect(await where({ f: _().exists(false) })).toEqual(['i4']);
    expect(await where({ nul: _().exists(true) })).toEqual(['i2']);
    expect(await where({ tags: _().size(0) })).toEqual(['i3']);
    expect(await where({ tags: _().size(2) })).toEqual(['i1', 'i2']);
    expect(await where({ tags: _().all(['a', 'b']) })).toEqual(['i1', 'i4']);
    expect(await where({ 'sub.arr': _().elemMatch({ p: _().gte(2), q: 'u' }) })).toEqual(['i2']);
    expect(await where({ tags: 'c' })).toEqual(['i2', 'i4']);
  });

  test('regex with flags i, m, s (db.RegExp and JS RegExp)', async () => {
    expect(await where({ name: /^[ab]/i })).toEqual(['i1', 'i2']);
    expect(await where({ name: /^[ab]/ })).toEqual(['i2']);
    expect(await where({ name: db.RegExp({ regexp: '^[ab]', options: 'i' }) })).toEqual(['i1', 'i2']);
    expect(await where({ text: db.RegExp({ regexp: '^cd', options: 'm' }) })).toEqual(['i2']);
    expect(await where({ text: db.RegExp({ regexp: '^cd', options: '' }) })).toEqual([]);
    expect(await where({ text: db.RegExp({ regexp: '^a.c$', options: 's' }) })).toEqual(['i3', 'i4']);
    expect(await where({ text: db.RegExp({ regexp: '^a.c$', options: '' }) })).toEqual(['i3']);
  });

  test('dotted paths, nested objects (flattened by the SDK), dates, null', async () => {
    expect(await where({ 'sub.k': 3 })).toEqual(['i3']);
    expect(await where({ sub: { k: _().gte(3) } })).toEqual(['i3', 'i4']);
    expect(await where({ when: _().gte(new Date('2024-06-01T00:00:00Z')) })).toEqual(['i2', 'i3']);
    expect(await where({ when: _().lt(new Date('2024-06-01T00:00:00Z')) })).toEqual(['i1']);
    expect(await where({ nul: null })).toEqual(['i1', 'i2', 'i3', 'i4']);
    expect(await where({ nul: _().eq(null).and(_().exists(true)) })).toEqual(['i2']);
  });

  test('indexed equality gives the same answer as a scan, combined with other conditions', async () => {
    expect(await where({ cat: 'x' })).toEqual(['i1', 'i2']);
    expect(await where({ cat: _().in(['x', 'y']), n: _().gt(2) })).toEqual(['i3', 'i4']);
    expect(await where({ cat: 'x', name: /^b/ })).toEqual(['i2']);
    expect(await where({ _id: _().in(['i4', 'i1', 'nope']) })).toEqual(['i1', 'i4']);
  });

  test('count() with and without a query', async () => {
    expect(((await db.collection('items').count()) as { total: number }).total).toBe(4);
    expect(((await db.collection('items').where({ cat: 'y' }).count()) as { total: number }).total).toBe(2);
  });

  test('orderBy on several fields, skip, limit, and field() projection', async () => {
    const sorted = await list(db.collection('items').orderBy('cat', 'desc').orderBy('n', 'asc'));
    expect(sorted.map((d) => d._id)).toEqual(['i3', 'i4', 'i1', 'i2']);
    const page = await list(db.collection('items').orderBy('n', 'desc').skip(1).limit(2));
    expect(page.map((d) => d._id)).toEqual(['i3', 'i2']);
    const projected = await list(db.collection('items').where({ _id: 'i1' }).field({ name: true, 'sub.k': true }));
    expect(projected).toEqual([{ _id: 'i1', name: 'Alpha', sub: { k: 1 } }]);
    const excluded = await list(
      db.collection('items').where({ _id: 'i1' }).field({ sub: false, tags: false, text: false }),
    );
    expect(Object.keys(excluded[0]).sort()).toEqual(['_id', 'cat', 'f', 'n', 'name', 'when']);
    const { data } = (await db.collection('items').doc('i2').field({ n: true }).get()) as { data: Doc };
    expect(data).toEqual({ _id: 'i2', n: 2 });
  });
});

describe('updates', () => {
  test('doc().update: nested data becomes dotted $set, and every update command works', async () => {
    const _ = db.command;
    await db.collection('docs').add({
      data: {
        _id: 'u1',
        n: 1,
        m: 3,
        lo: 5,
        hi: 5,
        obj: { keep: 1, p: 0 },
        arr: [1, 2, 3],
        q: [1, 2, 3],
        sh: ['b'],
        set: ['x'],
        pl: [1, 2, 3, 2],
        gone: 1,
      },
    });
    const res = (await db
      .collection('docs')
      .doc('u1')
      .update({
        data: {
          n: _.inc(2),
          m: _.mul(4),
          lo: _.min(2),
          hi: _.max(9),
          obj: { p: 1, added: 'yes' },
          arr: _.push(4),
          q: _.pop(),
          sh: _.unshift(['a']),
          set: _.addToSet('x'),
          pl: _.pull(2),
          gone: _.remove(),
          fresh: { deep: db.serverDate() },
        },
      })) as { stats: { updated: number } };
    expect(res.stats.updated).toBe(1);
    const { data } = (await db.collection('docs').doc('u1').get()) as { data: Doc };
    expect(data).toMatchObject({
      n: 3,
      m: 12,
      lo: 2,
      hi: 9,
      obj: { keep: 1, p: 1, added: 'yes' },
      arr: [1, 2, 3, 4],
      q: [1, 2],
      sh: ['a', 'b'],
      set: ['x'],
      pl: [1, 3],
    });
    expect(data).not.toHaveProperty('gone');
    expect((data.fresh as { deep: unknown }).deep).toBeInstanceOf(Date);

    await db
      .collection('docs')
      .doc('u1')
      .update({
        data: { q: _.shift(), arr: _.push({ each: [0], position: 0 }), set: _.addToSet({ $each: ['x', 'y'] }) },
      });
    const after = ((await db.collection('docs').doc('u1').get()) as { data: Doc }).data;
    expect(after).toMatchObject({ q: [2], arr: [0, 1, 2, 3, 4], set: ['x', 'y'] });

    await db
      .collection('docs')
      .doc('u1')
      .update({ data: { obj: _.set({ only: true }) } });
    expect(((await db.collection('docs').doc('u1').get()) as { data: Doc }).data.obj).toEqual({ only: true });
  });

  test('an update that changes nothing reports updated 0; a missing document reports 0', async () => {
    await db.collection('docs').add({ data: { _id: 'same', v: 1 } });
    expect(
      (
        (await db
          .collection('docs')
          .doc('same')
          .update({ data: { v: 1 } })) as { stats: { updated: number } }
      ).stats.updated,
    ).toBe(0);
    expect(
      (
        (await db
          .collection('docs')
          .doc('absent')
          .update({ data: { v: 1 } })) as { stats: { updated: number } }
      ).stats.updated,
    ).toBe(0);
    await expect(db.collection('docs').doc('absent').get()).rejects.toThrow(/does not exist/);
  });

  test('doc().set replaces the whole document, creating it if missing', async () => {
    const created = (await db
      .collection('docs')
      .doc('s1')
      .set({ data: { x: 1, when: new Date(5) } })) as { _id: string; stats: { updated: number; created: number } };
    expect(created).toMatchObject({ _id: 's1', stats: { updated: 0, created: 1 } });
    const replaced = (await db
      .collection('docs')
      .doc('s1')
      .set({ data: { y: 2 } })) as { stats: { updated: number; created: number } };
    expect(replaced.stats).toEqual({ updated: 1, created: 0 });
    expect(((await db.collection('docs').doc('s1').get()) as { data: Doc }).data).toEqual({ _id: 's1', y: 2 });
  });

  test('where().update updates every match; where().remove and doc().remove delete', async () => {
    await db.collection('docs').add({
      data: [
        { grp: 'w', v: 1 },
        { grp: 'w', v: 2 },
        { grp: 'w', v: 3 },
        { grp: 'other', v: 1 },
      ],
    });
    const updated = (await db
      .collection('docs')
      .where({ grp: 'w', v: db.command.gte(2) })
      .update({ data: { v: db.command.inc(10), flag: true } })) as { stats: { updated: number } };
    expect(updated.stats.updated).toBe(2);
    expect((await list(db.collection('docs').where({ grp: 'w' }).orderBy('v', 'asc'))).map((d) => d.v)).toEqual([
      1, 12, 13,
    ]);
    const removed = (await db.collection('docs').where({ grp: 'w', flag: true }).remove()) as {
      stats: { removed: number };
    };
    expect(removed.stats.removed).toBe(2);
    const [other] = await list(db.collection('docs').where({ grp: 'other' }));
    expect(
      ((await db.collection('docs').doc(other._id).remove()) as { stats: { removed: number } }).stats.removed,
    ).toBe(1);
    expect(await ids(db.collection('docs').where({ grp: db.command.in(['w', 'other']) }))).toHaveLength(1);
  });

  test('an update MongoDB would refuse is a database error (-502001), not a crash, and changes nothing', async () => {
    await db.collection('docs').add({ data: { _id: 'typed', s: 'text', a: { b: 1 } } });
    // $inc on "a" and $set on "a.b" in one update: conflicting paths.
    await expect(
      db
        .collection('docs')
        .doc('typed')
        .update({ data: { a: db.command.inc(1), 'a.b': 2 } }),
    ).rejects.toThrow(/-502001.*conflict/);
    const reply = await local.handle('database.modifyDocument', {
      collectionName: 'docs',
      queryType: 'DOC',
      query: '{"_id":"typed"}',
      data: '{"$inc":{"s":"x"}}',
      merge: true,
    });
    expect(reply).toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringMatching(/increment/) });
    expect(((await db.collection('docs').doc('typed').get()) as { data: Doc }).data).toEqual({
      _id: 'typed',
      s: 'text',
      a: { b: 1 },
    });
  });
});

describe('pagination limits', () => {
  beforeAll(async () => {
    const docs = Array.from({ length: 1500 }, (_, i) => ({ i, bucket: i % 3 }));
    for (let start = 0; start < docs.length; start += 500)
      await db.collection('big').add({ data: docs.slice(start, start + 500) });
  });

  test('get() returns 100 by default, up to 1000 with limit(), never more', async () => {
    expect(await list(db.collection('big'))).toHaveLength(100);
    expect(await list(db.collection('big').limit(1000))).toHaveLength(1000);
    expect(await list(db.collection('big').limit(5000))).toHaveLength(1000);
    expect(await list(db.collection('big').where({ bucket: 1 }).limit(1000))).toHaveLength(500);
  });

  test('the server caps a raw limit above 1000 too', async () => {
    const reply = (await local.handle('database.getDocument', {
      collectionName: 'big',
      queryType: 'WHERE',
      limit: 5000,
    })) as { data: { list: string[]; limit: number } };
    expect(reply.data.list).toHaveLength(1000);
    expect(reply.data.limit).toBe(1000);
  });

  test('ordered pages with skip() cover every document exactly once', async () => {
    const seen: number[] = [];
    for (let offset = 0; ; offset += 400) {
      const page = await list(db.collection('big').orderBy('i', 'desc').skip(offset).limit(400));
      seen.push(...page.map((d) => d.i as number));
      if (page.length < 400) break;
    }
    expect(seen).toEqual(Array.from({ length: 1500 }, (_, i) => 1499 - i));
  });
});

describe('aggregation', () => {
  beforeAll(async () => {
    await db.collection('customers').add({
      data: [
        { _id: 'c1', name: '甲' },
        { _id: 'c2', name: '乙' },
      ],
    });
    await db.collection('orders').add({
      data: [
        { _id: 'o1', cust: 'c1', amount: 10, items: ['x', 'y'] },
        { _id: 'o2', cust: 'c1', amount: 20, items: ['y'] },
        { _id: 'o3', cust: 'c2', amount: 5, items: [] },
        { _id: 'o4', cust: 'c2', amount: 7, items: ['z'] },
        { _id: 'o5', cust: 'c3', amount: 1, items: ['x'] },
      ],
    });
  });

  const end = async (agg: { end(): unknown }): Promise<Doc[]> => ((await agg.end()) as { list: Doc[] }).list;

  test('$match $group $sort $skip $limit', async () => {
    const $ = db.command.aggregate;
    const totals = await end(
      db
        .collection('orders')
        .aggregate()
        .match({ amount: db.command.gt(1) })
        .group({ _id: '$cust', total: $.sum('$amount'), n: $.sum(1) })
        .sort({ total: -1 }),
    );
    expect(totals).toEqual([
      { _id: 'c1', total: 30, n: 2 },
      { _id: 'c2', total: 12, n: 2 },
    ]);
    const second = await end(
      db.collection('orders').aggregate().sort({ amount: -1 }).skip(1).limit(2).project({ _id: 1 }),
    );
    expect(second).toEqual([{ _id: 'o1' }, { _id: 'o4' }]);
  });

  test('$project $addFields $unwind $count', async () => {
    const $ = db.command.aggregate;
    const projected = await end(
      db
        .collection('orders')
        .aggregate()
        .match({ _id: 'o1' })
        .project({ _id: 0, amount: 1, double: $.multiply(['$amount', 2]) })
        .addFields({ tag: 'big' }),
    );
    expect(projected).toEqual([{ amount: 10, double: 20, tag: 'big' }]);
    const unwound = await end(
      db
        .collection('orders')
        .aggregate()
        .unwind('$items')
        .group({ _id: '$items', n: $.sum(1) })
        .sort({ _id: 1 }),
    );
    expect(unwound).toEqual([
      { _id: 'x', n: 2 },
      { _id: 'y', n: 2 },
      { _id: 'z', n: 1 },
    ]);
    expect(
      await end(
        db
          .collection('orders')
          .aggregate()
          .match({ amount: db.command.gte(7) })
          .count('howMany'),
      ),
    ).toEqual([{ howMany: 3 }]);
  });

  test('$lookup joins another collection', async () => {
    const joined = await end(
      db
        .collection('orders')
        .aggregate()
        .match({ _id: db.command.in(['o2', 'o5']) })
        .lookup({ from: 'customers', localField: 'cust', foreignField: '_id', as: 'customer' })
        .project({ customer: 1 })
        .sort({ _id: 1 }),
    );
    expect(joined).toEqual([
      { _id: 'o2', customer: [{ _id: 'c1', name: '甲' }] },
      { _id: 'o5', customer: [] },
    ]);
  });

  test('a $lookup with its own pipeline, built by the SDK, joins what that pipeline answers (regex and dates intact)', async () => {
    // wx-server-sdk's d.ts omits pipeline(), which its runtime has.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const $ = db.command.aggregate as any;
    const _ = db.command;
    await db
      .collection('customers')
      .add({ data: { _id: 'c9', name: '乙方电器', since: new Date('2024-05-01T00:00:00Z') } });
    // A count of a filter with a page of it joined: one request where a find and a count would be two.
    const [row] = await end(
      db
        .collection('orders')
        .aggregate()
        .match({ amount: _.gte(7) })
        .count('total')
        .lookup({
          from: 'orders',
          pipeline: $.pipeline()
            .match({ amount: _.gte(7) })
            .sort({ amount: -1 })
            .skip(1)
            .limit(1)
            .project({ amount: 1 })
            .done(),
          as: 'page',
        })
        .lookup({
          from: 'customers',
          pipeline: $.pipeline()
            .match({ name: db.RegExp({ regexp: '电器', options: '' }), since: _.lt(new Date('2025-01-01T00:00:00Z')) })
            .done(),
          as: 'customers',
        }),
    );
    expect(row).toEqual({
      total: 3,
      page: [{ _id: 'o1', amount: 10 }],
      customers: [{ _id: 'c9', name: '乙方电器', since: new Date('2024-05-01T00:00:00Z') }],
    });
    // MongoDB counts nothing as no document at all (mingo would answer 0).
    expect(
      await end(
        db
          .collection('orders')
          .aggregate()
          .match({ amount: _.gt(1000) })
          .count('total'),
      ),
    ).toEqual([]);
  });

  test('without $limit the service returns 20 results; with $limit more', async () => {
    await db.collection('orders').add({ data: Array.from({ length: 25 }, (_, i) => ({ cust: 'bulk', amount: i })) });
    expect(await end(db.collection('orders').aggregate().match({ cust: 'bulk' }))).toHaveLength(20);
    expect(await end(db.collection('orders').aggregate().match({ cust: 'bulk' }).limit(100))).toHaveLength(25);
  });
});

describe('errors', () => {
  test('an unknown collection fails like CloudBase (-502005), for reads and inserts alike', async () => {
    await expect(db.collection('nope').get()).rejects.toMatchObject({ errCode: -502005 });
    await expect(db.collection('nope').add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 });
    await expect(db.collection('nope').doc('x').get()).rejects.toMatchObject({ errCode: -502005 });
    await db.createCollection('nope');
    expect(((await db.collection('nope').add({ data: { a: 1 } })) as { _id: string })._id).toMatch(/^[0-9a-f]{32}$/);
    await expect(db.createCollection('nope')).rejects.toThrow(/已存在|already exists/);
    expect(local.collectionNames()).toContain('nope');
  });

  test('malformed EJSON, bad parameters and unknown actions get error replies and the server keeps working', async () => {
    const post = async (body: unknown): Promise<Record<string, unknown>> =>
      (await (
        await fetch(sdk.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as Record<string, unknown>;
    const bad = await post({
      action: 'database.getDocument',
      collectionName: 'items',
      queryType: 'WHERE',
      query: '{"a":',
    });
    expect(bad).toMatchObject({ code: 'INVALID_PARAM', requestId: expect.any(String) });
    expect(
      await post({
        action: 'database.insertDocument',
        collectionName: 'items',
        data: ['{"x":{"$date":"not a date"}}'],
      }),
    ).toMatchObject({ code: 'INVALID_PARAM' });
    expect(await post({ action: 'database.insertDocument', collectionName: 'items', data: ['[1,2]'] })).toMatchObject({
      code: 'INVALID_PARAM',
    });
    expect(
      await post({ action: 'database.getDocument', collectionName: 'items', query: '{"a":{"$bogus":1}}' }),
    ).toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    expect(await post({ action: 'database.getDocument', collectionName: 'items', limit: -1 })).toMatchObject({
      code: 'INVALID_PARAM',
    });
    expect(await post({ action: 'database.getDocument', queryType: 'WHERE' })).toMatchObject({ code: 'INVALID_PARAM' });
    expect(await post({ action: 'database.dropEverything', collectionName: 'items' })).toMatchObject({
      code: 'INVALID_ACTION',
    });
    expect(
      await post({
        action: 'database.modifyDocument',
        collectionName: 'items',
        queryType: 'DOC',
        query: '{"_id":"i1"}',
        data: '{"$set":{"a":1},"b":2}',
      }),
    ).toMatchObject({ code: 'INVALID_PARAM' });
    expect(
      await post({ action: 'database.insertDocument', collectionName: 'items', data: ['{"bad":{"$where":"1"}}'] }),
    ).toMatchObject({ code: 'INVALID_PARAM' });
    expect(
      await post({ action: 'database.getDocument', collectionName: 'items', query: '{"$where":"this.n == 1"}' }),
    ).toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    expect(((await db.collection('items').count()) as { total: number }).total).toBe(4);
  });
});

describe('captured SDK requests (tests/fixtures/sdk-requests.jsonl)', () => {
  test('every captured body gets a reply of the shape the SDK parses', async () => {
    await local.insertMany('c', [
      {
        _id: 'id1',
        n: 1,
        when: new Date(1_700_000_000_000),
        nested: { x: 2 },
        r: 1,
        m: 2,
        pl: [3, 4],
        pop: [1, 2],
        sh: [1],
        arr: [],
      },
      { _id: 'id3', a: 5, b: 1 },
      { _id: 'a2', a: 3, b: 2 },
    ]);
    const lines = readFileSync(path.resolve(__dirname, '../../fixtures/sdk-requests.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(30);
    const txIds = new Map<string, string>();
    let pendingTx: string[] = [];
    const isEjsonDoc = (item: unknown): boolean => typeof item === 'string' && typeof EJSON.parse(item) === 'object';
    for (const line of lines) {
      const body = JSON.parse(line) as Record<string, unknown>;
      if (typeof body.transactionId === 'string') {
        if (!txIds.has(body.transactionId)) txIds.set(body.transactionId, pendingTx.shift() as string);
        body.transactionId = txIds.get(body.transactionId);
      }
      const action = String(body.action);
      const reply = await local.handle(action, body);
      expect(typeof reply.requestId).toBe('string');
      const context = `${line} → ${JSON.stringify(reply)}`;
      const data = reply.data as Record<string, unknown> | undefined;
      const collection = String(body.collectionName ?? '');
      if (collection === 'errcoll' || collection === 'http500') {
        expect({ context, code: reply.code }).toEqual({ context, code: 'DATABASE_COLLECTION_NOT_EXIST' });
        continue;
      }
      if (!action.startsWith('database.')) {
        expect({ context, code: reply.code }).toEqual({ context, code: 'INVALID_ACTION' });
        continue;
      }
      expect({ context, code: reply.code }).toEqual({ context, code: undefined });
      switch (action) {
        case 'database.getDocument':
        case 'database.aggregateDocuments':
          expect(Array.isArray(data?.list)).toBe(true);
          expect((data?.list as unknown[]).every(isEjsonDoc)).toBe(true);
          break;
        case 'database.calculateDocument':
          expect(typeof data?.total).toBe('number');
          break;
        case 'database.insertDocument':
          expect(data?.insertedIds).toHaveLength((body.data as unknown[]).length);
          break;
        case 'database.modifyDocument':
          expect(typeof data?.updated).toBe('number');
          if (body.upsert === true && data?.updated === 0) expect(data?.upsert_id).toBeDefined();
          break;
        case 'database.removeDocument':
          expect(typeof data?.deleted).toBe('number');
          break;
        case 'database.startTransaction':
          expect(typeof reply.transactionId).toBe('string');
          pendingTx = [...pendingTx, reply.transactionId as string];
          break;
        default:
          expect(Object.keys(reply)).toEqual(['requestId']);
      }
    }
    // The captured transaction tx-1 inserted {fromTx:true} and upserted id2; both committed.
    expect(await local.find('c', { fromTx: true })).toHaveLength(1);
    expect(await local.find('c', { _id: 'id2' })).toEqual([{ _id: 'id2', v: 1 }]);
  });
});
