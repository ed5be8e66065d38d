import fc from 'fast-check';
import { promoteFromWaitlist, type WaitlistCandidate } from '../../../cloudfunctions/src/core/draw';

const w = (applicationId: string, applicantKey: string): WaitlistCandidate => ({ applicationId, applicantKey });

describe('promoteFromWaitlist', () => {
  // G2000 pool (2000 yuan), cap 5000.
  const waitlist = [w('b1', 'K1'), w('b2', 'K2'), w('b3', 'K3'), w('b4', 'K2'), w('b5', 'K5')];

  test('promotes the first waiting entries in order', () => {
    const out = promoteFromWaitlist({ faceValue: 2000, cap: 5000, waitlist, count: 2, currentTotals: new Map() });
    expect(out.promoted.map((c) => c.applicationId)).toEqual(['b1', 'b2']);
    expect(out.passedOver).toEqual([]);
    expect(out.exhausted).toBe(false);
  });

  test('skips applicants whose current total + faceValue would exceed the cap, but not forever', () => {
    const totals = new Map([['K1', 3500]]);
    const out = promoteFromWaitlist({ faceValue: 2000, cap: 5000, waitlist, count: 1, currentTotals: totals });
    expect(out.promoted.map((c) => c.applicationId)).toEqual(['b2']);
    expect(out.passedOver).toEqual([{ applicationId: 'b1', applicantKey: 'K1', reason: 'cap' }]);
    // K1's other voucher expired: total back to 0, b1 is first in line again.
    const later = promoteFromWaitlist({
      faceValue: 2000,
      cap: 5000,
      waitlist,
      count: 1,
      currentTotals: new Map([['K1', 0]]),
      settled: new Set(['b2']),
    });
    expect(later.promoted.map((c) => c.applicationId)).toEqual(['b1']);
  });

  test('an applicant fits exactly at the cap', () => {
    const out = promoteFromWaitlist({
      faceValue: 2000,
      cap: 5000,
      waitlist,
      count: 1,
      currentTotals: new Map([['K1', 3000]]),
    });
    expect(out.promoted.map((c) => c.applicationId)).toEqual(['b1']);
  });

  test('skips settled entries (already promoted or withdrawn) and holders of this pool', () => {
    const out = promoteFromWaitlist({
      faceValue: 2000,
      cap: 5000,
      waitlist,
      count: 2,
      currentTotals: new Map(),
      settled: new Set(['b1']),
      holders: new Set(['K3']),
    });
    expect(out.promoted.map((c) => c.applicationId)).toEqual(['b2', 'b5']);
    expect(out.passedOver).toEqual([
      { applicationId: 'b3', applicantKey: 'K3', reason: 'holdsPool' },
      { applicationId: 'b4', applicantKey: 'K2', reason: 'holdsPool' }, // K2 just got b2
    ]);
  });

  test('promotions in one call add up against the cap; a short waitlist says it is exhausted', () => {
    const list = [w('c1', 'K1'), w('c2', 'K1'), w('c3', 'K9')];
    const out = promoteFromWaitlist({
      faceValue: 500,
      cap: 1000,
      waitlist: list,
      count: 5,
      currentTotals: new Map([['K1', 500]]),
    });
    expect(out.promoted.map((c) => c.applicationId)).toEqual(['c1', 'c3']);
    expect(out.exhausted).toBe(true);
  });

  test('never breaks the cap, keeps waitlist order, and takes the first eligible entries', () => {
    const arb = fc.record({
      faceValue: fc.constantFrom(500, 1000, 2000, 5000),
      cap: fc.constantFrom(1000, 5000),
      keys: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 20 }),
      totals: fc.array(fc.constantFrom(0, 500, 1000, 3000, 4500, 5000), { minLength: 6, maxLength: 6 }),
      count: fc.integer({ min: 0, max: 8 }),
      settled: fc.array(fc.nat(25), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(arb, ({ faceValue, cap, keys, totals, count, settled }) => {
        const list = keys.map((k, i) => w(`e${i}`, `K${k}`));
        const currentTotals = new Map<string, number>(totals.map((t, k) => [`K${k}`, t]));
        const settledIds = new Set(settled.map((i) => `e${i}`));
        const out = promoteFromWaitlist({ faceValue, cap, waitlist: list, count, currentTotals, settled: settledIds });
        expect(out.promoted.length).toBeLessThanOrEqual(count);
        const after = new Map(currentTotals);
        for (const c of out.promoted) after.set(c.applicantKey, after.get(c.applicantKey)! + faceValue);
        for (const c of out.promoted) expect(after.get(c.applicantKey)).toBeLessThanOrEqual(cap);
        const promotedKeys = out.promoted.map((c) => c.applicantKey);
        expect(new Set(promotedKeys).size).toBe(promotedKeys.length);
        const positions = out.promoted.map((c) => list.indexOf(c));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        // Everything before the last promotion that was not promoted had a reason to be skipped.
        const last = positions.length ? positions[positions.length - 1] : -1;
        for (let i = 0; i <= last; i++) {
          const c = list[i];
          if (out.promoted.includes(c) || settledIds.has(c.applicationId)) continue;
          expect(out.passedOver.map((p) => p.applicationId)).toContain(c.applicationId);
        }
        if (out.promoted.length < count) expect(out.exhausted).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
