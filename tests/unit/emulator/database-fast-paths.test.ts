import fc from 'fast-check';
import { find as mingoFind, Query } from 'mingo';
import { LocalDatabase } from '../../../emulator/database';
import { project } from '../../../emulator/database/projection';
import { toStorageJson } from '../../../emulator/database/codec';

/**
 * The database's shortcuts (issue 16: a 200,000-application draw) must answer exactly what the general
 * path does: inclusion projections without mingo, `_id: {$in}` filters not re-checked on the ids, index
 * keys left alone when an update does not change them, and "changed?" decided without building JSON.
 */
describe('database fast paths', () => {
  const scalar = fc.oneof(
    fc.integer({ min: -3, max: 3 }),
    fc.constant(-0),
    fc.constantFrom('a', 'b'),
    fc.constant(null),
    fc.boolean(),
    fc.constantFrom(new Date(0), new Date(1000)),
  );
  const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.record({ k: scalar }, { requiredKeys: [] }));
  const doc = fc.record(
    { cat: fc.constantFrom('x', 'y', 'z'), n: fc.integer({ min: 0, max: 9 }), s: value, t: value },
    { requiredKeys: ['cat', 'n'] },
  );
  const spec = [{ name: 'c', indexes: [{ name: 'cat_1', keys: { cat: 1 as const } }] }];
  const byId = (a: any, b: any) => (a._id < b._id ? -1 : 1);

  test('an inclusion projection gives what mingo gives', () => {
    const fields = fc.subarray(['cat', 'n', 's', 't', 'missing'], { minLength: 1 });
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 6 }), fields, fc.boolean(), fc.boolean(), (docs, keep, noId, asOne) => {
        const stored = docs.map((d, i) => ({ _id: `d${i}`, ...d }));
        const projection: Record<string, unknown> = Object.fromEntries(keep.map((f) => [f, asOne ? 1 : true]));
        if (noId) projection._id = false;
        const expected = mingoFind(stored, {}, projection, { idKey: '_id' }).all();
        expect(project(stored, projection)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test('an exclusion projection gives what mingo gives', () => {
    const fields = fc.subarray(['_id', 'cat', 'n', 's', 't', 'missing'], { minLength: 1 });
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 6 }), fields, fc.boolean(), (docs, drop, asZero) => {
        const stored = docs.map((d, i) => ({ _id: `d${i}`, ...d }));
        const projection = Object.fromEntries(drop.map((f) => [f, asZero ? 0 : false]));
        const expected = mingoFind(stored, {}, projection, { idKey: '_id' })
          .all()
          .map(({ _id, ...rest }: any) => (_id === undefined ? rest : { _id, ...rest }));
        const projected = project(stored, projection);
        expect(projected).toEqual(expected);
        // _id first, as MongoDB answers.
        projected.forEach((p, i) => expect(Object.keys(p)).toEqual(Object.keys(expected[i])));
      }),
      { numRuns: 300 },
    );
  });

  test('an _id $in filter with more conditions matches what mingo matches over every document', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(doc, { minLength: 1, maxLength: 10 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 9 }),
        fc.boolean(),
        async (docs, picks, min, alone) => {
          const db = await LocalDatabase.open({ collections: spec });
          const ids = await db.insertMany('c', docs);
          const wanted = picks.map((i) => ids[i] ?? `none-${i}`);
          const filter = alone ? { _id: { $in: wanted } } : { _id: { $in: wanted }, n: { $gte: min } };
          const all = (await db.find('c')) as any[];
          const expected = all.filter((d) => new Query(filter, { idKey: '_id' }).test(d));
          expect(((await db.find('c', filter)) as any[]).sort(byId)).toEqual(expected.sort(byId));
          await db.close();
        },
      ),
      { numRuns: 150 },
    );
  });

  test('after updates, index lookups and updated counts agree with a scan and with the stored JSON', async () => {
    const modifier = fc.oneof(
      fc.record({ $set: fc.record({ s: value, t: value }, { requiredKeys: [] }) }),
      fc.record({ $set: fc.record({ cat: fc.constantFrom('x', 'y', 'z'), s: value }, { requiredKeys: ['cat'] }) }),
      fc.record({ $inc: fc.record({ n: fc.integer({ min: -1, max: 1 }) }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(doc, { minLength: 1, maxLength: 10 }),
        fc.array(fc.tuple(fc.constantFrom('x', 'y', 'z', null), modifier), { minLength: 1, maxLength: 4 }),
        async (docs, updates) => {
          const db = await LocalDatabase.open({ collections: spec });
          await db.insertMany('c', docs);
          for (const [cat, mod] of updates) {
            const before = ((await db.find('c')) as any[]).sort(byId).map((d) => JSON.stringify(toStorageJson(d)));
            const updated = await db.update('c', cat ? { cat } : {}, mod);
            const after = ((await db.find('c')) as any[]).sort(byId).map((d) => JSON.stringify(toStorageJson(d)));
            expect(updated).toBe(before.filter((text, i) => text !== after[i]).length);
          }
          const all = (await db.find('c')) as any[];
          for (const cat of ['x', 'y', 'z']) {
            const viaIndex = ((await db.find('c', { cat })) as any[]).sort(byId);
            expect(viaIndex).toEqual(all.filter((d) => d.cat === cat).sort(byId));
          }
          await db.close();
        },
      ),
      { numRuns: 150 },
    );
  });

  test('an update counts a document as changed exactly when a stored value differs', async () => {
    const db = await LocalDatabase.open({ collections: spec });
    // Two documents: an update of several is the one that compares each before and after.
    const start = { cat: 'x', n: 0, arr: [1, 2], o: { k: 1 }, d: new Date(0) };
    await db.insertMany('c', [start, start]);
    const set = (data: object) => db.update('c', { cat: 'x' }, { $set: data });
    expect(await set({ arr: [1, 2], o: { k: 1 }, d: new Date(0) })).toBe(0);
    expect(await set({ arr: [1, 3] })).toBe(2);
    expect(await set({ arr: [1, 3] })).toBe(0);
    expect(await set({ o: { k: 2 } })).toBe(2);
    expect(await set({ d: new Date(1) })).toBe(2);
    expect(await set({ d: new Date(1), o: { k: 2 } })).toBe(0);
    expect(await set({ o: { k: 2, j: null } })).toBe(2);
    await db.close();
  });
});
