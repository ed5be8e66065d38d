import type { ActionOutput } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { monthBefore, monthEnd } from '../../../shared/redlist-months';
import { TIER_LABELS, TIERS } from '../../../shared/redlist-tiers';
import { randomId } from '../../../utils/cable';
import { confirmModal, uploadToCloud } from '../../../utils/cable-wx';
import { fill, groupDigits } from '../../../utils/format';
import { openPage, TAB_PAGES, withQuery } from '../../../utils/nav';
import { REDLIST_PAGES } from '../../../utils/redlist';
import { formatChineseDate, formatDate, formatDateTime } from '../../../utils/time';
import { chooseTableFile, shareDownload, tableExtension } from '../files';

/** Jobs listed under 最近的任务. */
const JOBS_SHOWN = 10;
/** Warning-list rows shown with a published version (the rest: the console's warningList). */
const WARNINGS_SHOWN = 5;
/**
 * A `running` answer without progress means another call holds the job (this page's own earlier call,
 * still working after the page was left and opened again): wait this long before asking again.
 */
const IDLE_RETRY_MS = 3000;

type ImportJobView = ActionOutput<'admin', 'importJobs'>['items'][number];
type ImportKind = 'importInspections' | 'importEnterprises';
type JobKind = ImportJobView['kind'];

const TEXT = {
  title: '导入与红榜',
  intro: '导入监督抽查结果和企业名录，再按月评估并发布红榜。导入和评估分多次完成，离开本页后回来会接着进行。',
  colon: '：',
  sep: ' · ',
  kinds: {
    importInspections: '抽检结果导入',
    importEnterprises: '企业名录导入',
    evaluateRedlist: '红榜评估',
  } as Record<JobKind, string>,
  // Imports
  inspectionsTitle: '导入抽检结果',
  inspectionsHint:
    '监督抽查结果（CSV 或 XLSX，列见红榜数据说明）。没有统一社会信用代码的行按企业名称匹配企业名录；同一条结果不会重复写入。',
  enterprisesTitle: '导入企业名录',
  enterprisesHint:
    '企业名录（CSV 或 XLSX：统一社会信用代码、企业名称、曾用名、地址）。已有企业按名录更新，改名时保留曾用名。',
  choose: '选择文件并导入',
  badExtension: '请选择 CSV 或 XLSX 文件',
  uploadFailed: '文件上传失败，请重试',
  confirmImportTitle: '确认导入',
  confirmInspections:
    '将把「{name}」中的抽检结果写入抽检库：已导入过的结果不重复写入，有问题的行不写入并列入错误报告。导入后需重新评估红榜才会反映到榜单。',
  confirmEnterprises:
    '将按「{name}」新增或更新企业名录：企业名称变更时旧名称记为曾用名，企业的认领绑定不受影响；有问题的行不写入并列入错误报告。',
  confirmImport: '开始导入',
  // The task in progress
  uploading: '正在上传文件…',
  runningTitle: '正在进行：{kind}',
  runningEvaluate: '正在评估 {version} 期红榜',
  rowsOf: '已处理 {done} / {total} 行（{percent}%）',
  rows: '已处理 {done} 行',
  enterprisesOf: '已评估 {done} / {total} 家企业（{percent}%）',
  enterprisesDone: '已评估 {done} 家企业',
  planning: '正在统计抽检记录…',
  leaveHint: '可以离开本页，回来后会接着进行。',
  // Import results
  importDone: '{kind}完成',
  inspectionCounts:
    '共 {rows} 行：新写入 {inserted}，已导入过 {unchanged}，有错误 {bad}，未匹配到企业 {unmatched}，匹配到多家企业 {ambiguous}，带提示写入 {warnings}',
  enterpriseCounts: '共 {rows} 行：新增 {created}，更新 {updated}，未变化 {unchanged}，有错误 {bad}',
  reportRows: '错误报告列出 {n} 行（按文件行号，表头为第 1 行）',
  noProblems: '没有需要处理的行',
  shareReport: '分享错误报告',
  copyReport: '复制错误报告链接',
  linkHint: '链接 2 小时内有效，可在电脑浏览器中打开下载。',
  shareUnsupported: '当前环境不能分享文件，请复制链接',
  downloadFailed: '报告下载失败，请复制链接',
  // Evaluation
  evaluateTitle: '评估并发布红榜',
  evaluateHint: '按所选月份的最后一天评估全部抽检记录，评定十年榜、五年榜、三年榜，完成后立即发布。',
  monthLabel: '榜单月份',
  asOf: '评价日期 {date}',
  evaluate: '评估并发布',
  confirmEvaluateTitle: '确认评估并发布',
  confirmEvaluate:
    '将按 {date} 评估 {version} 期红榜：读取截至该日的全部抽检记录，评定各企业的榜单等级和警示名单，完成后立即公开发布，公众即可查询。若该期已发布，将直接显示已发布的结果。',
  confirmEvaluateOk: '评估并发布',
  published: '{version} 期红榜已发布',
  publishedOn: '发布于 {at}',
  tierRow: '{n} 家',
  totalLabel: '合计',
  changes: '较上一期（{previous}）：新进入 {entries} 家，退出 {exits} 家，升级 {up} 家，降级 {down} 家',
  firstVersion: '这是第一期榜单，没有上一期可比较',
  warnings: '警示名单 {n} 家',
  failures: '不合格 {n} 次',
  lastFail: '最近 {date}',
  viewRedlist: '查看红榜',
  viewTier: '查看{tier}',
  // Job list
  jobsTitle: '最近的任务',
  jobsLoading: '正在加载任务',
  jobsEmpty: '还没有导入或评估任务',
  jobsFailed: '任务加载失败',
  status: { running: '进行中', done: '已完成', failed: '失败' } as Record<ImportJobView['status'], string>,
  startedAt: '开始于 {at}',
  version: '{version} 期',
};

