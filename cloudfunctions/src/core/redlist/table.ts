/**
 * Reading CSV (UTF-8, header row, BOM tolerated) and XLSX (first worksheet) as an async stream of
 * rows with their line numbers, so large imports can be processed in batches.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJSNamespace from 'exceljs';

export type ImportFormat = 'csv' | 'xlsx';
export type ImportData = Uint8Array | string | NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>;

export interface ImportSource {
  format: ImportFormat;
  data: ImportData;
}

export type CellValue = string | number | boolean | Date | null;

export interface RawRow {
  /** 1-based line (CSV: the line the record starts on) or worksheet row number. */
  line: number;
  cells: CellValue[];
}

/** Thrown for a file that cannot be read at all (not a CSV/XLSX, broken quoting…). */
export class TableFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'TableFormatError';
  }
}

export function formatOfFileName(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

function toReadable(data: ImportData): NodeJS.ReadableStream {
  if (typeof data === 'string' || data instanceof Uint8Array) return Readable.from([Buffer.from(data)]);
  if ('pipe' in data) return data;
  return Readable.from(data);
}

export async function* readTable(source: ImportSource): AsyncGenerator<RawRow> {
  if (source.format === 'csv') yield* readCsv(source.data);
  else if (source.format === 'xlsx') yield* readXlsx(source.data);
  else throw new TableFormatError(`不支持的文件格式“${String(source.format)}”，请使用 CSV 或 XLSX`, 0);
}

interface CsvItem {
  record: string[];
  info: { lines: number };
}

async function* readCsv(data: ImportData): AsyncGenerator<RawRow> {
  const parser = parse({ bom: true, info: true, relax_column_count: true });
  const input = toReadable(data);
  // Events rather than `for await` over the stream: destroying a stream on a parse error drops
  // records it had buffered, and those good rows must still be reported before the error.
  let queue: CsvItem[] = [];
  let failure: unknown = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  parser.on('data', (item: CsvItem) => {
    queue.push(item);
    if (queue.length >= 1000) parser.pause();
    notify();
  });
  parser.on('error', (err) => {
    failure = err;
    notify();
  });
  parser.on('end', () => {
    ended = true;
    notify();
  });
  input.on('error', (err: Error) => parser.destroy(err));
  input.pipe(parser);

  let previousEnd = 0;
  try {
    for (;;) {
      if (queue.length) {
        const batch = queue;
        queue = [];
        parser.resume();
        for (const item of batch) {
          // Report the line a record starts on (a quoted field may span lines).
          const line = previousEnd + 1;
          previousEnd = item.info.lines;
          yield { line, cells: item.record };
        }
        continue;
      }
      if (failure) {
        const message = failure instanceof Error ? failure.message : String(failure);
        throw new TableFormatError(`CSV 格式错误：${message}`, previousEnd + 1);
      }
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!ended) {
      input.unpipe?.(parser);
      parser.destroy();
    }
  }
}

interface RichText {
  richText: { text: string }[];
}

function cellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Partial<RichText> & { text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellValue(o.result);
    if (typeof o.text === 'string') return o.text;
  }
  return null;
}

async function* readXlsx(data: ImportData): AsyncGenerator<RawRow> {
  // exceljs is heavy: load it only for XLSX imports.
  const ExcelJS = require('exceljs') as typeof ExcelJSNamespace;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(toReadable(data) as unknown as import('stream').Stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: CellValue[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
        yield { line: row.number, cells };
      }
      // Only the first worksheet is imported.
      break;
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new TableFormatError(`无法读取 XLSX 文件：${message}`, 0);
  }
}

/** Text of a cell for non-date columns: trimmed, numbers without exponent where possible. */
export function cellText(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) return isoDateOfCell(v);
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  return String(v).trim();
}

/** exceljs gives date cells as UTC midnight of the calendar date shown in Excel. */
function isoDateOfCell(d: Date): string {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${y}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

/** Calendar date text of a date cell: a Date, an Excel serial number, or text as typed. */
export function cellDateText(v: CellValue): string {
  if (v instanceof Date) return isoDateOfCell(v);
  if (typeof v === 'number' && v > 20000 && v < 80000 && Number.isInteger(v)) {
    // Excel serial day 25569 = 1970-01-01 (the 1900 leap-year bug only affects dates before March 1900).
    return isoDateOfCell(new Date((v - 25569) * 86400000));
  }
  return cellText(v);
}

export interface ColumnSpec<K extends string> {
  key: K;
  aliases: readonly string[];
  required: boolean;
}

const headerKey = (s: string) =>
  s
    .replace(/[\s\u3000\ufeff]+/g, '')
    .replace(/[（(].*?[）)]$/, '')
    .toLowerCase();

/**
 * Maps header cells to column keys. Returns the index of each key, or a Chinese reason naming the
 * missing required columns.
 */
export function mapHeader<K extends string>(
  header: CellValue[],
  specs: readonly ColumnSpec<K>[],
): { ok: true; columns: Partial<Record<K, number>>; width: number } | { ok: false; reason: string } {
  const lookup = new Map<string, K>();
  for (const spec of specs) {
    lookup.set(headerKey(spec.key), spec.key);
    for (const alias of spec.aliases) lookup.set(headerKey(alias), spec.key);
  }
  const columns: Partial<Record<K, number>> = {};
  const duplicates: string[] = [];
  header.forEach((cell, i) => {
    const key = lookup.get(headerKey(cellText(cell)));
    if (!key) return;
    if (columns[key] !== undefined) duplicates.push(key);
    else columns[key] = i;
  });
  if (duplicates.length) return { ok: false, reason: `表头列重复：${duplicates.join('、')}` };
  const missing = specs.filter((s) => s.required && columns[s.key] === undefined).map((s) => s.key);
  if (missing.length) return { ok: false, reason: `缺少必需的列：${missing.join('、')}` };
  return { ok: true, columns, width: header.length };
}

export const isBlankRow = (cells: CellValue[]) => cells.every((c) => c === null || cellText(c) === '');
