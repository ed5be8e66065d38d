import { campaignIdInput } from '../../contract/voucher';
import { action } from '../../runtime/router';
import { closeOne } from '../campaign-close';

export const closeCampaign = action({
  access: 'admin',
  input: campaignIdInput,
  async handler({ campaignId }, { caller, db, now }) {
    // An admin may close early (e.g. a campaign withdrawn by the regulator); the timer closes when due.
    return closeOne(db, caller, campaignId, now, true);
  },
});