interface ActiveTask {
  title: string;
  percent: number;
  progressText: string;
}

interface ImportShown {
  title: string;
  summary: string;
  message: string;
  reportText: string;
  reportUrl: string;
}

interface EvaluationShown {
  title: string;
  /** Short parts shown unbroken (dates), joined by · */
  dates: string[];
  tiers: { code: string; label: string; count: string }[];
  total: string;
  changes: string;
  warningsTitle: string;
  warnings: { key: string; name: string; parts: string[] }[];
  version: string;
}

interface JobRow {
  jobId: string;
  kindLabel: string;
  status: ImportJobView['status'];
  statusText: string;
  startedText: string;
  detail: string;
  /** An evaluation's version and date, each shown unbroken. */
  parts: string[];
  progressText: string;
  reportUrl: string;
}

type Progress = { status: 'running' | 'done'; progress: { done: number; total: number } };
type ImportReply = ActionOutput<'admin', 'importInspections'> | ActionOutput<'admin', 'importEnterprises'>;
type ImportCounts = ImportReply['counts'];

const count = (n: number) => groupDigits(n);

/** The months to choose from end at the last one finished (the monthly timer evaluates it). */
function lastFinishedMonth(now = Date.now()): string {
  return monthBefore(formatDate(now));
}

const percentOf = ({ done, total }: { done: number; total: number }) =>
  total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;

function progressText(kind: JobKind, progress: { done: number; total: number }): string {
  const values = { done: count(progress.done), total: count(progress.total), percent: percentOf(progress) };
  if (kind === 'evaluateRedlist') {
    if (progress.total === 0) return TEXT.planning;
    return fill(progress.done >= progress.total ? TEXT.enterprisesDone : TEXT.enterprisesOf, values);
  }
  // An XLSX file's row count is known only at the end.
  return progress.total > 0 ? fill(TEXT.rowsOf, values) : fill(TEXT.rows, values);
}

function countsText(kind: ImportKind, counts: ImportCounts): string {
  const c = counts as unknown as Record<string, number>;
  const values = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, count(v)]));
  return fill(kind === 'importInspections' ? TEXT.inspectionCounts : TEXT.enterpriseCounts, values);
}

function importShown(
  kind: ImportKind,
  counts: ImportCounts,
  message: string | null,
  reportRows: number,
  reportUrl: string | null,
): ImportShown {
  return {
    title: fill(TEXT.importDone, { kind: TEXT.kinds[kind] }),
    summary: countsText(kind, counts),
    message: message ?? '',
    reportText: reportRows ? fill(TEXT.reportRows, { n: count(reportRows) }) : TEXT.noProblems,
    reportUrl: reportUrl ?? '',
  };
}

function evaluationShown(
  result: ActionOutput<'admin', 'evaluateRedlist'>,
  warnings: ActionOutput<'admin', 'warningList'> | null,
): EvaluationShown | null {
  const s = result.summary;
  if (!s) return null;
  const c = s.changes;
  return {
    title: fill(TEXT.published, { version: s.version }),
    dates: [
      fill(TEXT.asOf, { date: formatChineseDate(s.asOf) }),
      fill(TEXT.publishedOn, { at: s.publishedAt ? formatDateTime(s.publishedAt) : '—' }),
    ],
    tiers: TIERS.map((code) => ({
      code,
      label: TIER_LABELS[code],
      count: fill(TEXT.tierRow, { n: count(s.counts[code]) }),
    })),
    total: fill(TEXT.tierRow, { n: count(s.counts.total) }),
    changes: c.previousVersion
      ? fill(TEXT.changes, {
          previous: c.previousVersion,
          entries: count(c.entries),
          exits: count(c.exits),
          up: count(c.tierUp),
          down: count(c.tierDown),
        })
      : TEXT.firstVersion,
    warningsTitle: fill(TEXT.warnings, { n: count(result.warnings ?? warnings?.total ?? 0) }),
    warnings: (warnings?.items ?? []).map((w) => ({
      key: w.uscc,
      name: w.name,
      parts: [fill(TEXT.failures, { n: w.failures }), fill(TEXT.lastFail, { date: formatChineseDate(w.lastFailAt) })],
    })),
    version: s.version,
  };
}

