import { z } from 'zod';
import { PRODUCT_CATEGORIES, type ProductCategory } from '../../../miniprogram/shared/product-categories';
import {
  CASE_FILE_EXTENSIONS,
  CASE_STATUSES,
  CASE_TEXT,
  DISCIPLINE_CODES,
  MAX_CASE_FILES,
  MAX_PLAN_MEASURES,
  PROBLEM_TYPE_CODES,
  URGENCY_CODES,
  type CaseEvent,
  type CaseStatus,
  type Discipline,
  type ProblemType,
  type Urgency,
} from '../../../miniprogram/shared/helpdesk';
import { guangdongCitySchema } from './cable';
import { calendarDateSchema, contactSchema, idSchema, pageSchema, textSchema, type Paged } from './common';
import { isFileIdWithExtension } from '../core/cable/catalog';

export type { CaseEvent, CaseStatus, Discipline, ProblemType, ProductCategory, Urgency };

// ---- field schemas ----

export const productCategorySchema = z.enum(PRODUCT_CATEGORIES, { message: '请从列表中选择产品类别' });
export const problemTypeSchema = z.enum(PROBLEM_TYPE_CODES, { message: '请选择问题类型' });
export const disciplineSchema = z.enum(DISCIPLINE_CODES, { message: '专业领域不在可选范围内' });
export const urgencySchema = z.enum(URGENCY_CODES, { message: '紧急程度应为一般或紧急' });
export const caseStatusSchema = z.enum(CASE_STATUSES, { message: '状态不正确' });

const unique = <T>(items: T[]) => new Set(items).size === items.length;

export const caseFileIdSchema = z
  .string({ message: '附件应为云存储文件 ID' })
  .refine((v) => isFileIdWithExtension(v, CASE_FILE_EXTENSIONS), {
    message: `附件必须是已上传的图片或 PDF（格式 ${CASE_FILE_EXTENSIONS.join('、')}）`,
  });
export const caseFilesSchema = z
  .array(caseFileIdSchema, { message: '附件应为文件列表' })
  .max(MAX_CASE_FILES, `附件最多 ${MAX_CASE_FILES} 个`)
  .refine(unique, '附件不能重复')
  .meta({ title: '附件' })
  .default([]);

