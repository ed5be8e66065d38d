/**
 * The 专家库 (experts of the help desk): the views pages get, loading an expert, and the import's row
 * rules (parseExpertCells, parseExpertFile). The routing rule itself is core/helpdesk/routing.ts.
 */
import { createHash } from 'node:crypto';
import { findCity } from '../../../miniprogram/shared/cities';
import { DISCIPLINES, type Discipline } from '../../../miniprogram/shared/helpdesk';
import { isProductCategory, type ProductCategory } from '../../../miniprogram/shared/product-categories';
import { textLength } from '../../../miniprogram/shared/text';
import type { ExpertAdminView, ExpertSummary } from '../contract/helpdesk';
import { parseTable, type ImportSource } from '../core/redlist/import';
import { cellText, type CellValue, type ColumnSpec } from '../core/redlist/table';
import type { Database } from '../runtime/cloud';
import { findById } from '../runtime/db';
import { csvCell } from '../services/import-files';
import { EXPERTS, type ExpertDoc } from './documents';

export const disciplineLabels = (disciplines: readonly Discipline[]): string[] =>
  disciplines.map((d) => DISCIPLINES[d]);

/** An expert as enterprises and other experts see them (no openid, no load). */
export function expertSummaryOf(doc: ExpertDoc): ExpertSummary {
  return {
    expertId: doc._id,
    name: doc.name,
    title: doc.title,
    institution: doc.institution,
    city: doc.city,
    productCategories: [...doc.productCategories],
    disciplines: [...doc.disciplines],
    disciplineLabels: disciplineLabels(doc.disciplines),
  };
}

/** oAbc…xyz9 → oAbc****xyz9: enough for an admin to tell bindings apart, not to impersonate. */
export function maskOpenid(openid: string): string {
  if (openid.length <= 8) return '*'.repeat(openid.length);
  return `${openid.slice(0, 4)}****${openid.slice(-4)}`;
}

/** An expert as admins (and the expert themself) see them: capacity, load, binding (masked), ratings. */
export function expertAdminViewOf(doc: ExpertDoc): ExpertAdminView {
  return {
    ...expertSummaryOf(doc),
    maxOpenCases: doc.maxOpenCases,
    openCases: doc.openCases,
    active: doc.active,
    boundUser: doc.openid ? maskOpenid(doc.openid) : null,
    resolvedCases: doc.resolvedCases,
    averageStars: doc.ratings > 0 ? Math.round((doc.starsTotal / doc.ratings) * 10) / 10 : null,
  };
}

/** The expert record `id`, or undefined. */
export async function loadExpert(db: Database, id: string): Promise<ExpertDoc | undefined> {
  return (await findById<ExpertDoc>(db, EXPERTS, id)) ?? undefined;
}

// ---- the import's rows (helpdesk.importExperts) ----

/** The import's columns, by the headings admins see (also the keys, so a missing column is named in Chinese). */
export const EXPERT_COLUMNS = [
  '专家编号',
  '姓名',
  '职称',
  '工作单位',
  '所在城市',
  '产品类别',
  '专业领域',
  '最多同时问诊数',
  '状态',
] as const;
export type ExpertColumn = (typeof EXPERT_COLUMNS)[number];

export const EXPERT_COLUMN_SPECS: readonly ColumnSpec<ExpertColumn>[] = EXPERT_COLUMNS.map((key) => ({
  key,
  aliases: [],
  required: true,
}));

/** Several values in one cell: 、 , ， ; ； (and line breaks a spreadsheet may hold). */
const LIST_SEPARATORS = /[、,，;；\r\n]+/;
export const EXPERT_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const EXPERT_STATUS = { 在岗: true, 停用: false } as const;
/** An expert holds at most this many open cases at once (the import's 最多同时问诊数). */
export const MAX_EXPERT_CAPACITY = 50;
/** A file holds at most this many experts (the province's 专家库 is a few thousand). */
export const MAX_EXPERT_ROWS = 5000;

const TEXT_LIMITS: Partial<Record<ExpertColumn, number>> = { 姓名: 20, 职称: 30, 工作单位: 60 };

const DISCIPLINE_BY_LABEL = new Map<string, Discipline>(
  (Object.entries(DISCIPLINES) as [Discipline, string][]).map(([code, label]) => [label, code]),
);

/** What one good row of the import says (the fields an import owns; counters and binding are not among them). */
export interface ExpertRow {
  expertId: string;
  name: string;
  title: string;
  institution: string;
  city: string;
  productCategories: ProductCategory[];
  disciplines: Discipline[];
  maxOpenCases: number;
  active: boolean;
}

export interface ExpertRowProblem {
  line: number;
  field: string;
  message: string;
}

export type ExpertRowResult = { line: number; row: ExpertRow } | { line: number; problems: ExpertRowProblem[] };

const splitList = (text: string) =>
  text
    .split(LIST_SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean);

