/**
 * `bindTrainer` (admin): makes a WeChat user (who has opened the mini-program once) check-in staff of an
 * organiser: the `trainer` role and users.organiserId, in one transaction, audited. Binding to another
 * organiser moves the user; admin.revokeRole('trainer') takes it back.
 */
import { bindTrainerInput } from '../../contract/training';
import { audit } from '../../runtime/audit';
import { runInTransaction, txGet, type Transaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type UserRecord } from '../../runtime/router';
import { ORGANISERS, type OrganiserDoc } from '../documents';
import { organiserViewOf } from '../organisers';

export const bindTrainer = action({
  access: 'admin',
  input: bindTrainerInput,
  async handler({ organiserId, openid }, { caller, db, now }) {
    const before = await runInTransaction(db, async (t: Transaction) => {
      const organiser = await txGet<OrganiserDoc>(t, ORGANISERS, organiserId);
      if (!organiser) throw new AppError('NOT_FOUND', '主办单位不存在');
      const user = await txGet<UserRecord>(t, 'users', openid);
      if (!user) throw new AppError('NOT_FOUND', '用户不存在（需先在小程序内登录一次）');
      const roles = Array.from(new Set([...(user.roles ?? []), 'trainer' as const]));
      await t
        .collection('users')
        .doc(openid)
        .update({ data: { roles, organiserId, updatedAt: now } });
      await audit(t, db, {
        actor: caller.actor,
        action: 'training.bindTrainer',
        targetType: 'user',
        targetId: openid,
        before: { organiserId: user.organiserId ?? null },
        after: { organiserId },
      });
      return organiser;
    });
    return organiserViewOf(db, before);
  },
});
