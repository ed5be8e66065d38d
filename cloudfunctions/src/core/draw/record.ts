import { StringDecoder } from 'node:string_decoder';
import { beaconString, beaconValueOf, checkBeacon } from './beacon';
import { computeDraw } from './compute';
import { drawRecordSchema } from './schema';
import {
  commitmentOf,
  deriveSeed,
  digestLinePrefix,
  inProcessingOrder,
  resultDigest,
  snapshotHash,
  writeDigestLine,
} from './hashes';
import { HashSink } from './hash-sink';
import {
  DRAW_ALGORITHM,
  DrawInputError,
  DrawMismatchError,
  type DrawEntry,
  type DrawRecord,
  type DrawRecordInput,
  type PoolResult,
  type VerifyOptions,
  type VerifyOutcome,
} from './types';
import { TOUCH_AHEAD, touchAhead } from './touch-ahead';
import { Utf8Writer } from './utf8-writer';

const differs = (field: string, recorded: string, recomputed: string): string =>
  `${field} differs: record has ${recorded}, recomputed ${recomputed}`;

/** A computed record whose resultDigest is still to be taken: recordBytes takes it as it writes the result. */
export type UndigestedRecord = Omit<DrawRecord, 'resultDigest'>;

/** computeUndigestedRecord with its resultDigest. */
export function computeRecord(input: DrawRecordInput): DrawRecord {
  const record = computeUndigestedRecord(input);
  return { ...record, resultDigest: resultDigest(record.pools, record.result) };
}

/**
 * Fills in commitment, snapshotHash, seed and result from the inputs. A commitment or
 * snapshotHash already present was published before the draw, so it is checked, not replaced:
 * a mismatch throws DrawMismatchError. seed and result are always recomputed. The beacon
 * comes from the input or derives from its beaconSource (both given: they must agree); whether the
 * beaconSource itself is genuine is for verify to check.
 */
export function computeUndigestedRecord(input: DrawRecordInput): UndigestedRecord {
  if (input.algorithm !== undefined && input.algorithm !== DRAW_ALGORITHM) {
    throw new DrawInputError(`unsupported algorithm ${String(input.algorithm)}`);
  }
  const derived = input.beaconSource && beaconString(input.beaconSource, beaconValueOf(input.beaconSource));
  const beacon = input.beacon ?? derived;
  if (beacon === undefined) throw new DrawInputError('give a beacon or a beaconSource');
  if (input.beaconSource && (input.closesAt === undefined || input.closedAt === undefined))
    throw new DrawInputError('a beaconSource comes with the closesAt and closedAt it was pinned for');
  // Everything is computed before anything is compared, so malformed entries are reported as
  // such (DrawInputError) rather than as a hash mismatch.
  const commitment = commitmentOf(input.secret);
  const snapshot = snapshotHash(input.entries);
  const seed = deriveSeed({
    campaignId: input.campaignId,
    secretHex: input.secret,
    snapshotHash: snapshot,
    beacon,
  });
  const result = computeDraw({ pools: input.pools, cap: input.cap, entries: input.entries, seed });
  if (input.commitment !== undefined && input.commitment !== commitment) {
    throw new DrawMismatchError(differs('commitment', input.commitment, commitment));
  }
  if (input.snapshotHash !== undefined && input.snapshotHash !== snapshot) {
    throw new DrawMismatchError(differs('snapshotHash', input.snapshotHash, snapshot));
  }
  if (derived !== undefined && beacon !== derived) {
    throw new DrawMismatchError(`beacon differs: record has ${beacon}, the beaconSource gives ${derived}`);
  }
  return {
    algorithm: DRAW_ALGORITHM,
    campaignId: input.campaignId,
    cap: input.cap,
    pools: input.pools,
    commitment,
    secret: input.secret,
    beacon,
    snapshotHash: snapshot,
    seed,
    ...(input.beaconSource
      ? { closesAt: input.closesAt, closedAt: input.closedAt, beaconSource: input.beaconSource }
      : {}),
    entries: input.entries,
    result,
  };
}

/**
 * Checks any JSON value as a published draw record: shape first, then everything recomputed
 * (see verifyParsedRecord). Never throws for bad input; the difference says what is wrong.
 */
export function verifyRecord(record: unknown, options: VerifyOptions = {}): VerifyOutcome {
  const parsed = drawRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      difference: `not a valid draw record: ${issue.path.join('.') || '(record)'}: ${issue.message}`,
    };
  }
  try {
    return verifyParsedRecord(parsed.data, options);
  } catch (error) {
    if (error instanceof DrawInputError) return { ok: false, difference: `invalid record: ${error.message}` };
    throw error;
  }
}

/**
 * Recomputes everything in a well-formed record and names the first difference, in the order a
 * reader would check: commitment, snapshot, beacon (its pinned source, see beacon.ts checkBeacon),
 * seed, each pool's winners then waitlist, digest. A record without a beaconSource fails: its
 * beacon could have been chosen after the snapshot was known, which is what pinning rules out.
 * Throws DrawInputError when the inputs themselves are malformed (e.g. duplicate applicationIds).
 */
