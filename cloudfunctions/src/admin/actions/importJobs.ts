/**
 * `importJobs` (admin): the recent import and red-list evaluation jobs, newest first, with their status,
 * progress and counts, so the 导入与红榜 page can resume a running one after it was left, and hand out a
 * finished import's error report as a signed link.
 */
import {
  IMPORT_JOB_KINDS,
  importJobsInput,
  type ImportJobsView,
  type ImportJobView,
} from '../../contract/admin-imports';
import type { EnterpriseImportCounts, InspectionImportCounts } from '../../contract/redlist';
import type { Database } from '../../runtime/cloud';
import { list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { tempFileUrls } from '../../services/files';
import type { ImportJobDoc } from '../redlist/import-runner';
import type { EvaluateJobDoc } from '../redlist/evaluate';

/** How long a report link works (seconds). */
const REPORT_URL_SECONDS = 2 * 3600;

type Stamped = { createdAt?: Date | string | null; updatedAt?: Date | string | null };
type JobDoc = (ImportJobDoc<InspectionImportCounts | EnterpriseImportCounts> | EvaluateJobDoc) & Stamped;

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

function jobView(job: JobDoc, urls: Map<string, string>): ImportJobView {
  const base = {
    jobId: job._id,
    status: job.status,
    progress: { done: job.done ?? 0, total: Math.max(job.total ?? 0, job.done ?? 0) },
    startedAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
  };
  if (job.kind === 'evaluateRedlist') {
    return { ...base, kind: job.kind, version: job.params.version, asOf: job.params.asOf };
  }
  const report = job.reportFileID ? (urls.get(job.reportFileID) ?? null) : null;
  const fields = {
    ...base,
    fileID: job.params.fileID,
    reportRows: job.reportRows ?? 0,
    reportUrl: report,
    message: job.message ?? null,
  };
  return job.kind === 'importInspections'
    ? { ...fields, kind: job.kind, counts: job.counts as InspectionImportCounts }
    : { ...fields, kind: job.kind, counts: job.counts as EnterpriseImportCounts };
}

async function recentJobs(db: Database, limit: number): Promise<JobDoc[]> {
  const _ = db.command;
  return list<JobDoc>(
    db
      .collection('jobs')
      .where({ kind: _.in([...IMPORT_JOB_KINDS]) })
      .orderBy('createdAt', 'desc')
      // Two jobs started in the same millisecond still list in one order.
      .orderBy('_id', 'desc')
      .limit(limit)
      // The report rows and the evaluation plan stay on the job: they can be large.
      .field({ errors: false, bounds: false, leaseUntil: false }),
  );
}

export const importJobs = action({
  access: 'admin',
  input: importJobsInput,
  async handler({ limit }, { db }): Promise<ImportJobsView> {
    const jobs = await recentJobs(db, limit);
    const reports = jobs.flatMap((j) => (j.kind !== 'evaluateRedlist' && j.reportFileID ? [j.reportFileID] : []));
    const urls = await tempFileUrls(reports, REPORT_URL_SECONDS);
    return { items: jobs.map((j) => jobView(j, urls)), reportUrlExpiresIn: REPORT_URL_SECONDS };
  },
});
