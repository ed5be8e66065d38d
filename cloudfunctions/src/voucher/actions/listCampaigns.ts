import { listCampaignsInput } from '../../contract/voucher';
import { fetchPage } from '../../runtime/db';
import { action } from '../../runtime/router';
import type { CampaignDoc } from '../../services/documents';
import { campaignView } from '../../services/views';

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