export function verifyParsedRecord(record: DrawRecord, options: VerifyOptions = {}): VerifyOutcome {
  const fail = (difference: string): VerifyOutcome => ({ ok: false, difference });
  if (record.algorithm !== DRAW_ALGORITHM)
    return fail(`algorithm differs: record has ${record.algorithm}, expected ${DRAW_ALGORITHM}`);
  const commitment = commitmentOf(record.secret);
  const snapshot = snapshotHash(record.entries);
  const seed = deriveSeed({
    campaignId: record.campaignId,
    secretHex: record.secret,
    snapshotHash: snapshot,
    beacon: record.beacon,
  });
  const result = computeDraw({ pools: record.pools, cap: record.cap, entries: record.entries, seed });
  if (record.commitment !== commitment) return fail(differs('commitment', record.commitment, commitment));
  if (record.snapshotHash !== snapshot) return fail(differs('snapshotHash', record.snapshotHash, snapshot));
  if (!record.beaconSource || record.closesAt === undefined || record.closedAt === undefined)
    return fail(
      'beaconSource, closesAt and closedAt are missing: nothing shows the beacon was pinned before the close',
    );
  const beacon = checkBeacon(
    { beacon: record.beacon, beaconSource: record.beaconSource, closesAt: record.closesAt, closedAt: record.closedAt },
    options,
  );
  if (!beacon.ok) return beacon;
  if (record.seed !== seed) return fail(differs('seed', record.seed, seed));
  const resultDifference = compareResults(record.result, result);
  if (resultDifference) return fail(resultDifference);
  // The same ids as the recomputed result (compared above), read in the order they lie in memory:
  // the recomputed strings are the entries' own, reached in ticket order, ~2.5× slower to hash.
  const digest = resultDigest(record.pools, record.result);
  if (record.resultDigest !== digest) return fail(differs('resultDigest', record.resultDigest, digest));
  return { ok: true, notices: [beacon.notice] };
}

/** The first difference between a recorded and a recomputed result, or undefined. */
export function compareResults(recorded: readonly PoolResult[], recomputed: readonly PoolResult[]): string | undefined {
  for (let k = 0; k < Math.max(recorded.length, recomputed.length); k++) {
    const a = recorded[k];
    const b = recomputed[k];
    if (a?.poolId !== b?.poolId) {
      return (
        `result pool #${k + 1}: record ${a?.poolId ?? '(none)'}, recomputed ${b?.poolId ?? '(none)'}` +
        ' (pools are listed by faceValue descending, then poolId)'
      );
    }
    const difference =
      compareList(`pool ${a.poolId} winner`, a.winners, b.winners) ??
      compareList(`pool ${a.poolId} waitlist`, a.waitlist, b.waitlist);
    if (difference) return difference;
  }
  return undefined;
}

function compareList(label: string, recorded: readonly string[], recomputed: readonly string[]): string | undefined {
  for (let i = 0; i < Math.max(recorded.length, recomputed.length); i++) {
    if (i % TOUCH_AHEAD === 0) touchAhead(recomputed, i);
    if (recorded[i] !== recomputed[i]) {
      return `${label} #${i + 1}: record ${recorded[i] ?? '(none)'}, recomputed ${recomputed[i] ?? '(none)'}`;
    }
  }
  return undefined;
}

/** One line of the result in digest order: what the admin function writes, batch by batch. */
export interface ResultRow {
  /** Position in the whole result (pools in processing order, winners then waitlist): a checkpoint. */
  index: number;
  poolId: string;
  kind: 'winner' | 'waitlist';
  /** From 1 within the pool's winners or waitlist. */
  rank: number;
  applicationId: string;
}

/** Total number of rows in a result (winners and waitlist entries of every pool). */
export function resultRowCount(result: readonly PoolResult[]): number {
  return result.reduce((sum, r) => sum + r.winners.length + r.waitlist.length, 0);
}

/**
 * Rows [start, start + count) of the result in digest order. The result is computed
 * deterministically in memory, so a resumed batch job can recompute it and continue from its
 * checkpointed index.
 */
export function resultRows(result: readonly PoolResult[], start: number, count: number): ResultRow[] {
  const rows: ResultRow[] = [];
  let offset = 0;
  for (const r of result) {
    for (const [kind, ids] of [
      ['winner', r.winners],
      ['waitlist', r.waitlist],
    ] as const) {
      const from = Math.max(0, start - offset);
      for (let i = from; i < ids.length && rows.length < count; i++) {
        rows.push({ index: offset + i, poolId: r.poolId, kind, rank: i + 1, applicationId: ids[i] });
      }
      offset += ids.length;
      if (rows.length >= count) return rows;
    }
  }
  return rows;
}

