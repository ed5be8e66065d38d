import { processingOrder, seedBytes } from './hashes';
import { StringIndex } from './string-index';
import { createTicketHasher } from './ticket-hasher';
import { fillTicketsSimd } from './ticket-simd';
import { DrawInputError, type DrawEntry, type DrawPool, type PoolResult } from './types';

export interface DrawInput {
  pools: readonly DrawPool[];
  /** Yuan one applicant may win across all pools. */
  cap: number;
  entries: readonly DrawEntry[];
  /** 64 hex characters. */
  seed: string;
}

/**
 * Writes the tickets of one pool: tickets[8j..8j+7] = HMAC-SHA256(key, prefix + ids[j]) as big-endian
 * words. The draw's hottest loop: four at a time with WebAssembly SIMD, else one at a time in plain JS.
 */
function fillTickets(key: Uint8Array, prefix: string, ids: readonly string[], tickets: Uint32Array): void {
  if (fillTicketsSimd(key, prefix, ids, tickets)) return;
  const hasher = createTicketHasher(key);
  for (let j = 0; j < ids.length; j++) hasher(prefix, ids[j], tickets, j * 8);
}

/**
 * The draw: for each pool (processing order), entries walk in ticket order; an entry wins while the
 * pool has stock, unless its applicant already won this pool or would exceed the cap; later
 * eligible entries form the waitlist. Returns pools in processing order, winners ranked.
 *
 * Built for ~1M entries: per-entry state lives in typed arrays indexed by entry/applicant number,
 * tickets in one Uint32Array per pool, and the ticket order comes from a radix sort (rankByTicket).
 * Throws DrawInputError for malformed input (duplicate ids, unknown or repeated pools, bad seed).
 */
export function computeDraw({ pools, cap, entries, seed }: DrawInput): PoolResult[] {
  const key = seedBytes(seed);
  const order = processingOrder(pools);
  checkPools(order, cap);
  const poolNumber = new Map<string, number>();
  order.forEach((pool, i) => poolNumber.set(pool.poolId, i));

  const n = entries.length;
  const applicantOf = new Int32Array(n);
  const applicantNumber = new StringIndex(n);
  checkUniqueApplicationIds(entries);
  const memberCount = new Int32Array(order.length);
  const lastEntryInPool = new Int32Array(order.length).fill(-1);
  for (let i = 0; i < n; i++) {
    const entry = entries[i];
    const id = entry.applicationId;
    applicantOf[i] = applicantNumber.add(entry.applicantKey);
    if (entry.poolIds.length === 0) throw new DrawInputError(`application ${id} applies to no pool`);
    for (const poolId of entry.poolIds) {
      const p = poolNumber.get(poolId);
      if (p === undefined) throw new DrawInputError(`application ${id} applies to unknown pool ${poolId}`);
      if (lastEntryInPool[p] === i) throw new DrawInputError(`application ${id} lists pool ${poolId} twice`);
      lastEntryInPool[p] = i;
      memberCount[p]++;
    }
  }

  // Per pool: its entries' applicationIds and applicant numbers, gathered once in entry order so
  // the walk in ticket order makes one random access per array instead of chasing entry indices.
  const memberIds = Array.from(memberCount, (count) => new Array<string>(count));
  const memberApplicants = Array.from(memberCount, (count) => new Int32Array(count));
  const fill = new Int32Array(order.length);
  for (let i = 0; i < n; i++) {
    const entry = entries[i];
    for (const poolId of entry.poolIds) {
      const p = poolNumber.get(poolId) as number;
      memberApplicants[p][fill[p]] = applicantOf[i];
      memberIds[p][fill[p]++] = entry.applicationId;
    }
  }

  // Per applicant, side by side so one cache line serves both: [yuan won so far, last pool won + 1].
  const applicantState = new Int32Array(applicantNumber.size * 2);
  // One ticket buffer for all pools (8 words per entry), sized for the largest.
  const ticketBuffer = new Uint32Array(Math.max(0, ...memberCount) * 8);
  const results: PoolResult[] = [];
  for (let p = 0; p < order.length; p++) {
    const { poolId, faceValue, quantity } = order[p];
    const ids = memberIds[p];
    const applicants = memberApplicants[p];
    const m = ids.length;
    const tickets = ticketBuffer.subarray(0, m * 8);
    fillTickets(key, poolId + '|', ids, tickets);
    const ranked = rankByTicket(tickets, m, (j) => ids[j]);

    const winners: string[] = [];
    const waitlist: string[] = [];
    const stamp = p + 1;
    for (let r = 0; r < m; r++) {
      const j = ranked[r];
      const s = applicants[j] * 2;
      if (applicantState[s + 1] === stamp || applicantState[s] + faceValue > cap) continue;
      if (winners.length < quantity) {
        winners.push(ids[j]);
        applicantState[s] += faceValue;
        applicantState[s + 1] = stamp;
      } else {
        waitlist.push(ids[j]);
      }
    }
    results.push({ poolId, winners, waitlist });
    // Let the pool's arrays go before the next pool allocates its own.
    memberIds[p] = [];
    memberApplicants[p] = new Int32Array(0);
  }
  return results;
}

