/**
 * Exports as resumable jobs (runtime/jobs.ts): reading 200,000 rows a page at a time and writing an XLSX of
 * them does not fit one call's time budget (measured: tests/bench/admin-dashboard.bench.ts), so
 * - phase `rows`: each call reads pages after the checkpointed `_id` until its budget is spent, formats
 *   them (masked) and stores them as one part file (JSON lines, so numbers stay numbers) under
 *   exports/admin/parts/<jobId>/, then checkpoints `{after, parts, done}`. A crashed call's part is simply
 *   written again by the next call (same number, same rows), so no row is lost or doubled;
 * - phase `file`: one call streams the parts into the CSV or XLSX writer (files.ts), uploads the file,
 *   marks the job done with its fileID and deletes the parts.
 * A dashboard table is small: it is written in the first call and the job is created done.
 */
import { randomBytes } from 'node:crypto';
import {
  EXPORT_LISTS,
  type DashboardSection,
  type ExportList,
  type ExportReport,
  type ExportReportView,
  type ReportCell,
} from '../../contract/admin-dashboard';
import type { CableRequestDoc } from '../../core/cable/request';
import { calendarDate } from '../../core/time';
import { audit } from '../../runtime/audit';
import { getCloud, type Database } from '../../runtime/cloud';
import { count, findById, list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import type { Caller } from '../../runtime/router';
import { acquireJob, Budget, DEFAULT_BUDGET_MS, localOnly, releaseJob, type LeasedJob } from '../../runtime/jobs';
import { REQUESTS } from '../../services/cable';
import { getCampaignOrFail } from '../../services/campaigns';
import type { ApplicationDoc, VoucherDoc } from '../../services/documents';
import { tempFileUrls } from '../../services/files';
import { reportWriter, type ReportFormat } from './files';
import {
  applicationRow,
  cableRow,
  LIST_COLUMNS,
  LIST_FIELDS,
  LIST_TITLES,
  poolNames,
  redemptionRow,
  voucherRow,
} from './lists';
import { cableWhere, dashboardSection, PAGE, rangeOf, type Scope } from './sections';

/** Rows per part file (bounds what a call holds in memory). */
const PART_ROWS = 50_000;

/** How long a download link stays valid. */
export const EXPORT_URL_SECONDS = 3600;

export interface ExportJobDoc extends LeasedJob {
  _id: string;
  kind: 'export';
  status: 'running' | 'done' | 'failed';
  phase: 'rows' | 'file' | 'done';
  cursor: number;
  done: number;
  total: number;
  params: {
    report: ExportReport;
    format: ReportFormat;
    campaignId: string | null;
    from: string | null;
    to: string | null;
    title: string;
    fileName: string;
    /** The last `_id` read (rows phase). */
    after: string | null;
    /** The part files written so far (fileIDs, in order). */
    parts: string[];
  };
  fileID?: string | null;
  message?: string | null;
}

export interface ExportRequest extends Scope {
  report: ExportReport;
  format: ReportFormat;
  budgetMs?: number;
  batchSize?: number;
}

const isList = (report: string): report is ExportList => (EXPORT_LISTS as readonly string[]).includes(report);

/** A file name that says what it holds: 申领名单_<campaign>_<date>.csv (no path separators). */
function fileNameOf(title: string, scopeText: string, now: Date, format: ReportFormat): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);
  return `${safe(title)}_${safe(scopeText)}_${calendarDate(now)}.${format}`;
}

const partPath = (jobId: string, n: number) => `exports/admin/parts/${jobId}/part-${String(n).padStart(5, '0')}.jsonl`;
const filePath = (job: Pick<ExportJobDoc, '_id' | 'params'>) => `exports/admin/${job._id}.${job.params.format}`;

