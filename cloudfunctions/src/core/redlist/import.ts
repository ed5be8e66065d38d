/**
 * Import parsing for published sampling results and the enterprise registry (REDLIST.md, "Data").
 * Each row yields either a normalised record or an error with its line number and a Chinese
 * reason; good rows of a file still land when others are bad.
 */
import { createHash } from 'node:crypto';
import { normalizeContactPhone } from '../binding';
import { normalizeUscc, validateUscc } from '../uscc';
import { parseDateKey, formatDateKey } from './dates';
import { normalizeName } from './normalize';
import {
  TableFormatError,
  cellDateText,
  cellText,
  isBlankRow,
  mapHeader,
  readTable,
  type CellValue,
  type ColumnSpec,
  type ImportSource,
} from './table';
import type { EnterpriseEntry, InspectionLevel, InspectionResult } from './types';

export { formatOfFileName, TableFormatError, type ImportFormat, type ImportSource } from './table';

export interface InspectionImportRecord {
  /** Identity of the published row: hash of announcement + producer + product + batch + date. */
  rowKey: string;
  uscc?: string;
  enterpriseName: string;
  productName: string;
  productCategory: string;
  specModel: string;
  batch: string;
  sampledAt: string;
  level: InspectionLevel;
  authority: string;
  result: InspectionResult;
  failedItems: string;
  announcement: string;
}

export type ParsedRow<T> =
  { ok: true; line: number; record: T; warnings: string[] } | { ok: false; line: number; reason: string };

export type InspectionRowResult = ParsedRow<InspectionImportRecord>;
/** A registry row; `contactPhone` (normalised digits) only lives until the import hashes it. */
export type EnterpriseRecord = EnterpriseEntry & { formerNames: string[]; contactPhone?: string };
export type EnterpriseRowResult = ParsedRow<EnterpriseRecord>;

export interface ParseOptions {
  /** Calendar date 'YYYY-MM-DD'; sampling dates after it are rejected as typos. */
  today?: string;
  /** Report a row whose rowKey (or USCC, for the registry) repeats an earlier row. Default true. */
  detectDuplicates?: boolean;
}

const MAX_FIELD = 500;

type InspectionColumn =
  | 'uscc'
  | 'enterprise_name'
  | 'product_name'
  | 'product_category'
  | 'spec_model'
  | 'batch'
  | 'sampled_at'
  | 'level'
  | 'authority'
  | 'result'
  | 'failed_items'
  | 'announcement';

/** English names are the documented ones; Chinese aliases are the usual headings of SAMR result tables. */
const INSPECTION_COLUMNS: readonly ColumnSpec<InspectionColumn>[] = [
  { key: 'uscc', aliases: ['统一社会信用代码', '社会信用代码', '信用代码'], required: false },
  {
    key: 'enterprise_name',
    aliases: ['企业名称', '生产企业', '生产企业名称', '标称生产企业名称', '受检单位', '受检企业'],
    required: true,
  },
  { key: 'product_name', aliases: ['产品名称', '样品名称'], required: true },
  { key: 'product_category', aliases: ['产品类别', '产品种类', '产品分类'], required: true },
  { key: 'spec_model', aliases: ['规格型号', '型号规格'], required: false },
  { key: 'batch', aliases: ['生产日期/批号', '生产日期或批号', '批号', '批次'], required: false },
  { key: 'sampled_at', aliases: ['抽样日期', '抽检日期'], required: true },
  { key: 'level', aliases: ['抽查级别', '级别', '抽查层级'], required: true },
  { key: 'authority', aliases: ['抽查机关', '组织抽查部门', '抽查部门', '组织单位'], required: true },
  { key: 'result', aliases: ['检验结果', '抽查结果', '结果', '检验结论'], required: true },
  { key: 'failed_items', aliases: ['不合格项目', '主要不合格项目'], required: false },
  { key: 'announcement', aliases: ['公告', '公告号', '公告名称', '通告'], required: true },
];

const RESULTS: Record<string, InspectionResult> = { 合格: 'pass', pass: 'pass', 不合格: 'fail', fail: 'fail' };

const LEVELS: Record<string, InspectionLevel> = {
  国家: 'national',
  国家级: 'national',
  national: 'national',
  省: 'provincial',
  省级: 'provincial',
  provincial: 'provincial',
  市: 'municipal',
  市级: 'municipal',
  municipal: 'municipal',
  县: 'county',
  县级: 'county',
  // Districts are county-level administrations.
  区: 'county',
  县区: 'county',
  county: 'county',
};

