import { profileInput } from '../../contract/user';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { profileOf } from '../profile';

export const profile = action({
  access: 'user',
  input: profileInput,
  async handler(_input, { caller, db }) {
    if (!caller.user) throw new AppError('NOT_FOUND', '用户不存在，请先登录');
    return profileOf(db, caller.user);
  },
});
