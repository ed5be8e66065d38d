/**
 * The resumable import loop shared by the registry and the inspection imports.
 *
 * Each call downloads the file and streams it from the start (parsing is deterministic, and
 * in-file duplicate detection needs the earlier rows), skips the results a previous call already
 * handled (the job's `cursor`), and handles the rest in batches. After each batch it checkpoints
 * the cursor, the counts and the report rows; once its time budget is spent it returns
 * `running` and the next call with the same fileID continues. Batches are idempotent (rows are
 * identified by key), so a crash between a write and its checkpoint only repeats that batch.
 */
import type { ImportProgressView } from '../../contract/redlist';
import type { ImportFormat, ParsedRow } from '../../core/redlist/import';
import { calendarDate } from '../../core/time';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { findById } from '../../runtime/db';
import type { Caller } from '../../runtime/router';
import {
  downloadImportFile,
  formatOf,
  jobIdFor,
  REPORT_LIMIT,
  reportCsv,
  uploadReport,
  type ReportEntry,
} from './files';
import { acquireJob, Budget, DEFAULT_BUDGET_MS, releaseJob, type LeasedJob } from '../../runtime/jobs';

export type ImportKind = 'importInspections' | 'importEnterprises';

export interface ImportJobDoc<C> extends LeasedJob {
  kind: ImportKind;
  phase: 'importing' | 'done';
  /** Parse results (rows and row errors) handled so far. */
  cursor: number;
  done: number;
  total: number;
  attempt: number;
  params: { fileID: string; format: ImportFormat };
  counts: C;
  errors: ReportEntry[];
  reportRows: number;
  reportTruncated: number;
  reportFileID: string | null;
  message: string | null;
}

export interface BatchOutcome<C> {
  counts: Partial<C>;
  entries: ReportEntry[];
}

export interface ImportSpec<C extends { rows: number; bad: number }, R> {
  kind: ImportKind;
  jobPrefix: string;
  emptyCounts: () => C;
  parse: (source: { format: ImportFormat; data: Buffer }, today: string) => AsyncIterable<ParsedRow<R>>;
  /** Writes one batch of good rows; `runId` identifies this job attempt (stored on written rows). */
  writeBatch: (rows: { line: number; record: R; warnings: string[] }[], runId: string) => Promise<BatchOutcome<C>>;
  auditAction: string;
}

export interface ImportOptions {
  fileID: string;
  restart?: boolean;
  budgetMs?: number;
  batchSize?: number;
  now?: Date;
}

const DEFAULT_BATCH = 500;

function view<C>(job: ImportJobDoc<C>, status?: 'running' | 'done'): ImportProgressView<C> {
  return {
    jobId: job._id,
    kind: job.kind,
    status: status ?? (job.status === 'done' ? 'done' : 'running'),
    fileID: job.params.fileID,
    progress: { done: job.done, total: job.total },
    counts: job.counts,
    reportFileID: job.reportFileID,
    reportRows: job.reportRows,
    message: job.message,
  };
}

/** CSV lines minus the header: a progress estimate (quoted fields may span lines); XLSX: unknown (0). */
function estimateRows(format: ImportFormat, data: Buffer): number {
  if (format !== 'csv') return 0;
  let lines = 0;
  for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) lines++;
  if (data.length && data[data.length - 1] !== 10) lines++;
  return Math.max(0, lines - 1);
}

function add<C>(into: C, delta: Partial<C>): void {
  const target = into as Record<string, number>;
  for (const [key, value] of Object.entries(delta as Record<string, number>)) target[key] = (target[key] ?? 0) + value;
}

