import { randomBytes } from 'node:crypto';
import { canSignUp, sessionPhase } from '../../../../miniprogram/shared/training';
import { signUpInput } from '../../contract/training';
import { maskPhone } from '../../core/privacy';
import { formatDateTime } from '../../core/time';
import { audit } from '../../runtime/audit';
import { isDuplicateKeyError, runInTransaction, throwIfErrorReply, txGet, type Transaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { phoneKeyOf } from '../../runtime/secrets';
import { SIGNUP_HOLDERS, SIGNUPS, type SessionDoc, type SignupDoc, type SignupHolderDoc } from '../documents';
import { settleMine } from '../seats';
import { loadSession, signupHolderOf } from '../signups';
import { signupViewFor } from '../views';

function closedMessage(session: SessionDoc, now: Date): string {
  switch (sessionPhase(session, now)) {
    case 'upcoming':
      return `报名尚未开始，${formatDateTime(session.signupOpensAt)} 开始报名`;
    case 'cancelled':
      return '本场培训已取消，不再接受报名';
    default:
      return `报名已于 ${formatDateTime(session.signupClosesAt)} 截止`;
  }
}

/**
 * Signs up named attendees (a verified enterprise's staff) or the caller (a person, with their verified
 * phone). In one transaction on the holder document (`${sessionId}|${uscc or openid}`): a repeated
 * clientRequestId answers the sign-ups it made; the holder's limit is checked; each attendee gets a
 * `pending` sign-up whose unique activeKey keeps one place per person and session. Seats are then given
 * in arrival order by training/seats.ts (confirmed, or waitlisted with a number).
 */
export const signUp = action({
  access: 'user',
  input: signUpInput,
  async handler(input, { caller, db, now }) {
    const openid = caller.openid!;
    const session = await loadSession(db, input.sessionId);
    if (!canSignUp(session, now)) throw new AppError('SIGNUP_CLOSED', closedMessage(session, now));
    const holder = await signupHolderOf(db, caller, input.kind, input.attendees);
    const limit = holder.kind === 'person' ? 1 : session.perEnterpriseLimit;
    const holderId = `${session._id}|${holder.holderKey}`;

    const { ids, created } = await runInTransaction(
      db,
      async (t: Transaction) => {
        const existing = await txGet<SignupHolderDoc>(t, SIGNUP_HOLDERS, holderId);
        const earlier = existing?.requests?.[input.clientRequestId];
        if (earlier) return { ids: earlier, created: false };
        const active = existing?.signupIds ?? [];
        if (active.length + input.attendees.length > limit) {
          throw new AppError(
            'ATTENDEE_LIMIT',
            holder.kind === 'person'
              ? '您已报名本场培训'
              : `每家企业本场最多报名 ${limit} 人，已报名 ${active.length} 人，本次最多还可报 ${Math.max(0, limit - active.length)} 人`,
          );
        }
        const made: string[] = [];
        for (const attendee of input.attendees) {
          const phoneKey = phoneKeyOf(attendee.phone);
          const id = randomBytes(12).toString('hex');
          const doc: SignupDoc = {
            _id: id,
            sessionId: session._id,
            ownerOpenid: openid,
            kind: holder.kind,
            uscc: holder.uscc,
            enterpriseName: holder.enterpriseName,
            attendee: { name: attendee.name, phone: attendee.phone },
            phoneKey,
            activeKey: `${session._id}|${phoneKey}`,
            holderId,
            clientRequestId: input.clientRequestId,
            status: 'pending',
            queueNo: null,
            // When the server recorded it (not when the call began): the allocator's arrival order.
            arrivedAt: new Date(),
            confirmedAt: null,
            cancelledAt: null,
            checkedInAt: null,
            checkInMethod: null,
            checkedInBy: null,
            certificateCode: null,
            rating: null,
            createdAt: now,
            updatedAt: now,
          };
          try {
            throwIfErrorReply(await t.collection(SIGNUPS).add({ data: doc }));
          } catch (error) {
            if (!isDuplicateKeyError(error)) throw error;
            throw new AppError(
              'ALREADY_SIGNED_UP',
              `${attendee.name}（${maskPhone(attendee.phone)}）已报名本场培训，无需重复报名`,
            );
          }
          made.push(id);
        }
        const data = {
          sessionId: session._id,
          signupIds: [...active, ...made],
          requests: { ...(existing?.requests ?? {}), [input.clientRequestId]: made },
          updatedAt: now,
        };
        if (existing) await t.collection(SIGNUP_HOLDERS).doc(holderId).update({ data });
        else await t.collection(SIGNUP_HOLDERS).doc(holderId).set({ data });
        await audit(t, db, {
          actor: caller.actor,
          action: 'training.signUp',
          targetType: 'training_session',
          targetId: session._id,
          after: { kind: holder.kind, signups: made.length },
        });
        return { ids: made, created: true };
      },
      10,
    );

    const settled = await settleMine(db, session._id, ids, now);
    // The counters as the settle left them (seats left on the ticket).
    const current = await loadSession(db, session._id);
    return {
      created,
      signups: await Promise.all(settled.map((s) => signupViewFor(db, s, current, now))),
    };
  },
});
