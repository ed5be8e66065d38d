import { myCableRequestsInput } from '../../contract/cable';
import { MAX_OPEN_REQUESTS } from '../../core/cable/catalog';
import type { CableRequestDoc } from '../../core/cable/request';
import { OPEN_STATUSES } from '../../core/cable/workflow';
import { count, countOnPageOr, fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import { cableSummary, REQUESTS } from '../../services/cable';

const PAGE_SIZE = 20;

export const myRequests = action({
  access: 'user',
  userRecord: 'not read',
  input: myCableRequestsInput,
  async handler({ status, page }, { caller, db, now }) {
    const _ = db.command;
    const where: Record<string, unknown> = { requesterOpenid: caller.openid! };
    if (status) where.status = status;
    const query = db.collection(REQUESTS).where(where);
    const listed = await fetchPage<CableRequestDoc>(query, [['submittedAt', 'desc']], page, PAGE_SIZE);
    const { docs, total } = listed;
    const openCount = await countOnPageOr(
      listed,
      !status && page === 1,
      (d) => (OPEN_STATUSES as readonly string[]).includes(d.status),
      () => count(db.collection(REQUESTS).where({ requesterOpenid: caller.openid!, status: _.in([...OPEN_STATUSES]) })),
    );
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
