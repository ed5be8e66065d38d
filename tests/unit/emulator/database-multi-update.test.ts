import fc from 'fast-check';
import { LocalDatabase } from '../../../emulator/database';

/** A multi-document update (one mingo call for all targets) must equal updating each document alone. */
describe('multi-document updates', () => {
  const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('a', 'b'), fc.constant(null));
  const doc = fc.record(
    { n: fc.integer({ min: 0, max: 9 }), tags: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 3 }), s: value },
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
  );

  test('same documents and same updated count as one update per document', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { minLength: 2, maxLength: 12 }), modifier, async (docs, mod) => {
        const spec = [{ name: 'c' }];
        const [together, alone] = await Promise.all([
          LocalDatabase.open({ collections: spec }),
          LocalDatabase.open({ collections: spec }),
        ]);
        const ids = await together.insertMany('c', docs);
        await alone.insertMany(
          'c',
          docs.map((d, i) => ({ ...d, _id: ids[i] })),
        );
        const updated = await together.update('c', {}, mod);
        let updatedAlone = 0;
        for (const id of ids) updatedAlone += await alone.update('c', { _id: id }, mod);
        expect(updated).toBe(updatedAlone);
        const byId = (a: any, b: any) => (a._id < b._id ? -1 : 1);
        expect((await together.find('c')).sort(byId)).toEqual((await alone.find('c')).sort(byId));
        await Promise.all([together.close(), alone.close()]);
      }),
      { numRuns: 150 },
    );
  });
});
