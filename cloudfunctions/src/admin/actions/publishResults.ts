import { campaignIdInput } from '../../contract/voucher';
import { action } from '../../runtime/router';
import { publishResults as publish } from '../draw/publish';

export const publishResults = action({
  access: 'admin',
  input: campaignIdInput,
  async handler({ campaignId }, { caller, db }) {
    return publish(db, caller, campaignId);
  },
});
