import { revokeRoleInput } from '../../contract/voucher';
import { audit } from '../../runtime/audit';
import { txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type UserRecord } from '../../runtime/router';
import { unbindExpertUser } from '../../services/expert-binding';

export const revokeRole = action({
  access: 'admin',
  input: revokeRoleInput,
  async handler({ openid, role }, { caller, db }) {
    if (caller.openid === openid && role === 'admin') throw new AppError('FORBIDDEN', '不能撤销自己的管理员权限');
    const after = await runInTransaction(
      db,
      async (t: any) => {
        if (role === 'expert') {
          // The role goes with its binding: users.expertId and experts.openid are cleared too.
          const unbound = await unbindExpertUser(t, db, openid, new Date());
          if (!unbound) throw new AppError('NOT_FOUND', '用户不存在');
          return { roles: unbound.roles, before: unbound.before.roles ?? [], expertId: unbound.expertId };
        }
        const user = await txGet<UserRecord>(t, 'users', openid);
        if (!user) throw new AppError('NOT_FOUND', '用户不存在');
        const roles = (user.roles ?? []).filter((r) => r !== role);
        const data: Record<string, unknown> = { roles, updatedAt: new Date() };
        if (role === 'staff') data.hospitalId = db.command.remove();
        if (role === 'trainer') data.organiserId = db.command.remove();
        await t.collection('users').doc(openid).update({ data });
        return { roles, before: user.roles ?? [], expertId: null as string | null };
      },
      5,
    );
    await audit(db, db, {
      actor: caller.actor,
      action: 'admin.revokeRole',
      targetType: 'user',
      targetId: openid,
      before: { roles: after.before },
      after: { roles: after.roles, ...(role === 'expert' ? { unboundExpertId: after.expertId } : {}) },
    });
    return { openid, roles: after.roles, hospitalId: null };
  },
});