function jobRow(job: ImportJobView): JobRow {
  let detail = '';
  let parts: string[] = [];
  if (job.kind === 'evaluateRedlist') {
    parts = [fill(TEXT.version, { version: job.version }), fill(TEXT.asOf, { date: formatChineseDate(job.asOf) })];
  } else {
    detail = job.status === 'done' ? countsText(job.kind, job.counts) : '';
    if (job.message) detail = detail ? `${detail}。${job.message}` : job.message;
  }
  return {
    jobId: job.jobId,
    kindLabel: TEXT.kinds[job.kind],
    status: job.status,
    statusText: TEXT.status[job.status],
    startedText: job.startedAt ? fill(TEXT.startedAt, { at: formatDateTime(job.startedAt) }) : '',
    detail,
    parts,
    progressText: job.status === 'running' ? progressText(job.kind, job.progress) : '',
    reportUrl: job.kind !== 'evaluateRedlist' ? (job.reportUrl ?? '') : '',
  };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Per page instance: the task loop running (one at a time) and whether the page is gone. */
const runs = new WeakMap<object, { running: boolean; unloaded: boolean }>();
const runOf = (page: object) => {
  let run = runs.get(page);
  if (!run) runs.set(page, (run = { running: false, unloaded: false }));
  return run;
};

/**
 * 导入与红榜 (admins): upload the inspections file or the enterprise registry and run its import, evaluate
 * and publish a month's red list; both are resumable jobs, called again while they answer `running`, with
 * a progress bar. Recent jobs are listed (importJobs), and one still running is resumed when the page
 * shows again, so leaving the page never abandons a job.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    jobs: [] as JobRow[],
    busy: false,
    active: null as ActiveTask | null,
    importResult: null as ImportShown | null,
    evaluation: null as EvaluationShown | null,
    month: lastFinishedMonth(),
    lastMonth: lastFinishedMonth(),
    asOfText: fill(TEXT.asOf, { date: formatChineseDate(monthEnd(lastFinishedMonth())) }),
    tierLinks: TIERS.map((code) => ({ code, label: fill(TEXT.viewTier, { tier: TIER_LABELS[code] }) })),
  },
  onShow() {
    this.loadJobs(true);
  },
  onUnload() {
    runOf(this).unloaded = true;
  },
  async onPullDownRefresh() {
    await this.loadJobs(true);
    wx.stopPullDownRefresh();
  },
  /** The recent jobs; with `resume`, a running one is carried on (unless this page is running one already). */
  async loadJobs(resume = false) {
    const first = this.data.state === 'loading' || !this.data.jobs.length;
    let view: ActionOutput<'admin', 'importJobs'> | null;
    if (first) {
      view = await this.runLoad(
        () => call('admin', 'importJobs', { limit: JOBS_SHOWN }),
        (v) => v.items.length === 0,
      );
    } else {
      view = await call('admin', 'importJobs', { limit: JOBS_SHOWN }).catch(() => null);
      if (view) this.setData({ state: view.items.length ? 'ready' : 'empty' });
    }
    if (!view) return null;
    this.setData({ jobs: view.items.map(jobRow) });
    // Not while this page runs (or uploads) one itself: coming back from the file chooser also shows the page.
    if (resume && !runOf(this).running && !this.data.busy) {
      const running = view.items.find((j) => j.status === 'running');
      if (running) this.resume(running);
    }
    return view;
  },
  resume(job: ImportJobView) {
    if (job.kind === 'evaluateRedlist') this.runEvaluation(job.version, job.asOf);
    else this.runImport(job.kind, job.fileID);
  },
  /**
   * Calls `step` until the job answers `done`, showing its progress. Resolves to the last answer, or null
   * when a call failed (said in a toast) or the page was closed meanwhile.
   */
  async drive<T extends Progress>(kind: JobKind, title: string, step: () => Promise<T>): Promise<T | null> {
    const run = runOf(this);
    run.running = true;
    this.setData({
      busy: true,
      active: { title, percent: 0, progressText: progressText(kind, { done: 0, total: 0 }) },
    });
    let last = -1;
    try {
      for (;;) {
        const reply = await step();
        if (run.unloaded) return null;
        this.setData({
          active: { title, percent: percentOf(reply.progress), progressText: progressText(kind, reply.progress) },
        });
        if (reply.status === 'done') return reply;
        if (reply.progress.done === last) await pause(IDLE_RETRY_MS);
        last = reply.progress.done;
      }
    } catch (error) {
      toastError(error);
      return null;
    } finally {
      run.running = false;
      if (!run.unloaded) this.setData({ busy: false, active: null });
    }
  },
  onImportInspections() {
    this.chooseAndImport('importInspections');
  },
  onImportEnterprises() {
    this.chooseAndImport('importEnterprises');
  },
  chooseAndImport(kind: ImportKind) {
    if (this.data.busy) return;
    chooseTableFile((path, name) => this.importFile(kind, path, name));
  },
  async importFile(kind: ImportKind, path: string, name: string) {
    const ext = tableExtension(path, name);
    if (!ext) {
      wx.showToast({ title: TEXT.badExtension, icon: 'none' });
      return;
    }
    const confirmed = await confirmModal({
      title: TEXT.confirmImportTitle,
      content: fill(kind === 'importInspections' ? TEXT.confirmInspections : TEXT.confirmEnterprises, { name }),
      confirmText: TEXT.confirmImport,
    });
    if (!confirmed || this.data.busy) return;
    this.setData({ busy: true, importResult: null, active: { title: TEXT.uploading, percent: 0, progressText: '' } });
    let fileID: string;
    try {
      fileID = await uploadToCloud(`redlist-imports/${randomId()}.${ext}`, path);
    } catch {
      this.setData({ busy: false, active: null });
      toastError(new ApiError('NETWORK', TEXT.uploadFailed));
      return;
    }
    await this.runImport(kind, fileID);
  },
  async runImport(kind: ImportKind, fileID: string) {
    const title = fill(TEXT.runningTitle, { kind: TEXT.kinds[kind] });
    const step = (): Promise<ImportReply> =>
      kind === 'importInspections'
        ? call('admin', 'importInspections', { fileID })
        : call('admin', 'importEnterprises', { fileID });
    const result = await this.drive(kind, title, step);
    if (runOf(this).unloaded) return;
    // The report link comes with the job list (a signed URL, made when asked for).
    const view = await this.loadJobs();
    if (!result) return;
    const job = view?.items.find((j) => j.jobId === result.jobId);
    const reportUrl = job && job.kind !== 'evaluateRedlist' ? job.reportUrl : null;
    this.setData({ importResult: importShown(kind, result.counts, result.message, result.reportRows, reportUrl) });
  },
  onMonth(e: WechatMiniprogram.PickerChange) {
    const month = String(e.detail.value);
    this.setData({ month, asOfText: fill(TEXT.asOf, { date: formatChineseDate(monthEnd(month)) }) });
  },
  async onEvaluate() {
    if (this.data.busy) return;
    const { month } = this.data;
    const asOf = monthEnd(month);
    const confirmed = await confirmModal({
      title: TEXT.confirmEvaluateTitle,
      content: fill(TEXT.confirmEvaluate, { date: formatChineseDate(asOf), version: month }),
      confirmText: TEXT.confirmEvaluateOk,
    });
    if (!confirmed || this.data.busy) return;
    await this.runEvaluation(month, asOf);
  },
  async runEvaluation(version: string, asOf: string) {
    this.setData({ evaluation: null });
    const title = fill(TEXT.runningEvaluate, { version });
    const result = await this.drive('evaluateRedlist', title, () => call('admin', 'evaluateRedlist', { asOf }));
    if (runOf(this).unloaded) return;
    await this.loadJobs();
    if (!result) return;
    const warnings = await call('admin', 'warningList', {
      version: result.version,
      page: 1,
      pageSize: WARNINGS_SHOWN,
    }).catch(() => null);
    this.setData({ evaluation: evaluationShown(result, warnings) });
  },
  onViewRedlist() {
    openPage(TAB_PAGES.redlist);
  },
  onViewTier(e: WechatMiniprogram.BaseEvent) {
    openPage(withQuery(REDLIST_PAGES.search, { tier: String(e.currentTarget.dataset.tier) }));
  },
  /** Downloads the report and hands it to WeChat's share sheet (a chat, or 文件传输助手 to reach a computer). */
  async shareReport(url: string) {
    await shareDownload(url, `错误报告_${formatDate(Date.now())}.csv`, TEXT);
  },
  onShareReport(e: WechatMiniprogram.BaseEvent) {
    const url = String(e.currentTarget.dataset.url ?? '');
    if (url) this.shareReport(url);
  },
  onCopyReport(e: WechatMiniprogram.BaseEvent) {
    const url = String(e.currentTarget.dataset.url ?? '');
    if (url) wx.setClipboardData({ data: url });
  },
});
