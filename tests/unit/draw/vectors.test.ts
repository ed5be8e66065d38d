import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  commitmentOf,
  computeDraw,
  computeRecord,
  deriveSeed,
  formatRecord,
  resultDigest,
  snapshotHash,
  type DrawRecordInput,
} from '../../../cloudfunctions/src/core/draw';
import { VECTOR_BEACON, VECTOR_CAMPAIGN_ID, VECTOR_SECRET, vector2Input } from '../../fixtures/draw/generate';

const fixtures = path.join(__dirname, '../../fixtures/draw');
const vector1Input = JSON.parse(readFileSync(path.join(fixtures, 'vector1.input.json'), 'utf8')) as DrawRecordInput;

// Expected values are copied from LOTTERY.md, the normative spec.
describe('LOTTERY.md test vector 1', () => {
  const { entries, pools, cap } = vector1Input;

  test('commitment, snapshotHash and seed', () => {
    expect(VECTOR_SECRET).toBe(Buffer.alloc(32, 0x7f).toString('hex'));
    expect(commitmentOf(VECTOR_SECRET)).toBe('17a7384bf1c50a94b712ce507c5ccd58638cd091278078c6e7dc00ae0aa152fc');
    expect(snapshotHash(entries)).toBe('8b7f8c781da9b795c817b4ff12cfd84d04d1c8ccdd5cebfc3aee5050a7b59649');
    expect(
      deriveSeed({
        campaignId: VECTOR_CAMPAIGN_ID,
        secretHex: VECTOR_SECRET,
        snapshotHash: snapshotHash(entries),
        beacon: VECTOR_BEACON,
      }),
    ).toBe('dd6b4783a2971724663fe11b1ab7f9fc6e1ba2ce40ce3ee1955ba049a7b30d06');
  });

  test('every pool’s winners and waitlist, in processing order, and the resultDigest', () => {
    const seed = 'dd6b4783a2971724663fe11b1ab7f9fc6e1ba2ce40ce3ee1955ba049a7b30d06';
    const result = computeDraw({ pools, cap, entries, seed });
    expect(result).toEqual([
      { poolId: 'G5000', winners: ['a05'], waitlist: ['a03', 'a01'] },
      { poolId: 'G2000', winners: ['a02', 'a01'], waitlist: [] },
      { poolId: 'C1000', winners: ['a09', 'a07'], waitlist: ['a08'] },
      { poolId: 'G1000', winners: ['a04', 'a02'], waitlist: [] },
      { poolId: 'G500', winners: ['a02', 'a06'], waitlist: ['a04'] },
    ]);
    expect(resultDigest(pools, result)).toBe('5ea7f2b16a349505d0acb6ee9801dcb869522899cb8a7f8d3661b1a39a210eb5');
  });

  test('snapshotHash does not depend on entry order or on the order of poolIds inside an entry', () => {
    const shuffled = [...entries].reverse().map((e) => ({ ...e, poolIds: [...e.poolIds].reverse() }));
    expect(snapshotHash(shuffled)).toBe('8b7f8c781da9b795c817b4ff12cfd84d04d1c8ccdd5cebfc3aee5050a7b59649');
  });

  test('the stored record is exactly what computeRecord produces from the stored input', () => {
    const stored = readFileSync(path.join(fixtures, 'vector1.record.json'), 'utf8');
    const record = computeRecord(vector1Input);
    expect(record).toEqual(JSON.parse(stored));
    expect(formatRecord(record)).toBe(stored);
  });
});

describe('LOTTERY.md test vector 2 (100,000 entries)', () => {
  test('snapshotHash, seed, counts, first winners and resultDigest', () => {
    const record = computeRecord(vector2Input());
    expect(record.entries).toHaveLength(100_000);
    expect(new Set(record.entries.map((e) => e.applicantKey)).size).toBe(98_000);
    expect(record.snapshotHash).toBe('427e7163905f1ab0a7526d6821c92bbf5cce58cb0fe2e269b118c2b464fc6e6f');
    expect(record.seed).toBe('28136d43b1424cfcc5f922e68d197a367be88e0a12c49741561ec8552bcb488c');
    expect(record.result.map((r) => [r.poolId, r.winners.length, r.waitlist.length, r.winners[0]])).toEqual([
      ['G5000', 2000, 40770, 'APP029904'],
      ['G2000', 5000, 36990, 'APP090752'],
      ['G1000', 6000, 35951, 'APP068357'],
      ['G500', 6000, 49533, 'APP081198'],
    ]);
    expect(record.resultDigest).toBe('4879a6228945c0ae1e3036650eb5b9ab533d74b9576d347808b85ca7adf7b70d');
  });
});
