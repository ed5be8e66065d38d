import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  computeDraw,
  computeRecord,
  DrawInputError,
  DrawMismatchError,
  formatRecord,
  formatRecordChunks,
  recordBytes,
  resultDigest,
  resultRowCount,
  resultRows,
  verifyParsedRecord,
  verifyRecord,
  type DrawRecord,
  type DrawRecordInput,
  type UndigestedRecord,
} from '../../../cloudfunctions/src/core/draw';

const fixtures = path.join(__dirname, '../../fixtures/draw');
const input = (): DrawRecordInput => JSON.parse(readFileSync(path.join(fixtures, 'vector1.input.json'), 'utf8'));
const record = (): DrawRecord => JSON.parse(readFileSync(path.join(fixtures, 'vector1.record.json'), 'utf8'));

describe('computeRecord', () => {
  test('accepts a commitment and snapshotHash that match, and replaces stale seed/result/digest', () => {
    const expected = record();
    const stale = {
      ...input(),
      commitment: expected.commitment,
      snapshotHash: expected.snapshotHash,
      seed: '0'.repeat(64),
      result: [],
      resultDigest: '1'.repeat(64),
    };
    expect(computeRecord(stale)).toEqual(expected);
  });

  test('refuses a secret that does not match the published commitment', () => {
    const wrong = { ...input(), commitment: 'ab'.repeat(32) };
    expect(() => computeRecord(wrong)).toThrow(DrawMismatchError);
    expect(() => computeRecord(wrong)).toThrow(/^commitment differs: record has abab.*, recomputed 17a7384b/);
  });

  test('refuses entries that do not match the snapshotHash published at close', () => {
    const late = input();
    late.entries.push({ applicationId: 'a10', applicantKey: 'P:late', poolIds: ['C1000'] });
    const withHash = { ...late, snapshotHash: record().snapshotHash };
    expect(() => computeRecord(withHash)).toThrow(/^snapshotHash differs: record has 8b7f8c78/);
  });

  test('rejects malformed inputs with DrawInputError', () => {
    const cases: Array<[string, (i: DrawRecordInput) => void, RegExp]> = [
      ['duplicate applicationId', (i) => i.entries.push({ ...i.entries[0] }), /duplicate applicationId a01/],
      ['adjacent duplicate', (i) => i.entries.splice(3, 0, { ...i.entries[2] }), /duplicate applicationId a03/],
      ['fractional faceValue', (i) => (i.pools[0].faceValue = 0.5), /faceValue must be an integer/],
      ['negative cap', (i) => (i.cap = -1), /cap must be an integer/],
      ['unknown pool', (i) => (i.entries[0] = { ...i.entries[0], poolIds: ['G9999'] }), /unknown pool G9999/],
      ['pool listed twice', (i) => (i.entries[0] = { ...i.entries[0], poolIds: ['G500', 'G500'] }), /twice/],
      ['no pool', (i) => (i.entries[0] = { ...i.entries[0], poolIds: [] }), /no pool/],
      ['duplicate pool', (i) => i.pools.push({ ...i.pools[0] }), /duplicate poolId/],
      ['secret not hex', (i) => (i.secret = 'xyz'), /secret must be 64 lowercase hex/],
    ];
    for (const [, mutate, message] of cases) {
      const bad = input();
      mutate(bad);
      expect(() => computeRecord(bad)).toThrow(DrawInputError);
      expect(() => computeRecord(bad)).toThrow(message);
    }
  });
});

