import { noticeStatusInput } from '../../contract/admin-notices';
import { action } from '../../runtime/router';
import { getCampaignOrFail } from '../../services/campaigns';
import { noticeStatus as countNotices } from '../draw/notices';

/** The result notices of one campaign: queued, sent, skipped (no subscription), failed, pending. */
export const noticeStatus = action({
  access: 'admin',
  input: noticeStatusInput,
  async handler({ campaignId }, { db }) {
    await getCampaignOrFail(db, campaignId, true);
    return countNotices(db, campaignId);
  },
});
