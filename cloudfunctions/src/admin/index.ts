import { createFunction } from '../runtime/router';
import { cableStats } from './actions/cable';
import { closeCampaign, closeDue, createCampaign, openCampaign, updateCampaign } from './actions/campaigns';
import { jobStatus } from './actions/jobs';
import { grantRole, revokeRole, upsertHospital } from './actions/people';
import { evaluateRedlist, importEnterprises, importInspections, warningList } from './actions/redlist';
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
    cableStats,
    importEnterprises,
    importInspections,
    evaluateRedlist,
    warningList,
  },
  {
    timers: {
      closeDueCampaigns: 'closeDueCampaigns',
      expireVouchers: 'expireVouchers',
      // Monthly red list for the month just ended; the later firings that day resume it or no-op.
      evaluateRedlist: 'evaluateRedlist',
    },
  },
);
