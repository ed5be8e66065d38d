import { grantRoleInput } from '../../contract/voucher';
import { audit } from '../../runtime/audit';
import { findById, txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type UserRecord } from '../../runtime/router';
import type { HospitalDoc } from '../../services/documents';

/** Roles are granted by admins only; a staff member belongs to exactly one hospital. */
export const grantRole = action({
  access: 'admin',
  input: grantRoleInput,
  async handler({ openid, role, hospitalId }, { caller, db }) {
    if (role === 'staff') {
      const hospital = await findById<HospitalDoc>(db, 'hospitals', hospitalId!);
      if (!hospital) throw new AppError('NOT_FOUND', '产品医院不存在');
    }
    const after = await runInTransaction(
      db,
      async (t: any) => {
        const user = await txGet<UserRecord>(t, 'users', openid);
        if (!user) throw new AppError('NOT_FOUND', '用户不存在（需先在小程序内登录一次）');
        const roles = Array.from(new Set([...(user.roles ?? []), role]));
        const data: Record<string, unknown> = { roles, updatedAt: new Date() };
        if (role === 'staff') data.hospitalId = hospitalId;
        await t.collection('users').doc(openid).update({ data });
        return {
          roles,
          hospitalId: role === 'staff' ? hospitalId : (user.hospitalId ?? null),
          before: user.roles ?? [],
        };
      },
      5,
    );
    await audit(db, db, {
      actor: caller.actor,
      action: 'admin.grantRole',
      targetType: 'user',
      targetId: openid,
      before: { roles: after.before },
      after: { roles: after.roles, hospitalId: after.hospitalId },
    });
    return { openid, roles: after.roles, hospitalId: after.hospitalId ?? null };
  },
});
