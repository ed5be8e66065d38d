import { z } from 'zod';
import { GUANGDONG_CITIES, findCity, usccSchema } from '../core/uscc';
import { TIERS, type Tier } from '../../../miniprogram/shared/redlist-tiers';
import { calendarDateSchema, pageSchema, textSchema, textUpTo, type Paged } from './common';

/** Tier codes as stored; labels are shown (十年榜 / 五年榜 / 三年榜, miniprogram/shared/redlist-tiers.ts). */
export const TIER_CODES = TIERS;
export type TierCode = Tier;
export const tierSchema = z
  .enum(TIER_CODES, {
    message: '榜单等级应为 ten（十年榜）、five（五年榜）或 three（三年榜）',
  })
  .meta({ title: '榜单等级' });

/** A list version is named after the month of its evaluation date, e.g. 2025-10. */
export const redlistVersionSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '榜单期次格式应为 YYYY-MM，例如 2025-10')
  .meta({ title: '榜单期次' });

/** One of the 21 prefecture-level cities, full (佛山市) or short (佛山); stored and answered as the full name. */
export const citySchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const city = findCity(value);
    if (!city) {
      ctx.addIssue({ code: 'custom', message: `城市应为广东省 21 个地级市之一（如 ${GUANGDONG_CITIES[5].name}）` });
      return z.NEVER;
    }
    return city.name;
  })
  .meta({ title: '城市' });

export const pageSizeSchema = z.coerce.number().int().min(1).max(50).meta({ title: '每页条数' }).default(20);

// ---- public lookup (`redlist` function) ----

/**
 * Control characters never belong in a search box; a NUL cannot even be put in a database regex
 * (BSON regex patterns are C strings), so it must stop here, not fail the query as INTERNAL.
 */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const withoutControlCharacters = (value: string) => !CONTROL_CHARACTER.test(value);

export const searchInput = z.object({
  /** Name fragment (normalised: width, brackets, spaces, traditional characters; former names too) or a USCC. */
  q: textUpTo('搜索词', 60, '个字')
    .refine(withoutControlCharacters, '搜索词不能包含控制字符')
    .meta({ title: '搜索词' })
    .optional(),
  uscc: usccSchema.meta({ title: '统一社会信用代码' }).optional(),
  tier: tierSchema.optional(),
  city: citySchema.optional(),
  category: textSchema({ min: 1, tooShort: '请填写产品类别', max: 30, tooLong: '产品类别不超过 30 个字' })
    .refine(withoutControlCharacters, '产品类别不能包含控制字符')
    .meta({ title: '产品类别' })
    .optional(),
  version: redlistVersionSchema.optional(),
  page: pageSchema,
  pageSize: pageSizeSchema,
});

export const detailInput = z.object({
  uscc: usccSchema.meta({ title: '统一社会信用代码' }),
  version: redlistVersionSchema.optional(),
});
/** A poster of a listed enterprise's badge: its entry in the latest version and a code that opens it. */
export const posterInput = z.object({ uscc: usccSchema.meta({ title: '统一社会信用代码' }) });
export const versionsInput = z.object({});
export const statsInput = z.object({ version: redlistVersionSchema.optional() });
export const CHANGE_KINDS = ['entries', 'exits', 'tierChanges'] as const;
export const changesInput = z.object({
  version: redlistVersionSchema.optional(),
  kind: z
    .enum(CHANGE_KINDS, { message: '变动类型应为 entries（新上榜）、exits（退出）或 tierChanges（等级变化）' })
    .meta({ title: '变动类型' }),
  page: pageSchema,
  pageSize: pageSizeSchema,
});

// ---- admin actions ----

export const warningRuleSchema = z.object({
  minFailures: z.number().int().min(1, '不合格次数至少为 1').max(50).meta({ title: '不合格次数' }),
  trailingYears: z.number().int().min(1, '统计年数至少为 1').max(15).meta({ title: '统计年数' }),
});

