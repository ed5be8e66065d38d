import { cancelSessionInput } from '../../contract/training';
import { audit } from '../../runtime/audit';
import { count, list, runInTransaction, txGet, type Transaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { SESSIONS, SIGNUPS, type SessionDoc, type SignupDoc } from '../documents';
import { queueOnce, trainingNotice } from '../notices';
import { programmeNamesOf } from '../programme-names';
import { sessionAdminViewOf } from '../views';

const BATCH = 500;

/**
 * Admins call a session off (before it ends) with a reason everyone sees; each attendee with a seat or on
 * the waitlist gets a message (once: the outbox's dedupeKey, so calling again after an interruption
 * finishes the messages without repeating them). The sign-ups stay as they were, for the record.
 */
export const cancelSession = action({
  access: 'admin',
  input: cancelSessionInput,
  async handler({ sessionId, reason }, { caller, db, now }) {
    const session = await runInTransaction(db, async (t: Transaction) => {
      const before = await txGet<SessionDoc>(t, SESSIONS, sessionId);
      if (!before) throw new AppError('NOT_FOUND', '培训场次不存在');
      if (before.status === 'cancelled') return before;
      if (now.getTime() >= new Date(before.endAt).getTime()) {
        throw new AppError('SESSION_STATE', '培训已结束，不能取消');
      }
      const after = { ...before, status: 'cancelled' as const, cancelReason: reason, updatedAt: now };
      await t
        .collection(SESSIONS)
        .doc(sessionId)
        .update({ data: { status: 'cancelled', cancelReason: reason, updatedAt: now } });
      await audit(t, db, {
        actor: caller.actor,
        action: 'training.cancelSession',
        targetType: 'training_session',
        targetId: sessionId,
        before: { status: before.status },
        after: { status: 'cancelled', reason },
      });
      return after;
    });
    for (let skip = 0; ; skip += BATCH) {
      const attendees = await list<SignupDoc>(
        db
          .collection(SIGNUPS)
          .where({ sessionId, status: db.command.in(['confirmed', 'waitlisted']) })
          .orderBy('_id', 'asc')
          .skip(skip)
          .limit(BATCH),
      );
      for (const signup of attendees) {
        await queueOnce(db, trainingNotice(db, 'sessionCancelled', session, signup, sessionId));
      }
      if (attendees.length < BATCH) break;
    }
    const checkedIn = await count(db.collection(SIGNUPS).where({ sessionId, checkedInAt: db.command.neq(null) }));
    return sessionAdminViewOf(session, now, checkedIn, await programmeNamesOf(db, [session]));
  },
});