/** Accepts YYYY-MM-DD (the documented form), and the YYYY/M/D and YYYY年M月D日 forms spreadsheets produce. */
export function parseSampledAt(text: string): string | null {
  const m = /^(\d{4})(?:[-/.年])(\d{1,2})(?:[-/.月])(\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  const candidate = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const key = parseDateKey(candidate);
  return Number.isNaN(key) ? null : formatDateKey(key);
}

export function parseResult(text: string): InspectionResult | null {
  return RESULTS[text.replace(/\s+/g, '').toLowerCase()] ?? null;
}

export function parseLevel(text: string): InspectionLevel | null {
  return LEVELS[text.replace(/\s+/g, '').toLowerCase()] ?? null;
}

/** Stable identity of a published row; names are normalised so width/script variants collapse. */
export function inspectionRowKey(r: {
  announcement: string;
  enterpriseName: string;
  productName: string;
  batch: string;
  sampledAt: string;
}): string {
  const parts = [r.announcement, r.enterpriseName, r.productName, r.batch, r.sampledAt].map(normalizeName);
  return createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 32);
}

function field(cells: CellValue[], index: number | undefined): CellValue {
  return index === undefined ? null : (cells[index] ?? null);
}

/**
 * Parses a sampling-results file row by row. A header problem yields one error (line 1) and
 * stops; an unreadable file yields one error at the line it broke and stops.
 */
export async function* parseInspectionRows(
  source: ImportSource,
  options: ParseOptions = {},
): AsyncGenerator<InspectionRowResult> {
  const todayKey = options.today ? parseDateKey(options.today) : NaN;
  const seen = options.detectDuplicates === false ? null : new Map<string, number>();
  yield* parseTable(source, INSPECTION_COLUMNS, (cells, columns, line) => {
    const text = (key: InspectionColumn) => cellText(field(cells, columns[key]));
    const problems: string[] = [];
    const warnings: string[] = [];

    const rawUscc = normalizeUscc(text('uscc'));
    let uscc: string | undefined;
    if (rawUscc) {
      const v = validateUscc(rawUscc);
      if (v.ok) uscc = v.uscc;
      else warnings.push(`统一社会信用代码“${rawUscc}”无效（${v.reason}），将按企业名称匹配`);
    }
    const required = (key: InspectionColumn, label: string) => {
      const value = text(key);
      if (!value) problems.push(`${label}为空`);
      return value;
    };
    const enterpriseName = required('enterprise_name', '企业名称');
    const productName = required('product_name', '产品名称');
    const productCategory = required('product_category', '产品类别');
    const authority = required('authority', '抽查机关');
    const announcement = required('announcement', '公告');

    const rawDate = cellDateText(field(cells, columns.sampled_at));
    let sampledAt = '';
    if (!rawDate) problems.push('抽样日期为空');
    else {
      sampledAt = parseSampledAt(rawDate) ?? '';
      if (!sampledAt) problems.push(`抽样日期“${rawDate}”无效，应为 YYYY-MM-DD`);
      else if (!Number.isNaN(todayKey) && parseDateKey(sampledAt) > todayKey) {
        problems.push(`抽样日期“${sampledAt}”晚于今天`);
      }
    }
    const rawLevel = text('level');
    const level = parseLevel(rawLevel);
    if (!rawLevel) problems.push('抽查级别为空');
    else if (!level) problems.push(`抽查级别“${rawLevel}”无效，应为 国家/省/市/县`);
    const rawResult = text('result');
    const result = parseResult(rawResult);
    if (!rawResult) problems.push('检验结果为空');
    else if (!result) problems.push(`检验结果“${rawResult}”无效，应为 合格/不合格`);

    const specModel = text('spec_model');
    const batch = text('batch');
    const failedItems = text('failed_items');
    for (const [label, value] of [
      ['企业名称', enterpriseName],
      ['产品名称', productName],
      ['产品类别', productCategory],
      ['规格型号', specModel],
      ['生产日期/批号', batch],
      ['抽查机关', authority],
      ['不合格项目', failedItems],
      ['公告', announcement],
    ] as const) {
      if (value.length > MAX_FIELD) problems.push(`${label}过长（超过${MAX_FIELD}字）`);
    }
    if (problems.length || !level || !result) return { ok: false, line, reason: problems.join('；') };

    const record: InspectionImportRecord = {
      rowKey: inspectionRowKey({ announcement, enterpriseName, productName, batch, sampledAt }),
      ...(uscc ? { uscc } : {}),
      enterpriseName,
      productName,
      productCategory,
      specModel,
      batch,
      sampledAt,
      level,
      authority,
      result,
      failedItems,
      announcement,
    };
    if (seen) {
      const first = seen.get(record.rowKey);
      if (first !== undefined)
        return { ok: false, line, reason: `与第${first}行重复（同一公告、企业、产品、批号和日期）` };
      seen.set(record.rowKey, line);
    }
    return { ok: true, line, record, warnings };
  });
}

