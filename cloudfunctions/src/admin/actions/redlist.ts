import { latestPublishedVersion, SUMMARY_FIELDS } from '../../services/redlist-versions';
import { z } from 'zod';
import {
  evaluateRedlistInput,
  importFileInput,
  warningListInput,
  type EnterpriseImportCounts,
  type EvaluateProgressView,
  type ImportProgressView,
  type InspectionImportCounts,
  type WarningListView,
} from '../../contract/redlist';
import { DEFAULT_WARNING_RULE } from '../../core/redlist/warnings';
import { fetchPage, list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { warningView, type RedlistVersionDoc, type WarningDoc } from '../../services/redlist';
import { runEvaluation } from '../redlist/evaluate';
import { importEnterprises as runEnterpriseImport } from '../redlist/import-enterprises';
import { importInspections as runInspectionImport } from '../redlist/import-inspections';
import { localOnly } from '../../runtime/jobs';

/** Test hooks, honoured only on the local cloud: a tiny time budget and small batches force resumption. */
const hooks = {
  budgetMs: z.number().int().min(1).max(50_000).optional(),
  batchSize: z.number().int().min(1).max(1000).optional(),
};
const hooked = <T extends { budgetMs?: number; batchSize?: number }>(input: T) => ({
  budgetMs: localOnly() ? input.budgetMs : undefined,
  batchSize: localOnly() ? input.batchSize : undefined,
});

export const importEnterprises = action({
  access: 'admin',
  input: importFileInput.extend(hooks),
  async handler(input, { caller, db, now }): Promise<ImportProgressView<EnterpriseImportCounts>> {
    return runEnterpriseImport(db, caller, { fileID: input.fileID, restart: input.restart, now, ...hooked(input) });
  },
});

export const importInspections = action({
  access: 'admin',
  input: importFileInput.extend(hooks),
  async handler(input, { caller, db, now }): Promise<ImportProgressView<InspectionImportCounts>> {
    return runInspectionImport(db, caller, { fileID: input.fileID, restart: input.restart, now, ...hooked(input) });
  },
});

export const evaluateRedlist = action({
  access: 'admin',
  input: evaluateRedlistInput.extend(hooks),
  async handler(input, { caller, db, now }): Promise<EvaluateProgressView> {
    return runEvaluation(db, caller, { asOf: input.asOf, warningRule: input.warningRule, now, ...hooked(input) });
  },
});

/** 警示名单: admins only until the regulator publishes its rule. */
export const warningList = action({
  access: 'admin',
  input: warningListInput,
  async handler({ version, page, pageSize }, { db }): Promise<WarningListView> {
    const [doc] = version
      ? await list<RedlistVersionDoc>(
          db.collection('redlist_versions').where({ _id: version }).field(SUMMARY_FIELDS).limit(1),
        )
      : [await latestPublishedVersion(db)];
    if (!doc || doc.status !== 'published') {
      throw new AppError('NOT_FOUND', version ? `${version} 期榜单不存在或尚未发布` : '暂无已发布的榜单');
    }
    const query = db.collection('redlist_warnings').where({ version: doc.version });
    const { docs: rows, total } = await fetchPage<WarningDoc>(
      query,
      [
        ['failures', 'desc'],
        ['lastFailAt', 'desc'],
        ['uscc', 'asc'],
      ],
      page,
      pageSize,
    );
    return {
      items: rows.map(warningView),
      page,
      pageSize,
      total,
      version: doc.version,
      asOf: doc.asOf,
      rule: doc.warningRule ?? DEFAULT_WARNING_RULE,
    };
  },
});
