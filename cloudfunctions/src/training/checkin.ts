/**
 * Checking an attendee in, the one way all three methods share (scan, roster, online link): inside a
 * transaction the sign-up is read again, refused when it is not for this session, holds no seat, is
 * checked in already or the session is outside its check-in time, and otherwise stamped with the time,
 * the method, who did it and the certificate code; audited in the same transaction. Two scanners at once:
 * one succeeds, the other gets ALREADY_CHECKED_IN.
 */
import { checkInOpen, type CheckInMethod } from '../../../miniprogram/shared/training';
import { formatDateTime } from '../core/time';
import { audit } from '../runtime/audit';
import type { Database } from '../runtime/cloud';
import { findById, runInTransaction, txGet, type Transaction } from '../runtime/db';
import { AppError } from '../runtime/errors';
import type { Caller } from '../runtime/router';
import { certificateCodeFor } from './codes';
import { SESSIONS, SIGNUPS, type SessionDoc, type SignupDoc } from './documents';
import { SESSION_NOT_FOUND, SIGNUP_NOT_FOUND } from './signups';

export async function checkInSignup(
  db: Database,
  caller: Caller,
  sessionId: string,
  signupId: string,
  method: CheckInMethod,
  now: Date,
): Promise<{ signup: SignupDoc; session: SessionDoc }> {
  return runInTransaction(
    db,
    async (t: Transaction) => {
      const session = await txGet<SessionDoc>(t, SESSIONS, sessionId);
      if (!session) throw new AppError('NOT_FOUND', SESSION_NOT_FOUND);
      const signup = await txGet<SignupDoc>(t, SIGNUPS, signupId);
      if (!signup) throw new AppError('NOT_FOUND', SIGNUP_NOT_FOUND);
      if (signup.sessionId !== session._id) {
        throw new AppError('WRONG_SESSION', '这不是本场培训的签到码，请核对参训场次');
      }
      if (signup.status !== 'confirmed') {
        throw new AppError(
          'NOT_CONFIRMED',
          signup.status === 'waitlisted'
            ? `${signup.attendee.name} 仍在候补，未获得本场名额`
            : `${signup.attendee.name} 的报名${signup.status === 'cancelled' ? '已取消' : '尚未确认'}，不能签到`,
        );
      }
      if (signup.checkedInAt) {
        throw new AppError(
          'ALREADY_CHECKED_IN',
          `${signup.attendee.name} 已于 ${formatDateTime(signup.checkedInAt)} 签到，请勿重复签到`,
        );
      }
      if (!checkInOpen(session, now)) {
        throw new AppError(
          'CHECKIN_NOT_OPEN',
          session.status === 'cancelled'
            ? '本场培训已取消'
            : `签到时间为开课前 1 小时至结束后半小时（${formatDateTime(session.startAt)} 开课）`,
        );
      }
      const stamp = {
        checkedInAt: now,
        checkInMethod: method,
        checkedInBy: caller.actor,
        certificateCode: certificateCodeFor(signup._id),
        updatedAt: now,
      };
      await t.collection(SIGNUPS).doc(signup._id).update({ data: stamp });
      await audit(t, db, {
        actor: caller.actor,
        action: 'training.checkIn',
        targetType: 'training_signup',
        targetId: signup._id,
        after: { method, sessionId: session._id },
      });
      return { signup: { ...signup, ...stamp }, session };
    },
    10,
  );
}

/** The caller's organiser (role trainer, checked by the router). */
export const organiserIdOf = (caller: Caller): string => caller.user!.organiserId!;

/** A session of the trainer's own organiser; another organiser's session is NOT_FOUND, like a missing one. */
export async function organiserSession(db: Database, caller: Caller, sessionId: string): Promise<SessionDoc> {
  const session = await findById<SessionDoc>(db, SESSIONS, sessionId);
  if (!session || session.organiserId !== organiserIdOf(caller)) throw new AppError('NOT_FOUND', SESSION_NOT_FOUND);
  return session;
}
