import { summaryInput } from '../../contract/user';
import { OPEN_STATUSES } from '../../core/cable/workflow';
import { count } from '../../runtime/db';
import { action } from '../../runtime/router';
import { REQUESTS } from '../../services/cable';
import { holderVouchersWhere } from '../../services/vouchers';

/**
 * The counts on the 我的 page's entries, two count queries side by side (both on indexed owner fields):
 * the caller's usable vouchers and open quick-screen requests. Fetched on every visit, unlike the
 * profile, which the session keeps for the launch.
 */
export const summary = action({
  access: 'user',
  userRecord: 'not read',
  input: summaryInput,
  async handler(_input, { caller, db, now }) {
    const _ = db.command;
    const openid = caller.openid!;
    const [usableVouchers, openCableRequests] = await Promise.all([
      // As myVouchers lists them (published only), and as the page reads a voucher past its last day: expired.
      count(db.collection('vouchers').where(holderVouchersWhere(openid, { status: 'issued', validUntil: _.gte(now) }))),
      count(db.collection(REQUESTS).where({ requesterOpenid: openid, status: _.in([...OPEN_STATUSES]) })),
    ]);
    return { usableVouchers, openCableRequests };
  },
});
