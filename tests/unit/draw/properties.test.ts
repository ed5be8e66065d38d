import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  computeDraw,
  ticket,
  type DrawEntry,
  type DrawPool,
  type PoolResult,
} from '../../../cloudfunctions/src/core/draw';

interface Campaign {
  pools: DrawPool[];
  cap: number;
  entries: DrawEntry[];
  seed: string;
}

const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('hex'));

/** Small campaigns with few applicants, so caps bind and applicants often hold several applications. */
const campaignArb: fc.Arbitrary<Campaign> = fc
  .record({
    pools: fc.uniqueArray(
      fc.record({
        poolId: fc.constantFrom('G5000', 'G2000', 'G1000', 'G500', 'C1000', 'C500', 'X'),
        faceValue: fc.constantFrom(500, 1000, 2000, 5000),
        quantity: fc.integer({ min: 0, max: 6 }),
      }),
      { minLength: 1, maxLength: 5, selector: (p) => p.poolId },
    ),
    cap: fc.constantFrom(0, 500, 1000, 2500, 5000, 8000, 100_000),
    applicants: fc.integer({ min: 1, max: 12 }),
    count: fc.integer({ min: 0, max: 40 }),
    seed: seedArb,
  })
  .chain(({ pools, cap, applicants, count, seed }) =>
    fc
      .array(
        fc.record({
          applicant: fc.integer({ min: 0, max: applicants - 1 }),
          pools: fc.subarray(
            pools.map((p) => p.poolId),
            { minLength: 1 },
          ),
        }),
        { minLength: count, maxLength: count },
      )
      .map((rows) => ({
        pools,
        cap,
        seed,
        entries: rows.map((row, i) => ({
          applicationId: `app-${i}`,
          applicantKey: `K${row.applicant}`,
          poolIds: row.pools,
        })),
      })),
  );

/** LOTTERY.md read literally: hex tickets from the reference `ticket`, a plain sort, the walk as written. */
function referenceDraw({ pools, cap, entries, seed }: Campaign): PoolResult[] {
  const order = [...pools].sort((a, b) => b.faceValue - a.faceValue || (a.poolId < b.poolId ? -1 : 1));
  const total = new Map<string, number>();
  const wonPools = new Map<string, Set<string>>();
  return order.map(({ poolId, faceValue, quantity }) => {
    const ranked = entries
      .filter((e) => e.poolIds.includes(poolId))
      .map((e) => ({ e, t: ticket(seed, poolId, e.applicationId) }))
      .sort((x, y) => (x.t !== y.t ? (x.t < y.t ? -1 : 1) : x.e.applicationId < y.e.applicationId ? -1 : 1));
    const winners: string[] = [];
    const waitlist: string[] = [];
    for (const { e } of ranked) {
      const won = wonPools.get(e.applicantKey) ?? new Set<string>();
      const sum = total.get(e.applicantKey) ?? 0;
      if (won.has(poolId) || sum + faceValue > cap) continue;
      if (winners.length < quantity) {
        winners.push(e.applicationId);
        total.set(e.applicantKey, sum + faceValue);
        wonPools.set(e.applicantKey, won.add(poolId));
      } else {
        waitlist.push(e.applicationId);
      }
    }
    return { poolId, winners, waitlist };
  });
}

const entryById = (c: Campaign) => new Map(c.entries.map((e) => [e.applicationId, e]));

