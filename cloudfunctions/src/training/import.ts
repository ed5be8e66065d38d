/**
 * Sessions from a CSV or XLSX table (admins' importSessions): the columns are the form's fields under
 * their Chinese headings, each row checked with the form's own schema (importedSessionSchema) so a file
 * and the form refuse the same things in the same words.
 */
import { createHash } from 'node:crypto';
import { FEE_KINDS, TRAINING_FORMATS } from '../../../miniprogram/shared/training';
import { importedSessionSchema } from '../contract/training';
import { parseTable, type ImportSource } from '../core/redlist/import';
import { cellText, type CellValue, type ColumnSpec } from '../core/redlist/table';
import { describeZodError, parseInput } from '../runtime/router';
import type { z } from 'zod';

export const SESSION_COLUMNS = {
  code: '场次编号',
  title: '课程名称',
  organiser: '主办单位',
  programme: '培训计划',
  format: '培训形式',
  city: '城市',
  cluster: '产业集聚区',
  venue: '培训地点',
  liveUrl: '直播链接',
  startAt: '开始时间',
  endAt: '结束时间',
  signupOpensAt: '报名开始',
  signupClosesAt: '报名截止',
  capacity: '名额',
  perEnterpriseLimit: '每家企业限报',
  fee: '费用',
  syllabus: '课程大纲',
} as const;
type Field = keyof typeof SESSION_COLUMNS;
/** Columns are keyed by their headings, so a missing one is named as admins know it. */
type Column = (typeof SESSION_COLUMNS)[Field];
const OPTIONAL: readonly Field[] = ['programme', 'city', 'cluster', 'venue', 'liveUrl', 'fee'];

const SPECS: readonly ColumnSpec<Column>[] = (Object.keys(SESSION_COLUMNS) as Field[]).map((field) => ({
  key: SESSION_COLUMNS[field],
  aliases: [],
  required: !OPTIONAL.includes(field),
}));

export const MAX_SESSION_ROWS = 2000;

export type ImportedSession = z.infer<typeof importedSessionSchema> & { organiserName: string; programmeName: string };
export type SessionRow = { line: number; row: ImportedSession } | { line: number; reason: string };

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A time cell as an instant in Asia/Shanghai: an Excel date-time (exceljs gives the wall clock as UTC) or
 * text such as 2030-05-10 09:00 or 2030/5/10 9:00.
 */
export function timeOfCell(v: CellValue): string {
  if (v instanceof Date) {
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}T${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:00+08:00`;
  }
  const text = cellText(v);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?[ T]+(\d{1,2})[:：](\d{2})$/.exec(text);
  return m ? `${m[1]}-${pad(+m[2])}-${pad(+m[3])}T${pad(+m[4])}:${m[5]}:00+08:00` : text;
}

const byLabel = <K extends string>(labels: Record<K, string>, text: string): K | string =>
  (Object.keys(labels) as K[]).find((k) => labels[k] === text || k === text) ?? text;

/** Every data row of the file, as a session or as the reason it cannot be one; 1 = the header line. */
export async function parseSessionFile(source: ImportSource): Promise<SessionRow[]> {
  const out: SessionRow[] = [];
  const seen = new Map<string, number>();
  for await (const result of parseTable(source, SPECS, (cells, columns, line) => {
    const cell = (f: Field) => {
      const at = columns[SESSION_COLUMNS[f]];
      return at === undefined ? null : (cells[at] ?? null);
    };
    const text = (f: Field) => cellText(cell(f));
    const feeText = text('fee');
    const candidate = {
      code: text('code'),
      organiserId: 'by-name',
      programmeId: null,
      title: text('title'),
      syllabus: text('syllabus'),
      format: byLabel(TRAINING_FORMATS, text('format')),
      venue: text('venue') || undefined,
      city: text('city') || undefined,
      cluster: text('cluster'),
      liveUrl: text('liveUrl') || undefined,
      startAt: timeOfCell(cell('startAt')),
      endAt: timeOfCell(cell('endAt')),
      signupOpensAt: timeOfCell(cell('signupOpensAt')),
      signupClosesAt: timeOfCell(cell('signupClosesAt')),
      capacity: text('capacity'),
      perEnterpriseLimit: text('perEnterpriseLimit'),
      fee: feeText ? (feeText.includes('券') ? 'voucher' : byLabel(FEE_KINDS, feeText)) : 'free',
    };
    const parsed = parseInput(importedSessionSchema, candidate);
    if (!parsed.success) {
      return { ok: false as const, line, reason: describeZodError(importedSessionSchema, parsed.error).message };
    }
    const organiserName = text('organiser');
    if (!organiserName) return { ok: false as const, line, reason: '主办单位：请填写主办单位名称' };
    return {
      ok: true as const,
      line,
      record: { ...parsed.data, organiserName, programmeName: text('programme') },
      warnings: [],
    };
  })) {
    if (!result.ok) {
      out.push({ line: result.line, reason: result.reason });
      continue;
    }
    if (out.length >= MAX_SESSION_ROWS) {
      out.push({ line: result.line, reason: `一个文件最多 ${MAX_SESSION_ROWS} 个场次，其后的行未读取` });
      break;
    }
    const first = seen.get(result.record.code);
    if (first !== undefined) {
      out.push({ line: result.line, reason: `场次编号“${result.record.code}”与第 ${first} 行重复` });
      continue;
    }
    seen.set(result.record.code, result.line);
    out.push({ line: result.line, row: result.record });
  }
  return out;
}

/** The id of an imported session (its 场次编号 is the key) and of an organiser created by name. */
export const importedSessionId = (code: string) => `imp-${code}`;
export const organiserIdForName = (name: string) =>
  `O${createHash('sha256').update(`organiser|${name}`).digest('hex').slice(0, 16)}`;
