import fc from 'fast-check';
import { Query } from 'mingo';
import type { Doc } from '../../../emulator/database/codec';
import { Collection, Engine, MINGO_OPTIONS, sortDocuments, type SortSpec } from '../../../emulator/database/engine';

function engineWith(docs: Doc[]): Engine {
  const engine = new Engine(new Map([['c', []]]));
  const collections = new Map<string, Collection>();
  const sink = Engine.loadSink(collections);
  for (const doc of docs) sink.put('c', doc);
  engine.install(collections);
  return engine;
}

/** The reference: match everything with mingo, sort, slice. */
function reference(docs: Doc[], filter: Doc, sort: SortSpec, skip: number, limit: number): unknown[] {
  const q = new Query(filter, MINGO_OPTIONS);
  return sortDocuments(
    docs.filter((d) => q.test(d)),
    sort,
  )
    .slice(skip, skip + limit)
    .map((d) => d._id);
}

describe('keyset paging (range on the single sort field)', () => {
  const value = fc.oneof(
    fc.integer({ min: 0, max: 20 }),
    fc.constantFrom('a', 'k', 'z'),
    fc.constant(undefined),
    fc.constant(null),
  );
  const docs = fc.uniqueArray(
    fc.record({ _id: fc.string({ minLength: 1, maxLength: 3 }), n: value, g: fc.constantFrom('x', 'y') }),
    {
      selector: (d) => d._id,
      maxLength: 40,
    },
  );

  test('pages equal a full match-and-sort, ascending and descending, numbers and strings, mixed types', () => {
    fc.assert(
      fc.property(
        docs,
        fc.constantFrom('_id', 'n'),
        fc.constantFrom(1, -1),
        fc.constantFrom('$gt', '$gte', '$lt', '$lte'),
        fc.oneof(fc.integer({ min: 0, max: 20 }), fc.string({ maxLength: 3 })),
        fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 10 }),
        // A second bound, as an id range read in streams has (`_id >= from`, `_id < until`).
        fc.option(
          fc.tuple(
            fc.constantFrom('$gt', '$gte', '$lt', '$lte'),
            fc.oneof(fc.integer({ min: 0, max: 20 }), fc.string({ maxLength: 3 })),
          ),
          { nil: undefined },
        ),
        (raw, field, dir, op, bound, group, skip, limit, second) => {
          const all = raw.map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined))) as Doc[];
          const filter: Doc = { [field]: { [op]: bound, ...(second ? { [second[0]]: second[1] } : {}) } };
          if (group) filter.g = group;
          const sort = { [field]: dir } as SortSpec;
          const engine = engineWith(all);
          // Twice: the second call reads the cached order.
          for (let i = 0; i < 2; i++) {
            expect(engine.select('c', filter, { sort, skip, limit }).map((d) => d._id)).toEqual(
              reference(all, filter, sort, skip, limit),
            );
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  test('walks 200,000 documents of one campaign among others in pages of 1,000 by _id', () => {
    const all = Array.from({ length: 200_000 }, (_, i) => ({
      _id: `id${String(i).padStart(7, '0')}`,
      campaignId: i % 2 ? 'a' : 'b',
    }));
    const engine = engineWith(all);
    let after = '';
    let seen = 0;
    for (;;) {
      const page = engine.select('c', after ? { campaignId: 'a', _id: { $gt: after } } : { campaignId: 'a' }, {
        sort: { _id: 1 },
        limit: 1000,
      });
      seen += page.length;
      if (page.length < 1000) break;
      after = String(page[page.length - 1]._id);
    }
    expect(seen).toBe(100_000);
  });
});