type EnterpriseColumn = 'uscc' | 'name' | 'former_names' | 'address' | 'province' | 'contact_phone';

const ENTERPRISE_COLUMNS: readonly ColumnSpec<EnterpriseColumn>[] = [
  { key: 'uscc', aliases: ['统一社会信用代码', '社会信用代码', '信用代码'], required: true },
  { key: 'name', aliases: ['enterprise_name', '企业名称', '名称'], required: true },
  { key: 'former_names', aliases: ['曾用名', '原名称', '历史名称'], required: false },
  { key: 'address', aliases: ['地址', '住所', '注册地址'], required: false },
  { key: 'province', aliases: ['省份', '所在省份'], required: false },
  // Optional: the enterprise's registered contact phone, for the automatic verification of bindings.
  { key: 'contact_phone', aliases: ['联系电话', '联系人电话', '联系手机', '联系人手机', '手机号码'], required: false },
];

/** Former names are separated by ; or ；. */
export function splitFormerNames(text: string): string[] {
  return text
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses an enterprise registry file (uscc, name, former_names, address[, province][, contact_phone]). */
export async function* parseEnterpriseRows(
  source: ImportSource,
  options: Pick<ParseOptions, 'detectDuplicates'> = {},
): AsyncGenerator<EnterpriseRowResult> {
  const seen = options.detectDuplicates === false ? null : new Map<string, number>();
  yield* parseTable(source, ENTERPRISE_COLUMNS, (cells, columns, line) => {
    const text = (key: EnterpriseColumn) => cellText(field(cells, columns[key]));
    const problems: string[] = [];
    const uscc = normalizeUscc(text('uscc'));
    if (!uscc) problems.push('统一社会信用代码为空');
    else {
      const v = validateUscc(uscc);
      if (!v.ok) problems.push(`统一社会信用代码“${uscc}”无效：${v.reason}`);
    }
    const name = text('name');
    if (!name) problems.push('企业名称为空');
    if (name.length > MAX_FIELD) problems.push(`企业名称过长（超过${MAX_FIELD}字）`);
    const address = text('address');
    const province = text('province');
    const rawPhone = text('contact_phone');
    const contactPhone = rawPhone ? normalizeContactPhone(rawPhone) : null;
    const warnings = rawPhone && !contactPhone ? [`联系电话“${rawPhone}”无效，已忽略`] : [];
    const normalized = normalizeName(name);
    const formerNames = splitFormerNames(text('former_names')).filter(
      (n, i, all) => normalizeName(n) !== normalized && all.indexOf(n) === i,
    );
    if (problems.length) return { ok: false, line, reason: problems.join('；') };
    if (seen) {
      const first = seen.get(uscc);
      if (first !== undefined) return { ok: false, line, reason: `统一社会信用代码与第${first}行重复` };
      seen.set(uscc, line);
    }
    const enterprise: EnterpriseRecord = {
      uscc,
      name,
      formerNames,
      ...(address ? { address } : {}),
      ...(province ? { province } : {}),
      ...(contactPhone ? { contactPhone } : {}),
    };
    return { ok: true, line, record: enterprise, warnings };
  });
}

/**
 * A CSV/XLSX table as parsed rows: blank rows skipped, the first row the header (mapped by `specs`),
 * each later row handed to `mapRow` with its line (1 = header). Shared by the red-list imports and the
 * help desk's experts import (helpdesk/experts.ts).
 */
export async function* parseTable<K extends string, T>(
  source: ImportSource,
  specs: readonly ColumnSpec<K>[],
  mapRow: (cells: CellValue[], columns: Partial<Record<K, number>>, line: number) => ParsedRow<T>,
): AsyncGenerator<ParsedRow<T>> {
  let columns: Partial<Record<K, number>> | null = null;
  let width = 0;
  try {
    for await (const { line, cells } of readTable(source)) {
      if (isBlankRow(cells)) continue;
      if (!columns) {
        const header = mapHeader(cells, specs);
        if (!header.ok) {
          yield { ok: false, line, reason: header.reason };
          return;
        }
        columns = header.columns;
        width = header.width;
        continue;
      }
      // An unquoted comma shifts every later field: refuse rather than store shifted data.
      const extra = cells.slice(width).some((c) => c !== null && cellText(c) !== '');
      if (extra) {
        yield { ok: false, line, reason: `列数（${cells.length}）多于表头（${width}），请检查是否有未加引号的逗号` };
        continue;
      }
      yield mapRow(cells, columns, line);
    }
  } catch (err) {
    if (err instanceof TableFormatError) {
      yield { ok: false, line: err.line, reason: err.message };
      return;
    }
    throw err;
  }
  if (!columns) yield { ok: false, line: 1, reason: '文件为空或缺少表头' };
}
