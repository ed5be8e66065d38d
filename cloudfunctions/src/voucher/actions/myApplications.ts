import { listCampaignsInput } from '../../contract/voucher';
import { fetchPage, list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { waitlistRanksOf } from '../../services/campaigns';
import type { ApplicationDoc, CampaignDoc } from '../../services/documents';
import { applicationView } from '../../services/views';
import { PAGE_SIZE } from '../mine';

export const myApplications = action({
  access: 'user',
  userRecord: 'not read',
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
    // Waitlist places only show once a campaign is published (applicationView), so only those are read.
    const ranks = await waitlistRanksOf(
      db,
      docs.filter((d) => campaigns.get(d.campaignId)?.status === 'published'),
    );
    const items = docs.map((doc) =>
      applicationView(
        doc,
        campaigns.get(doc.campaignId) ?? { title: '（活动已删除）', status: 'closed' as const },
        ranks.get(doc._id) ?? [],
      ),
    );
    return { items, page, pageSize: PAGE_SIZE, total };
  },
});
