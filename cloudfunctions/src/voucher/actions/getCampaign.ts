import { campaignIdInput } from '../../contract/voucher';
import { findByIdJoined, joinedPipeline, type Lookup } from '../../runtime/db';
import { action } from '../../runtime/router';
import { shownCampaignOrFail, waitlistRanksOf } from '../../services/campaigns';
import type { ApplicationDoc, CampaignDoc, HospitalDoc } from '../../services/documents';
import { applicationView, campaignView, hospitalView } from '../../services/views';
import { activeHospitalsJoined } from '../hospitals';

type CampaignPage = CampaignDoc & { hospitals: HospitalDoc[]; mine?: ApplicationDoc[] };

export const getCampaign = action({
  access: 'public',
  input: campaignIdInput,
  async handler({ campaignId }, { caller, db }) {
    // The campaign, the hospitals that redeem its vouchers and the caller's application: one request.
    const joins: Lookup[] = [activeHospitalsJoined(db, 'hospitals')];
    if (caller.openid) {
      joins.push({
        from: 'applications',
        pipeline: joinedPipeline(db, { campaignId, ownerOpenid: caller.openid }, { limit: 1 }),
        as: 'mine',
      });
    }
    const found = await findByIdJoined<CampaignPage>(db, 'campaigns', campaignId, joins);
    const { hospitals, mine: [mine] = [], ...campaign } = shownCampaignOrFail(found);
    let myApplication = null;
    if (mine) {
      const ranks = campaign.status === 'published' ? await waitlistRanksOf(db, [mine]) : new Map();
      myApplication = applicationView(mine, campaign, ranks.get(mine._id) ?? []);
    }
    return { campaign: campaignView(campaign), hospitals: hospitals.map(hospitalView), myApplication };
  },
});
