import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import {
  rankByTicket,
  snapshotHash,
  snapshotLine,
  ticket,
  type DrawEntry,
} from '../../../cloudfunctions/src/core/draw';
import { HashSink } from '../../../cloudfunctions/src/core/draw/hash-sink';
import { StringIndex } from '../../../cloudfunctions/src/core/draw/string-index';
import { createTicketHasher } from '../../../cloudfunctions/src/core/draw/ticket-hasher';

const keyArb = fc.uint8Array({ minLength: 32, maxLength: 32 });
const hexOf = (words: Uint32Array, offset = 0) =>
  Array.from(words.subarray(offset, offset + 8), (w) => w.toString(16).padStart(8, '0')).join('');

describe('fast ticket hasher', () => {
  test('equals createHmac for any prefix and message (ASCII one-block fast path and the fallback)', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ minLength: 50, maxLength: 120 }),
    );
    fc.assert(
      fc.property(keyArb, text, text, (key, prefix, message) => {
        const out = new Uint32Array(16);
        createTicketHasher(key)(prefix, message, out, 8);
        const expected = createHmac('sha256', key)
          .update(prefix + message, 'utf8')
          .digest('hex');
        expect(hexOf(out, 8)).toBe(expected);
        expect(Array.from(out.subarray(0, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      }),
      { numRuns: 1000 },
    );
  });

  test('every message length around the one-block limit (55 bytes)', () => {
    const key = Buffer.alloc(32, 0x11);
    const hasher = createTicketHasher(key);
    for (let length = 0; length <= 70; length++) {
      const message = 'm'.repeat(length);
      const out = new Uint32Array(8);
      hasher('P|', message, out, 0);
      expect(hexOf(out)).toBe(ticket(key.toString('hex'), 'P', message));
    }
  });
});

describe('rankByTicket', () => {
  test('orders by the full ticket, then applicationId, even when leading words tie', () => {
    // Tickets (first word, second word, …): leading-word ties force the full comparison.
    const rows: Array<[number[], string]> = [
      [[5, 9], 'e'],
      [[5, 1], 'f'],
      [[0xffffffff, 0], 'a'],
      [[5, 1], 'b'],
      [[0, 0xffffffff], 'c'],
      [[5, 1, 0, 0, 0, 0, 0, 1], 'd'],
    ];
    const tickets = new Uint32Array(rows.length * 8);
    rows.forEach(([words], j) => tickets.set(words, j * 8));
    const ranked = rankByTicket(tickets, rows.length, (j) => rows[j][1]);
    expect(Array.from(ranked, (j) => rows[j][1])).toEqual(['c', 'b', 'f', 'd', 'e', 'a']);
  });

  test('matches a plain sort on random tickets with many shared leading words', () => {
    const ticketsArb = fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 3 }).map((w) => w * 0x40000001),
        fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
      ),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(ticketsArb, (rows) => {
        const tickets = new Uint32Array(rows.length * 8);
        rows.forEach(([first, rest], j) => tickets.set([first, ...rest], j * 8));
        const hex = rows.map((_, j) => hexOf(tickets, j * 8));
        const expected = rows.map((_, j) => j).sort((x, y) => (hex[x] < hex[y] ? -1 : hex[x] > hex[y] ? 1 : x - y));
        expect(Array.from(rankByTicket(tickets, rows.length, (j) => String(j).padStart(4, '0')))).toEqual(expected);
      }),
    );
  });
});

describe('snapshotHash', () => {
  // Ids may hold any character but tab and newline (the schema forbids those): control characters
  // below tab, prefixes of one another and non-BMP characters all exercise the line ordering.
  const idArb = fc
    .string({
      unit: fc.constantFrom('a', 'b', '\u0001', '\u0008', ' ', 'é', '😀', '\uffff', 'Z'),
      minLength: 1,
      maxLength: 4,
    })
    .filter((s) => !/[\t\n]/.test(s));
  const entriesArb = fc.uniqueArray(
    fc.record({
      applicationId: idArb,
      applicantKey: idArb,
      poolIds: fc.subarray(['G5000', 'G500', 'C1000', 'G1000'], { minLength: 1 }),
    }),
    { selector: (e) => e.applicationId, maxLength: 30 },
  );
  const reference = (entries: DrawEntry[]) =>
    createHash('sha256')
      .update(
        entries
          .map((e) => `${e.applicationId}\t${e.applicantKey}\t${[...e.poolIds].sort().join(',')}\n`)
          .sort()
          .join(''),
        'utf8',
      )
      .digest('hex');

  test('equals hashing the sorted, joined lines', () => {
    fc.assert(
      fc.property(entriesArb, (entries) => {
        expect(snapshotHash(entries)).toBe(reference(entries));
      }),
      { numRuns: 500 },
    );
  });

  test('is order-insensitive even for duplicate applicationIds (the draw rejects those)', () => {
    const entries = [
      { applicationId: 'x', applicantKey: 'K2', poolIds: ['G500'] },
      { applicationId: 'x', applicantKey: 'K1', poolIds: ['G500'] },
      { applicationId: 'x\u0001', applicantKey: 'K1', poolIds: ['G500'] },
    ];
    expect(snapshotHash(entries)).toBe(reference(entries));
    expect(snapshotHash([...entries].reverse())).toBe(reference(entries));
    expect(snapshotLine(entries[0])).toBe('x\tK2\tG500');
  });
});

describe('HashSink', () => {
  test('hashes exactly the UTF-8 of what it is given', () => {
    const pieces = fc.array(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 30 }).map((s) => ({ text: s })),
        fc.nat({ max: 10_000_000 }).map((n) => ({ integer: n })),
      ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(pieces, (list) => {
        const sink = new HashSink();
        let plain = '';
        for (const piece of list) {
          if ('text' in piece) {
            sink.text(piece.text);
            plain += piece.text;
          } else {
            sink.integer(piece.integer);
            plain += String(piece.integer);
          }
        }
        expect(sink.hex()).toBe(createHash('sha256').update(plain, 'utf8').digest('hex'));
      }),
    );
  });

  test('handles more than its 1 MiB buffer, including one string larger than the buffer', () => {
    const sink = new HashSink();
    const big = 'é'.repeat(600_000);
    const small = 'line\n'.repeat(300_000);
    sink.text(small).text(big).ascii(0x0a).text(small);
    const reference = createHash('sha256').update(small + big + '\n' + small, 'utf8');
    for (let i = 0; i < 100_000; i++) {
      sink.text('ab€cdefghij').integer(i); // ~2 MB through the buffer, flushing on the way
      reference.update('ab€cdefghij' + i, 'utf8');
    }
    expect(sink.hex()).toBe(reference.digest('hex'));
  });
});

describe('StringIndex', () => {
  test('numbers distinct strings in first-seen order, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 300 }), (values) => {
        const index = new StringIndex(2); // tiny on purpose: forces several rehashes
        const expected = new Map<string, number>();
        for (const v of values) {
          if (!expected.has(v)) expected.set(v, expected.size);
          expect(index.add(v)).toBe(expected.get(v));
        }
        expect(index.size).toBe(expected.size);
        for (const [v, n] of expected) expect(index.get(v)).toBe(n);
        expect(index.get('\u0000never')).toBe(-1);
      }),
    );
  });
});
