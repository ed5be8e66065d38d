/**
 * Import files from cloud storage (the admin imports of the red list and of the help desk's experts),
 * and the downloadable CSV reports of rows that did not land.
 */
import { createHash } from 'node:crypto';
import { formatOfFileName, type ImportFormat } from '../core/redlist/import';
import { getCloud } from '../runtime/cloud';
import { AppError } from '../runtime/errors';

export interface ReportEntry {
  line: number;
  kind: 'bad' | 'unmatched' | 'ambiguous' | 'warning';
  reason: string;
  name?: string;
}

/** Keep the job document small: the report lists at most this many rows (counts stay exact). */
export const REPORT_LIMIT = 10_000;

const KIND_LABEL: Record<ReportEntry['kind'], string> = {
  bad: '错误',
  unmatched: '未匹配',
  ambiguous: '匹配不唯一',
  warning: '提示',
};

export const jobIdFor = (prefix: string, fileID: string) =>
  `${prefix}-${createHash('sha256').update(fileID).digest('hex').slice(0, 24)}`;

export async function downloadImportFile(fileID: string): Promise<Buffer> {
  try {
    const res = (await getCloud().downloadFile({ fileID })) as { fileContent?: Buffer };
    if (!res.fileContent) throw new Error('empty reply');
    return Buffer.isBuffer(res.fileContent) ? res.fileContent : Buffer.from(res.fileContent);
  } catch (error) {
    const detail = String((error as { errMsg?: string })?.errMsg ?? (error as Error)?.message ?? error);
    throw new AppError('FILE_NOT_FOUND', `无法读取文件 ${fileID}（${detail.slice(0, 120)}）`);
  }
}

/** By extension, else by content: an XLSX file is a ZIP archive ("PK\x03\x04"). */
export function formatOf(fileID: string, data: Buffer): ImportFormat {
  const byName = formatOfFileName(fileID);
  if (byName) return byName;
  return data.length >= 4 && data.readUInt32BE(0) === 0x504b0304 ? 'xlsx' : 'csv';
}

export const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function reportCsv(entries: readonly ReportEntry[], truncated: number): string {
  const lines = ['行号,类型,原因,企业名称'];
  for (const e of [...entries].sort((a, b) => a.line - b.line)) {
    lines.push([String(e.line), KIND_LABEL[e.kind], e.reason, e.name ?? ''].map(csvCell).join(','));
  }
  if (truncated > 0) lines.push(csvCell(`另有 ${truncated} 行未列出（报告最多列 ${REPORT_LIMIT} 行）`));
  // BOM: Excel opens UTF-8 CSV as such only with it.
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export async function uploadReport(jobId: string, attempt: number, csv: string): Promise<string> {
  const res = (await getCloud().uploadFile({
    cloudPath: `imports/reports/${jobId}-${attempt}.csv`,
    fileContent: Buffer.from(csv, 'utf8'),
  })) as { fileID: string };
  return res.fileID;
}
