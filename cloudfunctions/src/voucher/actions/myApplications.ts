import { listCampaignsInput } from '../../contract/voucher';
import { fetchPage, list } from '../../runtime/db';
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
    // The page's campaigns in one read, not one per application.
    const _ = db.command;
    const ids = [...new Set(docs.map((d) => d.campaignId))];
    const campaigns = new Map(
      (ids.length
        ? await list<CampaignDoc>(
            db
              .collection('campaigns')
              .where({ _id: _.in(ids) })
              .limit(ids.length),
          )
        : []
      ).map((c) => [c._id, c]),
    );
    const items = [];
    for (const doc of docs) {
      const campaign = campaigns.get(doc.campaignId) ?? { title: '（活动已删除）', status: 'closed' as const };
      // A waitlisted application of a published campaign: its place in each pool's waitlist (one read).
      const ranks =
        campaign.status === 'published'
          ? await waitlistRanks(db, doc.campaignId, doc._id, doc.waitlistPoolIds ?? [])
          : [];
      items.push(applicationView(doc, campaign, ranks));
    }
    return { items, page, pageSize: PAGE_SIZE, total };
  },
});
