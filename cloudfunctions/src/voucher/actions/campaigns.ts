import { z } from 'zod';
import { campaignIdInput, listCampaignsInput } from '../../contract/voucher';
import type { Database } from '../../runtime/cloud';
import { fetchPage, list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { getCampaignOrFail, waitlistRanks } from '../../services/campaigns';
import type { ApplicationDoc, CampaignDoc, HospitalDoc } from '../../services/documents';
import { applicationView, campaignView, hospitalView } from '../../services/views';

const PAGE_SIZE = 20;

export const listCampaigns = action({
  access: 'public',
  input: listCampaignsInput,
  async handler({ page }, { db }) {
    const _ = db.command;
    const query = db.collection('campaigns').where({ status: _.neq('draft') });
    const { docs, total } = await fetchPage<CampaignDoc>(query, [['opensAt', 'desc']], page, PAGE_SIZE);
    return { items: docs.map(campaignView), page, pageSize: PAGE_SIZE, total };
  },
});

export async function activeHospitals(db: Database) {
  return (
    await list<HospitalDoc>(db.collection('hospitals').where({ active: true }).orderBy('_id', 'asc').limit(100))
  ).map(hospitalView);
}

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
        const ranks =
          campaign.status === 'published'
            ? await waitlistRanks(db, campaignId, mine._id, mine.waitlistPoolIds ?? [])
            : [];
        myApplication = applicationView(mine, campaign, ranks);
      }
    }
    return { campaign: campaignView(campaign), hospitals: await activeHospitals(db), myApplication };
  },
});

export const listHospitals = action({
  access: 'public',
  input: z.object({}),
  async handler(_input, { db }) {
    return activeHospitals(db);
  },
});
