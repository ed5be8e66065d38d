/**
 * Report files written a batch of rows at a time: CSV (UTF-8 with BOM, CRLF, cells neutralised by
 * core/csv.ts) or XLSX (exceljs's streaming writer: rows are flushed as they come, so 200,000 rows never
 * sit in a workbook in memory). Text cells in the XLSX are typed as text, never formulas.
 */
import { PassThrough } from 'node:stream';
import type ExcelJSNamespace from 'exceljs';
import type { ReportCell } from '../../contract/admin-dashboard';
import { CSV_BOM, csvLine } from '../../core/csv';

export type ReportFormat = 'csv' | 'xlsx';

export interface ReportWriter {
  add(rows: readonly ReportCell[][]): void;
  /** The whole file; call once, after the last rows. */
  finish(): Promise<Buffer>;
  readonly rows: number;
}

/** Lines gathered into one chunk before they become bytes (fewer, larger buffers). */
const CSV_CHUNK_LINES = 2000;

class CsvWriter implements ReportWriter {
  private readonly chunks: Buffer[] = [];
  private pending: string[] = [];
  rows = 0;
  constructor(columns: readonly string[]) {
    this.pending.push(CSV_BOM + csvLine(columns));
  }
  add(rows: readonly ReportCell[][]): void {
    for (const row of rows) {
      this.pending.push(csvLine(row));
      if (this.pending.length >= CSV_CHUNK_LINES) this.flush();
    }
    this.rows += rows.length;
  }
  private flush(): void {
    if (this.pending.length) this.chunks.push(Buffer.from(this.pending.join(''), 'utf8'));
    this.pending = [];
  }
  async finish(): Promise<Buffer> {
    this.flush();
    return Buffer.concat(this.chunks);
  }
}

class XlsxWriter implements ReportWriter {
  private readonly chunks: Buffer[] = [];
  private readonly workbook: ExcelJSNamespace.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJSNamespace.Worksheet;
  private readonly done: Promise<void>;
  rows = 0;
  constructor(sheetName: string, columns: readonly string[]) {
    // exceljs is heavy: load it only when an XLSX is asked for.
    const ExcelJS = require('exceljs') as typeof ExcelJSNamespace;
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
    this.sheet = this.workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    this.sheet.columns = columns.map((header) => ({ header, width: Math.max(10, header.length * 2 + 4) }));
    this.sheet.getRow(1).font = { bold: true };
    this.sheet.getRow(1).commit();
  }
  add(rows: readonly ReportCell[][]): void {
    // A string is written as a string cell; exceljs makes a formula only from a { formula } value.
    for (const row of rows) this.sheet.addRow(row as ReportCell[]).commit();
    this.rows += rows.length;
  }
  async finish(): Promise<Buffer> {
    this.sheet.commit();
    await this.workbook.commit();
    await this.done;
    return Buffer.concat(this.chunks);
  }
}

export function reportWriter(format: ReportFormat, sheetName: string, columns: readonly string[]): ReportWriter {
  return format === 'csv' ? new CsvWriter(columns) : new XlsxWriter(sheetName, columns);
}

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
