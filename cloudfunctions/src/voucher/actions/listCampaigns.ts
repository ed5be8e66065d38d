import { listCampaignsInput } from '../../contract/voucher';
import { count, list } from '../../runtime/db';
import { action } from '../../runtime/router';
import type { CampaignDoc } from '../../services/documents';
import { campaignView } from '../../services/views';

const PAGE_SIZE = 20;

/**
 * Campaigns that are not drafts, newest first; for a signed-in user each says whether they have applied
 * (an application of theirs, by owner). At most two reads for a page that is not full (every first page
 * so far): the campaigns and the caller's applications among them; the total is counted only when the
 * page is full and more may follow.
 */
export const listCampaigns = action({
  access: 'public',
  input: listCampaignsInput,
  async handler({ page }, { caller, db }) {
    const _ = db.command;
    const query = db.collection('campaigns').where({ status: _.neq('draft') });
    const docs = await list<CampaignDoc>(
      query
        .orderBy('opensAt', 'desc')
        .skip((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE),
    );
    const lastPage = docs.length < PAGE_SIZE && (docs.length > 0 || page === 1);
    const ids = docs.map((c) => c._id);
    const [total, mine] = await Promise.all([
      lastPage ? (page - 1) * PAGE_SIZE + docs.length : count(query),
      caller.openid && ids.length
        ? list<{ campaignId: string }>(
            db
              .collection('applications')
              .where({ ownerOpenid: caller.openid, campaignId: _.in(ids) })
              .field({ campaignId: true })
              .limit(PAGE_SIZE),
          )
        : Promise.resolve([]),
    ]);
    const applied = new Set(mine.map((a) => a.campaignId));
    return {
      items: docs.map((c) => ({ ...campaignView(c), applied: applied.has(c._id) })),
      page,
      pageSize: PAGE_SIZE,
      total,
    };
  },
});