const fileIdSchema = z
  .string()
  .trim()
  .min(1, '请先上传文件')
  .max(1024)
  .regex(/^cloud:\/\//, '文件应为已上传到云存储的文件（cloud://…）')
  .meta({ title: '导入文件' });

export const importFileInput = z.object({
  fileID: fileIdSchema,
  /** Run a finished import of this file again (otherwise a finished job's result is returned). */
  restart: z.boolean().meta({ title: '是否重新导入' }).default(false),
});

export const evaluateRedlistInput = z.object({
  /** Evaluation date; default: the last day of the previous month (Asia/Shanghai), as the monthly timer uses. */
  asOf: calendarDateSchema.meta({ title: '评价日期' }).optional(),
  warningRule: warningRuleSchema.meta({ title: '预警规则' }).optional(),
});

export const warningListInput = z.object({
  version: redlistVersionSchema.optional(),
  page: pageSchema,
  pageSize: pageSizeSchema,
});

// ---- views ----

export interface YearCount {
  year: string;
  count: number;
}

export interface YearLevelCount {
  year: string;
  national: number;
  provincial: number;
  municipal: number;
  county: number;
  total: number;
}

/** One listed enterprise as the public sees it. */
export interface RedlistEntryView {
  uscc: string;
  name: string;
  formerNames: string[];
  city: string | null;
  tier: TierCode;
  tierLabel: string;
  /** Clean span: first inspection after the last failure … the evaluation date. */
  streakStart: string;
  spanEnd: string;
  years: number;
  lastInspectionAt: string;
  inspectionCount: number;
  categories: string[];
  /** Clean-span inspections per calendar year, oldest first. */
  inspectionsByYear: YearCount[];
  version: string;
  asOf: string;
}

export interface RedlistDetailView extends RedlistEntryView {
  inspectionsByYearLevel: YearLevelCount[];
  publishedAt: string | null;
  /** This enterprise in every published version (newest first); tier null when not listed there. */
  history: { version: string; asOf: string; tier: TierCode | null; tierLabel: string | null }[];
}

export interface TierCountsView {
  ten: number;
  five: number;
  three: number;
  total: number;
}

export interface VersionChangesView {
  previousVersion: string | null;
  entries: number;
  exits: number;
  tierUp: number;
  tierDown: number;
}

export interface RedlistVersionView {
  version: string;
  asOf: string;
  rule: string;
  publishedAt: string | null;
  counts: TierCountsView;
  changes: VersionChangesView;
}

export interface RedlistStatsView extends RedlistVersionView {
  /** The 21 cities in division-code order, then 未知 when some rows have no city. */
  byCity: ({ city: string } & TierCountsView)[];
  categories: { category: string; count: number }[];
}

export interface ChangeRowView {
  uscc: string;
  name: string;
  city: string | null;
  tier: TierCode;
  tierLabel: string;
  /** tierChanges only: the tier in the previous version. */
  fromTier?: TierCode;
}

export interface RedlistSearchView extends Paged<RedlistEntryView> {
  version: string;
  asOf: string;
}

/** What the badge poster prints, from the latest published version, and the code that opens the entry. */
export interface RedlistPosterView {
  uscc: string;
  name: string;
  tier: TierCode;
  tierLabel: string;
  years: number;
  streakStart: string;
  version: string;
  asOf: string;
  /** The mini-program code (PNG) as a signed temporary URL: scanned, it opens `page` with `scene`. */
  codeUrl: string;
  /** Seconds the URL stays valid. */
  codeExpiresIn: number;
  scene: string;
  page: string;
}

export interface RedlistApi {
  search: { input: z.input<typeof searchInput>; output: RedlistSearchView };
  poster: { input: z.input<typeof posterInput>; output: RedlistPosterView };
  detail: { input: z.input<typeof detailInput>; output: RedlistDetailView };
  versions: { input: z.input<typeof versionsInput>; output: RedlistVersionView[] };
  stats: { input: z.input<typeof statsInput>; output: RedlistStatsView };
  changes: {
    input: z.input<typeof changesInput>;
    output: Paged<ChangeRowView> & {
      version: string;
      previousVersion: string | null;
      kind: (typeof CHANGE_KINDS)[number];
    };
  };
}

// ---- admin views ----

export interface InspectionImportCounts {
  /** Data rows read (blank lines skipped). */
  rows: number;
  inserted: number;
  /** Already imported (same announcement, producer, product, batch and date). */
  unchanged: number;
  bad: number;
  unmatched: number;
  ambiguous: number;
  /** Stored rows that carried a note (e.g. an invalid USCC, matched by name instead). */
  warnings: number;
}

export interface EnterpriseImportCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  bad: number;
}

export interface ImportProgressView<C> {
  jobId: string;
  kind: 'importInspections' | 'importEnterprises';
  status: 'running' | 'done';
  fileID: string;
  progress: { done: number; total: number };
  counts: C;
  /** CSV of bad / unmatched rows (行号, 类型, 原因, 企业名称), when there were any. */
  reportFileID: string | null;
  /** Rows listed in the report (it stops at a limit; the counts stay exact). */
  reportRows: number;
  message: string | null;
}

export interface EvaluateProgressView {
  jobId: string;
  status: 'running' | 'done';
  version: string;
  asOf: string;
  progress: { done: number; total: number };
  /** Once published. */
  summary: RedlistVersionView | null;
  warnings: number | null;
}

export interface WarningRowView {
  uscc: string;
  name: string;
  city: string | null;
  failures: number;
  windowStart: string;
  firstFailAt: string;
  lastFailAt: string;
  categories: string[];
  failedItems: string[];
}

export interface WarningListView extends Paged<WarningRowView> {
  version: string;
  asOf: string;
  rule: z.infer<typeof warningRuleSchema>;
}