describe('verifyRecord', () => {
  test('accepts the published record, noting that people check an announced beacon', () => {
    expect(verifyRecord(record())).toEqual({
      ok: true,
      notices: [expect.stringContaining('beacon not checked by this tool: compare 福彩3D 第2022176期')],
    });
  });

  test('names the first difference for each kind of tampering', () => {
    const cases: Array<[string, (r: DrawRecord) => void, string | RegExp]> = [
      ['a winner', (r) => (r.result[1].winners[1] = 'a03'), 'pool G2000 winner #2: record a03, recomputed a01'],
      [
        'two winners swapped',
        (r) => (r.result[2].winners = ['a07', 'a09']),
        'pool C1000 winner #1: record a07, recomputed a09',
      ],
      [
        'a dropped waitlist entry',
        (r) => r.result[0].waitlist.pop(),
        'pool G5000 waitlist #2: record (none), recomputed a01',
      ],
      [
        'an extra winner',
        (r) => r.result[1].waitlist.push('a05'),
        'pool G2000 waitlist #1: record a05, recomputed (none)',
      ],
      ['pools reordered', (r) => r.result.reverse(), /^result pool #1: record G500, recomputed G5000/],
      [
        'the beacon',
        (r) => (r.beacon = '2022-07-05 福彩3D 第2022176期 5 0 9'),
        'beacon differs: record has 2022-07-05 福彩3D 第2022176期 5 0 9, the beaconSource gives 2022-07-05 福彩3D 第2022176期 5 0 8',
      ],
      ['the campaignId', (r) => (r.campaignId = 'gd-2022-other'), /^seed differs/],
      [
        'an entry',
        (r) => (r.entries[4] = { ...r.entries[4], poolIds: ['G5000'] }),
        /^snapshotHash differs: record has 8b7f8c78/,
      ],
      [
        'an added entry',
        (r) => r.entries.push({ applicationId: 'a10', applicantKey: 'x', poolIds: ['G500'] }),
        /^snapshotHash differs/,
      ],
      ['the secret', (r) => (r.secret = '7e'.repeat(32)), /^commitment differs: record has 17a7384b/],
      ['the seed', (r) => (r.seed = r.seed.replace(/^d/, 'e')), /^seed differs: record has ed6b4783/],
      [
        'the digest',
        (r) => (r.resultDigest = '0'.repeat(64)),
        /^resultDigest differs: record has 0{64}, recomputed 5ea7f2b1/,
      ],
      ['a pool quantity', (r) => (r.pools[4].quantity = 3), 'pool C1000 winner #3: record (none), recomputed a08'],
      ['the cap', (r) => (r.cap = 7000), 'pool G2000 winner #1: record a02, recomputed a05'],
    ];
    for (const [what, tamper, difference] of cases) {
      const r = record();
      tamper(r);
      const outcome = verifyRecord(r);
      expect({ what, ok: outcome.ok }).toEqual({ what, ok: false });
      if (!outcome.ok) expect(outcome.difference).toMatch(difference);
    }
  });

  test('reports, rather than throws, for JSON that is not a draw record', () => {
    const differenceOf = (value: unknown): string => {
      const outcome = verifyRecord(value);
      return outcome.ok ? 'ok' : outcome.difference;
    };
    expect(differenceOf({ ...record(), algorithm: 'draw-v2' })).toMatch(/^not a valid draw record: algorithm: /);
    expect(differenceOf({ ...record(), seed: undefined })).toMatch(/^not a valid draw record: seed: /);
    expect(differenceOf('nope')).toMatch(/^not a valid draw record: \(record\)/);
    const duplicate = record();
    duplicate.entries.push({ ...duplicate.entries[0] });
    expect(differenceOf(duplicate)).toBe('invalid record: duplicate applicationId a01');
    expect(() => verifyParsedRecord(duplicate)).toThrow(DrawInputError);
  });
});

describe('resultRows (checkpointed batch writes)', () => {
  test('pages through winners then waitlist of each pool in processing order, from any checkpoint', () => {
    const { pools, cap, entries, seed } = record();
    const result = computeDraw({ pools, cap, entries, seed });
    const total = resultRowCount(result);
    expect(total).toBe(13);
    const all = resultRows(result, 0, total + 5);
    expect(all.slice(0, 5).map((r) => [r.poolId, r.kind, r.rank, r.applicationId])).toEqual([
      ['G5000', 'winner', 1, 'a05'],
      ['G5000', 'waitlist', 1, 'a03'],
      ['G5000', 'waitlist', 2, 'a01'],
      ['G2000', 'winner', 1, 'a02'],
      ['G2000', 'winner', 2, 'a01'],
    ]);
    expect(all.map((r) => r.index)).toEqual([...Array(total).keys()]);
    for (const size of [1, 2, 4, 5]) {
      const paged = [];
      for (let start = 0; start < total; start += size) paged.push(...resultRows(result, start, size));
      expect(paged).toEqual(all);
    }
  });
});

/**
 * The published layout, spelled out with JSON.stringify: a member per line, and a line per element of
 * a non-empty array (entries with exactly their three fields).
 */
function publishedText(record: DrawRecord | DrawRecordInput): string {
  const members = Object.entries(record).map(([key, value]) => {
    if (!Array.isArray(value) || value.length === 0) return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    const lines = (value as unknown[]).map((element) => {
      const e = element as DrawRecord['entries'][number];
      const shown =
        key === 'entries'
          ? { applicationId: e.applicationId, applicantKey: e.applicantKey, poolIds: e.poolIds }
          : element;
      return '    ' + JSON.stringify(shown);
    });
    return `  ${JSON.stringify(key)}: [\n${lines.join(',\n')}\n  ]`;
  });
  return `{\n${members.join(',\n')}\n}\n`;
}

/** recordBytes' text and the resultDigest it returns. */
function written(
  record: DrawRecord | UndigestedRecord | DrawRecordInput,
  size: number,
): { text: string; digest: string | undefined } {
  const bytes = recordBytes(record, size);
  const pieces: Buffer[] = [];
  let next = bytes.next();
  for (; !next.done; next = bytes.next()) pieces.push(next.value);
  return { text: Buffer.concat(pieces).toString('utf8'), digest: next.value };
}

/** Ids as JSON.stringify must escape them or not: quotes, backslashes, controls, CJK, emoji, lone surrogates. */
const anyId = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
  fc.constantFrom('a\\b', 'q"x', '\\n', 'x\u0001', '\ud800', '\udc00x', '中文', 'é\\"', '😀', 'ÿ', '\u007f'),
);

