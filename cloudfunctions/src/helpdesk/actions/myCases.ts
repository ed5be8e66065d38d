import { OPEN_CASE_STATUSES } from '../../../../miniprogram/shared/helpdesk';
import { myCasesInput } from '../../contract/helpdesk';
import { count, countOnPageOr, fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import { caseSummariesOf } from '../case-views';
import { CASES, type CaseDoc } from '../documents';

const PAGE_SIZE = 20;

/** The caller's own cases, newest first (optionally of one status), and how many are still open. */
export const myCases = action({
  access: 'user',
  userRecord: 'not read',
  input: myCasesInput,
  async handler({ status, page }, { caller, db, now }) {
    const owner = { ownerOpenid: caller.openid! };
    const listed = await fetchPage<CaseDoc>(
      db.collection(CASES).where(status ? { ...owner, status } : owner),
      [
        ['submittedAt', 'desc'],
        ['_id', 'asc'],
      ],
      page,
      PAGE_SIZE,
    );
    const { docs, total } = listed;
    const openCount = await countOnPageOr(
      listed,
      !status && page === 1,
      (d) => (OPEN_CASE_STATUSES as readonly string[]).includes(d.status),
      () => count(db.collection(CASES).where({ ...owner, status: db.command.in([...OPEN_CASE_STATUSES]) })),
    );
    return { items: await caseSummariesOf(db, docs, now), page, pageSize: PAGE_SIZE, total, openCount };
  },
});
