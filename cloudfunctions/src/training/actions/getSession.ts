import { sessionIdInput } from '../../contract/training';
import { findByIdJoined, joinedPipeline, type Lookup } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, userRecordOf } from '../../runtime/router';
import type { EnterpriseDoc } from '../../services/documents';
import { PROGRAMMES, SESSIONS, SIGNUPS, type ProgrammeDoc, type SessionDoc, type SignupDoc } from '../documents';
import { SESSION_NOT_FOUND, signupKindsFor } from '../signups';
import { sessionViewOf, signupViewFor } from '../views';

type SessionPage = SessionDoc & { programme: ProgrammeDoc[]; mine?: SignupDoc[]; enterprise?: EnterpriseDoc[] };

/**
 * A session for anyone; for a logged-in caller also their own sign-ups for it and the ways they could
 * sign up (the page's guidance). The live link of an online session only for a caller holding a seat.
 */
export const getSession = action({
  access: 'public',
  input: sessionIdInput,
  async handler({ sessionId }, { caller, db, now }) {
    // Public actions do not load the caller's record (runtime/router.ts): this one needs it, for the
    // enterprise it points to.
    const user = caller.openid ? await userRecordOf(db, caller.openid) : null;
    // The session, its programme's name, the caller's sign-ups and enterprise: one request.
    const joins: Lookup[] = [{ from: PROGRAMMES, localField: 'programmeId', foreignField: '_id', as: 'programme' }];
    if (caller.openid) {
      const _ = db.command;
      joins.push({
        from: SIGNUPS,
        pipeline: joinedPipeline(
          db,
          { ownerOpenid: caller.openid, sessionId, status: _.neq('cancelled') },
          { limit: 100 },
        ),
        as: 'mine',
      });
      if (user?.enterpriseUscc) {
        joins.push({
          from: 'enterprises',
          pipeline: joinedPipeline(db, { _id: user.enterpriseUscc }, { limit: 1 }),
          as: 'enterprise',
        });
      }
    }
    const found = await findByIdJoined<SessionPage>(db, SESSIONS, sessionId, joins);
    if (!found) throw new AppError('NOT_FOUND', SESSION_NOT_FOUND);
    const { programme, mine = [], enterprise: [enterprise] = [], ...session } = found;
    const names = new Map(programme.map((p) => [p._id, p.name]));
    if (!caller.openid) return sessionViewOf(session, now, { mySignups: [], signupKinds: [] }, names);
    const mySignups = await Promise.all(mine.map((s) => signupViewFor(db, s, session, now, names)));
    const signupKinds = signupKindsFor({ openid: caller.openid, user: user ?? undefined }, enterprise ?? null);
    return sessionViewOf(session, now, { mySignups, signupKinds }, names);
  },
});
