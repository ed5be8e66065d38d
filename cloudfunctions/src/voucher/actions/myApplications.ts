import { listCampaignsInput } from '../../contract/voucher';
import { fetchPage, findById } from '../../runtime/db';
import { action } from '../../runtime/router';
import { waitlistRanks } from '../../services/campaigns';
import type { ApplicationDoc, CampaignDoc } from '../../services/documents';
import { applicationView } from '../../services/views';
import { PAGE_SIZE } from '../mine';

export const myApplications = action({
  access: 'user',
  input: listCampaignsInput,
  async handler({ page }, { caller, db }) {
    const query = db.collection('applications').where({ ownerOpenid: caller.openid! });
    const { docs, total } = await fetchPage<ApplicationDoc>(query, [['submittedAt', 'desc']], page, PAGE_SIZE);
    const campaigns = new Map<string, CampaignDoc | null>();
    const items = [];
    for (const doc of docs) {
      if (!campaigns.has(doc.campaignId))
        campaigns.set(doc.campaignId, await findById<CampaignDoc>(db, 'campaigns', doc.campaignId));
      const campaign = campaigns.get(doc.campaignId) ?? { title: '（活动已删除）', status: 'closed' as const };
      const ranks =
        campaign.status === 'published'
          ? await waitlistRanks(db, doc.campaignId, doc._id, doc.waitlistPoolIds ?? [])
          : [];
      items.push(applicationView(doc, campaign, ranks));
    }
    return { items, page, pageSize: PAGE_SIZE, total };
  },
});
