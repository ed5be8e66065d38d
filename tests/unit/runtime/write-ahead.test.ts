import fc from 'fast-check';
import { WriteAhead } from '../../../cloudfunctions/src/runtime/write-ahead';

/** A write that settles after `ticks` turns of the event loop, failing if `fails`. */
function writeAfter(ticks: number, fails: boolean, onSettled: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (left: number) => {
      if (left > 0) return void setImmediate(() => step(left - 1));
      onSettled();
      if (fails) reject(new Error('write failed'));
      else resolve();
    };
    step(ticks);
  });
}

const batches = fc.array(fc.record({ ticks: fc.nat(4), fails: fc.nat(6).map((n) => n === 0) }), {
  minLength: 1,
  maxLength: 12,
});

describe('WriteAhead', () => {
  test('reports each batch in order, only once it and every batch before it are written, and keeps one write ahead', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ ticks: fc.nat(4), fails: fc.constant(false) }), { minLength: 1, maxLength: 12 }),
        async (plan) => {
          const settled = plan.map(() => false);
          const reported: number[] = [];
          let checkpoints = 0;
          const ahead = new WriteAhead<number>(
            (mark) => {
              // Every write up to this one has finished when it is reported.
              expect(settled.slice(0, mark + 1).every(Boolean)).toBe(true);
              reported.push(mark);
            },
            async () => {
              // A checkpoint (here after every push) saves only what was reported written.
              expect(settled.slice(0, reported.length).every(Boolean)).toBe(true);
              checkpoints++;
            },
            0,
          );
          for (let i = 0; i < plan.length; i++) {
            await ahead.push(
              writeAfter(plan[i].ticks, false, () => (settled[i] = true)),
              i,
            );
            // At most the write just pushed is still in flight.
            expect(settled.slice(0, i).every(Boolean)).toBe(true);
          }
          await ahead.settle();
          expect(reported).toEqual(plan.map((_, i) => i));
          expect(checkpoints).toBe(plan.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a failed write stops the reports before it: the batches after it are never reported', async () => {
    await fc.assert(
      fc.asyncProperty(batches, async (plan) => {
        const reported: number[] = [];
        const ahead = new WriteAhead<number>(
          (mark) => reported.push(mark),
          async () => undefined,
        );
        const failure = plan.findIndex((b) => b.fails);
        let thrown: unknown = null;
        try {
          for (let i = 0; i < plan.length; i++) {
            await ahead.push(
              writeAfter(plan[i].ticks, plan[i].fails, () => undefined),
              i,
            );
          }
          await ahead.settle();
        } catch (error) {
          thrown = error;
        }
        const written = failure === -1 ? plan.length : failure;
        expect(reported).toEqual(Array.from({ length: written }, (_, i) => i));
        expect(thrown === null).toBe(failure === -1);
      }),
      { numRuns: 200 },
    );
  });

  test('checkpoints at most every `everyMs`: none within it', async () => {
    let checkpoints = 0;
    const ahead = new WriteAhead<number>(
      () => undefined,
      async () => void checkpoints++,
      60_000,
    );
    for (let i = 0; i < 5; i++) await ahead.push(Promise.resolve(), i);
    await ahead.settle();
    expect(checkpoints).toBe(0);
  });
});
