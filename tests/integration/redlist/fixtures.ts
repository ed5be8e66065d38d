import { parse } from 'csv-parse/sync';
import { buildNameIndex, matchByName } from '../../../cloudfunctions/src/core/redlist/names';
import { normalizeName } from '../../../cloudfunctions/src/core/redlist/normalize';
import { inspectionRowKey } from '../../../cloudfunctions/src/core/redlist/import';
import type { EnterpriseEntry, EvaluationRecord } from '../../../cloudfunctions/src/core/redlist/types';
import { inspectionDocOf, type InspectionDoc } from '../../../cloudfunctions/src/services/redlist';
import type { GeneratedEnterprise, GeneratedInspection } from '../../../scripts/generate-inspections';
import { ok } from '../voucher/fixtures';
import type { TestCloud } from '../voucher/fixtures';

export { failure, ok, type TestCloud } from '../voucher/fixtures';

/** Puts a file in cloud storage (as an admin's upload would) and returns its fileID. */
export async function upload(cloud: TestCloud, name: string, content: string | Buffer): Promise<string> {
  return cloud.cloud.storage.put(`imports/${name}`, Buffer.from(content));
}

export interface ReportRow {
  line: number;
  kind: string;
  reason: string;
  name: string;
}

/** Downloads an import report and parses it (行号, 类型, 原因, 企业名称). */
export async function readReport(cloud: TestCloud, fileID: string): Promise<ReportRow[]> {
  const data = await cloud.cloud.storage.get(fileID.replace(/^cloud:\/\/[^/]+\//, ''));
  if (!data) throw new Error(`report ${fileID} not found`);
  const rows = parse(data, { bom: true, relax_column_count: true }) as string[][];
  expect(rows[0]).toEqual(['行号', '类型', '原因', '企业名称']);
  return rows
    .slice(1)
    .filter((r) => /^\d+$/.test(r[0]))
    .map(([line, kind, reason, name]) => ({ line: Number(line), kind, reason, name: name ?? '' }));
}

/** Calls an admin action until its job reports `done`; returns every reply's data. */
export async function runToDone<T extends { status: string }>(
  cloud: TestCloud,
  event: Record<string, unknown>,
  maxCalls = 200,
): Promise<T[]> {
  const replies: T[] = [];
  for (let i = 0; i < maxCalls; i++) {
    const data = ok<T>(await cloud.admin('admin', event));
    replies.push(data);
    if (data.status === 'done') return replies;
  }
  throw new Error(`${String(event.action)} not done after ${maxCalls} calls`);
}

export const HEADER =
  'uscc,enterprise_name,product_name,product_category,spec_model,batch,sampled_at,level,authority,result,failed_items,announcement';

/** The registry documents importEnterprises would write. */
export function enterpriseDocs(enterprises: readonly GeneratedEnterprise[]) {
  const now = new Date();
  return enterprises.map((e) => ({
    _id: e.uscc,
    name: e.name,
    nameKey: normalizeName(e.name),
    formerNames: e.formerNames,
    formerNameKeys: e.formerNames.map(normalizeName),
    city: e.city,
    address: e.address,
    ownerOpenid: null,
    createdAt: now,
    updatedAt: now,
  }));
}

/**
 * Inspection documents as importInspections would write them (rows without USCC matched by
 * name against `enterprises`), and the same records as the offline evaluator reads them.
 */
export function inspectionDocs(
  inspections: readonly GeneratedInspection[],
  enterprises: readonly { uscc: string; name: string; formerNames?: readonly string[] }[],
): { docs: InspectionDoc[]; records: EvaluationRecord[] } {
  const index = buildNameIndex(enterprises);
  const docs: InspectionDoc[] = [];
  const records: (EvaluationRecord & { failedItems: string })[] = [];
  for (const r of inspections) {
    let uscc = r.uscc;
    if (!uscc) {
      const m = matchByName(index, r.enterpriseName);
      if (!('uscc' in m)) continue;
      uscc = m.uscc;
    }
    docs.push(inspectionDocOf(r, uscc, 'test', 0));
    records.push({
      uscc,
      enterpriseName: r.enterpriseName,
      sampledAt: r.sampledAt,
      result: r.result,
      productCategory: r.productCategory,
      failedItems: r.failedItems,
    });
  }
  return { docs, records };
}

export function registryEntries(enterprises: readonly GeneratedEnterprise[]): EnterpriseEntry[] {
  return enterprises.map((e) => ({ uscc: e.uscc, name: e.name, formerNames: e.formerNames, address: e.address }));
}

export interface Spec {
  uscc: string;
  name: string;
  category?: string;
  level?: GeneratedInspection['level'];
  passes?: string[];
  fails?: string[];
}

/** Hand-written histories: one inspection per date. */
export function specInspections(specs: readonly Spec[]): GeneratedInspection[] {
  const out: GeneratedInspection[] = [];
  for (const s of specs) {
    const dates = [
      ...(s.passes ?? []).map((d) => [d, 'pass'] as const),
      ...(s.fails ?? []).map((d) => [d, 'fail'] as const),
    ];
    dates.forEach(([sampledAt, result], i) => {
      const level = s.level ?? (['national', 'provincial', 'municipal', 'county'] as const)[i % 4];
      const record: GeneratedInspection = {
        uscc: s.uscc,
        enterpriseName: s.name,
        productName: `${s.category ?? '家用电器'}样品`,
        productCategory: s.category ?? '家用电器',
        specModel: 'T-1',
        batch: `B${i}`,
        sampledAt,
        level,
        authority: '广东省市场监督管理局',
        result,
        failedItems: result === 'fail' ? '标志和说明' : '',
        announcement: `测试通告${sampledAt.slice(0, 4)}`,
      };
      record.rowKey = inspectionRowKey(record);
      out.push(record);
    });
  }
  return out;
}

export async function insertChunked(cloud: TestCloud, collection: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 5000) await cloud.db.insertMany(collection, docs.slice(i, i + 5000));
}
