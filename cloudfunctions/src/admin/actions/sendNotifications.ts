import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  mapOutboxMessage,
  nextState,
  templateIdsFrom,
  ERRCODE_REFUSED,
  NOTICE_RATE,
  type MapResult,
  type SendOutcome,
} from '../../core/notifications';
import { getCloud, type Database } from '../../runtime/cloud';
import { list } from '../../runtime/db';
import { Budget, localOnly } from '../../runtime/jobs';
import { action } from '../../runtime/router';
import { continueNoticeJobs, resultNoticeWording } from '../draw/notices';

/** A claimed message whose sender died is taken again after this long. */
const LEASE_MS = 2 * 60 * 1000;
/** Messages claimed at once (one update and one read), at most. */
const CLAIM_BATCH = 100;
/** Of a run's budget, at most this long goes to continuing result-notice queue jobs before sending. */
const QUEUE_SHARE_MS = 15_000;

interface OutboxDoc {
  _id: string;
  dedupeKey: string;
  campaignId?: string;
  toOpenid: string;
  template: string;
  page?: string;
  /** Template data; a result notice holds ids (pools won) until it is worded (resultNoticeWording). */
  data?: Record<string, unknown>;
  status: 'pending' | 'sending' | 'sent' | 'skipped' | 'failed';
  attempts?: number;
  leaseId?: string;
  leaseUntil?: Date;
}

export interface SendNotificationsResult {
  sent: number;
  skipped: number;
  failed: number;
  retrying: number;
}

type Claimable = 'ordinary' | 'bulk';

/**
 * Puts messages whose sender died (sending, lease expired) back to pending, so the claims below need only
 * ask for pending ones (an equality the status index answers).
 */
async function releaseExpiredLeases(db: Database, now: Date): Promise<void> {
  const _ = db.command;
  await db
    .collection('outbox')
    .where({ status: 'sending', leaseUntil: _.lt(now) })
    .update({ data: { status: 'pending', leaseId: _.remove(), leaseUntil: _.remove(), updatedAt: db.serverDate() } });
}

/**
 * Claims up to `limit` pending messages for this run: one conditional update marks them with this run's
 * lease, one read returns exactly those it marked. Each document's update is atomic, so of two concurrent
 * runs only one marks a given message. Transactional messages ('ordinary': no campaignId, oldest first) are
 * claimed before bulk result notices (any order: their count is large and their order does not matter), so a
 * campaign's 200,000 notices never hold up a help-desk or cable message.
 */
async function claimBatch(
  db: Database,
  kind: Claimable,
  limit: number,
  now: Date,
  triedThisRun: ReadonlySet<string>,
): Promise<OutboxDoc[]> {
  const _ = db.command;
  // A message that failed in this run waits for the next run (one attempt per run, MAX_ATTEMPTS runs).
  const notRetried = triedThisRun.size ? { _id: _.nin([...triedThisRun]) } : {};
  const pending = db
    .collection('outbox')
    .where({ status: 'pending', campaignId: _.exists(kind === 'bulk'), ...notRetried });
  const candidates = await list<{ _id: string }>(
    (kind === 'ordinary' ? pending.orderBy('createdAt', 'asc') : pending).limit(limit).field({ _id: true }),
  );
  if (!candidates.length) return [];
  const leaseId = randomUUID();
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  await db
    .collection('outbox')
    .where({ _id: _.in(candidates.map((c) => c._id)), status: 'pending' })
    .update({ data: { status: 'sending', leaseId, leaseUntil, updatedAt: db.serverDate() } });
  return list<OutboxDoc>(db.collection('outbox').where({ status: 'sending', leaseId }).limit(limit));
}

function errorCode(error: unknown): number | undefined {
  const code = (error as { errCode?: unknown })?.errCode;
  return typeof code === 'number' ? code : undefined;
}

function errorText(error: unknown): string {
  const e = error as { errCode?: unknown; errMsg?: unknown; message?: unknown };
  const text = typeof e?.errMsg === 'string' ? e.errMsg : typeof e?.message === 'string' ? e.message : String(error);
  return (e?.errCode !== undefined ? `${String(e.errCode)} ` : '') + text.slice(0, 500);
}

async function send(doc: OutboxDoc, mapped: MapResult): Promise<SendOutcome> {
  // A message that can never be sent (unknown template, no template id) is failed at once, not retried.
  if (!mapped.ok) return { status: 'error', error: mapped.reason };
  try {
    await getCloud().openapi.subscribeMessage.send({
      touser: doc.toOpenid,
      templateId: mapped.message.templateId,
      page: mapped.message.page,
      data: mapped.message.data,
      miniprogramState: 'formal',
    });
    return { status: 'sent' };
  } catch (error) {
    if (errorCode(error) === ERRCODE_REFUSED) return { status: 'skipped', reason: errorText(error) };
    return { status: 'error', error: errorText(error) };
  }
}

export interface SendOptions {
  /** Sending time of this run (NOTICE_RATE.runBudgetMs); local-cloud tests and benches pass less or more. */
  budgetMs?: number;
  perSecond?: number;
  concurrency?: number;
}

