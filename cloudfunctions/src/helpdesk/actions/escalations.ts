import { escalationsInput } from '../../contract/helpdesk';
import { fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import { caseSummariesOf } from '../case-views';
import { CASES, type CaseDoc } from '../documents';

export const ESCALATIONS_PAGE_SIZE = 20;

/**
 * Admins' queue: escalated cases that still need them — no expert has accepted yet (open), or the expert
 * who holds it has not answered yet (accepted or closing without a first answer). Oldest submission first.
 * A case leaves the queue once it is answered, accepted and answered, resolved or withdrawn.
 */
export const escalations = action({
  access: 'admin',
  input: escalationsInput,
  async handler({ page }, { db, now }) {
    const _ = db.command;
    const query = db
      .collection(CASES)
      .where(
        _.and([
          { escalatedAt: _.neq(null) },
          _.or([{ status: 'open' }, { status: _.in(['accepted', 'closing']), firstAnsweredAt: null }]),
        ]),
      );
    const { docs, total } = await fetchPage<CaseDoc>(
      query,
      [
        ['submittedAt', 'asc'],
        ['_id', 'asc'],
      ],
      page,
      ESCALATIONS_PAGE_SIZE,
    );
    return { items: await caseSummariesOf(db, docs, now), page, pageSize: ESCALATIONS_PAGE_SIZE, total };
  },
});
