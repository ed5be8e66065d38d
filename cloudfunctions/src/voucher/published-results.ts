import { AppError } from '../runtime/errors';
import type { CampaignDoc } from '../services/documents';

export function assertPublished(campaign: CampaignDoc): void {
  if (campaign.status !== 'published') throw new AppError('CAMPAIGN_STATE', '摇号结果尚未公布');
}
