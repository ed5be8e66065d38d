import { z } from 'zod';
import { TRAINING_LIMITS } from '../../../../miniprogram/shared/training';
import { list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { SESSIONS, SIGNUPS, type SessionDoc, type SignupDoc } from '../documents';
import { queueOnce, trainingNotice } from '../notices';
import { settle } from '../seats';

/** A sign-up still pending after this long was interrupted between insert and settle. */
const STALE_PENDING_MS = 60_000;
const BATCH = 500;

/**
 * Timer (every 5 minutes): the reminders to attendees with a seat, the day before (a session starting
 * within 24 hours) and the hour before (within the hour), each once (the signup's `reminded` flag, and the
 * outbox's unique dedupeKey should a flag write be lost); and the seats of sign-ups an interrupted
 * sign-up left pending.
 */
export const remindAttendees = action({
  access: 'admin',
  input: z.object({}),
  async handler(_input, { db, now }) {
    const _ = db.command;
    const stale = await list<SignupDoc>(
      db
        .collection(SIGNUPS)
        .where({ status: 'pending', arrivedAt: _.lt(new Date(now.getTime() - STALE_PENDING_MS)) })
        .limit(100),
    );
    for (const sessionId of new Set(stale.map((s) => s.sessionId))) await settle(db, sessionId, now);

    const soon = await list<SessionDoc>(
      db
        .collection(SESSIONS)
        .where({
          status: 'scheduled',
          startAt: _.gt(now).and(_.lte(new Date(now.getTime() + TRAINING_LIMITS.reminderDayBeforeMs))),
        })
        .limit(1000),
    );
    let queued = 0;
    for (const session of soon) {
      const withinHour = new Date(session.startAt).getTime() - now.getTime() <= TRAINING_LIMITS.reminderHourBeforeMs;
      const which = withinHour ? 'hour' : 'day';
      for (;;) {
        const due = await list<SignupDoc>(
          db
            .collection(SIGNUPS)
            .where({ sessionId: session._id, status: 'confirmed', [`reminded.${which}`]: _.neq(true) })
            .limit(BATCH),
        );
        for (const signup of due) {
          const kind = which === 'hour' ? 'reminderHour' : 'reminderDay';
          if (await queueOnce(db, trainingNotice(db, kind, session, signup, which))) queued++;
          await db
            .collection(SIGNUPS)
            .doc(signup._id)
            .update({ data: { [`reminded.${which}`]: true } });
        }
        if (due.length < BATCH) break;
      }
    }
    return { queued };
  },
});