const withIds = (base: DrawRecord, ids: string[]): DrawRecord => ({
  ...base,
  entries: [{ applicationId: ids[0], applicantKey: ids[1], poolIds: [ids[2], 'G500'] }],
  result: [{ poolId: ids[2], winners: [ids[0], ids[1]], waitlist: [ids[1]] }],
});

describe('formatRecord', () => {
  test('is the published layout: JSON of the record, one line per entry', () => {
    const r = computeRecord(input());
    const text = formatRecord(r);
    expect(text).toBe(publishedText(r));
    expect(JSON.parse(text)).toEqual(r);
    expect(text.split('\n')).toContain('    {"applicationId":"a07","applicantKey":"P:3b1f","poolIds":["C1000"]},');
    expect(formatRecord({ ...r, entries: [], result: [] })).toMatch(/"entries": \[\],\n {2}"result": \[\],/);
  });

  test('leaves out anything an entry carries besides its three fields', () => {
    const r = computeRecord(input());
    const extra = { ...r, entries: r.entries.map((e) => ({ ...e, note: 'x' })) };
    expect(formatRecord(extra)).toBe(formatRecord(r));
  });

  test('writes any id as JSON.stringify would', () => {
    const base = computeRecord(input());
    fc.assert(
      fc.property(fc.array(anyId, { minLength: 3, maxLength: 3 }), (ids) => {
        const r = withIds(base, ids);
        const text = formatRecord(r);
        expect(text).toBe(publishedText(r));
        expect(JSON.parse(text)).toEqual(r);
      }),
    );
  });
});

