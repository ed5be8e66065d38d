import { caseIdInput } from '../../contract/helpdesk';
import { action } from '../../runtime/router';
import { caseViewFor } from '../case-views';
import { loadCaseFor } from '../cases';

/**
 * One case with its thread, for its enterprise, an expert it is offered to (contact masked) or owned by,
 * and admins; the viewer's role and buttons are in the view. Anyone else: NOT_FOUND.
 */
export const getCase = action({
  access: 'user',
  input: caseIdInput,
  async handler({ caseId }, { caller, db, now }) {
    const { doc, viewer } = await loadCaseFor(db, caller, caseId);
    return caseViewFor(db, doc, viewer, now);
  },
});
