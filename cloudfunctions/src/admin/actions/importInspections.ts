import { importFileInput, type ImportProgressView, type InspectionImportCounts } from '../../contract/redlist';
import { action } from '../../runtime/router';
import { importInspections as runInspectionImport } from '../redlist/import-inspections';
import { hooks, hooked } from '../redlist-hooks';

export const importInspections = action({
  access: 'admin',
  input: importFileInput.extend(hooks),
  async handler(input, { caller, db, now }): Promise<ImportProgressView<InspectionImportCounts>> {
    return runInspectionImport(db, caller, { fileID: input.fileID, restart: input.restart, now, ...hooked(input) });
  },
});
