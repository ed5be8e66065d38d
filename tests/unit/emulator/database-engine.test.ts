import fc from 'fast-check';
import { find as mingoFind, Query } from 'mingo';
import type { Doc } from '../../../emulator/database/codec';
import { Collection, Engine, MINGO_OPTIONS, sortDocuments, type SortSpec } from '../../../emulator/database/engine';
import type { IndexDefinition } from '../../../emulator/database/keys';
import { TransactionManager } from '../../../emulator/database/transactions';

function makeEngine(indexes: IndexDefinition[] = [], loaded: Doc[] = []): Engine {
  const engine = new Engine(new Map([['c', indexes]]));
  const collections = new Map<string, Collection>();
  const sink = Engine.loadSink(collections);
  for (const doc of loaded) sink.put('c', doc);
  engine.install(collections);
  return engine;
}

const put = (doc: Doc) => ({ kind: 'put' as const, coll: 'c', doc });

describe('index planner', () => {
  const INDEXES: IndexDefinition[] = [
    { name: 'a_1', fields: ['a'], unique: false },
    { name: 'a_b', fields: ['a', 'b'], unique: false },
    { name: 'n.a_1', fields: ['n.a'], unique: false },
    { name: 'arr.a_1', fields: ['arr.a'], unique: false },
  ];
  const scalar = fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 3 }),
    fc.constantFrom('x', 'y', ''),
    fc.boolean(),
    fc.constantFrom(new Date(0), new Date(1)),
  );
  const fieldValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.constant(undefined));
  const docArb = fc.record({
    a: fieldValue,
    b: fieldValue,
    n: fc.oneof(fc.record({ a: fieldValue }), scalar, fc.constant(undefined)),
    arr: fc.oneof(fc.array(fc.oneof(fc.record({ a: fieldValue }), scalar), { maxLength: 3 }), fc.constant(undefined)),
  });
  const condition = fc.oneof(
    scalar,
    scalar.map((v) => ({ $eq: v })),
    fc.array(scalar, { maxLength: 3 }).map((vs) => ({ $in: vs })),
    scalar.map((v) => ({ $in: [v], $ne: 'x' })),
  );
  const queryArb = fc.oneof(
    fc.record({ a: condition }),
    fc.record({ a: condition, b: condition }),
    fc.record({ 'n.a': condition }),
    fc.record({ 'arr.a': condition }),
    fc.tuple(condition, condition).map(([x, y]) => ({ $and: [{ a: x }, { b: y }] })),
    fc.integer({ min: 0, max: 30 }).map((i) => ({ _id: `d${i}`, a: { $ne: 'nothing' } })),
  );

  test('an index lookup returns exactly what a full scan with mingo returns, in natural order', () => {
    fc.assert(
      fc.property(
        fc.array(docArb, { maxLength: 30 }),
        fc.array(queryArb, { minLength: 1, maxLength: 5 }),
        (raw, queries) => {
          const docs = raw.map((d, i) => {
            const doc: Doc = { _id: `d${i}` };
            for (const [k, v] of Object.entries(d)) if (v !== undefined) doc[k] = v;
            return doc;
          });
          const engine = makeEngine(INDEXES);
          engine.commit(docs.map(put));
          for (const query of queries) {
            const expected = docs.filter((doc) => new Query(query as Doc, MINGO_OPTIONS).test(doc)).map((d) => d._id);
            expect(engine.select('c', query as Doc).map((d) => d._id)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('after documents are rewritten and deleted, lookups still return exactly what a full scan returns', () => {
    // Keys move between one holder and several (a key's holders are kept as one id until a second arrives).
    const write = fc.oneof(
      fc.record({ at: fc.nat(11), doc: docArb }).map(({ at, doc }) => ({ at, doc })),
      fc.nat(11).map((at) => ({ at, doc: null })),
    );
    fc.assert(
      fc.property(
        fc.array(write, { minLength: 1, maxLength: 40 }),
        fc.array(queryArb, { maxLength: 5 }),
        (writes, queries) => {
          const engine = makeEngine(INDEXES);
          const live = new Map<string, Doc>();
          for (const { at, doc } of writes) {
            const _id = `d${at}`;
            if (doc === null) {
              if (live.delete(_id)) engine.commit([{ kind: 'del', coll: 'c', id: _id }]);
              continue;
            }
            const stored: Doc = { _id };
            for (const [k, v] of Object.entries(doc)) if (v !== undefined) stored[k] = v;
            engine.commit([put(stored)]);
            live.set(_id, stored);
          }
          const byId = (a: string, b: string) => (a < b ? -1 : 1);
          for (const query of [...queries, { a: 'x' }, { a: null }, { 'arr.a': 1 }]) {
            const expected = [...live.values()]
              .filter((doc) => new Query(query as Doc, MINGO_OPTIONS).test(doc))
              .map((d) => d._id as string);
            expect(
              engine
                .select('c', query as Doc)
                .map((d) => d._id as string)
                .sort(byId),
            ).toEqual(expected.sort(byId));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('equality on _id or an indexed field yields only candidates, not the whole collection', () => {
    const engine = makeEngine([
      { name: 'cat_1', fields: ['cat'], unique: false },
      { name: 'pair', fields: ['cat', 'k'], unique: true },
    ]);
    engine.commit(
      Array.from({ length: 20_000 }, (_, i) => put({ _id: `d${i}`, cat: `c${i % 100}`, k: i, other: i % 7 })),
    );
    const collection = engine.require('c');
    const count = (filter: Doc) => [...engine.candidates(collection, filter)].length;
    expect(count({ _id: 'd123' })).toBe(1);
    expect(count({ _id: { $in: ['d1', 'd2', 'nope'] } })).toBe(2);
    expect(count({ cat: 'c5' })).toBe(200);
    expect(count({ cat: 'c5', k: 5 })).toBe(1);
    expect(count({ $and: [{ cat: { $in: ['c1', 'c2'] } }, { other: 3 }] })).toBe(400);
    expect(count({ other: 3 })).toBe(20_000);
    expect(count({ cat: /c5/ })).toBe(20_000);
  });
});

describe('commit', () => {
  test('unique indexes are checked on the final state of a batch: a swap is fine, a clash is not', () => {
    const engine = makeEngine([{ name: 'phone_1', fields: ['phone'], unique: true }]);
    engine.commit([put({ _id: 'a', phone: '1' }), put({ _id: 'b', phone: '2' })]);
    engine.commit([put({ _id: 'a', phone: '2' }), put({ _id: 'b', phone: '1' })]);
    expect(engine.select('c', { phone: '1' })).toEqual([{ _id: 'b', phone: '1' }]);
    expect(() => engine.commit([put({ _id: 'c', phone: '3' }), put({ _id: 'a', phone: '3' })])).toThrow(/E11000/);
    expect(engine.select('c', { phone: '3' })).toEqual([]);
    engine.commit([{ kind: 'del', coll: 'c', id: 'a' }, put({ _id: 'c', phone: '2' })]);
    expect(engine.select('c', {}).map((d) => d._id)).toEqual(['b', 'c']);
  });

  test("an update's hint of the fields it changes: a document keeping its unique key still holds it", () => {
    const engine = makeEngine([
      { name: 'phone_1', fields: ['phone'], unique: true },
      { name: 'city_1', fields: ['city'], unique: false },
    ]);
    engine.commit([put({ _id: 'a', phone: '1', city: 'x' }), put({ _id: 'b', phone: '2', city: 'x' })]);
    // a changes only its city, b takes a's phone: a clash, though both are in the batch.
    expect(() =>
      engine.commit([
        { kind: 'put', coll: 'c', doc: { _id: 'a', phone: '1', city: 'y' }, changed: new Set(['city']) },
        { kind: 'put', coll: 'c', doc: { _id: 'b', phone: '1', city: 'x' }, changed: new Set(['phone']) },
      ]),
    ).toThrow(/E11000/);
    // Fields outside the hint are not re-indexed; those in it are.
    engine.commit([{ kind: 'put', coll: 'c', doc: { _id: 'a', phone: '1', city: 'y' }, changed: new Set(['city']) }]);
    expect(engine.select('c', { city: 'y' }).map((d) => d._id)).toEqual(['a']);
    expect(engine.select('c', { city: 'x' }).map((d) => d._id)).toEqual(['b']);
    expect(engine.select('c', { phone: '1' }).map((d) => d._id)).toEqual(['a']);
    // A $ field name inside a changed field is refused.
    expect(() =>
      engine.commit([
        { kind: 'put', coll: 'c', doc: { _id: 'a', phone: '1', city: { $x: 1 } }, changed: new Set(['city']) },
      ]),
    ).toThrow(/\$x/);
  });

  test('array values are multikey: any shared element collides in a unique index', () => {
    const engine = makeEngine([{ name: 'tags', fields: ['tags'], unique: true }]);
    engine.commit([put({ _id: 'a', tags: ['x', 'y'] })]);
    expect(() => engine.commit([put({ _id: 'b', tags: ['z', 'y'] })])).toThrow(/E11000/);
    engine.commit([put({ _id: 'b', tags: ['z'] })]);
    expect(engine.select('c', { tags: 'y' }).map((d) => d._id)).toEqual(['a']);
  });

  test('writes to an unknown collection and $-prefixed field names are refused', () => {
    const engine = makeEngine();
    expect(() => engine.commit([{ kind: 'put', coll: 'nope', doc: { _id: 1 } }])).toThrow(/nope/);
    expect(() => engine.commit([put({ _id: 1, a: { $gt: 1 } })])).toThrow(/\$gt/);
    expect(engine.count('c', undefined)).toBe(0);
  });

  test('existing data that breaks a declared unique index stops install', () => {
    expect(() =>
      makeEngine(
        [{ name: 'u', fields: ['k'], unique: true }],
        [
          { _id: 1, k: 1 },
          { _id: 2, k: 1 },
        ],
      ),
    ).toThrow(/唯一索引/);
  });

  test('updated documents keep their natural position; sort/skip/limit follow mingo order', () => {
    const engine = makeEngine();
    engine.commit([put({ _id: 'a', v: 3 }), put({ _id: 'b', v: 1 }), put({ _id: 'c', v: 2 })]);
    engine.commit([put({ _id: 'a', v: 0 })]);
    expect(engine.select('c', undefined).map((d) => d._id)).toEqual(['a', 'b', 'c']);
    expect(engine.select('c', undefined, { sort: { v: -1 }, skip: 1, limit: 1 }).map((d) => d._id)).toEqual(['b']);
    expect(engine.select('c', { v: { $gte: 1 } }, { limit: 1 }).map((d) => d._id)).toEqual(['b']);
  });
});

describe('sorting', () => {
  const sortValue = fc.oneof(
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom('a', 'B', 'b', ''),
    fc.constantFrom(new Date(0), new Date(5)),
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
  );
  const spec = fc.constantFrom<SortSpec>({ x: 1 }, { x: -1 }, { x: 1, y: -1 }, { y: -1, x: 1 }, { 'o.x': 1 });

  test('sortDocuments orders like mingo (missing = null, as in MongoDB), ties in natural order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ x: sortValue, y: sortValue }), { maxLength: 25 }), spec, (raw, order) => {
        const docs = raw.map((d, i) => {
          const doc: Doc = { _id: i, o: { x: d.x } };
          if (d.x !== undefined) doc.x = d.x;
          if (d.y !== undefined) doc.y = d.y;
          return doc;
        });
        // Oracle: mingo on the same documents with missing fields spelled null (equal under MongoDB sorting).
        const spelled = raw.map((d, i) => ({ _id: i, o: { x: d.x ?? null }, x: d.x ?? null, y: d.y ?? null }));
        const expected = mingoFind<Doc>(spelled, {}).sort(order).all();
        expect(sortDocuments(docs, order).map((d) => d._id)).toEqual(expected.map((d) => d._id));
      }),
      { numRuns: 300 },
    );
  });

  test('keys all of one kind (the native sort) order like mingo too, ties in natural order', () => {
    const oneKind = fc.oneof(
      fc.array(fc.constantFrom('a', 'B', 'b', '', 'ab', '中'), { maxLength: 40 }),
      fc.array(fc.constantFrom(-2, -0, 0, 1, 1.5, 7), { maxLength: 40 }),
      fc.array(fc.constantFrom(new Date(0), new Date(5), new Date(-3)), { maxLength: 40 }),
    );
    fc.assert(
      fc.property(oneKind, oneKind, spec, (xs, ys, order) => {
        const docs = xs.map((x, i) => ({ _id: i, o: { x }, x, y: ys.length ? ys[i % ys.length] : 0 }));
        const expected = mingoFind<Doc>(docs, {}).sort(order).all();
        expect(sortDocuments(docs, order).map((d) => d._id)).toEqual(expected.map((d) => d._id));
      }),
      { numRuns: 300 },
    );
  });

  test('a cached sorted result is dropped as soon as the collection changes', () => {
    const engine = makeEngine();
    engine.commit([put({ _id: 'a', v: 2 }), put({ _id: 'b', v: 1 })]);
    const page = () => engine.select('c', {}, { sort: { v: 1 }, limit: 10 }).map((d) => d._id);
    expect(page()).toEqual(['b', 'a']);
    expect(page()).toEqual(['b', 'a']);
    engine.commit([put({ _id: 'c', v: 0 })]);
    expect(page()).toEqual(['c', 'b', 'a']);
    engine.commit([put({ _id: 'b', v: 9 })]);
    expect(page()).toEqual(['c', 'a', 'b']);
  });
});

describe('transactions (engine level)', () => {
  test('a document loaded from disk (version 0) and deleted by someone else still conflicts', () => {
    const engine = makeEngine([], [{ _id: 'x', n: 1 }]);
    const transactions = new TransactionManager(engine, 10_000);
    const id = transactions.start();
    const tx = transactions.get(id);
    expect(transactions.read(tx, engine.require('c'), 'x')).toEqual({ _id: 'x', n: 1 });
    engine.commit([{ kind: 'del', coll: 'c', id: 'x' }]);
    transactions.write(tx, engine.require('c'), 'x', { _id: 'x', n: 2 });
    expect(() => transactions.commit(id)).toThrow(/conflict/);
    expect(engine.select('c', undefined)).toEqual([]);
    expect(transactions.size).toBe(0);
    expect(engine.require('c').tombstones.size).toBe(0);
  });

  test('reads are repeatable inside a transaction, and own writes are visible only to it', () => {
    const engine = makeEngine([], [{ _id: 'x', n: 1 }]);
    const transactions = new TransactionManager(engine, 10_000);
    const tx = transactions.get(transactions.start());
    const coll = engine.require('c');
    transactions.read(tx, coll, 'x');
    engine.commit([put({ _id: 'x', n: 5 })]);
    expect(transactions.read(tx, coll, 'x')).toEqual({ _id: 'x', n: 1 });
    transactions.write(tx, coll, 'y', { _id: 'y' });
    expect(transactions.read(tx, coll, 'y')).toEqual({ _id: 'y' });
    expect(engine.select('c', { _id: 'y' })).toEqual([]);
    transactions.abort(tx.id);
    expect(() => transactions.commit(tx.id)).toThrow(/不存在/);
  });

  test('a transaction left open is dropped after the timeout', async () => {
    const engine = makeEngine();
    const transactions = new TransactionManager(engine, 30);
    const id = transactions.start();
    transactions.write(transactions.get(id), engine.require('c'), 'z', { _id: 'z' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(transactions.size).toBe(0);
    expect(() => transactions.commit(id)).toThrow(/超时/);
    expect(engine.count('c', undefined)).toBe(0);
  });
});
