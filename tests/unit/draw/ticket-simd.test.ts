import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { MODULE_PATH, ticketSimdModuleText } from '../../../scripts/build-ticket-simd';
import { computeDraw, type DrawEntry } from '../../../cloudfunctions/src/core/draw';
import { fillTicketsSimd, simdTicketsAvailable } from '../../../cloudfunctions/src/core/draw/ticket-simd';

const hmacWords = (key: Uint8Array, text: string): number[] => {
  const mac = createHmac('sha256', key).update(text, 'utf8').digest();
  return Array.from({ length: 8 }, (_, i) => mac.readUInt32BE(i * 4));
};

describe('SIMD tickets', () => {
  test('ticket-simd-wasm.ts is ticket-simd.wat as it is now (npx tsx scripts/build-ticket-simd.ts)', async () => {
    expect(readFileSync(MODULE_PATH, 'utf8')).toBe(await ticketSimdModuleText());
  });

  test('this Node runs them (otherwise every draw here would be timing the fallback)', () => {
    expect(simdTicketsAvailable()).toBe(true);
  });

  test('each ticket equals createHmac, for any prefix and ids: ASCII in one block, and all the rest', () => {
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefXYZ|'), maxLength: 56 }),
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.oneof(fc.constantFrom('G5000|', 'P|', '', 'C1000|', 'x'.repeat(55)), text),
        fc.array(text, { maxLength: 40 }),
        (key, prefix, ids) => {
          const tickets = new Uint32Array(ids.length * 8 + 8).fill(7);
          expect(fillTicketsSimd(key, prefix, ids, tickets)).toBe(true);
          for (let j = 0; j < ids.length; j++) {
            expect(Array.from(tickets.subarray(j * 8, j * 8 + 8))).toEqual(hmacWords(key, prefix + ids[j]));
          }
          expect(Array.from(tickets.subarray(ids.length * 8))).toEqual([7, 7, 7, 7, 7, 7, 7, 7]);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('across calls of the module (1,024 ids each), with every message length around one block', () => {
    const key = Buffer.alloc(32, 0x5a);
    // 3,001 ids: three full calls and one of a single group; lengths 0..70 so every 0x80 position occurs.
    const ids = Array.from({ length: 3_001 }, (_, j) => (j % 71 === 5 ? 'é' : String(j % 10)).repeat(j % 71));
    const tickets = new Uint32Array(ids.length * 8);
    fillTicketsSimd(key, 'G500|', ids, tickets);
    for (let j = 0; j < ids.length; j++) {
      expect(Array.from(tickets.subarray(j * 8, j * 8 + 8))).toEqual(hmacWords(key, 'G500|' + ids[j]));
    }
  });

  test('without WebAssembly the draw falls back to the plain hasher and comes out the same', () => {
    const entries: DrawEntry[] = Array.from({ length: 2_000 }, (_, i) => ({
      applicationId: `a${String(i).padStart(5, '0')}`,
      applicantKey: `k${i % 700}`,
      poolIds: i % 3 ? ['G1'] : ['G1', 'G2'],
    }));
    const input = {
      pools: [
        { poolId: 'G1', faceValue: 1000, quantity: 300 },
        { poolId: 'G2', faceValue: 500, quantity: 100 },
      ],
      cap: 1500,
      entries,
      seed: 'ab'.repeat(32),
    };
    const withSimd = computeDraw(input);
    const global = globalThis as { WebAssembly?: unknown };
    const saved = global.WebAssembly;
    let withoutSimd: unknown;
    let available: boolean | undefined;
    try {
      delete global.WebAssembly;
      jest.isolateModules(() => {
        const fresh =
          require('../../../cloudfunctions/src/core/draw/compute') as typeof import('../../../cloudfunctions/src/core/draw/compute');
        const simd =
          require('../../../cloudfunctions/src/core/draw/ticket-simd') as typeof import('../../../cloudfunctions/src/core/draw/ticket-simd');
        withoutSimd = fresh.computeDraw(input);
        available = simd.simdTicketsAvailable();
      });
    } finally {
      global.WebAssembly = saved;
    }
    expect(available).toBe(false);
    expect(withoutSimd).toEqual(withSimd);
  });
});
