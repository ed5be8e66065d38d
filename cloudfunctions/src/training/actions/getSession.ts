import { sessionIdInput } from '../../contract/training';
import { list } from '../../runtime/db';
import { action, userRecordOf } from '../../runtime/router';
import { SIGNUPS, type SignupDoc } from '../documents';
import { programmeNamesOf } from '../programme-names';
import { loadSession, signupKindsOf } from '../signups';
import { sessionViewOf, signupViewFor } from '../views';

/**
 * A session for anyone; for a logged-in caller also their own sign-ups for it and the ways they could
 * sign up (the page's guidance). The live link of an online session only for a caller holding a seat.
 */
export const getSession = action({
  access: 'public',
  input: sessionIdInput,
  async handler({ sessionId }, { caller, db, now }) {
    const session = await loadSession(db, sessionId);
    const names = await programmeNamesOf(db, [session]);
    if (!caller.openid) return sessionViewOf(session, now, { mySignups: [], signupKinds: [] }, names);
    // Public actions do not load the caller's record (runtime/router.ts): this one needs it.
    const user = await userRecordOf(db, caller.openid);
    const withUser = { ...caller, user };
    const own = await list<SignupDoc>(
      db
        .collection(SIGNUPS)
        .where({ ownerOpenid: caller.openid, sessionId, status: db.command.neq('cancelled') })
        .limit(100),
    );
    const mySignups = await Promise.all(own.map((s) => signupViewFor(db, s, session, now, names)));
    return sessionViewOf(session, now, { mySignups, signupKinds: await signupKindsOf(db, withUser) }, names);
  },
});
