import { createFunction } from '../runtime/router';
import { closeCampaign, closeDue, createCampaign, openCampaign, updateCampaign } from './actions/campaigns';
import { jobStatus } from './actions/jobs';
import { grantRole, revokeRole, upsertHospital } from './actions/people';
import { campaignStats, draw, expireVouchers, promoteWaitlist, publishResults } from './actions/vouchers';

/**
 * `admin`: the regulator's operations, run from the CloudBase console (no OPENID), by timers, or by
 * a user holding the admin role.
 */
export const main = createFunction(
  {
    createCampaign,
    updateCampaign,
    openCampaign,
    closeCampaign,
    closeDueCampaigns: closeDue,
    draw,
    publishResults,
    promoteWaitlist,
    campaignStats,
    jobStatus,
    expireVouchers,
    upsertHospital,
    grantRole,
    revokeRole,
  },
  { timers: { closeDueCampaigns: 'closeDueCampaigns', expireVouchers: 'expireVouchers' } },
);
