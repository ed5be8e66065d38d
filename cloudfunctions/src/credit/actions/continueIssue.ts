import { issuanceIdInput } from '../../contract/credit';
import { findById } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { ISSUANCES, type IssuanceDoc } from '../documents';
import { advanceIssue } from '../issue';
import { verifiedMaker } from '../makers';
import { issuanceView } from '../views';

/** Enterprises: makes more codes of an unfinished issue (after a budget ran out, or a crash). */
export const continueIssue = action({
  access: 'user',
  userRecord: 'not read',
  input: issuanceIdInput,
  async handler({ issuanceId }, { caller, db }) {
    const maker = await verifiedMaker(db, caller);
    const existing = await findById<IssuanceDoc>(db, ISSUANCES, issuanceId);
    if (!existing || existing.uscc !== maker._id) throw new AppError('NOT_FOUND', '赋码批次不存在');
    return issuanceView((await advanceIssue(db, issuanceId))!);
  },
});
