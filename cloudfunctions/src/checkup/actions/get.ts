import { checkupIdInput } from '../../contract/checkup';
import { findById } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { CHECKUPS, type CheckupDoc } from '../documents';
import { checkupEnterprise } from '../enterprise';
import { checkupView } from '../views';

/**
 * One check-up with its next steps. Only the verified owner of the enterprise it belongs to sees it;
 * anyone else's check-up answers NOT_FOUND, as one that does not exist (its id says nothing).
 */
export const get = action({
  access: 'user',
  input: checkupIdInput,
  async handler({ checkupId }, { caller, db, now }) {
    const enterprise = await checkupEnterprise(db, caller);
    const doc = await findById<CheckupDoc>(db, CHECKUPS, checkupId);
    if (!doc || doc.uscc !== enterprise._id) throw new AppError('NOT_FOUND', '体检记录不存在');
    return checkupView(db, doc, now);
  },
});
