import { listCampaignsInput } from '../../contract/voucher';
import { pageWithTotal } from '../../runtime/db';
import { action } from '../../runtime/router';
import { waitlistRanksOf } from '../../services/campaigns';
import type { ApplicationDoc, CampaignDoc } from '../../services/documents';
import { applicationView } from '../../services/views';
import { PAGE_SIZE } from '../mine';

/** An application with its campaign joined (none when the campaign was deleted). */
type ApplicationWithCampaign = ApplicationDoc & { campaign: CampaignDoc[] };

export const myApplications = action({
  access: 'user',
  userRecord: 'not read',
  input: listCampaignsInput,
  async handler({ page }, { caller, db }) {
    // The page, its total and each application's campaign in one request.
    const { docs, total } = await pageWithTotal<ApplicationWithCampaign>(
      db,
      'applications',
      { ownerOpenid: caller.openid! },
      {
        order: { submittedAt: -1 },
        skip: (page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
        joins: [{ from: 'campaigns', localField: 'campaignId', foreignField: '_id', as: 'campaign' }],
      },
    );
    // Waitlist places only show once a campaign is published (applicationView), so only those are read.
    const ranks = await waitlistRanksOf(
      db,
      docs.filter((d) => d.campaign[0]?.status === 'published'),
    );
    const items = docs.map(({ campaign: [campaign], ...doc }) =>
      applicationView(
        doc,
        campaign ?? { title: '（活动已删除）', status: 'closed' as const },
        ranks.get(doc._id) ?? [],
      ),
    );
    return { items, page, pageSize: PAGE_SIZE, total };
  },
});
