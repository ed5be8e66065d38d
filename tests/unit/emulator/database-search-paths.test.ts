import fc from 'fast-check';
import { Query } from 'mingo';
import { LocalDatabase } from '../../../emulator/database';
import type { Doc } from '../../../emulator/database/codec';
import {
  Collection,
  compileFilter,
  Engine,
  MINGO_OPTIONS,
  PAIR_INDEX_AFTER,
  sortDocuments,
} from '../../../emulator/database/engine';

/**
 * The shortcuts a name search takes (issue 16: 20 readers searching 10,000 red-list rows) must answer
 * what the general path does: string and regex conditions tested without mingo, large index lookups
 * kept until the next write, text searched through an index of character pairs, and a count taken from
 * the page just sorted for the same filter.
 */
describe('database search paths', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '.', '(', '-', '美', '的'), maxLength: 4 });
  const value = fc.oneof(
    text,
    fc.array(text, { maxLength: 2 }),
    fc.integer({ min: 0, max: 2 }),
    fc.constant(null),
    fc.constant(undefined),
  );
  // As containsText escapes a search fragment.
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const regex = fc.oneof(
    // What containsText sends (an escaped fragment), with each option the codec lets through.
    fc.tuple(text, fc.constantFrom('', 'i', 'm', 's', 'u', 'ms')).map(([s, flags]) => new RegExp(escape(s), flags)),
    fc.constantFrom(/a./, /^a/, /b$/, /a|b/, /[ab]/, /\(/, /A/i, /a-/, /a\-/, /(?:)/, /\//),
  );
  const condition = fc.oneof(
    text,
    regex,
    fc.integer({ min: 0, max: 2 }),
    fc.record({ $in: fc.array(text, { maxLength: 2 }) }),
    fc.record({ $exists: fc.boolean() }),
  );

  test('string and regex conditions match what mingo matches, with any other conditions beside them', () => {
    const doc = fc.record({ s: value, t: value, u: value }, { requiredKeys: [] });
    const filter = fc.record({ s: condition, t: condition, 'u.x': condition }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 8 }), filter, (docs, where) => {
        const stored = docs.map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)));
        const fast = compileFilter(where);
        const mingo = new Query(where, MINGO_OPTIONS);
        for (const d of stored) expect(fast.test(d)).toBe(mingo.test(d));
      }),
      { numRuns: 2000 },
    );
  });

  test('text searches answered from the pair index match a scan with mingo, before and after a write', () => {
    const unit = fc.constantFrom('a', 'b', '美', '的', '😀', '\ud83d');
    const name = fc.string({ unit, maxLength: 6 });
    // Strings mostly; arrays of strings, numbers and nothing are left to mingo. Only arrays hold 'z', so
    // a search for it finds no pair in the index and must still reach them.
    const value = fc.oneof(
      { weight: 8, arbitrary: name },
      fc.array(fc.string({ unit: fc.constantFrom('a', 'z'), maxLength: 3 }), { maxLength: 2 }),
      fc.integer({ min: 0, max: 2 }),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, fc.nat(3)), { minLength: 256, maxLength: 320 }),
        fc.array(fc.tuple(fc.string({ unit: fc.oneof(unit, fc.constant('z')), maxLength: 3 }), fc.boolean()), {
          minLength: PAIR_INDEX_AFTER + 2,
          maxLength: 12,
        }),
        (rows, searches) => {
          const docs: Doc[] = rows.map(([key, rank], i) => {
            const doc: Doc = { _id: `d${String(i).padStart(3, '0')}`, g: 'x', rank };
            if (key !== undefined) doc.key = key;
            return doc;
          });
          const engine = new Engine(new Map([['c', [{ name: 'g_1', fields: ['g'], unique: false }]]]));
          const collections = new Map<string, Collection>();
          const sink = Engine.loadSink(collections);
          for (const doc of docs) sink.put('c', doc);
          engine.install(collections);
          let written = 0;
          for (const [text, write] of searches) {
            if (write)
              engine.commit([{ kind: 'put', coll: 'c', doc: { _id: `w${written++}`, g: 'x', key: text, rank: 0 } }]);
            const filter = { g: 'x', key: new RegExp(escape(text)) };
            const all = engine.select('c', undefined);
            const mingo = new Query(filter, MINGO_OPTIONS);
            const expected = sortDocuments(
              all.filter((d) => mingo.test(d)),
              { rank: 1 },
            ).map((d) => d._id);
            expect(engine.select('c', filter, { sort: { rank: 1 } }).map((d) => d._id)).toEqual(expected);
            expect(engine.count('c', { ...filter, rank: { $gte: 0 } })).toBe(expected.length);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test('a total read after a write counts the write, whatever was read before it', async () => {
    const db = await LocalDatabase.open({
      collections: [{ name: 'c', indexes: [{ name: 'cat_1', keys: { cat: 1 } }] }],
    });
    await db.insertMany(
      'c',
      Array.from({ length: 400 }, (_, i) => ({ cat: 'x', name: i % 2 ? '广州美的' : '深圳格力', rank: i })),
    );
    const query = { cat: 'x', name: { $regularExpression: { pattern: '美的', options: '' } } };
    const read = async (action: string, body: object) =>
      ((await db.handle(action, { collectionName: 'c', query, ...body })) as any).data;
    const total = async () => (await read('database.calculateDocument', {})).total;
    const page = async () =>
      (await read('database.getDocument', { order: [{ field: 'rank', direction: 'asc' }], limit: 5 })).list.length;
    expect([await page(), await total()]).toEqual([5, 200]);
    await db.insertMany('c', [{ cat: 'x', name: '美的', rank: -1 }]);
    expect(await total()).toBe(201);
    // Ranks -1, 1, 3, 5, 7, 9 leave: 201 - 6.
    await db.update('c', { rank: { $lt: 10 } }, { $set: { cat: 'y' } });
    expect(await total()).toBe(195);
    expect([await page(), await total()]).toEqual([5, 195]);
    await db.close();
  });

  test('index lookups, pages and counts agree with a scan while documents are written between reads', async () => {
    const spec = [{ name: 'c', indexes: [{ name: 'cat_1', keys: { cat: 1 as const } }] }];
    const step = fc.oneof(
      fc.record({ kind: fc.constant('read' as const), cat: fc.constantFrom('x', 'y'), q: text, page: fc.nat(3) }),
      fc.record({ kind: fc.constant('insert' as const), cat: fc.constantFrom('x', 'y'), name: text }),
      fc.record({ kind: fc.constant('move' as const), from: fc.constantFrom('x', 'y'), name: text }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('x', 'y'), text, fc.nat(5)), { minLength: 600, maxLength: 700 }),
        fc.array(step, { minLength: 1, maxLength: 12 }),
        async (rows, steps) => {
          const db = await LocalDatabase.open({ collections: spec });
          await db.insertMany(
            'c',
            rows.map(([cat, name, rank], i) => ({ _id: `d${String(i).padStart(4, '0')}`, cat, name, rank })),
          );
          let inserted = 0;
          const ok = async (action: string, body: Record<string, unknown>) => {
            const reply = (await db.handle(action, { collectionName: 'c', ...body })) as any;
            if (reply.code) throw new Error(`${action}: ${reply.code} ${reply.message}`);
            return reply.data;
          };
          for (const s of steps) {
            if (s.kind === 'insert') {
              await db.insertMany('c', [{ _id: `n${inserted++}`, cat: s.cat, name: s.name, rank: 0 }]);
            } else if (s.kind === 'move') {
              await db.update('c', { cat: s.from, name: { $regex: escape(s.name) } }, { $set: { cat: 'x' } });
            } else if (s.kind === 'remove') {
              const all = (await db.find('c')) as Doc[];
              if (all.length) {
                await ok('database.removeDocument', {
                  queryType: 'DOC',
                  query: { _id: all[s.pick % all.length]._id },
                });
              }
            } else {
              const query = { cat: s.cat, name: { $regularExpression: { pattern: escape(s.q), options: '' } } };
              const where = { cat: s.cat, name: new RegExp(escape(s.q)) };
              const all = (await db.find('c')) as Doc[];
              const matching = all.filter((d) => new Query(where, MINGO_OPTIONS).test(d));
              const sorted = sortDocuments(matching, { rank: 1, _id: 1 });
              // The total first (a write may have come since the last page of this filter), then twice
              // each of a page and its total, as a search reads them.
              expect((await ok('database.calculateDocument', { query })).total).toBe(matching.length);
              for (let i = 0; i < 2; i++) {
                const unsorted = await ok('database.getDocument', { query, offset: s.page * 20, limit: 20 });
                expect(unsorted.list.map((d: string) => JSON.parse(d)._id)).toEqual(
                  matching.slice(s.page * 20, s.page * 20 + 20).map((d) => d._id),
                );
                const page = await ok('database.getDocument', {
                  query,
                  order: [
                    { field: 'rank', direction: 'asc' },
                    { field: '_id', direction: 'asc' },
                  ],
                  offset: s.page * 20,
                  limit: 20,
                  projection: { name: false },
                });
                expect(page.list.map((d: string) => JSON.parse(d))).toEqual(
                  sorted.slice(s.page * 20, s.page * 20 + 20).map(({ _id, cat, rank }) => ({
                    _id,
                    cat,
                    rank: { $numberInt: String(rank) },
                  })),
                );
                expect((await ok('database.calculateDocument', { query })).total).toBe(matching.length);
                expect((await ok('database.calculateDocument', { query: { cat: s.cat } })).total).toBe(
                  all.filter((d) => d.cat === s.cat).length,
                );
              }
            }
          }
          await db.close();
        },
      ),
      { numRuns: 40 },
    );
  });
});