/** One data row of the import: the row, or every problem it has (each naming its column). */
export function parseExpertCells(
  cells: readonly CellValue[],
  columns: Partial<Record<ExpertColumn, number>>,
  line: number,
): ExpertRowResult {
  const text = (key: ExpertColumn) => {
    const index = columns[key];
    return index === undefined ? '' : cellText(cells[index] ?? null).replace(/\s+/g, ' ');
  };
  const problems: ExpertRowProblem[] = [];
  const problem = (field: ExpertColumn, message: string) => problems.push({ line, field, message });
  const required = (key: ExpertColumn) => {
    const value = text(key);
    if (!value) problem(key, `${key}为空`);
    const max = TEXT_LIMITS[key];
    if (max && textLength(value) > max) problem(key, `${key}不超过 ${max} 字`);
    return value;
  };

  const expertId = required('专家编号');
  if (expertId && !EXPERT_ID_PATTERN.test(expertId)) {
    problem('专家编号', `专家编号“${expertId}”无效，应为 1–32 位字母、数字、下划线或连字符`);
  }
  const name = required('姓名');
  const title = required('职称');
  const institution = required('工作单位');

  const rawCity = required('所在城市');
  const city = rawCity ? findCity(rawCity)?.name : undefined;
  if (rawCity && !city) problem('所在城市', `所在城市“${rawCity}”不是广东省的地级市`);

  const productCategories: ProductCategory[] = [];
  const rawCategories = required('产品类别');
  for (const item of splitList(rawCategories)) {
    if (!isProductCategory(item)) problem('产品类别', `产品类别“${item}”不在产品类别目录中`);
    else if (!productCategories.includes(item)) productCategories.push(item);
  }

  const disciplines: Discipline[] = [];
  const rawDisciplines = required('专业领域');
  for (const item of splitList(rawDisciplines)) {
    const code = DISCIPLINE_BY_LABEL.get(item);
    if (!code) problem('专业领域', `专业领域“${item}”无效，应为 ${Object.values(DISCIPLINES).join('、')} 之一`);
    else if (!disciplines.includes(code)) disciplines.push(code);
  }

  const rawCapacity = required('最多同时问诊数');
  const maxOpenCases = Number(rawCapacity);
  if (rawCapacity && !(Number.isInteger(maxOpenCases) && maxOpenCases >= 1 && maxOpenCases <= MAX_EXPERT_CAPACITY)) {
    problem('最多同时问诊数', `最多同时问诊数“${rawCapacity}”无效，应为 1–${MAX_EXPERT_CAPACITY} 的整数`);
  }

  const rawStatus = required('状态');
  const active = rawStatus in EXPERT_STATUS ? EXPERT_STATUS[rawStatus as keyof typeof EXPERT_STATUS] : undefined;
  if (rawStatus && active === undefined) problem('状态', `状态“${rawStatus}”无效，应为 在岗 或 停用`);

  if (problems.length) return { line, problems };
  return {
    line,
    row: {
      expertId,
      name,
      title,
      institution,
      city: city!,
      productCategories,
      disciplines,
      maxOpenCases,
      active: active!,
    },
  };
}

/**
 * Every row of an experts file: good rows, and problems by line (1 = the header). A header or file
 * problem is one problem (field 表头 / 文件) and ends the file; a 专家编号 repeated in the file is a
 * problem of the later line.
 */
export async function parseExpertFile(source: ImportSource): Promise<{
  rows: { line: number; row: ExpertRow }[];
  problems: ExpertRowProblem[];
  dataRows: number;
}> {
  const rows: { line: number; row: ExpertRow }[] = [];
  const problems: ExpertRowProblem[] = [];
  const seen = new Map<string, number>();
  let dataRows = 0;
  for await (const result of parseTable(source, EXPERT_COLUMN_SPECS, (cells, columns, line) => ({
    ok: true as const,
    line,
    record: parseExpertCells(cells, columns, line),
    warnings: [],
  }))) {
    if (!result.ok) {
      // The table reader's own problems: a bad header, an unreadable file, a row wider than the header.
      const field = result.line <= 1 ? '表头' : /列数/.test(result.reason) ? '整行' : '文件';
      if (field === '整行') dataRows++;
      problems.push({ line: result.line, field, message: result.reason });
      continue;
    }
    dataRows++;
    if (dataRows > MAX_EXPERT_ROWS) {
      problems.push({
        line: result.line,
        field: '文件',
        message: `专家名单最多 ${MAX_EXPERT_ROWS} 行，其后的行未读取`,
      });
      break;
    }
    const parsed = result.record;
    if ('problems' in parsed) {
      problems.push(...parsed.problems);
      continue;
    }
    const first = seen.get(parsed.row.expertId);
    if (first !== undefined) {
      problems.push({
        line: parsed.line,
        field: '专家编号',
        message: `专家编号“${parsed.row.expertId}”与第 ${first} 行重复`,
      });
      continue;
    }
    seen.set(parsed.row.expertId, parsed.line);
    rows.push(parsed);
  }
  return { rows, problems, dataRows };
}

/** What a re-import compares: the row's own fields (never counters, binding or ratings). */
export function importHashOf(row: ExpertRow): string {
  const parts = [
    row.expertId,
    row.name,
    row.title,
    row.institution,
    row.city,
    row.productCategories.join('、'),
    row.disciplines.join(','),
    String(row.maxOpenCases),
    row.active ? '1' : '0',
  ];
  return createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 32);
}

/** The downloadable error report of an import: 行号, 列, 问题 (UTF-8 with BOM, for Excel). */
export function expertErrorsCsv(problems: readonly ExpertRowProblem[]): string {
  const lines = ['行号,列,问题'];
  for (const p of [...problems].sort((a, b) => a.line - b.line)) {
    lines.push([String(p.line), p.field, p.message].map(csvCell).join(','));
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
