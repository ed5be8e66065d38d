/**
 * Resumable batch jobs (draws, imports, evaluations): one `jobs` document per job holds the checkpoint,
 * and a lease so two calls never work on the same job at once. A call holds the lease for its
 * time budget plus the same again (at most 20 s); a crashed call's lease runs out and the next
 * call resumes from the checkpoint.
 */
import type { Database } from './cloud';
import { txGet, type Transaction, runInTransaction } from './db';

/** Leave room under the 60 s function timeout for the last batch and the reply. */
export const DEFAULT_BUDGET_MS = 40_000;

export const localOnly = () => process.env.YPT_LOCAL_CLOUD === '1';

export interface LeasedJob {
  _id: string;
  kind: string;
  status: 'running' | 'done' | 'failed';
  leaseUntil?: Date | null;
}

export type Acquired<J> = { job: J; fresh: boolean } | { done: J } | { busy: true };

export const leaseMs = (budgetMs: number) => budgetMs + Math.min(budgetMs, 20_000);

/**
 * Takes the job's lease. `create` builds a new job document; `restart` (when given) rebuilds a
 * finished one. A finished job is returned as `done` (unless restarted), a leased one as `busy`.
 */
export async function acquireJob<J extends LeasedJob>(
  db: Database,
  jobId: string,
  budgetMs: number,
  create: () => J,
  options: { restart?: (previous: J) => J; check?: (existing: J) => void } = {},
): Promise<Acquired<J>> {
  return runInTransaction(
    db,
    async (t: Transaction) => {
      const now = Date.now();
      const leaseUntil = new Date(now + leaseMs(budgetMs));
      const existing = await txGet<J>(t, 'jobs', jobId);
      if (existing) {
        options.check?.(existing);
        const leased = existing.leaseUntil && new Date(existing.leaseUntil).getTime() > now;
        if (existing.status === 'done' && !options.restart) return { done: existing };
        if (leased) return { busy: true as const };
        if (existing.status === 'done' && options.restart) {
          const { _id, ...fresh } = { ...options.restart(existing), leaseUntil };
          await t
            .collection('jobs')
            .doc(jobId)
            .set({ data: { ...fresh, createdAt: new Date(now), updatedAt: new Date(now) } });
          return { job: { ...fresh, _id } as unknown as J, fresh: true };
        }
        await t
          .collection('jobs')
          .doc(jobId)
          .update({ data: { leaseUntil, updatedAt: new Date(now) } });
        return { job: { ...existing, leaseUntil }, fresh: false };
      }
      const job = { ...create(), leaseUntil };
      await t.collection('jobs').add({ data: { ...job, createdAt: new Date(now), updatedAt: new Date(now) } });
      return { job, fresh: true };
    },
    5,
  );
}

/** Gives the lease back so the next call can continue at once. */
export async function releaseJob(db: Database, jobId: string, data: Record<string, unknown> = {}): Promise<void> {
  await db
    .collection('jobs')
    .doc(jobId)
    .update({ data: { ...data, leaseUntil: new Date(0), updatedAt: db.serverDate() } });
}

/** A clock for one call: stop starting batches once the budget is spent (always allow the first). */
export class Budget {
  private readonly started = Date.now();
  constructor(readonly ms: number) {}
  spent(): boolean {
    return Date.now() - this.started > this.ms;
  }
  elapsed(): number {
    return Date.now() - this.started;
  }
}
