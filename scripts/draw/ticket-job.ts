/**
 * One pool's tickets as a job in shared memory, and the worker thread's side of it: everything
 * parallel-tickets.ts and ticket-worker.ts both need, and nothing more (the worker loads only this
 * and the hasher).
 */
import { createTicketHasher } from '../../cloudfunctions/src/core/draw/ticket-hasher';

/**
 * A run of one pool's ids, in shared memory: everything either thread needs to hash any chunk of it.
 * Indices below are within the run; `first` places it in the pool.
 */
export interface TicketJob {
  key: Uint8Array;
  prefix: string;
  first: number;
  count: number;
  /** The run's ids, ASCII bytes back to back; id j is ids[idStarts[j], idStarts[j + 1]). */
  ids: Uint8Array;
  idStarts: Int32Array;
  chunkSize: number;
  /** [next chunk to claim]. */
  claims: Int32Array;
  /** Per chunk: PENDING until its claimer is done with it. */
  states: Int32Array;
  /** count × 8 words: the worker's tickets for its chunks. */
  tickets: Uint32Array;
}

export const PENDING = 0;
export const DONE = 1;
export const FAILED = 2;

export const chunkCount = (job: TicketJob) => job.states.length;
export const chunkEnd = (job: TicketJob, c: number) => Math.min(job.count, (c + 1) * job.chunkSize);

/** Claims chunks of the job from its shared counter, one at a time, until none are left. */
export function claimChunks(job: TicketJob, each: (chunk: number) => void): void {
  for (;;) {
    const c = Atomics.add(job.claims, 0, 1);
    if (c >= chunkCount(job)) return;
    each(c);
  }
}

/** The worker's side (ticket-worker.ts): hashes the chunks it claims, marking each DONE or FAILED. */
export function hashClaimedChunks(job: TicketJob): void {
  const hasher = createTicketHasher(job.key);
  const { ids, idStarts, prefix, tickets } = job;
  claimChunks(job, (c) => {
    let state = FAILED;
    try {
      const end = chunkEnd(job, c);
      for (let j = c * job.chunkSize; j < end; j++)
        hasher.bytes(prefix, ids, idStarts[j], idStarts[j + 1], tickets, j * 8);
      state = DONE;
    } finally {
      Atomics.store(job.states, c, state);
      Atomics.notify(job.states, c);
    }
  });
}
