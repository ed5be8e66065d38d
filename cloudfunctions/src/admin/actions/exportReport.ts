import { exportReportInput, type ExportReportView } from '../../contract/admin-dashboard';
import { action } from '../../runtime/router';
import { continueExport, startExport } from '../reports/export-job';

/**
 * Admins: a dashboard table or an admin list (applications, vouchers, redemptions of a campaign; cable
 * requests of a date range) as a CSV or XLSX file made by the server, personal data masked. A list is a
 * resumable job (reports/export-job.ts): call again with the answered jobId while it says `running`; once
 * `done`, the answer holds the file's fileID and a temporary download URL.
 */
export const exportReport = action({
  access: 'admin',
  input: exportReportInput,
  async handler(input, { caller, db, now }): Promise<ExportReportView> {
    if (input.jobId) return continueExport(db, caller, { ...input, jobId: input.jobId }, now);
    return startExport(db, caller, { ...input, report: input.report!, format: input.format! }, now);
  },
});
