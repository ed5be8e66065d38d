import { adminListCampaignsInput } from '../../contract/admin';
import { fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import type { CampaignDoc } from '../../services/documents';
import { campaignView } from '../../services/views';
import { PAGE_SIZE } from '../claim-views';

/** Every campaign, drafts included, newest first. */
export const listCampaigns = action({
  access: 'admin',
  input: adminListCampaignsInput,
  async handler({ page }, { db }) {
    const query = db.collection('campaigns').where({});
    const { docs, total } = await fetchPage<CampaignDoc>(query, [['opensAt', 'desc']], page, PAGE_SIZE);
    return { items: docs.map(campaignView), page, pageSize: PAGE_SIZE, total };
  },
});
