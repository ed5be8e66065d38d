import { signupIdInput } from '../../contract/training';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { checkInSignup } from '../checkin';
import { programmeNamesOf } from '../programme-names';
import { loadOwnSignup } from '../signups';
import { signupViewFor } from '../views';

/**
 * An attendee of an online session records attendance from the ticket's check-in link (then opens the
 * live stream): their own confirmed sign-up, during the check-in time.
 */
export const checkInOnline = action({
  access: 'user',
  input: signupIdInput,
  async handler({ signupId }, { caller, db, now }) {
    const { session } = await loadOwnSignup(db, caller, signupId);
    if (session.format !== 'online') {
      throw new AppError('SESSION_STATE', '现场培训请到场后向工作人员出示签到码');
    }
    const done = await checkInSignup(db, caller, session._id, signupId, 'online', now);
    return signupViewFor(db, done.signup, done.session, now, await programmeNamesOf(db, [done.session]));
  },
});