/** What a list reads: its collection, filter and how a document becomes a row. */
async function listSource(
  db: Database,
  report: ExportList,
  scope: Scope,
  now: Date,
): Promise<{ collection: string; where: Record<string, unknown>; toRow: (doc: never) => ReportCell[] }> {
  if (report === 'cableList') {
    return {
      collection: REQUESTS,
      where: cableWhere(db, rangeOf(scope, now)),
      toRow: (d: CableRequestDoc) => cableRow(d),
    };
  }
  const campaign = await getCampaignOrFail(db, scope.campaignId!, true);
  const pools = poolNames(campaign.pools);
  const campaignId = campaign._id;
  if (report === 'applicationList') {
    return {
      collection: 'applications',
      where: { campaignId },
      toRow: (a: ApplicationDoc) => applicationRow(a, pools),
    };
  }
  if (report === 'voucherList') {
    return { collection: 'vouchers', where: { campaignId }, toRow: (v: VoucherDoc) => voucherRow(v, pools) };
  }
  return {
    collection: 'vouchers',
    where: { campaignId, status: 'redeemed' },
    toRow: (v: VoucherDoc) => redemptionRow(v, pools),
  };
}

async function upload(cloudPath: string, content: Buffer): Promise<string> {
  const { fileID } = (await getCloud().uploadFile({ cloudPath, fileContent: content })) as { fileID: string };
  return fileID;
}

async function download(fileID: string): Promise<Buffer> {
  const res = (await getCloud().downloadFile({ fileID })) as { fileContent?: Buffer };
  if (!res.fileContent) throw new AppError('INTERNAL', '导出的中间文件丢失，请重新导出');
  return Buffer.isBuffer(res.fileContent) ? res.fileContent : Buffer.from(res.fileContent);
}

async function view(job: ExportJobDoc): Promise<ExportReportView> {
  const progress = { done: job.done, total: job.total };
  if (job.status !== 'done' || !job.fileID) return { jobId: job._id, status: 'running', progress, file: null };
  const url = (await tempFileUrls([job.fileID], EXPORT_URL_SECONDS)).get(job.fileID);
  if (!url) throw new AppError('INTERNAL', '报表文件已生成，但暂时无法获取下载链接，请稍后重试');
  return {
    jobId: job._id,
    status: 'done',
    progress,
    file: { fileID: job.fileID, url, fileName: job.params.fileName, rows: job.done },
  };
}

async function audited(db: Database, caller: Pick<Caller, 'actor'>, job: ExportJobDoc, fileID: string) {
  const p = job.params;
  await audit(db, db, {
    actor: caller.actor,
    action: 'admin.exportReport',
    targetType: 'report',
    targetId: fileID,
    after: {
      jobId: job._id,
      report: p.report,
      format: p.format,
      campaignId: p.campaignId,
      from: p.from,
      to: p.to,
      rows: job.done,
    },
  });
}

/** Starts an export: a dashboard table is written at once; a list becomes a job and makes its first run. */
export async function startExport(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  request: ExportRequest,
  now: Date,
): Promise<ExportReportView> {
  const { report, format } = request;
  const scope: Scope = { campaignId: request.campaignId, from: request.from, to: request.to };
  const jobId = `export-${now.getTime()}-${randomBytes(6).toString('hex')}`;
  const params = {
    report,
    format,
    campaignId: request.campaignId ?? null,
    from: request.from ?? null,
    to: request.to ?? null,
    after: null,
    parts: [] as string[],
  };
  if (!isList(report)) {
    const chart = await dashboardSection(db, report as DashboardSection, scope, now);
    const writer = reportWriter(format, chart.title, chart.table.columns);
    writer.add(chart.table.rows);
    const fileName = fileNameOf(chart.title, chart.scope, now, format);
    const job: ExportJobDoc = {
      _id: jobId,
      kind: 'export',
      status: 'done',
      phase: 'done',
      cursor: 0,
      done: writer.rows,
      total: writer.rows,
      params: { ...params, title: chart.title, fileName },
    };
    job.fileID = await upload(filePath(job), await writer.finish());
    await db.collection('jobs').add({ data: { ...job, createdAt: now, updatedAt: now } });
    await audited(db, caller, job, job.fileID);
    return view(job);
  }
  const source = await listSource(db, report, scope, now);
  const title = LIST_TITLES[report];
  let scopeText: string;
  if (report === 'cableList') {
    const range = rangeOf(scope, now);
    scopeText = `${range.from}至${range.to}`;
  } else {
    scopeText = (await getCampaignOrFail(db, scope.campaignId!, true)).title;
  }
  const total = await count(db.collection(source.collection).where(source.where));
  const job: ExportJobDoc = {
    _id: jobId,
    kind: 'export',
    status: 'running',
    phase: 'rows',
    cursor: 0,
    done: 0,
    total,
    params: { ...params, title, fileName: fileNameOf(title, scopeText, now, format) },
  };
  await db.collection('jobs').add({ data: { ...job, createdAt: now, updatedAt: now } });
  return continueExport(db, caller, { jobId, budgetMs: request.budgetMs, batchSize: request.batchSize }, now);
}

