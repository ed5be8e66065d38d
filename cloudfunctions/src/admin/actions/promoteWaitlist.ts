import { promoteWaitlistInput } from '../../contract/voucher';
import { action } from '../../runtime/router';
import { promoteWaitlist as promote } from '../draw/promote';

export const promoteWaitlist = action({
  access: 'admin',
  input: promoteWaitlistInput,
  async handler({ campaignId, poolId }, { caller, db }) {
    return promote(db, caller, campaignId, poolId);
  },
});
