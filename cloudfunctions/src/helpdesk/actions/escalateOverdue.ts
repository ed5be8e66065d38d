import { z } from 'zod';
import { formatDateTime } from '../../core/time';
import type { Database } from '../../runtime/cloud';
import { isDuplicateKeyError, list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type Caller } from '../../runtime/router';
import { transition } from '../cases';
import { CASE_MESSAGES, CASES, type CaseDoc, type CaseMessageDoc } from '../documents';
import { FIRST_ANSWER_WORKING_DAYS } from '../../../../miniprogram/shared/helpdesk';

/** Cases read per query. */
export const ESCALATE_BATCH = 50;
/** Cases one run flags at most; the rest wait for the next run (the timer fires every 10 minutes). */
export const ESCALATE_MAX_PER_RUN = 500;
/** One run stops starting new cases after this long (the function's timeout is 20 s, cloudbaserc.json). */
const BUDGET_MS = 12_000;

class NotDue extends Error {}

/** The thread's system message of an escalation: one per case (its id and clientRequestId say so). */
export const escalationMessageId = (caseId: string) => `${caseId}-escalated`;

/** Is the case still waiting for its first answer past the deadline, and not yet flagged? */
export function dueForEscalation(doc: CaseDoc, now: Date): boolean {
  return (
    (doc.status === 'open' || doc.status === 'accepted') &&
    !doc.firstAnsweredAt &&
    !doc.escalatedAt &&
    new Date(doc.firstAnswerDueAt).getTime() < now.getTime()
  );
}

/**
 * Flags the open and accepted cases that passed their first-answer deadline without an answer
 * (escalatedAt), each in its own transaction with an audit entry, a system message in the thread and a
 * message to the enterprise. The transaction re-reads the case, so a case answered, withdrawn or flagged
 * meanwhile (two runs at once) is skipped: each case is flagged once.
 */
export async function escalateOverdueCases(db: Database, caller: Caller, now: Date): Promise<{ escalated: number }> {
  const _ = db.command;
  const started = Date.now();
  const skipped = new Set<string>();
  let escalated = 0;
  while (escalated < ESCALATE_MAX_PER_RUN && Date.now() - started < BUDGET_MS) {
    const due = await list<CaseDoc>(
      db
        .collection(CASES)
        .where({
          status: _.in(['open', 'accepted']),
          firstAnswerDueAt: _.lt(now),
          firstAnsweredAt: null,
          escalatedAt: null,
          ...(skipped.size ? { _id: _.nin([...skipped]) } : {}),
        })
        .orderBy('firstAnswerDueAt', 'asc')
        .orderBy('_id', 'asc')
        .limit(ESCALATE_BATCH),
    );
    if (!due.length) break;
    for (const candidate of due) {
      if (escalated >= ESCALATE_MAX_PER_RUN || Date.now() - started >= BUDGET_MS) break;
      try {
        await transition(db, {
          caseId: candidate._id,
          event: 'escalate',
          actor: caller.isConsole && !caller.openid ? 'timer' : 'admin',
          caller,
          now,
          guard: (doc) => {
            if (!dueForEscalation(doc, now)) throw new NotDue();
          },
          async apply(t, doc) {
            const message: CaseMessageDoc = {
              _id: escalationMessageId(doc._id),
              caseId: doc._id,
              from: 'system',
              authorOpenid: '',
              expertId: null,
              text: `该问诊已超过 ${FIRST_ANSWER_WORKING_DAYS} 个工作日（${formatDateTime(doc.firstAnswerDueAt)} 前）未获专家首次答复，已转交管理员督办。`,
              files: [],
              clientRequestId: 'escalated',
              at: now,
            };
            await t.collection(CASE_MESSAGES).add({ data: message });
            return {
              patch: { escalatedAt: now },
              notices: [{ toOpenid: doc.ownerOpenid, note: '超时未答复，已转管理员督办' }],
              note: `首次答复期限 ${formatDateTime(doc.firstAnswerDueAt)}`,
            };
          },
        });
        escalated++;
      } catch (error) {
        // Answered, withdrawn or flagged since the query (another run): nothing to do for this case.
        // A run that read the case before another run's escalation committed meets that run's message.
        if (
          error instanceof NotDue ||
          (error instanceof AppError && error.code === 'INVALID_TRANSITION') ||
          isDuplicateKeyError(error)
        ) {
          skipped.add(candidate._id);
          continue;
        }
        throw error;
      }
    }
  }
  return { escalated };
}

/** Timer (every 10 minutes, cloudbaserc.json) and admins: escalate cases without a first answer in time. */
export const escalateOverdue = action({
  access: 'admin',
  input: z.object({}),
  async handler(_input, { caller, db, now }) {
    return escalateOverdueCases(db, caller, now);
  },
});
