import { importFileInput, type EnterpriseImportCounts, type ImportProgressView } from '../../contract/redlist';
import { action } from '../../runtime/router';
import { importEnterprises as runEnterpriseImport } from '../redlist/import-enterprises';
import { hooks, hooked } from '../redlist-hooks';

export const importEnterprises = action({
  access: 'admin',
  input: importFileInput.extend(hooks),
  async handler(input, { caller, db, now }): Promise<ImportProgressView<EnterpriseImportCounts>> {
    return runEnterpriseImport(db, caller, { fileID: input.fileID, restart: input.restart, now, ...hooked(input) });
  },
});
