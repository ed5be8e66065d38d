/**
 * The worker thread of parallel-tickets.ts: hashes the chunks it claims of each pool it is sent. It
 * loads only ticket-job.ts and the hasher.
 */
import { parentPort } from 'node:worker_threads';
import { hashClaimedChunks, type TicketJob } from './ticket-job';

parentPort?.on('message', (job: TicketJob) => hashClaimedChunks(job));
