import { bindEnterpriseInput } from '../../contract/user';
import { normalizeName } from '../../core/redlist/normalize';
import { cityOfUscc, isGuangdong } from '../../core/uscc';
import { audit } from '../../runtime/audit';
import { txGet, runInTransaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type UserRecord } from '../../runtime/router';
import { profileOf } from '../profile';

interface EnterpriseDoc {
  _id: string;
  name: string;
  formerNames?: string[];
  city?: string | null;
  ownerOpenid?: string | null;
}

/**
 * Binds the caller to an enterprise. One owner per USCC: the enterprise document is the lock, and
 * the transaction makes two simultaneous claimants end with exactly one owner.
 */
export const bindEnterprise = action({
  access: 'user',
  input: bindEnterpriseInput,
  async handler({ uscc, name }, { caller, db }) {
    const openid = caller.openid!;
    if (!isGuangdong(uscc)) {
      throw new AppError('VALIDATION_FAILED', '仅限广东省内登记的企业（统一社会信用代码第 3–4 位为 44）');
    }
    if (caller.user?.enterpriseUscc && caller.user.enterpriseUscc !== uscc) {
      throw new AppError('CONFLICT', `当前账号已绑定企业 ${caller.user.enterpriseUscc}，如需更换请联系管理员`);
    }

    const user = await runInTransaction(
      db,
      async (t: any) => {
        const existing = await txGet<EnterpriseDoc>(t, 'enterprises', uscc);
        if (existing?.ownerOpenid && existing.ownerOpenid !== openid) {
          throw new AppError(
            'ENTERPRISE_CLAIMED',
            '该企业已由其他微信账号绑定。如您是企业经办人，可提交复核申请，由管理员核实后处理',
          );
        }
        if (existing) {
          const known = [existing.name, ...(existing.formerNames ?? [])].map(normalizeName);
          if (!known.includes(normalizeName(name))) {
            throw new AppError('VALIDATION_FAILED', `企业名称与登记信息不符（登记名称：${existing.name}）`);
          }
          await t
            .collection('enterprises')
            .doc(uscc)
            .update({ data: { ownerOpenid: openid, updatedAt: db.serverDate() } });
        } else {
          await t.collection('enterprises').add({
            data: {
              _id: uscc,
              name,
              nameKey: normalizeName(name),
              formerNames: [],
              city: cityOfUscc(uscc) ?? null,
              ownerOpenid: openid,
              createdAt: db.serverDate(),
              updatedAt: db.serverDate(),
            },
          });
        }
        const current = await txGet<UserRecord>(t, 'users', openid);
        if (current) {
          await t
            .collection('users')
            .doc(openid)
            .update({ data: { enterpriseUscc: uscc, updatedAt: db.serverDate() } });
        } else {
          await t.collection('users').add({
            data: {
              _id: openid,
              roles: [],
              phoneVerified: false,
              enterpriseUscc: uscc,
              createdAt: db.serverDate(),
              updatedAt: db.serverDate(),
            },
          });
        }
        await audit(t, db, {
          actor: caller.actor,
          action: 'user.bindEnterprise',
          targetType: 'enterprise',
          targetId: uscc,
          before: { ownerOpenid: existing?.ownerOpenid ?? null },
          after: { ownerOpenid: openid },
        });
        return { ...(current ?? { _id: openid, roles: [] }), enterpriseUscc: uscc } as UserRecord;
      },
      5,
    );
    return profileOf(db, user as UserRecord);
  },
});