const COMMA = 0x2c;

/**
 * The record as published, as UTF-8 in buffers of about `chunkBytes` (one long piece gets a buffer
 * of its own): one line per pool, entry and result pool, so a million-entry record stays diffable
 * and is not 5 lines per entry, and is written out without ever holding its whole text. Entries are
 * written with exactly their three fields; every string is JSON.stringify's. Written straight into
 * bytes: for a million entries, building a string per line and encoding it cost ~0.5 s more
 * (issue 16). Returns the resultDigest. A record without one gets it as its last field, taken while
 * its result is written: one pass over the ids in ticket order, each a cache miss, instead of two
 * (~0.15 s less for a million entries).
 */
export function recordBytes(record: DrawRecord | UndigestedRecord, chunkBytes?: number): Generator<Buffer, string>;
/** A draw's input (what compute reads), in the same layout; with no result, it gets no digest. */
export function recordBytes(input: DrawRecordInput, chunkBytes?: number): Generator<Buffer, string | undefined>;
export function* recordBytes(
  record: DrawRecord | UndigestedRecord | DrawRecordInput,
  chunkBytes = 1 << 20,
): Generator<Buffer, string | undefined> {
  const ready: Buffer[] = [];
  const out = new Utf8Writer((buffer, length) => {
    ready.push(buffer.subarray(0, length));
    return Buffer.allocUnsafe(chunkBytes);
  }, chunkBytes);
  const { pools, result } = record;
  let digest = 'resultDigest' in record ? record.resultDigest : undefined;
  // A result in the digest's order is hashed as it is written; any other is hashed first.
  const sink = digest === undefined && result && inProcessingOrder(pools, result) ? new HashSink() : undefined;
  if (digest === undefined && result && !sink) digest = resultDigest(pools, result);
  const keys = Object.keys(record) as Array<keyof DrawRecord>;
  if (result && !keys.includes('resultDigest')) keys.push('resultDigest');
  out.text('{\n');
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const value = key === 'resultDigest' ? (digest ??= sink!.hex()) : (record as Partial<DrawRecord>)[key];
    const comma = k < keys.length - 1 ? ',\n' : '\n';
    if (!Array.isArray(value) || value.length === 0) {
      out.text(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
      continue;
    }
    out.text(`  ${JSON.stringify(key)}: [\n`);
    for (let i = 0; i < value.length; i++) {
      const last = i === value.length - 1 ? '\n' : ',\n';
      if (key === 'entries') {
        const entry = value[i] as DrawEntry;
        out.text('    {"applicationId":').jsonString(entry.applicationId);
        out.text(',"applicantKey":').jsonString(entry.applicantKey).text(',"poolIds":[');
        for (let p = 0; p < entry.poolIds.length; p++) {
          if (p > 0) out.ascii(COMMA);
          out.jsonString(entry.poolIds[p]);
        }
        out.text(']}').text(last);
      } else if (key === 'result') {
        const { poolId, winners, waitlist } = value[i] as PoolResult;
        out.text('    {"poolId":').jsonString(poolId).text(',"winners":[');
        for (const [kind, ids, close] of [
          ['winner', winners, '],"waitlist":['],
          ['waitlist', waitlist, ']}'],
        ] as const) {
          const prefix = digestLinePrefix(poolId, kind);
          for (let j = 0; j < ids.length; j++) {
            if (j % TOUCH_AHEAD === 0) touchAhead(ids, j);
            if (j > 0) out.ascii(COMMA);
            out.jsonString(ids[j]);
            if (sink) writeDigestLine(sink, prefix, j, ids[j]);
            // A pool's line is megabytes long: hand its buffers on as they fill.
            if (ready.length > 0) {
              yield* ready;
              ready.length = 0;
            }
          }
          out.text(close);
        }
        out.text(last);
      } else out.text('    ' + JSON.stringify(value[i]) + last);
      if (ready.length > 0) {
        yield* ready;
        ready.length = 0;
      }
    }
    out.text(`  ]${comma}`);
  }
  out.text('}\n');
  out.flush();
  yield* ready;
  return digest;
}

/** The record's text (recordBytes decoded), in pieces of about `chunkBytes`; returns the resultDigest. */
export function* formatRecordChunks(
  record: DrawRecord | UndigestedRecord,
  chunkBytes = 1 << 20,
): Generator<string, string> {
  // A buffer can end inside a character; the decoder carries its first bytes over to the next.
  const decoder = new StringDecoder('utf8');
  const bytes = recordBytes(record, chunkBytes);
  for (;;) {
    const next = bytes.next();
    if (next.done) {
      const rest = decoder.end();
      if (rest) yield rest;
      return next.value;
    }
    const text = decoder.write(next.value);
    if (text) yield text;
  }
}

export function formatRecord(record: DrawRecord): string {
  return Buffer.concat(Array.from(recordBytes(record))).toString('utf8');
}
