import { requestIdInput } from '../../contract/cable';
import type { CableRequestDoc } from '../../core/cable/request';
import type { Database } from '../../runtime/cloud';
import { findById } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { REQUESTS, requesterView } from '../../services/cable';

/** Someone else's request answers exactly like a missing one: request ids must not be probeable. */
async function ownRequest(db: Database, requestId: string, openid: string): Promise<CableRequestDoc> {
  const doc = await findById<CableRequestDoc>(db, REQUESTS, requestId);
  if (!doc || doc.requesterOpenid !== openid) throw new AppError('NOT_FOUND', '筛查申请不存在');
  return doc;
}

export const getRequest = action({
  access: 'user',
  userRecord: 'not read',
  input: requestIdInput,
  async handler({ requestId }, { caller, db, now }) {
    return requesterView(db, await ownRequest(db, requestId, caller.openid!), now);
  },
});