/** The CLI writes the bytes; formatRecordChunks decodes them, pieces of which may end inside a character. */
describe('recordBytes and formatRecordChunks', () => {
  test('come in pieces of the size asked for, and a piece longer than that in one of its own', () => {
    // Without the beacon's source: its line alone is longer than the pieces asked for here.
    const { beaconSource, closesAt, closedAt, ...record } = computeRecord(input());
    expect(beaconSource).toBeDefined();
    const pieces = Array.from(recordBytes(record, 256));
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.every((bytes) => bytes.length <= 256)).toBe(true);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(publishedText(record));
    const withLong = { ...record, campaignId: 'x'.repeat(500), closesAt, closedAt };
    expect(Array.from(recordBytes(withLong, 256)).some((bytes) => bytes.length > 256)).toBe(true);
    expect(Array.from(formatRecordChunks(withLong, 256)).join('')).toBe(publishedText(withLong));
  });

  test('are the UTF-8 of the published layout and its text, for any ids and any piece size', () => {
    const base = computeRecord(input());
    fc.assert(
      fc.property(fc.array(anyId, { minLength: 3, maxLength: 3 }), fc.integer({ min: 1, max: 200 }), (ids, size) => {
        const record = withIds(base, ids);
        const text = publishedText(record);
        expect(Buffer.concat(Array.from(recordBytes(record, size))).equals(Buffer.from(text, 'utf8'))).toBe(true);
        expect(Array.from(formatRecordChunks(record, size)).join('')).toBe(text);
      }),
    );
  });

  test('take the resultDigest of a record without one as they write its result, and write it last', () => {
    const computed = computeRecord(input());
    const { resultDigest: digest, ...undigested } = computed;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), (size) => {
        expect(written(undigested, size)).toEqual({ text: publishedText(computed), digest });
        const chunks = formatRecordChunks(undigested, size);
        let text = '';
        let next = chunks.next();
        for (; !next.done; next = chunks.next()) text += next.value;
        expect({ text, digest: next.value }).toEqual({ text: publishedText(computed), digest });
      }),
    );
    expect(written(computed, 64)).toEqual({ text: publishedText(computed), digest });
  });

  test('write an input without a result as it is, with no digest', () => {
    const { result: _, resultDigest: __, ...drawInput } = computeRecord(input());
    expect(written(drawInput, 128)).toEqual({ text: publishedText(drawInput), digest: undefined });
  });

  test('hash any result as resultDigest does, whether or not its pools come in processing order', () => {
    const { resultDigest: _, ...base } = computeRecord(input());
    const ids = fc.array(anyId, { maxLength: 4 });
    const lists = fc.array(fc.tuple(ids, ids), { minLength: base.result.length, maxLength: base.result.length });
    fc.assert(
      fc.property(lists, fc.boolean(), (pairs, reversed) => {
        // base.result is in processing order, as computed.
        const result = base.result.map((r, k) => ({ poolId: r.poolId, winners: pairs[k][0], waitlist: pairs[k][1] }));
        const record = { ...base, result: reversed ? [...result].reverse() : result };
        const digest = resultDigest(record.pools, record.result);
        expect(written(record, 100)).toEqual({ text: publishedText({ ...record, resultDigest: digest }), digest });
      }),
    );
  });

  test('hand a long result line on as its buffers fill, not once it is all written', () => {
    const base = computeRecord(input());
    const ids = Array.from({ length: 2000 }, (_, i) => 'id' + String(i).padStart(6, '0'));
    let highest = -1; // the furthest id read so far
    const counted = new Proxy(ids, {
      get: (target, key, receiver) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) highest = Math.max(highest, Number(key));
        return Reflect.get(target, key, receiver);
      },
    });
    const record = { ...base, result: [{ poolId: 'G500', winners: counted, waitlist: [] }] };
    const readAtEachPiece: number[] = [];
    for (const bytes of recordBytes(record, 256)) if (bytes.length > 0) readAtEachPiece.push(highest);
    expect(highest).toBe(ids.length - 1);
    // Dozens of pieces were handed on while the line's ids were still being read.
    expect(readAtEachPiece.filter((n) => n >= 0 && n < ids.length - 1).length).toBeGreaterThan(50);
  });
});
