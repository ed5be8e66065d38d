import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { fillTicketsInline } from '../../../cloudfunctions/src/core/draw';
import {
  gatherWorkerChunks,
  startTicketWorker,
  ticketJobOf,
  withTicketWorker,
} from '../../../scripts/draw/parallel-tickets';
import { DONE, FAILED, PENDING } from '../../../scripts/draw/ticket-job';
import { waitUntil } from '../../helpers/wait';

const key = createHash('sha256').update('parallel tickets').digest();
const idsOf = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) =>
    createHash('sha256')
      .update(`${tag} ${i}`)
      .digest('hex')
      .slice(0, 24 + (i % 9)),
  );

function inlineTickets(prefix: string, ids: readonly string[]): Uint32Array {
  const tickets = new Uint32Array(ids.length * 8);
  fillTicketsInline(key, prefix, ids, tickets);
  return tickets;
}

/** Tickets compared by digest: jest's diff of two 200k-word arrays would take minutes. */
const digestOf = (words: Uint32Array) =>
  createHash('sha256')
    .update(new Uint8Array(words.buffer, words.byteOffset, words.byteLength))
    .digest('hex');

describe('tickets on two threads', () => {
  test('a worker thread hashes every chunk of a job it is sent, as the inline hasher would', async () => {
    const ids = idsOf(40_000, 'worker');
    // A run from the middle of the pool: ids 5,000 to 34,999.
    const [first, count] = [5_000, 30_000];
    const job = ticketJobOf(key, 'G5000|', ids, first, count);
    if (!job) throw new Error('ASCII ids make a job');
    const inline = inlineTickets('G5000|', ids);
    const run = (words: Uint32Array, from = first, to = first + count) => digestOf(words.subarray(from * 8, to * 8));
    const worker = startTicketWorker();
    try {
      worker.postMessage(job);
      // Nothing is claimed here, so the worker does all of it (booting first, through tsx).
      const states = () => Array.from(job.states, (_, c) => Atomics.load(job.states, c));
      await waitUntil(() => !states().includes(PENDING), { timeoutMs: 90_000, what: 'the worker to finish' });
      expect(states()).toEqual(states().map(() => DONE));
      expect(digestOf(job.tickets.subarray(0, count * 8))).toBe(run(inline));

      // The main thread then puts the worker's chunks in their place in the pool's tickets…
      const gathered = new Uint32Array(ids.length * 8);
      gatherWorkerChunks(job, ids, new Uint8Array(job.states.length), gathered);
      expect(run(gathered)).toBe(run(inline));
      expect(gathered.subarray(0, first * 8).every((word) => word === 0)).toBe(true);
      expect(gathered.subarray((first + count) * 8).every((word) => word === 0)).toBe(true);

      // …and hashes again a chunk the worker failed on, taking nothing from it.
      Atomics.store(job.states, 3, FAILED);
      job.tickets.fill(0);
      const regathered = new Uint32Array(ids.length * 8);
      gatherWorkerChunks(job, ids, new Uint8Array(job.states.length), regathered);
      const chunk3 = [first + 3 * job.chunkSize, first + 4 * job.chunkSize] as const;
      expect(run(regathered, ...chunk3)).toBe(run(inline, ...chunk3));
      expect(regathered.subarray(0, chunk3[0] * 8).every((word) => word === 0)).toBe(true);
    } finally {
      await worker.terminate();
    }
  }, 120_000);

  test('pools shared with the worker get exactly the inline tickets, pool after pool', () => {
    // Sizes below and above the parallel threshold, a pool smaller than the one before (reused
    // buffers), and a pool with a non-ASCII id (hashed inline).
    const pools = [
      { prefix: 'G5000|', ids: idsOf(70_000, 'a') },
      { prefix: 'G2000|', ids: idsOf(25_001, 'b') },
      { prefix: 'G1000|', ids: idsOf(500, 'c') },
      { prefix: 'C1000|', ids: [...idsOf(30_000, 'd'), '申请-é'] },
      { prefix: 'G500|', ids: idsOf(40_000, 'e') },
    ];
    const tickets = withTicketWorker(165_501, (fillTickets) =>
      pools.map(({ prefix, ids }) => {
        const out = new Uint32Array(ids.length * 8);
        fillTickets(key, prefix, ids, out);
        return out;
      }),
    );
    pools.forEach(({ prefix, ids }, p) => expect(digestOf(tickets[p])).toBe(digestOf(inlineTickets(prefix, ids))));
  }, 60_000);

  test('a job carries each id of its run as its bytes, and none when one is not ASCII', () => {
    const ids = fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(ids, fc.nat(), fc.nat(), (ids, a, b) => {
        const first = a % ids.length;
        const count = 1 + (b % (ids.length - first));
        const run = ids.slice(first, first + count);
        const job = ticketJobOf(key, 'P|', ids, first, count);
        expect(job !== undefined).toBe(run.every((id) => /^[\x00-\x7f]*$/.test(id)));
        if (!job) return;
        const read = run.map((_, j) =>
          Buffer.from(job.ids.subarray(job.idStarts[j], job.idStarts[j + 1])).toString('latin1'),
        );
        expect(read).toEqual(run);
        expect([job.first, job.count]).toEqual([first, count]);
        expect(job.states.length * job.chunkSize).toBeGreaterThanOrEqual(count);
      }),
      { numRuns: 300 },
    );
  });
});
