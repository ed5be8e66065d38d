import { signupIdInput } from '../../contract/training';
import { action } from '../../runtime/router';
import { programmeNamesOf } from '../programme-names';
import { settleMine } from '../seats';
import { loadOwnSignup, loadSession } from '../signups';
import { signupViewFor } from '../views';

/** One of the caller's sign-ups (the ticket page): NOT_FOUND for anyone else's. */
export const getSignup = action({
  access: 'user',
  input: signupIdInput,
  async handler({ signupId }, { caller, db, now }) {
    let { signup, session } = await loadOwnSignup(db, caller, signupId);
    if (signup.status === 'pending') {
      // Left pending by an interrupted sign-up: give it its seat now.
      [signup] = await settleMine(db, session._id, [signup._id], now);
      session = await loadSession(db, session._id);
    }
    return signupViewFor(db, signup, session, now, await programmeNamesOf(db, [session]), { withQrImage: true });
  },
});
