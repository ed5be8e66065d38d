import type { AdminApi } from '../contract/admin';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { cableStats } from './actions/cableStats';
import { campaignDetail } from './actions/campaignDetail';
import { campaignStats } from './actions/campaignStats';
import { closeCampaign } from './actions/closeCampaign';
import { closeDueCampaigns } from './actions/closeDueCampaigns';
import { createCampaign } from './actions/createCampaign';
import { dashboard } from './actions/dashboard';
import { draw } from './actions/draw';
import { evaluateRedlist } from './actions/evaluateRedlist';
import { expireVouchers } from './actions/expireVouchers';
import { exportReport } from './actions/exportReport';
import { grantRole } from './actions/grantRole';
import { importEnterprises } from './actions/importEnterprises';
import { importInspections } from './actions/importInspections';
import { importJobs } from './actions/importJobs';
import { jobStatus } from './actions/jobStatus';
import { listCampaigns } from './actions/listCampaigns';
import { listEnterpriseClaims } from './actions/listEnterpriseClaims';
import { listEnterpriseVerifications } from './actions/listEnterpriseVerifications';
import { noticeStatus } from './actions/noticeStatus';
import { openCampaign } from './actions/openCampaign';
import { promoteWaitlist } from './actions/promoteWaitlist';
import { publishResults } from './actions/publishResults';
import { resolveEnterpriseClaim } from './actions/resolveEnterpriseClaim';
import { reviewEnterpriseVerification } from './actions/reviewEnterpriseVerification';
import { revokeRole } from './actions/revokeRole';
import { sendNotifications } from './actions/sendNotifications';
import { updateCampaign } from './actions/updateCampaign';
import { upsertHospital } from './actions/upsertHospital';
import { warningList } from './actions/warningList';

/**
 * `admin`: the regulator's operations, run from the CloudBase console or by timers (both recognised from the
 * platform context, runtime/caller.ts), or by
 * a user holding the admin role.
 */
export const main = createFunction(
  {
    listCampaigns,
    createCampaign,
    updateCampaign,
    openCampaign,
    closeCampaign,
    closeDueCampaigns,
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
    // campaign pages (helper: campaigns)
    campaignDetail,
    // dashboards and exports (helper: dashboard)
    dashboard,
    exportReport,
    // imports page (helper: imports)
    importJobs,
    // result notices (helper: notices)
    noticeStatus,
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
