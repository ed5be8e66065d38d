import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  mapOutboxMessage,
  nextState,
  templateIdsFrom,
  ERRCODE_REFUSED,
  type SendOutcome,
} from '../../core/notifications';
import { getCloud, type Database } from '../../runtime/cloud';
import { list, txGet, type Transaction, runInTransaction } from '../../runtime/db';
import { action } from '../../runtime/router';

/** How many messages one run takes (a run every 5 minutes: 28,800 a day). */
export const SEND_BATCH = 100;
/** A claimed message whose sender died is taken again after this long. */
const LEASE_MS = 2 * 60 * 1000;

interface OutboxDoc {
  _id: string;
  dedupeKey: string;
  toOpenid: string;
  template: string;
  page?: string;
  data?: Record<string, string | number>;
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

/**
 * Takes the message for this run: pending, or sending with an expired lease. In a transaction, so of two
 * concurrent runs only one claims it (the other's transaction conflicts, is retried and sees the lease).
 */
async function claim(db: Database, id: string, now: Date): Promise<OutboxDoc | null> {
  const leaseId = randomUUID();
  return (await runInTransaction(db, async (t: Transaction) => {
    const doc = await txGet<OutboxDoc>(t, 'outbox', id);
    if (!doc) return null;
    const leaseExpired = doc.status === 'sending' && (!doc.leaseUntil || new Date(doc.leaseUntil) < now);
    if (doc.status !== 'pending' && !leaseExpired) return null;
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    await t
      .collection('outbox')
      .doc(id)
      .update({ data: { status: 'sending', leaseId, leaseUntil, updatedAt: db.serverDate() } });
    return { ...doc, status: 'sending', leaseId, leaseUntil };
  })) as OutboxDoc | null;
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

async function send(doc: OutboxDoc, templateIds: ReturnType<typeof templateIdsFrom>): Promise<SendOutcome> {
  const mapped = mapOutboxMessage(doc, templateIds);
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

/** Sends up to SEND_BATCH pending subscribe messages, oldest first. */
export async function sendPending(db: Database, now: Date): Promise<SendNotificationsResult> {
  const _ = db.command;
  const candidates = await list<OutboxDoc>(
    db
      .collection('outbox')
      .where(_.or([{ status: 'pending' }, { status: 'sending', leaseUntil: _.lt(now) }]))
      .orderBy('createdAt', 'asc')
      .limit(SEND_BATCH)
      .field({ _id: true }),
  );
  const templateIds = templateIdsFrom(process.env);
  const counts: SendNotificationsResult = { sent: 0, skipped: 0, failed: 0, retrying: 0 };
  for (const { _id } of candidates) {
    const doc = await claim(db, _id, now);
    if (!doc) continue; // another run has it
    const outcome = await send(doc, templateIds);
    const mappable = mapOutboxMessage(doc, templateIds).ok;
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
    // Only the lease holder records the outcome (a run that outlived its lease must not overwrite another's).
    await db.collection('outbox').where({ _id: doc._id, leaseId: doc.leaseId }).update({ data: patch });
    if (status === 'sent') counts.sent++;
    else if (status === 'skipped') counts.skipped++;
    else if (status === 'failed') counts.failed++;
    else counts.retrying++;
  }
  return counts;
}

/** Timer (every 5 minutes) and console: delivers the queued subscribe messages. */
export const sendNotifications = action({
  access: 'admin',
  input: z.object({}),
  async handler(_input, { db, now }): Promise<SendNotificationsResult> {
    return sendPending(db, now);
  },
});
