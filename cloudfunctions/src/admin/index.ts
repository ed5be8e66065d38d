import type { AdminApi } from '../contract/admin';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { cableStats } from './actions/cable';
import { closeCampaign, closeDue, createCampaign, openCampaign, updateCampaign } from './actions/campaigns';
import { listAllCampaigns, listEnterpriseClaims, resolveEnterpriseClaim } from './actions/claims';
import { jobStatus } from './actions/jobs';
import { sendNotifications } from './actions/outbox';
import { grantRole, revokeRole, upsertHospital } from './actions/people';
import { evaluateRedlist, importEnterprises, importInspections, warningList } from './actions/redlist';
import { listEnterpriseVerifications, reviewEnterpriseVerification } from './actions/verifications';
import { campaignStats, draw, expireVouchers, promoteWaitlist, publishResults } from './actions/vouchers';

/**
 * `admin`: the regulator's operations, run from the CloudBase console (no OPENID), by timers, or by
 * a user holding the admin role.
 */
export const main = createFunction(
  {
    listCampaigns: listAllCampaigns,
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
    listEnterpriseClaims,
    resolveEnterpriseClaim,
    listEnterpriseVerifications,
    reviewEnterpriseVerification,
    cableStats,
    importEnterprises,
    importInspections,
    evaluateRedlist,
    warningList,
    sendNotifications,
  } satisfies ActionTableFor<AdminApi> & Record<string, unknown>,
  {
    timers: {
      closeDueCampaigns: 'closeDueCampaigns',
      expireVouchers: 'expireVouchers',
      // Monthly red list for the month just ended; the later firings that day resume it or no-op.
      evaluateRedlist: 'evaluateRedlist',
      // Delivers the outbox's queued subscribe messages.
      sendNotifications: 'sendNotifications',
    },
  },
);
