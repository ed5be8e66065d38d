import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  computeRecord,
  formatRecord,
  type DrawRecord,
  type DrawRecordInput,
} from '../../../cloudfunctions/src/core/draw';
import { recordBytes } from '../../../scripts/draw/record-bytes';

const fixtures = path.join(__dirname, '../../fixtures/draw');
const input = (): DrawRecordInput => JSON.parse(readFileSync(path.join(fixtures, 'vector1.input.json'), 'utf8'));
const bytesOf = (record: DrawRecord, chunkBytes?: number) => Buffer.concat(Array.from(recordBytes(record, chunkBytes)));

/** The CLI writes the record as bytes: exactly the UTF-8 of the published text, whatever the ids hold. */
describe('recordBytes', () => {
  test('is the UTF-8 of formatRecord, in buffers of the size asked for (or one long piece)', () => {
    const record = computeRecord(input());
    const text = formatRecord(record);
    expect(bytesOf(record).equals(Buffer.from(text, 'utf8'))).toBe(true);
    const small = Array.from(recordBytes(record, 64));
    expect(small.length).toBeGreaterThan(10);
    expect(Buffer.concat(small).toString('utf8')).toBe(text);
  });

  test('any ids (quotes, controls, CJK, emoji, lone surrogates) and any buffer size', () => {
    const base = computeRecord(input());
    const id = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
      fc.constantFrom('a\\b', 'q"x', 'x\u0001', '\ud800', '中文', 'é', '😀', 'ÿ'),
    );
    fc.assert(
      fc.property(fc.array(id, { minLength: 3, maxLength: 3 }), fc.integer({ min: 1, max: 200 }), (ids, size) => {
        const record: DrawRecord = {
          ...base,
          entries: [{ applicationId: ids[0], applicantKey: ids[1], poolIds: [ids[2], 'G500'] }],
          result: [{ poolId: ids[2], winners: [ids[0], ids[1]], waitlist: [ids[1]] }],
        };
        expect(bytesOf(record, size).toString('utf8')).toBe(formatRecord(record));
        expect(bytesOf(record, size).equals(Buffer.from(formatRecord(record), 'utf8'))).toBe(true);
      }),
    );
  });
});
