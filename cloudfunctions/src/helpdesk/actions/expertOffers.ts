import { expertCasesInput } from '../../contract/helpdesk';
import { fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import { caseSummariesOf } from '../case-views';
import { expertIdOf } from '../cases';
import { CASES, type CaseDoc } from '../documents';

const PAGE_SIZE = 20;

/** Open cases offered to the calling expert, urgent ones first, then the oldest. (`status` is ignored: offers are open.) */
export const expertOffers = action({
  access: 'expert',
  input: expertCasesInput,
  async handler({ page }, { caller, db, now }) {
    const { docs, total } = await fetchPage<CaseDoc>(
      db.collection(CASES).where({ offeredTo: expertIdOf(caller)!, status: 'open' }),
      [
        ['urgency', 'desc'],
        ['submittedAt', 'asc'],
        ['_id', 'asc'],
      ],
      page,
      PAGE_SIZE,
    );
    return { items: await caseSummariesOf(db, docs, now), page, pageSize: PAGE_SIZE, total };
  },
});
