/**
 * The draw's tickets on two cores (issue 16). computeDraw is synchronous and shared with the cloud
 * function, so the CLI hands it a TicketFiller that shares each big pool with one worker thread:
 * a run of the pool's ids at a time is copied into shared memory as bytes and cut into chunks, both
 * threads claim chunks from one shared counter until none are left (claimChunks), and the main thread
 * then waits only for the chunks the worker claimed. A worker that is slow to start, or never starts,
 * simply claims nothing; a chunk it fails on is hashed again here. The tickets are exactly
 * fillTicketsInline's.
 */
import { Worker } from 'node:worker_threads';
import { fillTicketsInline, type TicketFiller } from '../../cloudfunctions/src/core/draw/compute';
import { createTicketHasher, type TicketHasher } from '../../cloudfunctions/src/core/draw/ticket-hasher';
import { chunkCount, chunkEnd, claimChunks, DONE, PENDING, type TicketJob } from './ticket-job';

/** Below this many ids a pool is hashed inline: the hand-off would cost more than it saves. */
const MIN_PARALLEL_IDS = 20_000;
/** A pool goes to the worker in runs of this many ids, so the shared copy stays a few megabytes. */
const RUN_IDS = 65_536;
const CHUNKS_PER_RUN = 16;

/** Shared buffers reused from pool to pool (a pool is finished before the next one starts). */
class SharedScratch {
  private bytes: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private words: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private starts: Int32Array<ArrayBufferLike> = new Int32Array(0);

  ids(length: number): Uint8Array {
    if (this.bytes.length < length) this.bytes = new Uint8Array(new SharedArrayBuffer(length));
    return this.bytes;
  }
  idStarts(length: number): Int32Array {
    if (this.starts.length < length) this.starts = new Int32Array(new SharedArrayBuffer(length * 4));
    return this.starts;
  }
  tickets(length: number): Uint32Array {
    if (this.words.length < length) this.words = new Uint32Array(new SharedArrayBuffer(length * 4));
    return this.words;
  }
}

/** ids[first, first + count) as a job, or undefined when one of them is not ASCII (then they are hashed here). */
export function ticketJobOf(
  key: Uint8Array,
  prefix: string,
  ids: readonly string[],
  first = 0,
  count = ids.length - first,
  scratch = new SharedScratch(),
): TicketJob | undefined {
  let length = 0;
  for (let j = 0; j < count; j++) length += ids[first + j].length;
  const bytes = scratch.ids(length);
  const idStarts = scratch.idStarts(count + 1);
  let at = 0;
  for (let j = 0; j < count; j++) {
    const id = ids[first + j];
    idStarts[j] = at;
    for (let i = 0; i < id.length; i++) {
      const code = id.charCodeAt(i);
      if (code > 0x7f) return undefined;
      bytes[at++] = code;
    }
  }
  idStarts[count] = at;
  const chunkSize = Math.ceil(count / CHUNKS_PER_RUN);
  return {
    key: Uint8Array.from(key),
    prefix,
    first,
    count,
    ids: bytes,
    idStarts,
    chunkSize,
    claims: new Int32Array(new SharedArrayBuffer(4)),
    states: new Int32Array(new SharedArrayBuffer(Math.ceil(count / chunkSize) * 4)),
    tickets: scratch.tickets(count * 8),
  };
}

/** Pool ids [from, to) hashed on this thread into the pool's tickets. */
function hashHere(
  hasher: TicketHasher,
  prefix: string,
  ids: readonly string[],
  from: number,
  to: number,
  tickets: Uint32Array,
) {
  for (let j = from; j < to; j++) hasher(prefix, ids[j], tickets, j * 8);
}

/**
 * The main thread's side once no chunk is left to claim: waits for each chunk it did not hash itself
 * (`hashedHere`) and copies the worker's tickets into the pool's, or hashes the chunk here if the
 * worker failed on it.
 */
export function gatherWorkerChunks(
  job: TicketJob,
  ids: readonly string[],
  hashedHere: Uint8Array,
  tickets: Uint32Array,
): void {
  const hasher = createTicketHasher(job.key);
  for (let c = 0; c < chunkCount(job); c++) {
    if (hashedHere[c]) continue;
    while (Atomics.load(job.states, c) === PENDING) Atomics.wait(job.states, c, PENDING);
    const from = c * job.chunkSize;
    const to = chunkEnd(job, c);
    if (Atomics.load(job.states, c) === DONE)
      tickets.set(job.tickets.subarray(from * 8, to * 8), (job.first + from) * 8);
    else hashHere(hasher, job.prefix, ids, job.first + from, job.first + to, tickets);
  }
}

/**
 * Starts the worker with none of this process's node options (tsx's ESM loader would bring a thread
 * of its own): it loads the TypeScript it needs through tsx's require hook.
 */
export function startTicketWorker(): Worker {
  const bootstrap =
    "const { workerData } = require('node:worker_threads');" +
    'require(workerData.tsx).register();' +
    'require(workerData.entry);';
  const worker = new Worker(bootstrap, {
    eval: true,
    execArgv: [],
    workerData: { tsx: require.resolve('tsx/cjs/api'), entry: require.resolve('./ticket-worker') },
  });
  worker.unref();
  return worker;
}

/**
 * Runs `run` with a TicketFiller that shares big pools with a worker thread, started at once so it
 * boots while `run` does its first work, and stopped after. For a draw of fewer than
 * MIN_PARALLEL_IDS entries no pool can be big: no worker, the inline filler.
 */
export function withTicketWorker<T>(entryCount: number, run: (fillTickets: TicketFiller) => T): T {
  if (entryCount < MIN_PARALLEL_IDS) return run(fillTicketsInline);
  const worker = startTicketWorker();
  let workerFailed = false;
  // Reported once the main thread is free again; later pools are then hashed inline.
  worker.on('error', () => (workerFailed = true));
  const scratch = new SharedScratch();
  const fillTickets: TicketFiller = (key, prefix, ids, tickets) => {
    if (ids.length < MIN_PARALLEL_IDS || workerFailed) return fillTicketsInline(key, prefix, ids, tickets);
    const hasher = createTicketHasher(key);
    for (let first = 0; first < ids.length; first += RUN_IDS) {
      const count = Math.min(RUN_IDS, ids.length - first);
      const job = ticketJobOf(key, prefix, ids, first, count, scratch);
      if (!job) {
        hashHere(hasher, prefix, ids, first, first + count, tickets);
        continue;
      }
      worker.postMessage(job);
      const hashedHere = new Uint8Array(chunkCount(job));
      claimChunks(job, (c) => {
        hashedHere[c] = 1;
        hashHere(hasher, prefix, ids, first + c * job.chunkSize, first + chunkEnd(job, c), tickets);
      });
      gatherWorkerChunks(job, ids, hashedHere, tickets);
    }
  };
  try {
    return run(fillTickets);
  } finally {
    void worker.terminate();
  }
}