/** Yuan amounts stay integers far below 2^31, so running totals fit the Int32Array above. */
const MAX_YUAN = 1e9;

function checkPools(order: readonly DrawPool[], cap: number): void {
  if (!Number.isInteger(cap) || cap < 0 || cap > MAX_YUAN) {
    throw new DrawInputError(`cap must be an integer from 0 to ${MAX_YUAN}`);
  }
  for (let i = 0; i < order.length; i++) {
    const { poolId, faceValue, quantity } = order[i];
    if (!Number.isInteger(faceValue) || faceValue <= 0 || faceValue > MAX_YUAN)
      throw new DrawInputError(`pool ${poolId}: faceValue must be an integer from 1 to ${MAX_YUAN}`);
    if (!Number.isInteger(quantity) || quantity < 0)
      throw new DrawInputError(`pool ${poolId}: quantity must be an integer ≥ 0`);
  }
  const ids = new Set(order.map((pool) => pool.poolId));
  if (ids.size !== order.length) throw new DrawInputError('duplicate poolId');
}

/**
 * Entries usually arrive in applicationId order (the admin function reads them so; records are
 * written so): then one linear pass proves the ids unique. Otherwise a hash index checks them.
 */
function checkUniqueApplicationIds(entries: readonly DrawEntry[]): void {
  let ascending = true;
  for (let i = 1; i < entries.length && ascending; i++) {
    ascending = entries[i - 1].applicationId < entries[i].applicationId;
  }
  if (ascending) return;
  const seen = new StringIndex(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const id = entries[i].applicationId;
    if (seen.add(id) !== i) throw new DrawInputError(`duplicate applicationId ${id}`);
  }
}

/**
 * Ranks j = 0..m-1 by ticket (8 big-endian words each at tickets[8j..]), ties by applicationId.
 * An LSD radix sort (3 passes of 11 bits) on each ticket's first word does the bulk in linear time;
 * runs sharing that first word (a few dozen in a pool of 500k) are then re-sorted on the full ticket.
 */
export function rankByTicket(tickets: Uint32Array, m: number, applicationIdOf: (j: number) => string): Int32Array {
  const RADIX = 2048;
  const counts = new Int32Array(RADIX * 3);
  for (let j = 0; j < m; j++) {
    const w = tickets[j * 8];
    counts[w & 0x7ff]++;
    counts[RADIX + ((w >>> 11) & 0x7ff)]++;
    counts[2 * RADIX + (w >>> 22)]++;
  }
  let keys = new Uint32Array(m);
  let ranked = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    keys[j] = tickets[j * 8];
    ranked[j] = j;
  }
  let keysOut = new Uint32Array(m);
  let rankedOut = new Int32Array(m);
  for (let pass = 0; pass < 3; pass++) {
    const shift = pass * 11;
    const base = pass * RADIX;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[base + d];
      counts[base + d] = sum;
      sum += c;
    }
    for (let r = 0; r < m; r++) {
      const key = keys[r];
      const at = counts[base + ((key >>> shift) & 0x7ff)]++;
      keysOut[at] = key;
      rankedOut[at] = ranked[r];
    }
    [keys, keysOut] = [keysOut, keys];
    [ranked, rankedOut] = [rankedOut, ranked];
  }

  const fullCompare = (x: number, y: number): number => {
    for (let w = 1; w < 8; w++) {
      const a = tickets[x * 8 + w];
      const b = tickets[y * 8 + w];
      if (a !== b) return a < b ? -1 : 1;
    }
    const ax = applicationIdOf(x);
    const ay = applicationIdOf(y);
    return ax < ay ? -1 : ax > ay ? 1 : 0;
  };
  let start = 0;
  for (let r = 1; r <= m; r++) {
    if (r < m && keys[r] === keys[start]) continue;
    if (r - start > 1) ranked.set(Array.from(ranked.subarray(start, r)).sort(fullCompare), start);
    start = r;
  }
  return ranked;
}
