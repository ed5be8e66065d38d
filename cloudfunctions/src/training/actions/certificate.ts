import { hasEnded } from '../../../../miniprogram/shared/training';
import { signupIdInput } from '../../contract/training';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { programmeNamesOf } from '../programme-names';
import { loadOwnSignup } from '../signups';
import { certificateViewOf } from '../views';

/** The owner's certificate (结业证明) of a sign-up that was checked in, once the session has ended. */
export const certificate = action({
  access: 'user',
  input: signupIdInput,
  async handler({ signupId }, { caller, db, now }) {
    const { signup, session } = await loadOwnSignup(db, caller, signupId);
    if (!signup.checkedInAt || !signup.certificateCode) {
      throw new AppError('NOT_CONFIRMED', '未签到参训，没有结业证明');
    }
    if (!hasEnded(session, now)) throw new AppError('SESSION_STATE', '培训结束后可领取结业证明');
    const names = await programmeNamesOf(db, [session]);
    return certificateViewOf(
      signup,
      session,
      session.programmeId ? (names.get(session.programmeId) ?? null) : null,
      'owner',
    );
  },
});
