import { importSessionsInput, type ImportSessionsView } from '../../contract/training';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { findById, list, runInTransaction, txGet, type Transaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { downloadImportFile, formatOf } from '../../services/import-files';
import { ORGANISERS, PROGRAMMES, SESSIONS, type OrganiserDoc, type ProgrammeDoc, type SessionDoc } from '../documents';
import { importedSessionId, organiserIdForName, parseSessionFile, type ImportedSession } from '../import';
import { assertSeatsCover, FRESH_SEATS, sessionFieldsOf, writeSessionChange } from '../session-fields';

/** The view lists at most this many problems. */
const VIEW_ERRORS = 200;

/**
 * Admins import sessions from a CSV/XLSX file in cloud storage. Each row is one transaction: created, or
 * (same 场次编号) updated as saveSession would, so importing a file again changes nothing and duplicates
 * nothing. An organiser named in the file is created when missing (unless the call names one for every
 * row); a programme must exist. Rows with a problem are reported by line and not written.
 */
export const importSessions = action({
  access: 'admin',
  input: importSessionsInput,
  async handler({ fileID, organiserId }, { caller, db, now }): Promise<ImportSessionsView> {
    const data = await downloadImportFile(fileID);
    const rows = await parseSessionFile({ format: formatOf(fileID, data), data });
    const fixedOrganiser = organiserId ? await txlessOrganiser(db, organiserId) : null;
    const programmes = await list<ProgrammeDoc>(db.collection(PROGRAMMES).where({}).limit(1000));
    // Organisers already there (made in the 管理 pages or the console) are found by their name.
    const organisers = await list<OrganiserDoc>(db.collection(ORGANISERS).where({}).limit(1000));
    const organiserByName = new Map(organisers.map((o) => [o.name, o]));
    const programmeByName = new Map(programmes.map((p) => [p.name, p._id]));

    const errors: { line: number; reason: string }[] = [];
    let created = 0;
    let updated = 0;
    for (const entry of rows) {
      if ('reason' in entry) {
        errors.push(entry);
        continue;
      }
      const row: ImportedSession = entry.row;
      const programmeId = row.programmeName ? programmeByName.get(row.programmeName) : null;
      if (programmeId === undefined) {
        errors.push({ line: entry.line, reason: `培训计划：没有名为“${row.programmeName}”的培训计划，请先创建` });
        continue;
      }
      try {
        const outcome = await runInTransaction(db, async (t: Transaction) => {
          const organiser =
            fixedOrganiser ?? organiserByName.get(row.organiserName) ?? (await organiserFor(t, row.organiserName, now));
          const fields = sessionFieldsOf({ ...row, organiserId: organiser._id, programmeId }, organiser.name);
          const id = importedSessionId(row.code);
          const before = await txGet<SessionDoc>(t, SESSIONS, id);
          if (!before) {
            await t
              .collection(SESSIONS)
              .doc(id)
              .set({ data: { code: row.code, ...fields, ...FRESH_SEATS, createdAt: now, updatedAt: now } });
            return 'created' as const;
          }
          if (before.status === 'cancelled') throw new AppError('SESSION_STATE', '该场次已取消，不能再导入修改');
          assertSeatsCover(before, fields.capacity);
          const same = (Object.keys(fields) as (keyof typeof fields)[]).every(
            (k) => JSON.stringify(fields[k]) === JSON.stringify(before[k]),
          );
          if (same) return 'unchanged' as const;
          await writeSessionChange(t, db, before, fields, now);
          return 'updated' as const;
        });
        if (outcome === 'created') created++;
        if (outcome === 'updated') updated++;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push({ line: entry.line, reason: error.message });
      }
    }
    await audit(db, db, {
      actor: caller.actor,
      action: 'training.importSessions',
      targetType: 'training_import',
      targetId: fileID,
      after: { created, updated, errors: errors.length },
    });
    return { created, updated, errors: errors.slice(0, VIEW_ERRORS) };
  },
});

async function txlessOrganiser(db: Database, id: string): Promise<OrganiserDoc> {
  const doc = await findById<OrganiserDoc>(db, ORGANISERS, id);
  if (!doc) throw new AppError('NOT_FOUND', '主办单位不存在');
  return doc;
}

/** The organiser of that name, created (with an id from the name, so a repeat finds it) when missing. */
async function organiserFor(t: Transaction, name: string, now: Date): Promise<OrganiserDoc> {
  const id = organiserIdForName(name);
  const existing = await txGet<OrganiserDoc>(t, ORGANISERS, id);
  if (existing) return existing;
  const doc = { _id: id, name, createdAt: now, updatedAt: now };
  await t
    .collection(ORGANISERS)
    .doc(id)
    .set({ data: { name, createdAt: now, updatedAt: now } });
  return doc;
}
