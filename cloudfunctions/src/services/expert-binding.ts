/**
 * The link between a WeChat user and a help-desk expert record: users.roles holds 'expert' and
 * users.expertId names the record, experts.openid points back. One user answers for at most one expert
 * and one expert is bound to at most one user. helpdesk.bindExpert sets it, admin.revokeRole('expert')
 * clears it; both run these moves inside their transaction, so the two sides never disagree.
 */
import type { Database } from '../runtime/cloud';
import { txGet, type Transaction } from '../runtime/db';
import type { UserRecord } from '../runtime/router';

/** The help desk's experts collection (helpdesk/documents.ts re-exports it). */
export const EXPERTS = 'experts';

interface BoundExpert {
  _id: string;
  openid: string | null;
}

/**
 * Takes the expert role away from `openid` (roles, expertId) and clears the expert record's openid
 * when it still points at this user. Returns the user's roles after, or null when the user is missing.
 */
export async function unbindExpertUser(
  t: Transaction,
  db: Database,
  openid: string,
  now: Date,
): Promise<{ before: UserRecord; roles: UserRecord['roles']; expertId: string | null } | null> {
  const user = await txGet<UserRecord>(t, 'users', openid);
  if (!user) return null;
  const expertId = user.expertId ?? null;
  // Reads before writes: the expert record the user points at, still bound to them?
  const expert = expertId ? await txGet<BoundExpert>(t, EXPERTS, expertId) : null;
  const roles = (user.roles ?? []).filter((r) => r !== 'expert');
  await t
    .collection('users')
    .doc(openid)
    .update({ data: { roles, expertId: db.command.remove(), updatedAt: now } });
  if (expertId && expert?.openid === openid) {
    await t
      .collection(EXPERTS)
      .doc(expertId)
      .update({ data: { openid: null, updatedAt: now } });
  }
  return { before: user, roles, expertId };
}
