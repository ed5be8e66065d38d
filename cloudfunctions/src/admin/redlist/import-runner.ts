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
} from '../../services/import-files';
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

/** What one call of an import has read but not yet checkpointed, and the running totals. */
class ImportProgress<C extends { rows: number; bad: number }, R> {
  readonly counts: C;
  readonly entries: ReportEntry[];
  reportRows: number;
  reportTruncated: number;
  cursor: number;
  total: number;
  /** Rows read so far in this call's pass over the file (all of them, including those skipped). */
  index = 0;
  private rows: { line: number; record: R; warnings: string[] }[] = [];
  private pending: ReportEntry[] = [];
  private pendingCounts: C;

  constructor(
    private readonly db: Database,
    private readonly spec: ImportSpec<C, R>,
    private readonly job: ImportJobDoc<C>,
    private readonly runId: string,
  ) {
    this.counts = { ...spec.emptyCounts(), ...job.counts };
    this.entries = [...(job.errors ?? [])];
    this.reportRows = job.reportRows ?? 0;
    this.reportTruncated = job.reportTruncated ?? 0;
    this.cursor = job.cursor;
    this.total = job.total;
    this.pendingCounts = spec.emptyCounts();
  }

  get buffered(): number {
    return this.rows.length + this.pending.length;
  }

  /** Takes the next parsed row; rows before the checkpointed cursor were done by an earlier call. */
  add(row: ParsedRow<R>): void {
    if (this.index++ < this.cursor) return;
    this.pendingCounts.rows++;
    if (row.ok) this.rows.push(row);
    else {
      this.pendingCounts.bad++;
      this.pending.push({ line: row.line, kind: 'bad', reason: row.reason });
    }
  }

  /** Writes the buffered rows, then records the new cursor, counts and report lines on the job. */
  async checkpoint(): Promise<void> {
    const _ = this.db.command;
    const outcome: BatchOutcome<C> = this.rows.length
      ? await this.spec.writeBatch(this.rows, this.runId)
      : { counts: {}, entries: [] };
    add(this.pendingCounts, outcome.counts);
    const newEntries = [...this.pending, ...outcome.entries];
    const stored = newEntries.slice(0, Math.max(0, REPORT_LIMIT - this.reportRows));
    this.reportRows += stored.length;
    this.reportTruncated += newEntries.length - stored.length;
    this.entries.push(...stored);
    add(this.counts, this.pendingCounts);
    this.cursor = this.index;
    this.total = Math.max(this.total, this.cursor);
    await this.db
      .collection('jobs')
      .doc(this.job._id)
      .update({
        data: {
          cursor: this.cursor,
          done: this.cursor,
          total: this.total,
          counts: _.set(this.counts),
          ...(stored.length ? { errors: _.push(stored) } : {}),
          reportRows: this.reportRows,
          reportTruncated: this.reportTruncated,
          updatedAt: this.db.serverDate(),
        },
      });
    this.rows = [];
    this.pending = [];
    this.pendingCounts = this.spec.emptyCounts();
  }

  /** The job as it stands, for the progress view. */
  snapshot(): ImportJobDoc<C> {
    const { cursor, total, counts, reportRows, reportTruncated } = this;
    return { ...this.job, cursor, done: cursor, total, counts, reportRows, reportTruncated };
  }

  /** A file with no rows, or with only bad ones, says so in one sentence. */
  message(): string | null {
    if (this.counts.rows === 0) return '文件中没有数据行';
    if (this.counts.bad !== this.counts.rows) return null;
    // A header problem or an unreadable file is one error: say what it was.
    return this.counts.bad === 1 && this.entries[0]
      ? `未导入：${this.entries[0].reason}`
      : '所有数据行均有错误，未导入';
  }
}

/** Reads the file from the job's cursor, checkpointing every batch; false when the budget ran out first. */
async function importRows<C extends { rows: number; bad: number }, R>(
  spec: ImportSpec<C, R>,
  file: { format: ImportFormat; data: Buffer },
  today: string,
  progress: ImportProgress<C, R>,
  budget: Budget,
  batchSize: number,
): Promise<boolean> {
  for await (const row of spec.parse(file, today)) {
    progress.add(row);
    if (progress.buffered >= batchSize) {
      await progress.checkpoint();
      if (budget.spent()) return false;
    }
  }
  if (progress.buffered) await progress.checkpoint();
  return true;
}

/**
 * Imports a file as a resumable job: rows in checkpointed batches within the call's budget (a call
 * out of budget answers `running`, the next resumes at the cursor), then the error report and audit.
 */
export async function runImport<C extends { rows: number; bad: number }, R>(
  db: Database,
  caller: Pick<Caller, 'actor'>,
  spec: ImportSpec<C, R>,
  options: ImportOptions,
): Promise<ImportProgressView<C>> {
  const budget = new Budget(options.budgetMs ?? DEFAULT_BUDGET_MS);
  const jobId = jobIdFor(spec.jobPrefix, options.fileID);

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
  if (acquired.fresh) {
    await audit(db, db, {
      actor: caller.actor,
      action: `${spec.auditAction}.start`,
      targetType: 'job',
      targetId: jobId,
      after: { fileID: options.fileID, format, attempt: job.attempt },
    });
  }

  const progress = new ImportProgress(db, spec, job, `${jobId}#${job.attempt}`);
  let finished: boolean;
  try {
    const today = calendarDate(options.now ?? new Date());
    finished = await importRows(spec, { format, data }, today, progress, budget, options.batchSize ?? DEFAULT_BATCH);
  } catch (error) {
    await releaseJob(db, jobId).catch(() => undefined);
    throw error;
  }
  if (!finished) {
    await releaseJob(db, jobId);
    return view(progress.snapshot(), 'running');
  }

  const { entries, reportTruncated, cursor, counts } = progress;
  const reportFileID =
    entries.length || reportTruncated
      ? await uploadReport(jobId, job.attempt, reportCsv(entries, reportTruncated))
      : null;
  const final = {
    status: 'done' as const,
    phase: 'done' as const,
    cursor,
    done: cursor,
    total: cursor,
    reportFileID,
    message: progress.message(),
  };
  await releaseJob(db, jobId, final);
  await audit(db, db, {
    actor: caller.actor,
    action: `${spec.auditAction}.done`,
    targetType: 'job',
    targetId: jobId,
    after: { fileID: options.fileID, counts, reportFileID },
  });
  return view({ ...progress.snapshot(), ...final });
}
