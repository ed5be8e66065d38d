import { grantRoleInput, hospitalInput, revokeRoleInput } from '../../contract/voucher';
import { audit } from '../../runtime/audit';
import { findById, txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type UserRecord } from '../../runtime/router';
import type { HospitalDoc } from '../../services/documents';
import { hospitalView } from '../../services/views';

export const upsertHospital = action({
  access: 'admin',
  input: hospitalInput,
  async handler({ hospitalId, ...fields }, { caller, db }) {
    const before = await findById<HospitalDoc>(db, 'hospitals', hospitalId);
    await db
      .collection('hospitals')
      .doc(hospitalId)
      .set({ data: { ...fields, updatedAt: db.serverDate() } });
    await audit(db, db, {
      actor: caller.actor,
      action: 'admin.upsertHospital',
      targetType: 'hospital',
      targetId: hospitalId,
      before: before ? { name: before.name, active: before.active } : null,
      after: { name: fields.name, active: fields.active },
    });
    return hospitalView({ _id: hospitalId, ...fields });
  },
});

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

export const revokeRole = action({
  access: 'admin',
  input: revokeRoleInput,
  async handler({ openid, role }, { caller, db }) {
    if (caller.openid === openid && role === 'admin') throw new AppError('FORBIDDEN', '不能撤销自己的管理员权限');
    const after = await runInTransaction(
      db,
      async (t: any) => {
        const user = await txGet<UserRecord>(t, 'users', openid);
        if (!user) throw new AppError('NOT_FOUND', '用户不存在');
        const roles = (user.roles ?? []).filter((r) => r !== role);
        const data: Record<string, unknown> = { roles, updatedAt: new Date() };
        if (role === 'staff') data.hospitalId = db.command.remove();
        await t.collection('users').doc(openid).update({ data });
        return { roles, before: user.roles ?? [] };
      },
      5,
    );
    await audit(db, db, {
      actor: caller.actor,
      action: 'admin.revokeRole',
      targetType: 'user',
      targetId: openid,
      before: { roles: after.before },
      after: { roles: after.roles },
    });
    return { openid, roles: after.roles, hospitalId: null };
  },
});
