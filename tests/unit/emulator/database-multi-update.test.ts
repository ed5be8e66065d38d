import fc from 'fast-check';
import { LocalDatabase, type CollectionSpec } from '../../../emulator/database';

/** A multi-document update (one mingo call for all targets) must equal updating each document alone. */
describe('multi-document updates', () => {
  const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('a', 'b'), fc.constant(null));
  const doc = fc.record(
    {
      n: fc.integer({ min: 0, max: 9 }),
      tags: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 3 }),
      s: value,
      deep: fc.record({ k: value, list: fc.array(value, { maxLength: 2 }) }, { requiredKeys: [] }),
    },
    { requiredKeys: ['n'] },
  );
  const modifier = fc.oneof(
    fc.record({ $set: fc.record({ s: value, 'deep.k': value }, { requiredKeys: [] }) }),
    fc.record({ $inc: fc.record({ n: fc.integer({ min: -3, max: 3 }) }) }),
    fc.record({ $push: fc.record({ tags: fc.constantFrom('x', 'w') }) }),
    fc.record({ $addToSet: fc.record({ tags: fc.constantFrom('x', 'w') }) }),
    fc.record({ $pull: fc.record({ tags: fc.constantFrom('x', 'y') }) }),
    fc.record({ $unset: fc.record({ s: fc.constant('') }) }),
    fc.record({ $max: fc.record({ n: fc.integer({ min: 0, max: 9 }) }), $set: fc.record({ s: value }) }),
    // Top-level $set of new, equal and nested values (copied, never shared with the modifier or another document).
    fc.record({
      $set: fc.record(
        {
          s: value,
          n: fc.integer({ min: 0, max: 2 }),
          tags: fc.constant(['x']),
          deep: fc.record({ k: value }),
          fresh: value,
        },
        { requiredKeys: [] },
      ),
    }),
    fc.record({ $set: fc.record({ 'deep.list': fc.array(value, { maxLength: 2 }) }) }),
    fc.record({ $rename: fc.record({ s: fc.constantFrom('t', 'deep') }) }),
    fc.record({ $mul: fc.record({ n: fc.integer({ min: 0, max: 2 }) }) }),
    // A unique field set to a value another document holds: refused as a whole.
    fc.record({ $set: fc.record({ u: fc.integer({ min: 0, max: 2 }), s: value }, { requiredKeys: ['u'] }) }),
  );

  test('same documents and same updated count as one update per document', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(doc, { minLength: 2, maxLength: 12 }),
        fc.array(modifier, { minLength: 1, maxLength: 3 }),
        async (docs, mods) => {
          // Indexed as an update may or may not touch them (an update's hint skips the indexes it leaves alone).
          const spec: CollectionSpec[] = [
            {
              name: 'c',
              indexes: [
                { name: 'n_s', keys: { n: 1, s: 1 } },
                { name: 'n_1', keys: { n: 1 } },
                { name: 'deep_k', keys: { 'deep.k': 1 } },
                { name: 'tags_1', keys: { tags: 1 } },
                { name: 'u_1', keys: { u: 1 }, unique: true },
              ],
            },
          ];
          const [together, alone] = await Promise.all([
            LocalDatabase.open({ collections: spec }),
            LocalDatabase.open({ collections: spec }),
          ]);
          const ids = await together.insertMany(
            'c',
            docs.map((d, i) => ({ ...d, u: i })),
          );
          await alone.insertMany(
            'c',
            docs.map((d, i) => ({ ...d, u: i, _id: ids[i] })),
          );
          const byId = (a: any, b: any) => (a._id < b._id ? -1 : 1);
          // In turn, so an update after another works on what the one before left (shared parts included).
          for (const mod of mods) {
            const before = JSON.stringify((await together.find('c')).sort(byId));
            const [updated, error] = await together.update('c', {}, mod).then(
              (n) => [n, null],
              (e: Error) => [-1, e.message],
            );
            let updatedAlone = 0;
            let errorAlone: string | null = null;
            for (const id of ids) {
              try {
                updatedAlone += await alone.update('c', { _id: id }, mod);
              } catch (e) {
                errorAlone ??= (e as Error).message;
              }
            }
            expect(error === null).toBe(errorAlone === null);
            if (error !== null) {
              // A refused update changes nothing.
              expect(JSON.stringify((await together.find('c')).sort(byId))).toBe(before);
              break;
            }
            expect(updated).toBe(updatedAlone);
            expect((await together.find('c')).sort(byId)).toEqual((await alone.find('c')).sort(byId));
            // Index lookups find what the documents hold.
            for (const query of [
              { n: 1 },
              { n: 2 },
              { n: 1, s: 'a' },
              { n: 2, s: null },
              { 'deep.k': 'a' },
              { 'deep.k': null },
              { tags: 'x' },
              { u: 0 },
            ])
              expect((await together.find('c', query)).map((d: any) => d._id).sort()).toEqual(
                (await alone.find('c', query)).map((d: any) => d._id).sort(),
              );
          }
          await Promise.all([together.close(), alone.close()]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