/** Runs an export job for one call's budget; answers its progress, or its file once done. */
export async function continueExport(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  input: { jobId: string; budgetMs?: number; batchSize?: number },
  now: Date,
): Promise<ExportReportView> {
  const existing = await findById<ExportJobDoc>(db, 'jobs', input.jobId);
  if (!existing || existing.kind !== 'export') throw new AppError('NOT_FOUND', '导出任务不存在');
  const budgetMs = (localOnly() && input.budgetMs) || DEFAULT_BUDGET_MS;
  const pageSize = (localOnly() && input.batchSize) || PAGE;
  const acquired = await acquireJob<ExportJobDoc>(db, input.jobId, budgetMs, () => existing);
  if ('busy' in acquired) return view(existing);
  if ('done' in acquired) return view(acquired.done);
  const job = acquired.job;
  const budget = new Budget(budgetMs);
  try {
    const p = job.params;
    if (job.phase === 'rows') {
      const scope: Scope = { campaignId: p.campaignId ?? undefined, from: p.from ?? undefined, to: p.to ?? undefined };
      const source = await listSource(db, p.report as ExportList, scope, now);
      const fields = { ...LIST_FIELDS[p.report as ExportList], _id: true as const };
      const _ = db.command;
      let after = p.after;
      let done = job.done;
      let lines: string[] = [];
      let finished = false;
      const parts = [...p.parts];
      // A part, then the checkpoint: a crash between them rewrites the same part from the old `after`.
      const flush = async () => {
        if (lines.length) {
          const content = Buffer.from(lines.join('\n') + '\n', 'utf8');
          parts.push(await upload(partPath(job._id, parts.length + 1), content));
          lines = [];
        }
        const phase = finished ? 'file' : 'rows';
        const total = Math.max(job.total, done);
        await db
          .collection('jobs')
          .doc(job._id)
          .update({ data: { phase, done, total, 'params.after': after, 'params.parts': parts } });
        Object.assign(job, { phase, done, total });
        Object.assign(p, { after, parts: [...parts] });
      };
      // At least one page per call, so every call advances.
      for (let pages = 0; pages === 0 || !budget.spent(); pages++) {
        const where = after === null ? source.where : { ...source.where, _id: _.gt(after) };
        const page = await list<{ _id: string }>(
          db.collection(source.collection).where(where).orderBy('_id', 'asc').limit(pageSize).field(fields),
        );
        for (const doc of page) lines.push(JSON.stringify(source.toRow(doc as never)));
        if (page.length) after = page[page.length - 1]._id;
        done += page.length;
        if (page.length < pageSize) {
          finished = true;
          break;
        }
        if (lines.length >= PART_ROWS) await flush();
      }
      await flush();
      // Writing the file takes its own call unless most of this one's budget is left.
      if (!finished || budget.elapsed() > budgetMs / 2 || budget.spent()) {
        await releaseJob(db, job._id);
        return view(job);
      }
    }
    // phase 'file'
    const writer = reportWriter(p.format, p.title, LIST_COLUMNS[p.report as ExportList]);
    const partIDs = p.parts;
    for (const id of partIDs) {
      const text = (await download(id)).toString('utf8');
      const rows: ReportCell[][] = [];
      for (const line of text.split('\n')) if (line) rows.push(JSON.parse(line) as ReportCell[]);
      writer.add(rows);
    }
    const fileID = await upload(filePath(job), await writer.finish());
    await releaseJob(db, job._id, { status: 'done', phase: 'done', fileID, done: writer.rows });
    Object.assign(job, { status: 'done', phase: 'done', fileID, done: writer.rows });
    await audited(db, caller, job, fileID);
    if (partIDs.length) {
      // Best effort: the parts are masked rows, and a later clean-up may remove what is left.
      try {
        await getCloud().deleteFile({ fileList: partIDs });
      } catch {
        // Left for a later clean-up.
      }
    }
    return view(job);
  } catch (error) {
    await releaseJob(db, job._id).catch(() => undefined);
    throw error;
  }
}