const clientRequestIdSchema = z
  .string({ message: '缺少请求编号' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号应为 8–64 位字母、数字、下划线或连字符')
  .meta({ title: '请求编号' });

export const caseIdInput = z.object({ caseId: idSchema.meta({ title: '问诊编号' }) });

export const openCaseInput = z.object({
  productCategory: productCategorySchema.meta({ title: '产品类别' }),
  problemType: problemTypeSchema.meta({ title: '问题类型' }),
  title: textSchema(CASE_TEXT.title, '请填写标题').meta({ title: '标题' }),
  description: textSchema(CASE_TEXT.description, '请描述遇到的问题').meta({ title: '问题描述' }),
  /** Items of a failed sampling (抽检不合格项目), prefilled from the inspection when offered. */
  failedItems: textSchema(CASE_TEXT.failedItems).meta({ title: '不合格项目' }).default(''),
  /** The failed-sampling offer this case answers (helpdesk.myOffers), if any. */
  offerId: idSchema.meta({ title: '抽检整改提示' }).optional(),
  files: caseFilesSchema,
  urgency: urgencySchema.meta({ title: '紧急程度' }).default('normal'),
  preferredCity: guangdongCitySchema.meta({ title: '希望专家所在城市' }).optional(),
  /** Who the expert calls: shown to an expert only once they own the case (masked before). */
  contact: contactSchema,
  clientRequestId: clientRequestIdSchema,
});

export const myCasesInput = z.object({ status: caseStatusSchema.meta({ title: '状态' }).optional(), page: pageSchema });

export const postMessageInput = z.object({
  caseId: idSchema.meta({ title: '问诊编号' }),
  text: textSchema(CASE_TEXT.message, '请填写留言').meta({ title: '留言' }),
  files: caseFilesSchema,
  clientRequestId: clientRequestIdSchema,
});

export const planMeasureSchema = z.object({
  measure: textSchema(CASE_TEXT.measure, '请填写整改措施').meta({ title: '整改措施' }),
  target: textSchema(CASE_TEXT.target, '请填写目标').meta({ title: '目标' }),
  dueDate: calendarDateSchema.meta({ title: '完成日期' }),
});

export const diagnoseInput = z.object({
  caseId: idSchema.meta({ title: '问诊编号' }),
  diagnosis: textSchema(CASE_TEXT.diagnosis, '请填写诊断意见').meta({ title: '诊断意见' }),
  plan: z
    .array(planMeasureSchema, { message: '整改计划应为措施列表' })
    .min(1, '整改计划至少 1 项措施')
    .max(MAX_PLAN_MEASURES, `整改计划最多 ${MAX_PLAN_MEASURES} 项措施`)
    .meta({ title: '整改计划' }),
});

export const proposeCloseInput = z.object({
  caseId: idSchema.meta({ title: '问诊编号' }),
  note: textSchema(CASE_TEXT.closingNote).meta({ title: '结案说明' }).default(''),
});

export const confirmCloseInput = z.object({
  caseId: idSchema.meta({ title: '问诊编号' }),
  solved: z.boolean({ message: '请选择问题是否已解决' }).meta({ title: '是否已解决' }),
  note: textSchema(CASE_TEXT.reason).meta({ title: '说明' }).default(''),
});

export const rateCaseInput = z.object({
  caseId: idSchema.meta({ title: '问诊编号' }),
  stars: z
    .number({ message: '请选择 1–5 星' })
    .int('请选择 1–5 星')
    .min(1, '请选择 1–5 星')
    .max(5, '请选择 1–5 星')
    .meta({ title: '评分' }),
  comment: textSchema(CASE_TEXT.ratingComment).meta({ title: '评价' }).default(''),
});

export const withdrawCaseInput = z.object({
  caseId: idSchema.meta({ title: '问诊编号' }),
  reason: textSchema(CASE_TEXT.reason).meta({ title: '撤回原因' }).default(''),
});

export const expertCasesInput = z.object({
  status: caseStatusSchema.meta({ title: '状态' }).optional(),
  page: pageSchema,
});

export const reassignCaseInput = z.object({
  caseId: idSchema.meta({ title: '问诊编号' }),
  expertId: idSchema.meta({ title: '专家' }),
  reason: textSchema(CASE_TEXT.reason).meta({ title: '改派原因' }).default(''),
});

export const escalationsInput = z.object({ page: pageSchema });

export const importExpertsInput = z.object({
  /** A CSV or XLSX file the admin uploaded to cloud storage. */
  fileID: z.string({ message: '请上传专家名单文件' }).min(8, '请上传专家名单文件').meta({ title: '专家名单文件' }),
});

export const bindExpertInput = z.object({
  expertId: idSchema.meta({ title: '专家' }),
  openid: idSchema.meta({ title: '用户' }),
});

export const listExpertsInput = z.object({
  productCategory: productCategorySchema.meta({ title: '产品类别' }).optional(),
  discipline: disciplineSchema.meta({ title: '专业领域' }).optional(),
  city: guangdongCitySchema.meta({ title: '城市' }).optional(),
  /** Name or institution, part of it. */
  keyword: textSchema({ min: 0, tooShort: '', max: 30, tooLong: '关键词不超过 30 字' })
    .meta({ title: '关键词' })
    .optional(),
  page: pageSchema,
});

export const caseStatsInput = z
  .object({ from: calendarDateSchema.meta({ title: '开始日期' }), to: calendarDateSchema.meta({ title: '结束日期' }) })
  .refine((r) => r.from <= r.to, { message: '开始日期不能晚于结束日期', path: ['to'] });

// ---- views ----

export interface ExpertSummary {
  expertId: string;
  name: string;
  title: string;
  institution: string;
  city: string;
  productCategories: ProductCategory[];
  disciplines: Discipline[];
  disciplineLabels: string[];
}

export interface ExpertAdminView extends ExpertSummary {
  maxOpenCases: number;
  openCases: number;
  active: boolean;
  /** Masked openid of the bound WeChat user, or null. */
  boundUser: string | null;
  resolvedCases: number;
  averageStars: number | null;
}

export interface CaseFileView {
  /** Signed temporary URL for viewers allowed to see the case; null when the file is gone. */
  url: string | null;
  kind: 'image' | 'pdf';
}

export interface PlanMeasureView {
  measure: string;
  target: string;
  dueDate: string;
}

export interface CaseMessageView {
  messageId: string;
  from: 'enterprise' | 'expert' | 'admin' | 'system';
  /** 企业 / the expert's name / 管理员 / 系统. */
  fromLabel: string;
  text: string;
  files: CaseFileView[];
  at: string;
}

export interface CaseSummary {
  caseId: string;
  caseNo: string;
  status: CaseStatus;
  statusLabel: string;
  productCategory: ProductCategory;
  problemType: ProblemType;
  problemTypeLabel: string;
  title: string;
  urgency: Urgency;
  enterpriseName: string;
  city: string;
  expert: ExpertSummary | null;
  submittedAt: string;
  /** End of the FIRST_ANSWER_WORKING_DAYS-th working day after submission (Asia/Shanghai). */
  firstAnswerDueAt: string;
  firstAnsweredAt: string | null;
  /** No first answer by firstAnswerDueAt: in the admins' queue. */
  escalated: boolean;
  overdue: boolean;
  updatedAt: string;
}

export interface CaseView extends CaseSummary {
  description: string;
  failedItems: string;
  files: CaseFileView[];
  preferredCity: string | null;
  /** The enterprise's contact: masked for an expert until they accept, full for the owner expert and the enterprise. */
  contact: { name: string; phone: string };
  contactMasked: boolean;
  diagnosis: { text: string; plan: PlanMeasureView[]; at: string } | null;
  closingNote: string | null;
  rating: { stars: number; comment: string; at: string } | null;
  messages: CaseMessageView[];
  /** Where this viewer uploads attachments (their own folder), null when they cannot post. */
  uploadFolder: string | null;
  filesExpireIn: number;
  /** Who the viewer is on this case, and what they may do now (buttons). */
  viewerRole: 'enterprise' | 'expert' | 'admin';
  actions: CaseEvent[];
}

/** A failed sampling of the enterprise that the help desk offers to help rectify. */
export interface CaseOfferView {
  offerId: string;
  productCategory: ProductCategory | null;
  productName: string;
  sampledAt: string;
  failedItems: string;
  announcement: string;
  /** The case opened from it, once one is. */
  caseId: string | null;
}

export interface HelpFormOptions {
  productCategories: ProductCategory[];
  problemTypes: { code: ProblemType; label: string }[];
  urgencies: { code: Urgency; label: string }[];
  cities: string[];
  maxFiles: number;
  /** Where this user uploads case files; null without an OPENID. */
  uploadFolder: string | null;
  /** Why this caller cannot open a case now (not bound / not verified / too many open), or null. */
  blockedReason: string | null;
}

export interface HelpCountsView {
  enterprisesServed: number;
  problemsSolved: number;
  experts: number;
}

export interface DurationStats {
  count: number;
  /** Hours. */
  median: number | null;
  p90: number | null;
}

export interface CaseStatsView {
  from: string;
  to: string;
  total: number;
  byStatus: Record<CaseStatus, number>;
  byCategory: { key: string; count: number }[];
  byCity: { key: string; count: number }[];
  byExpert: { expertId: string; name: string; count: number; resolved: number; averageStars: number | null }[];
  firstAnswerHours: DurationStats;
  resolutionHours: DurationStats;
  overdue: number;
  ratings: { count: number; average: number | null; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
}

export interface ImportExpertsView {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Line-numbered problems (1 = the header line); rows with a problem are not written. */
  errors: { line: number; field: string; message: string }[];
  /** A CSV of the errors in cloud storage (temp URL), when there are any. */
  errorReportUrl: string | null;
}

/** The `helpdesk` function. */
export interface HelpdeskApi {
  // anyone
  counts: { input: Record<string, never>; output: HelpCountsView };
  // enterprise (verified binding)
  formOptions: { input: Record<string, never>; output: HelpFormOptions };
  openCase: { input: z.input<typeof openCaseInput>; output: { created: boolean; case: CaseView } };
  myCases: { input: z.input<typeof myCasesInput>; output: Paged<CaseSummary> & { openCount: number } };
  myOffers: { input: Record<string, never>; output: { items: CaseOfferView[] } };
  getCase: { input: z.input<typeof caseIdInput>; output: CaseView };
  postMessage: { input: z.input<typeof postMessageInput>; output: CaseView };
  confirmClose: { input: z.input<typeof confirmCloseInput>; output: CaseView };
  rateCase: { input: z.input<typeof rateCaseInput>; output: CaseView };
  withdrawCase: { input: z.input<typeof withdrawCaseInput>; output: CaseView };
  // expert
  expertOffers: { input: z.input<typeof expertCasesInput>; output: Paged<CaseSummary> };
  expertCases: { input: z.input<typeof expertCasesInput>; output: Paged<CaseSummary> & { expert: ExpertAdminView } };
  acceptCase: { input: z.input<typeof caseIdInput>; output: CaseView };
  diagnose: { input: z.input<typeof diagnoseInput>; output: CaseView };
  proposeClose: { input: z.input<typeof proposeCloseInput>; output: CaseView };
  // admin
  importExperts: { input: z.input<typeof importExpertsInput>; output: ImportExpertsView };
  bindExpert: { input: z.input<typeof bindExpertInput>; output: ExpertAdminView };
  listExperts: { input: z.input<typeof listExpertsInput>; output: Paged<ExpertAdminView> };
  escalations: { input: z.input<typeof escalationsInput>; output: Paged<CaseSummary> };
  reassignCase: { input: z.input<typeof reassignCaseInput>; output: CaseView };
  escalateOverdue: { input: Record<string, never>; output: { escalated: number } };
  caseStats: { input: z.input<typeof caseStatsInput>; output: CaseStatsView };
  caseStatsCsv: { input: z.input<typeof caseStatsInput>; output: { fileID: string; url: string; rows: number } };
}