/** Spaces send starts `1000 / perSecond` ms apart across all of a run's workers. */
class Pacer {
  private next = 0;
  constructor(private readonly intervalMs: number) {}
  async wait(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}

/** Records one attempt's outcome; only the lease holder may (a run that outlived its lease must not overwrite). */
async function record(
  db: Database,
  doc: OutboxDoc,
  outcome: SendOutcome,
  mappable: boolean,
): Promise<'sent' | 'skipped' | 'failed' | 'pending'> {
  const _ = db.command;
  const next = nextState(outcome, doc.attempts ?? 0);
  const status = !mappable && next.status === 'pending' ? 'failed' : next.status;
  const patch: Record<string, unknown> = {
    status,
    attempts: next.attempts,
    leaseId: _.remove(),
    leaseUntil: _.remove(),
    updatedAt: db.serverDate(),
  };
  if (outcome.status === 'sent') patch.sentAt = db.serverDate();
  if (outcome.status === 'skipped') patch.reason = outcome.reason;
  if (outcome.status === 'error') patch.lastError = outcome.error;
  await db.collection('outbox').where({ _id: doc._id, leaseId: doc.leaseId }).update({ data: patch });
  return status;
}

/**
 * Sends pending subscribe messages at NOTICE_RATE until the run's budget is spent or nothing is left:
 * claims a batch (transactional messages first), sends it with `concurrency` workers paced to `perSecond`,
 * one user's messages one after another, and records each outcome as soon as it is known (so a crash
 * repeats at most the sends in flight).
 */
export async function sendPending(
  db: Database,
  now: Date,
  options: SendOptions = {},
): Promise<SendNotificationsResult> {
  const budgetMs = options.budgetMs ?? NOTICE_RATE.runBudgetMs;
  const perSecond = options.perSecond ?? NOTICE_RATE.perSecond;
  const concurrency = options.concurrency ?? NOTICE_RATE.concurrency;
  const budget = new Budget(budgetMs);
  const pacer = new Pacer(1000 / perSecond);
  const templateIds = templateIdsFrom(process.env);
  const worded = resultNoticeWording(db);
  const counts: SendNotificationsResult = { sent: 0, skipped: 0, failed: 0, retrying: 0 };
  const retrying = new Set<string>();
  await releaseExpiredLeases(db, now);
  for (const kind of ['ordinary', 'bulk'] as const) {
    for (;;) {
      const leftMs = budgetMs - budget.elapsed();
      // No more than the rest of the budget can send at the capped rate (always at least one).
      const limit = Math.max(1, Math.min(CLAIM_BATCH, Math.floor((leftMs / 1000) * perSecond)));
      if (leftMs <= 0 && counts.sent + counts.skipped + counts.failed + counts.retrying > 0) return counts;
      const claimed = await claimBatch(db, kind, limit, new Date(Math.max(now.getTime(), Date.now())), retrying);
      if (!claimed.length) break;
      const byUser = new Map<string, OutboxDoc[]>();
      for (const doc of claimed) byUser.set(doc.toOpenid, [...(byUser.get(doc.toOpenid) ?? []), doc]);
      const queue = [...byUser.values()];
      const worker = async () => {
        for (let group = queue.shift(); group; group = queue.shift()) {
          for (const doc of group) {
            const ready = await worded(doc);
            const mapped: MapResult = ready
              ? mapOutboxMessage(ready, templateIds)
              : { ok: false, reason: `campaign not found: ${String(doc.campaignId)}` };
            await pacer.wait();
            const status = await record(db, doc, await send(doc, mapped), mapped.ok);
            if (status === 'sent') counts.sent++;
            else if (status === 'skipped') counts.skipped++;
            else if (status === 'failed') counts.failed++;
            else {
              counts.retrying++;
              retrying.add(doc._id);
            }
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
      if (claimed.length < limit) break;
    }
  }
  return counts;
}

/**
 * Timer (every 5 minutes) and console: continues unfinished result-notice queue jobs, then delivers the
 * queued subscribe messages at NOTICE_RATE (core/notifications.ts).
 */
export const sendNotifications = action({
  access: 'admin',
  input: z.object({
    // Test and bench hooks, honoured only on the local cloud: the run's sending time and rate.
    budgetMs: z.number().int().min(1).max(50_000).meta({ title: '单次发送时长' }).optional(),
    perSecond: z.number().int().min(1).max(100_000).meta({ title: '每秒发送上限' }).optional(),
  }),
  async handler({ budgetMs, perSecond }, { db, now }): Promise<SendNotificationsResult> {
    const local = localOnly();
    const run = new Budget(local && budgetMs ? budgetMs : NOTICE_RATE.runBudgetMs);
    await continueNoticeJobs(db, Math.min(QUEUE_SHARE_MS, run.ms));
    return sendPending(db, now, {
      budgetMs: Math.max(1, run.ms - run.elapsed()),
      perSecond: local ? perSecond : undefined,
    });
  },
});
