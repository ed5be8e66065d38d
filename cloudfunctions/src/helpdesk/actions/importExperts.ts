/**
 * `importExperts` (admin): the 专家库 from a CSV or XLSX file in cloud storage (columns: EXPERT_COLUMNS in
 * helpdesk/experts.ts). Rows with a problem are reported by line (1 = the header) and not written; the
 * others are. A row's id is its 专家编号 and its importHash covers only what the file says, so importing
 * the same file again changes nothing, and a re-import never touches what the help desk keeps on the
 * record (openCases, the bound openid, ratings, resolvedCases). One call handles the whole file (a few
 * thousand rows at most, MAX_EXPERT_ROWS); a call cut short is finished by calling again.
 */
import { importExpertsInput, type ImportExpertsView } from '../../contract/helpdesk';
import { audit } from '../../runtime/audit';
import { insertIdempotent, list, throwIfErrorReply } from '../../runtime/db';
import { action } from '../../runtime/router';
import { tempFileUrls } from '../../services/files';
import { downloadImportFile, formatOf, jobIdFor, uploadReport } from '../../services/import-files';
import { EXPERTS, type ExpertDoc } from '../documents';
import { expertErrorsCsv, importHashOf, parseExpertFile, type ExpertRow } from '../experts';

const CHUNK = 500;
const PARALLEL_UPDATES = 16;
/** The view lists at most this many problems; the CSV report lists them all. */
const VIEW_ERRORS = 200;
/** How long the error report's link works (seconds). */
const REPORT_URL_SECONDS = 2 * 3600;

/** The fields a row sets; everything else on an expert record belongs to the help desk. */
function importedFields(row: ExpertRow, hospitalId: string | null) {
  return {
    name: row.name,
    title: row.title,
    institution: row.institution,
    hospitalId,
    city: row.city,
    productCategories: row.productCategories,
    disciplines: row.disciplines,
    maxOpenCases: row.maxOpenCases,
    active: row.active,
    importHash: importHashOf(row),
  };
}

export const importExperts = action({
  access: 'admin',
  input: importExpertsInput,
  async handler({ fileID }, { caller, db, now }): Promise<ImportExpertsView> {
    const data = await downloadImportFile(fileID);
    const { rows, problems, dataRows } = await parseExpertFile({ format: formatOf(fileID, data), data });

    const _ = db.command;
    const existing = new Map<string, Pick<ExpertDoc, '_id' | 'importHash' | 'hospitalId'>>();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const ids = rows.slice(i, i + CHUNK).map((r) => r.row.expertId);
      const found = await list<Pick<ExpertDoc, '_id' | 'importHash' | 'hospitalId'>>(
        db
          .collection(EXPERTS)
          .where({ _id: _.in(ids) })
          .field({ _id: true, importHash: true, hospitalId: true })
          .limit(CHUNK),
      );
      for (const doc of found) existing.set(doc._id, doc);
    }

    // An institution that is one of the product hospitals links to it (its page, its city).
    const hospitals = await list<{ _id: string; name: string }>(
      db.collection('hospitals').field({ _id: true, name: true }).limit(1000),
    );
    const hospitalByName = new Map(hospitals.map((h) => [h.name, h._id]));

    const fresh: ExpertDoc[] = [];
    const changed: { id: string; fields: ReturnType<typeof importedFields> }[] = [];
    let unchanged = 0;
    for (const { row } of rows) {
      const fields = importedFields(row, hospitalByName.get(row.institution) ?? null);
      const before = existing.get(row.expertId);
      if (!before) {
        fresh.push({
          _id: row.expertId,
          ...fields,
          openCases: 0,
          openid: null,
          resolvedCases: 0,
          starsTotal: 0,
          ratings: 0,
          createdAt: now,
          updatedAt: now,
        });
      } else if (before.importHash !== fields.importHash || before.hospitalId !== fields.hospitalId) {
        changed.push({ id: row.expertId, fields });
      } else unchanged++;
    }

    for (let i = 0; i < fresh.length; i += CHUNK) await insertIdempotent(db, EXPERTS, fresh.slice(i, i + CHUNK));
    for (let i = 0; i < changed.length; i += PARALLEL_UPDATES) {
      await Promise.all(
        changed.slice(i, i + PARALLEL_UPDATES).map(async ({ id, fields }) =>
          throwIfErrorReply(
            await db
              .collection(EXPERTS)
              .doc(id)
              .update({ data: { ...fields, updatedAt: now } }),
          ),
        ),
      );
    }

    let errorReportUrl: string | null = null;
    let reportFileID: string | null = null;
    if (problems.length) {
      reportFileID = await uploadReport(jobIdFor('import-experts', fileID), now.getTime(), expertErrorsCsv(problems));
      errorReportUrl = (await tempFileUrls([reportFileID], REPORT_URL_SECONDS)).get(reportFileID) ?? null;
    }

    const view: ImportExpertsView = {
      rows: dataRows,
      created: fresh.length,
      updated: changed.length,
      unchanged,
      errors: [...problems].sort((a, b) => a.line - b.line).slice(0, VIEW_ERRORS),
      errorReportUrl,
    };
    await audit(db, db, {
      actor: caller.actor,
      action: 'helpdesk.importExperts',
      targetType: 'file',
      targetId: fileID,
      after: {
        rows: view.rows,
        created: view.created,
        updated: view.updated,
        unchanged: view.unchanged,
        errors: problems.length,
        reportFileID,
      },
    });
    return view;
  },
});
