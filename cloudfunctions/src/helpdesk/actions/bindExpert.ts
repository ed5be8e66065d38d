/**
 * `bindExpert` (admin): binds an expert record to a WeChat user (who has opened the mini-program once):
 * the user gets the 'expert' role and users.expertId, the record gets experts.openid. One user answers
 * for one expert: binding a record that had another user takes the role from that user, and binding a
 * user who answered for another record unbinds that record. All in one transaction, then audited.
 */
import { bindExpertInput, type ExpertAdminView } from '../../contract/helpdesk';
import { audit } from '../../runtime/audit';
import { runInTransaction, txGet, type Transaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type UserRecord } from '../../runtime/router';
import { unbindExpertUser } from '../../services/expert-binding';
import { EXPERTS, type ExpertDoc } from '../documents';
import { expertAdminViewOf } from '../experts';

export const bindExpert = action({
  access: 'admin',
  input: bindExpertInput,
  async handler({ expertId, openid }, { caller, db, now }): Promise<ExpertAdminView> {
    const outcome = await runInTransaction(db, async (t: Transaction) => {
      const expert = await txGet<ExpertDoc>(t, EXPERTS, expertId);
      if (!expert) throw new AppError('NOT_FOUND', '专家不存在');
      const user = await txGet<UserRecord>(t, 'users', openid);
      if (!user) throw new AppError('NOT_FOUND', '用户不存在（需先在小程序内登录一次）');
      if (expert.openid === openid && user.expertId === expertId && user.roles?.includes('expert')) {
        return { expert, changed: false, previousUser: null, previousExpert: null };
      }
      // The record's former user loses the role; the user's former record loses its user.
      const previousUser = expert.openid && expert.openid !== openid ? expert.openid : null;
      const previousExpert = user.expertId && user.expertId !== expertId ? user.expertId : null;
      const other = previousExpert ? await txGet<ExpertDoc>(t, EXPERTS, previousExpert) : null;
      if (previousUser) await unbindExpertUser(t, db, previousUser, now);
      if (previousExpert) {
        if (other?.openid === openid) {
          await t
            .collection(EXPERTS)
            .doc(previousExpert)
            .update({ data: { openid: null, updatedAt: now } });
        }
      }
      const roles = Array.from(new Set([...(user.roles ?? []), 'expert' as const]));
      await t
        .collection('users')
        .doc(openid)
        .update({ data: { roles, expertId, updatedAt: now } });
      await t
        .collection(EXPERTS)
        .doc(expertId)
        .update({ data: { openid, updatedAt: now } });
      return { expert: { ...expert, openid, updatedAt: now }, changed: true, previousUser, previousExpert };
    });
    if (outcome.changed) {
      await audit(db, db, {
        actor: caller.actor,
        action: 'helpdesk.bindExpert',
        targetType: 'expert',
        targetId: expertId,
        before: { openid: outcome.previousUser, userExpertId: outcome.previousExpert },
        after: { openid },
      });
    }
    return expertAdminViewOf(outcome.expert);
  },
});
