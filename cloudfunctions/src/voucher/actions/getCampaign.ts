import { campaignIdInput } from '../../contract/voucher';
import { list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { getCampaignOrFail, waitlistRanksOf } from '../../services/campaigns';
import type { ApplicationDoc } from '../../services/documents';
import { applicationView, campaignView } from '../../services/views';
import { activeHospitals } from '../hospitals';

export const getCampaign = action({
  access: 'public',
  input: campaignIdInput,
  async handler({ campaignId }, { caller, db }) {
    const campaign = await getCampaignOrFail(db, campaignId);
    let myApplication = null;
    if (caller.openid) {
      const [mine] = await list<ApplicationDoc>(
        db.collection('applications').where({ campaignId, ownerOpenid: caller.openid }).limit(1),
      );
      if (mine) {
        const ranks = campaign.status === 'published' ? await waitlistRanksOf(db, [mine]) : new Map();
        myApplication = applicationView(mine, campaign, ranks.get(mine._id) ?? []);
      }
    }
    return { campaign: campaignView(campaign), hospitals: await activeHospitals(db), myApplication };
  },
});
