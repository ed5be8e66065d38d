/**
 * `importInspections`: published sampling results (CSV/XLSX per REDLIST.md) into `inspections`.
 * Rows without a valid USCC are matched to the registry by normalised name (current and former
 * names); unmatched and ambiguous rows are reported, not stored. A row's id is its rowKey, so
 * re-importing a file inserts nothing.
 */
import type { InspectionImportCounts } from '../../contract/redlist';
import { parseInspectionRows, type InspectionImportRecord } from '../../core/redlist/import';
import { buildNameIndex, matchByName, type NameIndex } from '../../core/redlist/names';
import { normalizeName } from '../../core/redlist/normalize';
import type { Database } from '../../runtime/cloud';
import { insertIdempotent, list } from '../../runtime/db';
import type { Caller } from '../../runtime/router';
import { inspectionDocOf, type InspectionDoc } from '../../services/redlist';
import type { ReportEntry } from '../../services/import-files';
import { runImport, type BatchOutcome, type ImportOptions } from './import-runner';
import type { EnterpriseDoc } from '../../services/documents';
import { offerFailedSamplings } from '../../helpdesk/offers';

const emptyCounts = (): InspectionImportCounts => ({
  rows: 0,
  inserted: 0,
  unchanged: 0,
  bad: 0,
  unmatched: 0,
  ambiguous: 0,
  warnings: 0,
});

const KEY_CHUNK = 100;

/** Registry entries whose current or former name normalises to one of `keys`. */
export async function enterprisesByNameKeys(db: Database, keys: readonly string[]): Promise<EnterpriseDoc[]> {
  const _ = db.command;
  const found = new Map<string, EnterpriseDoc>();
  const fields = { _id: true, name: true, formerNames: true };
  for (let i = 0; i < keys.length; i += KEY_CHUNK) {
    const chunk = keys.slice(i, i + KEY_CHUNK);
    const [byName, byFormer] = await Promise.all([
      list<EnterpriseDoc>(
        db
          .collection('enterprises')
          .where({ nameKey: _.in(chunk) })
          .field(fields)
          .limit(1000),
      ),
      list<EnterpriseDoc>(
        db
          .collection('enterprises')
          .where({ formerNameKeys: _.in(chunk) })
          .field(fields)
          .limit(1000),
      ),
    ]);
    for (const e of [...byName, ...byFormer]) found.set(e._id, e);
  }
  return [...found.values()];
}

async function writeBatch(
  db: Database,
  rows: { line: number; record: InspectionImportRecord; warnings: string[] }[],
  runId: string,
): Promise<BatchOutcome<InspectionImportCounts>> {
  const _ = db.command;
  const counts: Partial<InspectionImportCounts> = {
    inserted: 0,
    unchanged: 0,
    unmatched: 0,
    ambiguous: 0,
    warnings: 0,
  };
  const entries: ReportEntry[] = [];

  let index: NameIndex = { byName: new Map() };
  const unnamed = rows.filter((r) => !r.record.uscc);
  if (unnamed.length) {
    const keys = [...new Set(unnamed.map((r) => normalizeName(r.record.enterpriseName)))];
    index = buildNameIndex((await enterprisesByNameKeys(db, keys)).map((e) => ({ ...e, uscc: e._id })));
  }

  const docs: InspectionDoc[] = [];
  for (const { line, record, warnings } of rows) {
    const name = record.enterpriseName;
    let uscc = record.uscc;
    const notes = [...warnings];
    if (!uscc) {
      const match = matchByName(index, name);
      const prefix = warnings.length ? `${warnings.join('；')}；` : '未填统一社会信用代码；';
      if ('ambiguous' in match) {
        counts.ambiguous!++;
        entries.push({
          line,
          kind: 'ambiguous',
          name,
          reason: `${prefix}企业名称匹配到多家企业（${match.ambiguous.join('、')}），未导入`,
        });
        continue;
      }
      if ('unmatched' in match) {
        counts.unmatched!++;
        entries.push({ line, kind: 'unmatched', name, reason: `${prefix}企业名录中未找到该企业名称，未导入` });
        continue;
      }
      uscc = match.uscc;
      if (warnings.length) notes.push(`已按企业名称匹配到 ${uscc}`);
    }
    if (notes.length) {
      counts.warnings!++;
      entries.push({ line, kind: 'warning', name, reason: notes.join('；') });
    }
    docs.push(inspectionDocOf(record, uscc, runId, line));
  }

  if (docs.length) {
    const existing = await list<{ _id: string; importJobId?: string }>(
      db
        .collection('inspections')
        .where({ _id: _.in(docs.map((d) => d._id)) })
        .field({ _id: true, importJobId: true })
        .limit(1000),
    );
    const known = new Set(existing.map((e) => e._id));
    // Rows this very run wrote before a crash count as inserted, not as unchanged.
    const ours = existing.filter((e) => e.importJobId === runId).length;
    const fresh = docs.filter((d) => !known.has(d._id));
    await insertIdempotent(
      db,
      'inspections',
      fresh.map((d) => ({ ...d, createdAt: db.serverDate(), updatedAt: db.serverDate() })),
    );
    counts.inserted! += fresh.length + ours;
    counts.unchanged! += existing.length - ours;
    // The help desk offers a 抽检不合格整改 case to bound enterprises with a recent failure (idempotent).
    await offerFailedSamplings(db, docs, new Date());
  }
  return { counts, entries };
}

export function importInspections(db: Database, caller: Pick<Caller, 'actor'>, options: ImportOptions) {
  return runImport<InspectionImportCounts, InspectionImportRecord>(
    db,
    caller,
    {
      kind: 'importInspections',
      jobPrefix: 'import-inspections',
      emptyCounts,
      parse: (source, today) => parseInspectionRows(source, { today }),
      writeBatch: (rows, runId) => writeBatch(db, rows, runId),
      auditAction: 'admin.redlist.importInspections',
    },
    options,
  );
}
