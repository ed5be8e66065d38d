import { createHash, createHmac, randomBytes } from 'node:crypto';
import { HashSink } from './hash-sink';
import { TOUCH_AHEAD, touchAhead } from './touch-ahead';
import { DrawInputError, type DrawEntry, type DrawPool, type PoolResult } from './types';

const HEX64 = /^[0-9a-f]{64}$/;
// Character codes kept module-local: imported constants become getter calls in CommonJS output.
const TAB = 0x09;
const NEWLINE = 0x0a;
const COMMA = 0x2c;

export function isHex64(value: string): boolean {
  return HEX64.test(value);
}

function requireHex64(name: string, value: string): void {
  if (!isHex64(value)) throw new DrawInputError(`${name} must be 64 lowercase hex characters`);
}

/** `SHA-256(secret bytes)`, hex: published while the campaign is open. */
export function commitmentOf(secretHex: string): string {
  requireHex64('secret', secretHex);
  return createHash('sha256').update(Buffer.from(secretHex, 'hex')).digest('hex');
}

/** A fresh 32-byte secret, hex; the admin function keeps it out of client-readable places. */
export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

/** poolIds in ascending code-unit order (the input array itself when it already is). */
export function sortedPoolIds(poolIds: readonly string[]): readonly string[] {
  for (let i = 1; i < poolIds.length; i++) {
    if (poolIds[i - 1] > poolIds[i]) return [...poolIds].sort();
  }
  return poolIds;
}

/** The snapshot line of one entry (without the trailing newline). */
export function snapshotLine(entry: DrawEntry): string {
  return entry.applicationId + '\t' + entry.applicantKey + '\t' + sortedPoolIds(entry.poolIds).join(',');
}

/**
 * Hash of the sorted snapshot lines: fixes the entries before the seed can be known.
 * Lines are ordered by applicationId first (the line starts with it), with the exact line
 * comparison only where ids tie or one id is a prefix of another; input already in applicationId
 * order (how the admin function reads it, and how records are written) sorts in linear time.
 */
export function snapshotHash(entries: readonly DrawEntry[]): string {
  const sink = new HashSink();
  for (const i of snapshotOrder(entries)) {
    const entry = entries[i];
    sink.text(entry.applicationId).ascii(TAB).text(entry.applicantKey).ascii(TAB);
    const poolIds = sortedPoolIds(entry.poolIds);
    for (let k = 0; k < poolIds.length; k++) {
      if (k > 0) sink.ascii(COMMA);
      sink.text(poolIds[k]);
    }
    sink.ascii(NEWLINE);
  }
  return sink.hex();
}

/** Entry indices in ascending order of their snapshot lines. */
export function snapshotOrder(entries: readonly DrawEntry[]): number[] {
  const n = entries.length;
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) ids[i] = entries[i].applicationId;
  const compare = (x: number, y: number): number => {
    const a = ids[x];
    const b = ids[y];
    if (a === b) {
      const la = snapshotLine(entries[x]);
      const lb = snapshotLine(entries[y]);
      return la < lb ? -1 : la > lb ? 1 : 0;
    }
    // The line continues with "\t" after the id: only a code unit below it can reorder a prefix pair.
    if (a < b) return a.length < b.length && b.charCodeAt(a.length) < TAB && b.startsWith(a) ? 1 : -1;
    return b.length < a.length && a.charCodeAt(b.length) < TAB && a.startsWith(b) ? -1 : 1;
  };
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = compare(i - 1, i) <= 0;
  if (!sorted) order.sort(compare);
  return order;
}

export interface SeedInput {
  campaignId: string;
  secretHex: string;
  snapshotHash: string;
  beacon: string;
}

export function deriveSeed({ campaignId, secretHex, snapshotHash: snapshot, beacon }: SeedInput): string {
  requireHex64('secret', secretHex);
  requireHex64('snapshotHash', snapshot);
  const text = 'draw-v1|' + campaignId + '|' + secretHex + '|' + snapshot + '|' + beacon;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function seedBytes(seedHex: string): Buffer {
  requireHex64('seed', seedHex);
  return Buffer.from(seedHex, 'hex');
}

/** The ticket of one entry in one pool, hex; lower is better. Reference form of the hot loop in computeDraw. */
export function ticket(seedHex: string, poolId: string, applicationId: string): string {
  return createHmac('sha256', seedBytes(seedHex))
    .update(poolId + '|' + applicationId, 'utf8')
    .digest('hex');
}

/** Pools as the draw walks them: faceValue descending, then poolId ascending. */
export function processingOrder<P extends DrawPool>(pools: readonly P[]): P[] {
  return [...pools].sort((a, b) =>
    a.faceValue !== b.faceValue ? b.faceValue - a.faceValue : a.poolId < b.poolId ? -1 : a.poolId > b.poolId ? 1 : 0,
  );
}

/** Hash over every winner and waitlist line, pools in processing order. */
export function resultDigest(pools: readonly DrawPool[], result: readonly PoolResult[]): string {
  const byPool = new Map(result.map((r) => [r.poolId, r]));
  const sink = new HashSink();
  for (const pool of processingOrder(pools)) {
    const r = byPool.get(pool.poolId);
    if (!r) throw new DrawInputError(`result has no pool ${pool.poolId}`);
    for (const [kind, ids] of [
      ['winner', r.winners],
      ['waitlist', r.waitlist],
    ] as const) {
      const prefix = digestLinePrefix(r.poolId, kind);
      for (let i = 0; i < ids.length; i++) {
        if (i % TOUCH_AHEAD === 0) touchAhead(ids, i);
        writeDigestLine(sink, prefix, i, ids[i]);
      }
    }
  }
  return sink.hex();
}

/** Whether a result lists exactly the pools, in processing order: the order resultDigest reads it in. */
export function inProcessingOrder(pools: readonly DrawPool[], result: readonly PoolResult[]): boolean {
  const order = processingOrder(pools);
  return order.length === result.length && order.every((pool, k) => result[k].poolId === pool.poolId);
}

/** What a pool's winner or waitlist lines start with. */
export function digestLinePrefix(poolId: string, kind: 'winner' | 'waitlist'): string {
  return poolId + (kind === 'winner' ? '\tW\t' : '\tL\t');
}

/** The digest's line of the id at `index` (from 0) in a pool's winners or waitlist. */
export function writeDigestLine(sink: HashSink, prefix: string, index: number, applicationId: string): void {
  sink
    .text(prefix)
    .integer(index + 1)
    .ascii(TAB)
    .text(applicationId)
    .ascii(NEWLINE);
}
