/**
 * Who may sign up as what, and the loading of a sign-up for its owner: anyone else's sign-up id gets
 * NOT_FOUND, the same answer as a missing one, so ids cannot be probed.
 */
import type { SignupKind } from '../../../miniprogram/shared/training';
import type { Database } from '../runtime/cloud';
import { verifiedOwnerOf } from '../core/binding';
import { findById } from '../runtime/db';
import { AppError } from '../runtime/errors';
import type { Caller } from '../runtime/router';
import { phoneKeyOf } from '../runtime/secrets';
import { verifiedEnterpriseOf } from '../services/enterprise-binding';
import type { EnterpriseDoc } from '../services/documents';
import { SESSIONS, SIGNUPS, type SessionDoc, type SignupDoc } from './documents';

export const SIGNUP_NOT_FOUND = '报名记录不存在';
export const SESSION_NOT_FOUND = '培训场次不存在';

export async function loadSession(db: Database, sessionId: string): Promise<SessionDoc> {
  const session = await findById<SessionDoc>(db, SESSIONS, sessionId);
  if (!session) throw new AppError('NOT_FOUND', SESSION_NOT_FOUND);
  return session;
}

/** The caller's own sign-up and its session; NOT_FOUND for anyone else's. */
export async function loadOwnSignup(
  db: Database,
  caller: Caller,
  signupId: string,
): Promise<{ signup: SignupDoc; session: SessionDoc }> {
  const signup = await findById<SignupDoc>(db, SIGNUPS, signupId);
  if (!signup || !caller.openid || signup.ownerOpenid !== caller.openid) {
    throw new AppError('NOT_FOUND', SIGNUP_NOT_FOUND);
  }
  return { signup, session: await loadSession(db, signup.sessionId) };
}

/** Who signs up: a verified enterprise (its staff), or the caller as a person (their verified phone). */
export interface SignupHolder {
  kind: SignupKind;
  /** `${sessionId}|…` key part: the USCC, or the person's openid. */
  holderKey: string;
  uscc: string | null;
  enterpriseName: string | null;
}

export async function signupHolderOf(
  db: Database,
  caller: Caller,
  kind: SignupKind,
  attendees: { phone: string }[],
): Promise<SignupHolder> {
  const openid = caller.openid!;
  if (kind === 'enterprise') {
    const uscc = caller.user?.enterpriseUscc;
    if (!uscc) {
      throw new AppError('ENTERPRISE_NOT_BOUND', '请先在“我的 - 企业绑定”中绑定企业，验证通过后才能以企业身份报名');
    }
    // A USCC and a name are public: only a verified binding acts for the enterprise.
    const enterprise: EnterpriseDoc = await verifiedEnterpriseOf(db, openid, uscc, '报名培训');
    return { kind, holderKey: enterprise._id, uscc: enterprise._id, enterpriseName: enterprise.name };
  }
  const user = caller.user;
  if (!user?.phoneVerified || !user.phoneKey) {
    throw new AppError('PHONE_NOT_VERIFIED', '个人报名需先在“我的”中验证微信绑定的手机号');
  }
  if (attendees.length !== 1 || phoneKeyOf(attendees[0].phone) !== user.phoneKey) {
    throw new AppError(
      'PHONE_NOT_VERIFIED',
      '个人报名只能为本人报名，参训人员手机号须与您已验证的手机号一致；为员工报名请选择“企业报名”',
    );
  }
  return { kind, holderKey: openid, uscc: null, enterpriseName: null };
}

/** Which ways the caller could sign up now (for the session page): without throwing. */
export function signupKindsFor(
  caller: Pick<Caller, 'openid' | 'user'>,
  /** The enterprise the caller's record points to, read beside it (null: none, or not found). */
  enterprise: EnterpriseDoc | null,
): SignupKind[] {
  const kinds: SignupKind[] = [];
  const user = caller.user;
  if (!caller.openid || !user) return kinds;
  // As verifiedEnterpriseOf decides (a verified owner); otherwise the page explains how.
  if (user.enterpriseUscc && enterprise?._id === user.enterpriseUscc && verifiedOwnerOf(enterprise) === caller.openid) {
    kinds.push('enterprise');
  }
  if (user.phoneVerified && user.phoneKey) kinds.push('person');
  return kinds;
}
