import { scanInput } from '../../contract/credit';
import { action } from '../../runtime/router';
import { placeOf } from '../places';
import { scanCode } from '../scan';

/** Anyone: the product page of a code. A mini-program user's scan is counted (anonymously). */
export const scan = action({
  access: 'public',
  input: scanInput,
  async handler({ code, location }, { caller, db, now }) {
    return scanCode(db, code, { openid: caller.openid, place: placeOf(location) }, now);
  },
});
