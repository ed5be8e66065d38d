import { cancelCableRequestInput, myCableRequestsInput, requestIdInput } from '../../contract/cable';
import { MAX_OPEN_REQUESTS } from '../../core/cable/catalog';
import type { CableRequestDoc } from '../../core/cable/request';
import { OPEN_STATUSES } from '../../core/cable/workflow';
import type { Database } from '../../runtime/cloud';
import { count, findById, list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { cableSummary, REQUESTS, requesterView, transitionRequest } from '../../services/cable';

const PAGE_SIZE = 20;

/** Someone else's request answers exactly like a missing one: request ids must not be probeable. */
async function ownRequest(db: Database, requestId: string, openid: string): Promise<CableRequestDoc> {
  const doc = await findById<CableRequestDoc>(db, REQUESTS, requestId);
  if (!doc || doc.requesterOpenid !== openid) throw new AppError('NOT_FOUND', '筛查申请不存在');
  return doc;
}

export const myRequests = action({
  access: 'user',
  input: myCableRequestsInput,
  async handler({ status, page }, { caller, db, now }) {
    const _ = db.command;
    const where: Record<string, unknown> = { requesterOpenid: caller.openid! };
    if (status) where.status = status;
    const query = db.collection(REQUESTS).where(where);
    const [docs, total, openCount] = await Promise.all([
      list<CableRequestDoc>(
        query
          .orderBy('submittedAt', 'desc')
          .skip((page - 1) * PAGE_SIZE)
          .limit(PAGE_SIZE),
      ),
      count(query),
      count(db.collection(REQUESTS).where({ requesterOpenid: caller.openid!, status: _.in([...OPEN_STATUSES]) })),
    ]);
    return {
      items: docs.map((d) => cableSummary(d, now)),
      page,
      pageSize: PAGE_SIZE,
      total,
      openCount,
      maxOpen: MAX_OPEN_REQUESTS,
    };
  },
});

export const getRequest = action({
  access: 'user',
  input: requestIdInput,
  async handler({ requestId }, { caller, db, now }) {
    return requesterView(db, await ownRequest(db, requestId, caller.openid!), now);
  },
});

/** The requester withdraws a request before the sample reaches the hospital. */
export const cancel = action({
  access: 'user',
  input: cancelCableRequestInput,
  async handler({ requestId, reason }, { caller, db }) {
    const openid = caller.openid!;
    const updated = await transitionRequest(db, {
      requestId,
      input: { to: 'cancelled', note: reason },
      actor: { role: 'requester', openid, hospitalId: null, hospitalName: null },
      actorLabel: caller.actor,
      authorize: (doc) => {
        if (doc.requesterOpenid !== openid) throw new AppError('NOT_FOUND', '筛查申请不存在');
      },
    });
    return requesterView(db, updated, new Date());
  },
});
