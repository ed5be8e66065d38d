import { listSessionsInput } from '../../contract/training';
import { fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import { SESSIONS, type SessionDoc } from '../documents';
import { programmeNamesOf } from '../programme-names';
import { sessionSummaryOf } from '../views';

const PAGE_SIZE = 10;

/**
 * Sessions anyone may browse: by city, format and programme; `upcoming` (the default) lists those not
 * yet ended and not called off, soonest first; otherwise all of them, newest first.
 */
export const listSessions = action({
  access: 'public',
  input: listSessionsInput,
  async handler({ city, format, upcoming, programmeId, page }, { db, now }) {
    const _ = db.command;
    const where: Record<string, unknown> = {};
    if (city) where.city = city;
    if (format) where.format = format;
    if (programmeId) where.programmeId = programmeId;
    if (upcoming) {
      where.endAt = _.gt(now);
      where.status = 'scheduled';
    }
    const direction = upcoming ? 'asc' : 'desc';
    const { docs, total } = await fetchPage<SessionDoc>(
      db.collection(SESSIONS).where(where),
      [
        ['startAt', direction],
        ['_id', 'asc'],
      ],
      page,
      PAGE_SIZE,
    );
    const names = await programmeNamesOf(db, docs);
    return { items: docs.map((d) => sessionSummaryOf(d, now, names)), page, pageSize: PAGE_SIZE, total };
  },
});
