import fc from 'fast-check';
import { Aggregator } from 'mingo';
import { PipelineRunner } from '../../../emulator/database/aggregate';
import type { Doc } from '../../../emulator/database/codec';
import { Collection, Engine, MINGO_OPTIONS, sortDocuments } from '../../../emulator/database/engine';

/**
 * The pipeline runner takes the stages an index can serve off mingo (a leading $match with its sort, skip
 * and limit, a $count after it, equality and variable-free $lookups): whatever it answers, mingo over the
 * whole collections must answer the same.
 */
describe('aggregation pipelines', () => {
  const key = fc.constantFrom('a', 'b', 'c');
  const value = fc.oneof(key, fc.array(key, { maxLength: 2 }), fc.integer({ min: 0, max: 2 }), fc.constant(null));
  const row = fc.record({ k: value, n: fc.integer({ min: 0, max: 3 }), ref: value }, { requiredKeys: ['n'] });
  const condition = fc.oneof(
    key,
    fc.integer({ min: 0, max: 2 }),
    fc.constant(null),
    fc.record({ $in: fc.array(fc.oneof(key, fc.constant(null)), { maxLength: 2 }) }),
    fc.record({ $gte: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ $exists: fc.boolean() }),
  );
  const match = fc.record({ k: condition, n: condition, ref: condition }, { requiredKeys: [] }).map((m) => ({
    $match: m,
  }));
  // Ties broken by _id: MongoDB leaves their order open, so only a total order can be compared.
  const sort = fc.constantFrom({ $sort: { n: 1, _id: 1 } }, { $sort: { n: -1, _id: 1 } }, { $sort: { _id: -1 } });
  const head = fc
    .tuple(
      fc.option(match, { nil: undefined }),
      fc.oneof(
        fc.constant([{ $count: 'total' }]),
        fc
          .tuple(
            fc.option(sort, { nil: undefined }),
            fc.option(fc.nat(4), { nil: undefined }),
            fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
          )
          .map(([s, skip, limit]) => [
            ...(s ? [s] : []),
            ...(skip !== undefined ? [{ $skip: skip }] : []),
            ...(limit !== undefined ? [{ $limit: limit }] : []),
          ]),
      ),
    )
    .map(([m, rest]) => [...(m ? [m] : []), ...rest]);
  const subPipeline = head.map((stages) => stages as Doc[]);
  const lookup = fc.oneof(
    fc
      .tuple(fc.constantFrom('k', 'ref', 'missing'), fc.constantFrom('k', 'ref', '_id'))
      .map(([localField, foreignField]) => ({ $lookup: { from: 'j', localField, foreignField, as: 'joined' } })),
    subPipeline.map((pipeline) => ({ $lookup: { from: 'j', pipeline, as: 'joined' } })),
    // Nested: the joined pipeline joins again.
    subPipeline.map((pipeline) => ({
      $lookup: {
        from: 'j',
        pipeline: [...pipeline, { $lookup: { from: 'c', localField: 'ref', foreignField: 'k', as: 'back' } }],
        as: 'joined',
      },
    })),
    fc.constant({ $lookup: { from: 'absent', localField: 'k', foreignField: 'k', as: 'joined' } }),
  );
  const project = fc.constantFrom(
    { $project: { n: 1, joined: 1 } },
    { $project: { k: 0, _id: 0 } },
    { $project: { ref: false } },
  );
  const tail = fc.array(fc.oneof(lookup, project, sort), { maxLength: 2 });

  function engineWith(c: Doc[], j: Doc[]): Engine {
    const engine = new Engine(
      new Map([
        ['c', [{ name: 'k_1', fields: ['k'], unique: false }]],
        ['j', [{ name: 'ref_1', fields: ['ref'], unique: false }]],
      ]),
    );
    const collections = new Map<string, Collection>();
    const sink = Engine.loadSink(collections);
    sink.create('c');
    sink.create('j');
    for (const doc of c) sink.put('c', doc);
    for (const doc of j) sink.put('j', doc);
    engine.install(collections);
    return engine;
  }

  /**
   * MongoDB's $count is a $group and a $project, so it answers nothing for no input; mingo's answers
   * a count of 0. The model is MongoDB's.
   */
  const asMongoCounts = (stages: Doc[]): Doc[] =>
    stages.flatMap((stage) => {
      if (typeof stage.$count === 'string') {
        return [{ $group: { _id: null, [stage.$count]: { $sum: 1 } } }, { $project: { _id: 0 } }];
      }
      const lookup = stage.$lookup as Doc | undefined;
      if (lookup && Array.isArray(lookup.pipeline)) {
        return [{ $lookup: { ...lookup, pipeline: asMongoCounts(lookup.pipeline as Doc[]) } }];
      }
      return [stage];
    });

  // JSON, not structuredClone: jest's global structuredClone makes objects of another realm.
  const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

  const stored = (rows: Doc[], prefix: string) =>
    rows.map((r, i) => ({
      _id: `${prefix}${i}`,
      ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)),
    }));

  test('answers what mingo answers over the whole collections', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 8 }),
        fc.array(row, { maxLength: 8 }),
        head,
        tail,
        (cRows, jRows, first, rest) => {
          const c = stored(cRows, 'c');
          const j = stored(jRows, 'j');
          const engine = engineWith(c, j);
          const pipeline = [...first, ...rest] as Doc[];
          const copy = (docs: Doc[]) => clone(docs);
          const collections: Record<string, Doc[]> = { c, j };
          const expected = new Aggregator(asMongoCounts(clone(pipeline)), {
            ...MINGO_OPTIONS,
            collectionResolver: (name: string) => copy(collections[name] ?? []),
          }).run(copy(c));
          expect(new PipelineRunner(engine).run('c', clone(pipeline))).toEqual(expected);
          // Nothing the answer holds is a stored document.
          const answer = new PipelineRunner(engine).run('c', clone(pipeline));
          for (const doc of answer) (doc as Doc).n = 99;
          expect(engine.select('c', undefined).every((d) => d.n !== 99)).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  test('a page sorted from the matches a count kept is the page a fresh sort gives, across writes', () => {
    // Two filters at most, so that counts, pages and writes meet on the same one.
    const op = fc.oneof(
      fc.record({ kind: fc.constant('count' as const), which: fc.nat(1) }),
      fc.record({ kind: fc.constant('page' as const), which: fc.nat(1), desc: fc.boolean(), skip: fc.nat(3) }),
      fc.record({ kind: fc.constant('write' as const), doc: row, id: fc.nat(9) }),
    );
    const nonEmpty = match.filter((m) => Object.keys(m.$match).length > 0);
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 10 }),
        fc.tuple(nonEmpty, nonEmpty),
        fc.array(op, { maxLength: 12 }),
        (rows, filters, ops) => {
          const engine = engineWith(stored(rows, 'c'), []);
          for (const step of ops) {
            if (step.kind === 'write') {
              engine.commit([{ kind: 'put', coll: 'c', doc: { ...stored([step.doc], 'c')[0], _id: `c${step.id}` } }]);
              continue;
            }
            const where = filters[step.which].$match as Doc;
            const all = engine.select('c', undefined);
            const matching = new Aggregator([{ $match: where }], MINGO_OPTIONS).run(all) as Doc[];
            if (step.kind === 'count') {
              expect(engine.count('c', where)).toBe(matching.length);
              continue;
            }
            // n alone: ties keep natural order, as a sort of the matches in natural order does.
            const sort = { n: step.desc ? -1 : 1 } as const;
            const expected = sortDocuments(matching, sort).slice(step.skip, step.skip + 3);
            expect(engine.select('c', where, { sort, skip: step.skip, limit: 3 })).toEqual(expected);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('a stage the service refuses is refused inside a joined pipeline too', () => {
    const engine = engineWith([{ _id: 'c0', n: 1 }], []);
    const runner = new PipelineRunner(engine);
    expect(() => runner.run('c', [{ $lookup: { from: 'j', pipeline: [{ $out: 'x' }], as: 'y' } }])).toThrow(
      /不支持的聚合阶段：\$out/,
    );
    expect(() => runner.run('c', [{ $lookup: { pipeline: [], as: 'y' } }])).toThrow(/from 与 as/);
  });
});
