import { adminSessionsInput } from '../../contract/training';
import { count, fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import { SESSIONS, SIGNUPS, type SessionDoc } from '../documents';
import { programmeNamesOf } from '../programme-names';
import { sessionAdminViewOf } from '../views';

const PAGE_SIZE = 20;

/** Admins: every session (of a programme), latest start first, with its live link and check-ins. */
export const adminSessions = action({
  access: 'admin',
  input: adminSessionsInput,
  async handler({ programmeId, sessionId, page }, { db, now }) {
    const { docs, total } = await fetchPage<SessionDoc>(
      db
        .collection(SESSIONS)
        .where({ ...(programmeId ? { programmeId } : {}), ...(sessionId ? { _id: sessionId } : {}) }),
      [
        ['startAt', 'desc'],
        ['_id', 'asc'],
      ],
      page,
      PAGE_SIZE,
    );
    const names = await programmeNamesOf(db, docs);
    const items = await Promise.all(
      docs.map(async (d) =>
        sessionAdminViewOf(
          d,
          now,
          await count(db.collection(SIGNUPS).where({ sessionId: d._id, checkedInAt: db.command.neq(null) })),
          names,
        ),
      ),
    );
    return { items, page, pageSize: PAGE_SIZE, total };
  },
});
