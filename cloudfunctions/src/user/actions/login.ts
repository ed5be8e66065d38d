import { loginInput } from '../../contract/user';
import { txGet, runInTransaction } from '../../runtime/db';
import { action, type UserRecord } from '../../runtime/router';
import { profileOf } from '../profile';

/** Creates the user on first call (in a transaction, so two first calls create one user). */
export const login = action({
  access: 'user',
  userRecord: 'not read',
  input: loginInput,
  async handler(_input, { caller, db }) {
    const openid = caller.openid!;
    const user = await runInTransaction(
      db,
      async (t: any) => {
        const existing = await txGet<UserRecord>(t, 'users', openid);
        if (existing) return existing;
        const fresh = { roles: [], phoneVerified: false };
        await t
          .collection('users')
          .add({ data: { _id: openid, ...fresh, createdAt: db.serverDate(), updatedAt: db.serverDate() } });
        return { _id: openid, ...fresh } as UserRecord;
      },
      5,
    );
    return profileOf(db, user as UserRecord);
  },
});