describe('computeDraw properties', () => {
  test('equals a literal reading of the spec', () => {
    fc.assert(
      fc.property(campaignArb, (c) => {
        expect(computeDraw(c)).toEqual(referenceDraw(c));
      }),
      { numRuns: 300 },
    );
  });

  test('the cap is never exceeded per applicant, counting every application they hold', () => {
    fc.assert(
      fc.property(campaignArb, (c) => {
        const byId = entryById(c);
        const face = new Map(c.pools.map((p) => [p.poolId, p.faceValue]));
        const won = new Map<string, number>();
        for (const r of computeDraw(c)) {
          for (const id of r.winners) {
            const key = byId.get(id)!.applicantKey;
            won.set(key, (won.get(key) ?? 0) + face.get(r.poolId)!);
          }
        }
        for (const sum of won.values()) expect(sum).toBeLessThanOrEqual(c.cap);
      }),
      { numRuns: 300 },
    );
  });

  test('quantities are never exceeded, and a waitlist exists only once a pool is full', () => {
    fc.assert(
      fc.property(campaignArb, (c) => {
        const quantity = new Map(c.pools.map((p) => [p.poolId, p.quantity]));
        for (const r of computeDraw(c)) {
          expect(r.winners.length).toBeLessThanOrEqual(quantity.get(r.poolId)!);
          if (r.waitlist.length > 0) expect(r.winners).toHaveLength(quantity.get(r.poolId)!);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('no applicant wins a pool twice, even holding two applications for it', () => {
    const twoApplications = campaignArb.filter((c) => {
      const keys = c.entries.map((e) => e.applicantKey);
      return new Set(keys).size < keys.length;
    });
    fc.assert(
      fc.property(twoApplications, (c) => {
        const byId = entryById(c);
        for (const r of computeDraw(c)) {
          const keys = r.winners.map((id) => byId.get(id)!.applicantKey);
          expect(new Set(keys).size).toBe(keys.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('winners and waitlist are entries that applied to that pool; the two lists are disjoint', () => {
    fc.assert(
      fc.property(campaignArb, (c) => {
        const byId = entryById(c);
        for (const r of computeDraw(c)) {
          for (const id of [...r.winners, ...r.waitlist]) expect(byId.get(id)?.poolIds).toContain(r.poolId);
          const all = [...r.winners, ...r.waitlist];
          expect(new Set(all).size).toBe(all.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('the result does not depend on the order of entries or of poolIds within an entry', () => {
    const withPermutation = campaignArb.chain((c) =>
      fc.tuple(
        fc.constant(c),
        fc.shuffledSubarray(c.entries, { minLength: c.entries.length, maxLength: c.entries.length }),
        fc.boolean(),
      ),
    );
    fc.assert(
      fc.property(withPermutation, ([c, shuffled, reversePools]) => {
        const entries = shuffled.map((e) => ({ ...e, poolIds: reversePools ? [...e.poolIds].reverse() : e.poolIds }));
        expect(computeDraw({ ...c, entries, pools: [...c.pools].reverse() })).toEqual(computeDraw(c));
      }),
      { numRuns: 200 },
    );
  });

  test('is deterministic: the same inputs give the same result', () => {
    fc.assert(
      fc.property(campaignArb, (c) => {
        expect(computeDraw(structuredClone(c))).toEqual(computeDraw(c));
      }),
      { numRuns: 100 },
    );
  });

  test('a different seed reorders the pool (fails by chance with probability 1/30! ≈ 4e-33 per pair)', () => {
    // 30 applicants, 30 vouchers, no binding cap: the winners list is the full ticket order.
    const pools = [{ poolId: 'G500', faceValue: 500, quantity: 30 }];
    const entries = Array.from({ length: 30 }, (_, i) => ({
      applicationId: `a${i}`,
      applicantKey: `K${i}`,
      poolIds: ['G500'],
    }));
    fc.assert(
      fc.property(seedArb, seedArb, (s1, s2) => {
        fc.pre(s1 !== s2);
        const a = computeDraw({ pools, cap: 5000, entries, seed: s1 })[0].winners;
        const b = computeDraw({ pools, cap: 5000, entries, seed: s2 })[0].winners;
        expect(a).not.toEqual(b);
      }),
      { numRuns: 200 },
    );
  });

  test('over many seeds each of four applicants wins a one-voucher pool about equally often', () => {
    // Seeds are fixed (SHA-256 of a counter), so this is deterministic; χ² threshold 16.27 = p 0.001, 3 d.f.
    const pools = [{ poolId: 'G1000', faceValue: 1000, quantity: 1 }];
    const entries = ['w', 'x', 'y', 'z'].map((id) => ({ applicationId: id, applicantKey: id, poolIds: ['G1000'] }));
    const wins = new Map<string, number>();
    const runs = 4000;
    for (let i = 0; i < runs; i++) {
      const seed = createHash('sha256').update(`seed-${i}`).digest('hex');
      const winner = computeDraw({ pools, cap: 5000, entries, seed })[0].winners[0];
      wins.set(winner, (wins.get(winner) ?? 0) + 1);
    }
    const expected = runs / 4;
    const chiSquare = [...wins.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    expect(wins.size).toBe(4);
    expect(chiSquare).toBeLessThan(16.27);
  });
});
