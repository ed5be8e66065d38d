/** Dashboards (chart data with their tables) and CSV/XLSX exports made by the server. */
import { z } from 'zod';
import { calendarDateSchema, idSchema } from './common';

/** The dashboard's charts, each loaded by its own call. */
export const DASHBOARD_SECTIONS = ['pools', 'trend', 'cities', 'vouchers', 'redemptions', 'cable', 'redlist'] as const;
export type DashboardSection = (typeof DASHBOARD_SECTIONS)[number];

/** The sections about one campaign (the others: cable requests over a date range, the latest red list). */
export const CAMPAIGN_SECTIONS: readonly DashboardSection[] = ['pools', 'trend', 'cities', 'vouchers', 'redemptions'];

/** The lists an admin can export besides the dashboard tables. */
export const EXPORT_LISTS = ['applicationList', 'voucherList', 'redemptionList', 'cableList'] as const;
export type ExportList = (typeof EXPORT_LISTS)[number];
export const EXPORT_REPORTS = [...DASHBOARD_SECTIONS, ...EXPORT_LISTS] as const;
export type ExportReport = (typeof EXPORT_REPORTS)[number];

/** Reports that need a campaign; cable ones use a date range (the last 30 days when none is given). */
export const needsCampaign = (report: ExportReport): boolean =>
  (CAMPAIGN_SECTIONS as readonly string[]).includes(report) ||
  report === 'applicationList' ||
  report === 'voucherList' ||
  report === 'redemptionList';
export const usesRange = (report: ExportReport): boolean => report === 'cable' || report === 'cableList';

const scopeFields = {
  campaignId: idSchema.meta({ title: '活动编号' }).optional(),
  from: calendarDateSchema.meta({ title: '开始日期' }).optional(),
  to: calendarDateSchema.meta({ title: '结束日期' }).optional(),
};

function checkScope(
  v: { report: ExportReport; campaignId?: string; from?: string; to?: string },
  ctx: z.RefinementCtx,
) {
  if (needsCampaign(v.report) && !v.campaignId) {
    ctx.addIssue({ code: 'custom', message: '请选择活动', path: ['campaignId'] });
  }
  if ((v.from === undefined) !== (v.to === undefined)) {
    ctx.addIssue({ code: 'custom', message: '开始日期和结束日期需同时填写', path: [v.from ? 'to' : 'from'] });
  } else if (v.from && v.to && v.from > v.to) {
    ctx.addIssue({ code: 'custom', message: '开始日期不能晚于结束日期', path: ['to'] });
  }
}

export const dashboardInput = z
  .object({
    section: z
      .enum(DASHBOARD_SECTIONS, {
        message: '请从看板的图表中选择一张',
      })
      .meta({ title: '图表' }),
    ...scopeFields,
  })
  .superRefine((v, ctx) => checkScope({ ...v, report: v.section }, ctx));

/** Test hooks, honoured only on the local cloud: a tiny time budget and small pages force resumption. */
const exportHooks = {
  budgetMs: z.number().int().min(1).max(50_000).meta({ title: '单次运行时长' }).optional(),
  batchSize: z.number().int().min(1).max(1000).meta({ title: '每批条数' }).optional(),
};

/**
 * Starts an export (`report`, `format` and its scope), or continues one (`jobId` alone) while it answers
 * `running`.
 */
export const exportReportInput = z
  .object({
    jobId: idSchema.meta({ title: '导出任务编号' }).optional(),
    report: z
      .enum(EXPORT_REPORTS, {
        message: '请选择看板的某张图表或某个清单（申领、检测券、核销、筛查申请）',
      })
      .meta({ title: '报表' })
      .optional(),
    format: z.enum(['csv', 'xlsx'], { message: '文件格式应为 csv 或 xlsx' }).meta({ title: '文件格式' }).optional(),
    ...scopeFields,
    ...exportHooks,
  })
  .superRefine((v, ctx) => {
    if (v.jobId) return;
    if (!v.report) ctx.addIssue({ code: 'custom', message: '请选择要导出的报表', path: ['report'] });
    if (!v.format) ctx.addIssue({ code: 'custom', message: '请选择文件格式（csv 或 xlsx）', path: ['format'] });
    if (v.report) checkScope({ ...v, report: v.report }, ctx);
  });

/** A table cell: numbers stay numbers (the XLSX writes them as numbers), text as shown. */
export type ReportCell = string | number;

export interface ReportTable {
  columns: string[];
  rows: ReportCell[][];
}

/** One chart's data: what the chart draws, plus its table, which alone carries every number. */
export interface DashboardChartView {
  section: DashboardSection;
  title: string;
  /** What the figures cover: the campaign's title, a date range or a red-list version. */
  scope: string;
  chart: 'column' | 'line' | 'bar';
  stacked: boolean;
  categories: string[];
  series: { name: string; data: number[] }[];
  /** Headline figures beside the chart (e.g. the median turnaround). */
  figures: { label: string; value: string }[];
  table: ReportTable;
}

export interface ExportFileView {
  fileID: string;
  /** A temporary download link (an hour). */
  url: string;
  fileName: string;
  /** Data rows written (the header not counted). */
  rows: number;
}

/**
 * An export job: `running` (call again with its jobId; `progress` counts rows read of the total) or `done`
 * with its file. A dashboard table is done in the first call; a list of 200,000 rows takes a few calls.
 */
export interface ExportReportView {
  jobId: string;
  status: 'running' | 'done';
  progress: { done: number; total: number };
  file: ExportFileView | null;
}

export interface AdminDashboardApi {
  dashboard: { input: z.input<typeof dashboardInput>; output: DashboardChartView };
  exportReport: { input: z.input<typeof exportReportInput>; output: ExportReportView };
}
