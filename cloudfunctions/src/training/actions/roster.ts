import { rosterInput } from '../../contract/training';
import { anyFieldContains, count, fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import { organiserSession } from '../checkin';
import { SIGNUPS, type SignupDoc } from '../documents';
import { programmeNamesOf } from '../programme-names';
import { rosterEntryOf, sessionSummaryOf, waitlistPosition } from '../views';

const PAGE_SIZE = 50;

/**
 * The roster of one of the organiser's sessions: attendees with a seat (by name) then the waitlist (in
 * order), names and phones in full for the organiser; a keyword matches part of an attendee's or an
 * enterprise's name as plain text.
 */
export const roster = action({
  access: 'trainer',
  input: rosterInput,
  async handler({ sessionId, keyword, page }, { caller, db, now }) {
    const session = await organiserSession(db, caller, sessionId);
    const _ = db.command;
    const base = { sessionId: session._id, status: _.in(['confirmed', 'waitlisted']) };
    const text = keyword.trim();
    const query = text ? _.and([base, anyFieldContains(db, ['attendee.name', 'enterpriseName'], text)]) : base;
    const [{ docs, total }, checkedIn] = await Promise.all([
      fetchPage<SignupDoc>(
        db.collection(SIGNUPS).where(query),
        [
          ['status', 'asc'], // confirmed before waitlisted
          ['queueNo', 'asc'],
          ['attendee.name', 'asc'],
          ['_id', 'asc'],
        ],
        page,
        PAGE_SIZE,
      ),
      count(db.collection(SIGNUPS).where({ sessionId: session._id, checkedInAt: _.neq(null) })),
    ]);
    const items = await Promise.all(docs.map(async (s) => rosterEntryOf(s, await waitlistPosition(db, s))));
    return {
      session: sessionSummaryOf(session, now, await programmeNamesOf(db, [session])),
      counts: { confirmed: session.confirmedCount, waitlisted: session.waitlistCount, checkedIn },
      items,
      page,
      pageSize: PAGE_SIZE,
      total,
    };
  },
});
