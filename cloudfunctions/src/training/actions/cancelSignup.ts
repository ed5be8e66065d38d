import { canCancel } from '../../../../miniprogram/shared/training';
import { signupIdInput } from '../../contract/training';
import { audit } from '../../runtime/audit';
import { runInTransaction, txGet, type Transaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { SESSIONS, SIGNUP_HOLDERS, SIGNUPS, type SessionDoc, type SignupDoc, type SignupHolderDoc } from '../documents';
import { programmeNamesOf } from '../programme-names';
import { promoteWaitlisted, settleMine } from '../seats';
import { loadOwnSignup, SIGNUP_NOT_FOUND } from '../signups';
import { signupViewFor } from '../views';

/**
 * The owner cancels a sign-up until the session starts. One transaction on the session: the sign-up is
 * cancelled (its activeKey freed, so the person may sign up again), the holder's list and the counters
 * change, and a freed seat goes to the first on the waitlist, who gets a message. Cancelling twice
 * answers the cancelled sign-up.
 */
export const cancelSignup = action({
  access: 'user',
  input: signupIdInput,
  async handler({ signupId }, { caller, db, now }) {
    const loaded = await loadOwnSignup(db, caller, signupId);
    if (loaded.signup.status === 'pending') await settleMine(db, loaded.session._id, [signupId], now);

    const { signup, session } = await runInTransaction(
      db,
      async (t: Transaction) => {
        // Reads first: the session (the counters), the sign-up, its holder.
        const session = await txGet<SessionDoc>(t, SESSIONS, loaded.session._id);
        const signup = await txGet<SignupDoc>(t, SIGNUPS, signupId);
        if (!session || !signup) throw new AppError('NOT_FOUND', SIGNUP_NOT_FOUND);
        if (signup.status === 'cancelled') return { signup, session };
        if (!canCancel(session, now)) {
          throw new AppError(
            'SESSION_STATE',
            session.status === 'cancelled' ? '本场培训已取消，无需再取消报名' : '培训已开始或已结束，不能再取消报名',
          );
        }
        const holder = await txGet<SignupHolderDoc>(t, SIGNUP_HOLDERS, signup.holderId);

        const heldSeat = signup.status === 'confirmed';
        let { confirmedCount, waitlistCount } = session;
        if (heldSeat) confirmedCount--;
        else waitlistCount--;
        const promoted = heldSeat ? await promoteWaitlisted(t, db, { ...session, waitlistCount }, 1, now) : [];
        confirmedCount += promoted.length;
        waitlistCount -= promoted.length;

        const cancelled = {
          status: 'cancelled' as const,
          activeKey: `cancelled|${signup._id}`,
          cancelledAt: now,
          updatedAt: now,
        };
        await t.collection(SIGNUPS).doc(signup._id).update({ data: cancelled });
        if (holder) {
          await t
            .collection(SIGNUP_HOLDERS)
            .doc(holder._id)
            .update({ data: { signupIds: holder.signupIds.filter((id) => id !== signup._id), updatedAt: now } });
        }
        await t
          .collection(SESSIONS)
          .doc(session._id)
          .update({ data: { confirmedCount, waitlistCount, updatedAt: now } });
        await audit(t, db, {
          actor: caller.actor,
          action: 'training.cancelSignup',
          targetType: 'training_signup',
          targetId: signup._id,
          before: { status: signup.status },
          after: { status: 'cancelled', promoted: promoted.map((p) => p._id) },
        });
        return {
          signup: { ...signup, ...cancelled },
          session: { ...session, confirmedCount, waitlistCount },
        };
      },
      20,
    );
    return signupViewFor(db, signup, session, now, await programmeNamesOf(db, [session]));
  },
});
