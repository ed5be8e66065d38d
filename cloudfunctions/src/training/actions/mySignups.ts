import { hasEnded } from '../../../../miniprogram/shared/training';
import { mySignupsInput } from '../../contract/training';
import { list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { SESSIONS, SIGNUPS, type SessionDoc, type SignupDoc } from '../documents';
import { programmeNamesOf } from '../programme-names';
import { settle } from '../seats';
import { signupViewFor } from '../views';

const PAGE_SIZE = 10;
/** A person's or an enterprise's sign-ups over the years: some dozens, read at once. */
const READ_LIMIT = 1000;

/**
 * The caller's sign-ups: `active` (confirmed or waitlisted, the session not ended; soonest first) or
 * `past` (ended sessions, cancelled sign-ups; newest first).
 */
export const mySignups = action({
  access: 'user',
  userRecord: 'not read',
  input: mySignupsInput,
  async handler({ scope, page }, { caller, db, now }) {
    const read = () =>
      list<SignupDoc>(
        db.collection(SIGNUPS).where({ ownerOpenid: caller.openid! }).orderBy('createdAt', 'desc').limit(READ_LIMIT),
      );
    let signups = await read();
    const unsettled = [...new Set(signups.filter((s) => s.status === 'pending').map((s) => s.sessionId))];
    if (unsettled.length) {
      for (const sessionId of unsettled) await settle(db, sessionId, now);
      signups = await read();
    }
    const sessionIds = [...new Set(signups.map((s) => s.sessionId))];
    const sessions = new Map<string, SessionDoc>();
    for (let i = 0; i < sessionIds.length; i += 100) {
      const chunk = sessionIds.slice(i, i + 100);
      const docs = await list<SessionDoc>(
        db
          .collection(SESSIONS)
          .where({ _id: db.command.in(chunk) })
          .limit(chunk.length),
      );
      for (const doc of docs) sessions.set(doc._id, doc);
    }
    const isActive = (s: SignupDoc) => {
      const session = sessions.get(s.sessionId);
      return !!session && s.status !== 'cancelled' && session.status === 'scheduled' && !hasEnded(session, now);
    };
    const chosen = signups
      .filter((s) => sessions.has(s.sessionId) && isActive(s) === (scope === 'active'))
      .sort((a, b) => {
        const start = (s: SignupDoc) => new Date(sessions.get(s.sessionId)!.startAt).getTime();
        return scope === 'active' ? start(a) - start(b) : start(b) - start(a);
      });
    const items = chosen.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const names = await programmeNamesOf(
      db,
      items.map((s) => sessions.get(s.sessionId)!),
    );
    return {
      items: await Promise.all(items.map((s) => signupViewFor(db, s, sessions.get(s.sessionId)!, now, names))),
      page,
      pageSize: PAGE_SIZE,
      total: chosen.length,
    };
  },
});
