import { canRate } from '../../../../miniprogram/shared/training';
import { rateSessionInput } from '../../contract/training';
import { runInTransaction, txGet, type Transaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { SIGNUPS, type SignupDoc } from '../documents';
import { programmeNamesOf } from '../programme-names';
import { loadOwnSignup } from '../signups';
import { signupViewFor } from '../views';

/** An attendee who checked in rates the session once (1–5 stars and a comment), after it has ended. */
export const rateSession = action({
  access: 'user',
  input: rateSessionInput,
  async handler({ signupId, score, comment }, { caller, db, now }) {
    const { session } = await loadOwnSignup(db, caller, signupId);
    const signup = await runInTransaction(db, async (t: Transaction) => {
      const current = (await txGet<SignupDoc>(t, SIGNUPS, signupId))!;
      if (!current.checkedInAt) throw new AppError('NOT_CONFIRMED', '签到参训后才能评价');
      if (current.rating) throw new AppError('ALREADY_RATED', '您已评价过本场培训');
      if (!canRate(session, now)) {
        throw new AppError(
          'SESSION_STATE',
          now < new Date(session.endAt) ? '培训结束后才能评价' : '评价已截止（培训结束后 30 天内可评价）',
        );
      }
      const rating = { score, comment, at: now };
      await t
        .collection(SIGNUPS)
        .doc(signupId)
        .update({ data: { rating, updatedAt: now } });
      return { ...current, rating };
    });
    return signupViewFor(db, signup, session, now, await programmeNamesOf(db, [session]));
  },
});
