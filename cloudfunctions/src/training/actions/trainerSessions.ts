import { trainerSessionsInput } from '../../contract/training';
import { fetchPage, findById } from '../../runtime/db';
import { action } from '../../runtime/router';
import { organiserIdOf } from '../checkin';
import { ORGANISERS, SESSIONS, type OrganiserDoc, type SessionDoc } from '../documents';
import { programmeNamesOf } from '../programme-names';
import { sessionSummaryOf } from '../views';

const PAGE_SIZE = 20;
/** Sessions that ended longer ago than this drop off the staff's list. */
const RECENT_MS = 30 * 24 * 3600_000;

/** The sessions of the trainer's organiser: not yet ended or ended within 30 days, soonest first. */
export const trainerSessions = action({
  access: 'trainer',
  input: trainerSessionsInput,
  async handler({ page }, { caller, db, now }) {
    const organiserId = organiserIdOf(caller);
    const _ = db.command;
    const [organiser, { docs, total }] = await Promise.all([
      findById<OrganiserDoc>(db, ORGANISERS, organiserId),
      fetchPage<SessionDoc>(
        db.collection(SESSIONS).where({ organiserId, endAt: _.gt(new Date(now.getTime() - RECENT_MS)) }),
        [
          ['startAt', 'asc'],
          ['_id', 'asc'],
        ],
        page,
        PAGE_SIZE,
      ),
    ]);
    const names = await programmeNamesOf(db, docs);
    return {
      items: docs.map((d) => sessionSummaryOf(d, now, names)),
      page,
      pageSize: PAGE_SIZE,
      total,
      organiserName: organiser?.name ?? '',
    };
  },
});
