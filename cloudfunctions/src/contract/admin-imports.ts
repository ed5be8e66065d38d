import { z } from 'zod';
import {
  evaluateRedlistInput,
  importFileInput,
  warningListInput,
  type EnterpriseImportCounts,
  type EvaluateProgressView,
  type ImportProgressView,
  type InspectionImportCounts,
  type WarningListView,
} from './redlist';

/** The resumable jobs the 导入与红榜 page runs and lists. */
export const IMPORT_JOB_KINDS = ['importInspections', 'importEnterprises', 'evaluateRedlist'] as const;
export type ImportJobKind = (typeof IMPORT_JOB_KINDS)[number];

export const importJobsInput = z.object({
  limit: z
    .number({ message: '条数应为 1 到 20 的整数' })
    .int('条数应为 1 到 20 的整数')
    .min(1, '条数应为 1 到 20 的整数')
    .max(20, '条数应为 1 到 20 的整数')
    .meta({ title: '条数' })
    .default(10),
});

interface JobBaseView {
  jobId: string;
  /** `running` also covers a job whose last call stopped early: the next call of its action resumes it. */
  status: 'running' | 'done' | 'failed';
  progress: { done: number; total: number };
  startedAt: string | null;
  updatedAt: string | null;
}

interface ImportJobFields<K, C> extends JobBaseView {
  kind: K;
  /** The uploaded file; calling the import again with it resumes (or, when done, shows) the job. */
  fileID: string;
  counts: C;
  /** Rows listed in the error report, and its download link (signed, valid reportUrlExpiresIn seconds). */
  reportRows: number;
  reportUrl: string | null;
  message: string | null;
}

export interface EvaluateJobView extends JobBaseView {
  kind: 'evaluateRedlist';
  version: string;
  asOf: string;
}

export type ImportJobView =
  | ImportJobFields<'importInspections', InspectionImportCounts>
  | ImportJobFields<'importEnterprises', EnterpriseImportCounts>
  | EvaluateJobView;

export interface ImportJobsView {
  /** Newest first. */
  items: ImportJobView[];
  reportUrlExpiresIn: number;
}

/** Imports (inspections, enterprise registry) and red-list evaluation from the 管理 pages. */
export interface AdminImportApi {
  importInspections: {
    input: z.input<typeof importFileInput>;
    output: ImportProgressView<InspectionImportCounts>;
  };
  importEnterprises: {
    input: z.input<typeof importFileInput>;
    output: ImportProgressView<EnterpriseImportCounts>;
  };
  evaluateRedlist: { input: z.input<typeof evaluateRedlistInput>; output: EvaluateProgressView };
  warningList: { input: z.input<typeof warningListInput>; output: WarningListView };
  importJobs: { input: z.input<typeof importJobsInput>; output: ImportJobsView };
}
