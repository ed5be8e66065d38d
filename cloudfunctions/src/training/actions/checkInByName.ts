import { checkInByNameInput } from '../../contract/training';
import { action } from '../../runtime/router';
import { checkInSignup, organiserSession } from '../checkin';
import { rosterEntryOf } from '../views';

/** Organiser staff check an attendee in from the roster (no phone, or a code that will not scan). */
export const checkInByName = action({
  access: 'trainer',
  input: checkInByNameInput,
  async handler({ sessionId, signupId }, { caller, db, now }) {
    const session = await organiserSession(db, caller, sessionId);
    const { signup } = await checkInSignup(db, caller, session._id, signupId, 'roster', now);
    return rosterEntryOf(signup);
  },
});
