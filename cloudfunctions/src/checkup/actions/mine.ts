import { myCheckupsInput } from '../../contract/checkup';
import { fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import { CHECKUPS, type CheckupDoc } from '../documents';
import { checkupEnterprise } from '../enterprise';
import { checkupSummary } from '../views';

export const PAGE_SIZE = 20;

/** The enterprise's check-ups, newest first (the history page's trend and table): its verified owner only. */
export const mine = action({
  access: 'user',
  input: myCheckupsInput,
  async handler({ page }, { caller, db }) {
    const enterprise = await checkupEnterprise(db, caller);
    const { docs, total } = await fetchPage<CheckupDoc>(
      db.collection(CHECKUPS).where({ uscc: enterprise._id }),
      [
        ['submittedAt', 'desc'],
        ['_id', 'asc'],
      ],
      page,
      PAGE_SIZE,
    );
    return { items: docs.map(checkupSummary), page, pageSize: PAGE_SIZE, total, enterpriseName: enterprise.name };
  },
});
