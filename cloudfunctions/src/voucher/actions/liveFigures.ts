import { campaignIdInput } from '../../contract/voucher';
import { action } from '../../runtime/router';
import { liveFiguresOf } from '../live-figures';

/** Public, like getCampaign: how many applied per pool (counts only), cached per instance (live-figures.ts). */
export const liveFigures = action({
  access: 'public',
  input: campaignIdInput,
  async handler({ campaignId }, { db }) {
    return liveFiguresOf(db, campaignId);
  },
});