export async function runImport<C extends { rows: number; bad: number }, R>(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  spec: ImportSpec<C, R>,
  options: ImportOptions,
): Promise<ImportProgressView<C>> {
  const budget = new Budget(options.budgetMs ?? DEFAULT_BUDGET_MS);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const jobId = jobIdFor(spec.jobPrefix, options.fileID);
  const _ = db.command;

  const previous = await findById<ImportJobDoc<C>>(db, 'jobs', jobId);
  if (previous?.status === 'done' && !options.restart) return view(previous);

  const data = await downloadImportFile(options.fileID);
  const format = formatOf(options.fileID, data);
  const fresh = (attempt: number): ImportJobDoc<C> => ({
    _id: jobId,
    kind: spec.kind,
    status: 'running',
    phase: 'importing',
    cursor: 0,
    done: 0,
    total: estimateRows(format, data),
    attempt,
    params: { fileID: options.fileID, format },
    counts: spec.emptyCounts(),
    errors: [],
    reportRows: 0,
    reportTruncated: 0,
    reportFileID: null,
    message: null,
  });
  const acquired = await acquireJob<ImportJobDoc<C>>(db, jobId, budget.ms, () => fresh(1), {
    restart: options.restart ? (prev) => fresh((prev.attempt ?? 1) + 1) : undefined,
  });
  if ('done' in acquired) return view(acquired.done);
  if ('busy' in acquired) {
    const current = await findById<ImportJobDoc<C>>(db, 'jobs', jobId);
    return view(current ?? fresh(1), 'running');
  }
  const job = acquired.job;
  const runId = `${jobId}#${job.attempt}`;
  if (acquired.fresh) {
    await audit(db, db, {
      actor: caller.actor,
      action: `${spec.auditAction}.start`,
      targetType: 'job',
      targetId: jobId,
      after: { fileID: options.fileID, format, attempt: job.attempt },
    });
  }

  const counts = { ...spec.emptyCounts(), ...job.counts };
  const entries = [...(job.errors ?? [])];
  let reportRows = job.reportRows ?? 0;
  let reportTruncated = job.reportTruncated ?? 0;
  let cursor = job.cursor;
  let total = job.total;

  let index = 0;
  let rows: { line: number; record: R; warnings: string[] }[] = [];
  let pending: ReportEntry[] = [];
  let pendingCounts = spec.emptyCounts();
  let stopped = false;

  const checkpoint = async () => {
    const outcome: BatchOutcome<C> = rows.length ? await spec.writeBatch(rows, runId) : { counts: {}, entries: [] };
    add(pendingCounts, outcome.counts);
    const newEntries = [...pending, ...outcome.entries];
    const room = Math.max(0, REPORT_LIMIT - reportRows);
    const stored = newEntries.slice(0, room);
    reportRows += stored.length;
    reportTruncated += newEntries.length - stored.length;
    entries.push(...stored);
    add(counts, pendingCounts);
    cursor = index;
    total = Math.max(total, cursor);
    await db
      .collection('jobs')
      .doc(jobId)
      .update({
        data: {
          cursor,
          done: cursor,
          total,
          counts: _.set(counts),
          ...(stored.length ? { errors: _.push(stored) } : {}),
          reportRows,
          reportTruncated,
          updatedAt: db.serverDate(),
        },
      });
    rows = [];
    pending = [];
    pendingCounts = spec.emptyCounts();
  };

  try {
    for await (const row of spec.parse({ format, data }, calendarDate(options.now ?? new Date()))) {
      if (index < cursor) {
        index++;
        continue;
      }
      index++;
      pendingCounts.rows++;
      if (row.ok) rows.push(row);
      else {
        pendingCounts.bad++;
        pending.push({ line: row.line, kind: 'bad', reason: row.reason });
      }
      if (rows.length + pending.length >= batchSize) {
        await checkpoint();
        if (budget.spent()) {
          stopped = true;
          break;
        }
      }
    }
    if (!stopped && (rows.length || pending.length)) await checkpoint();
  } catch (error) {
    await releaseJob(db, jobId).catch(() => undefined);
    throw error;
  }

  if (stopped) {
    await releaseJob(db, jobId);
    return view({ ...job, cursor, done: cursor, total, counts, reportRows, reportTruncated }, 'running');
  }

  const reportFileID =
    entries.length || reportTruncated
      ? await uploadReport(jobId, job.attempt, reportCsv(entries, reportTruncated))
      : null;
  let message: string | null = null;
  if (counts.rows === 0) message = '文件中没有数据行';
  else if (counts.bad === counts.rows) {
    // A header problem or an unreadable file is one error: say what it was.
    message = counts.bad === 1 && entries[0] ? `未导入：${entries[0].reason}` : '所有数据行均有错误，未导入';
  }
  const final = {
    status: 'done' as const,
    phase: 'done' as const,
    cursor,
    done: cursor,
    total: cursor,
    reportFileID,
    message,
  };
  await releaseJob(db, jobId, final);
  await audit(db, db, {
    actor: caller.actor,
    action: `${spec.auditAction}.done`,
    targetType: 'job',
    targetId: jobId,
    after: { fileID: options.fileID, counts, reportFileID },
  });
  return view({ ...job, ...final, counts, reportRows, reportTruncated });
}
