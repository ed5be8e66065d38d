import { checkInInput } from '../../contract/training';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { checkInSignup, organiserSession } from '../checkin';
import { verifyCheckInPayload } from '../codes';
import { rosterEntryOf } from '../views';

/**
 * Organiser staff scan an attendee's check-in QR code (wx.scanCode) for one of their sessions. A code
 * that is forged, altered or not a check-in code is CHECKIN_CODE_INVALID; a genuine code of another
 * session WRONG_SESSION; the rest as checkInSignup says.
 */
export const checkIn = action({
  access: 'trainer',
  input: checkInInput,
  async handler({ sessionId, code }, { caller, db, now }) {
    const session = await organiserSession(db, caller, sessionId);
    const signupId = verifyCheckInPayload(code);
    if (!signupId)
      throw new AppError('CHECKIN_CODE_INVALID', '无效的签到码：请让参训人员打开“我的培训”中的报名凭证重新出示');
    const { signup } = await checkInSignup(db, caller, session._id, signupId, 'scan', now).catch((error) => {
      // A genuine code whose sign-up is gone (deleted data) reads as invalid, not as a missing record.
      if (error instanceof AppError && error.code === 'NOT_FOUND' && error.message !== '培训场次不存在') {
        throw new AppError('CHECKIN_CODE_INVALID', '无效的签到码：找不到对应的报名记录');
      }
      throw error;
    });
    return rosterEntryOf(signup);
  },
});
