import { proposeCloseInput } from '../../contract/helpdesk';
import { action } from '../../runtime/router';
import { caseViewFor } from '../case-views';
import { assertOwner, expertIdOf, loadCaseFor, transition } from '../cases';

/** The owning expert proposes closing; the enterprise then confirms it solved (or not). */
export const proposeClose = action({
  access: 'expert',
  input: proposeCloseInput,
  async handler({ caseId, note }, { caller, db, now }) {
    const expertId = expertIdOf(caller)!;
    const { viewer } = await loadCaseFor(db, caller, caseId, ['expert']);
    const doc = await transition(db, {
      caseId,
      event: 'proposeClose',
      actor: 'expert',
      caller,
      now,
      guard: (current) => assertOwner(current, expertId),
      apply: async (_t, current) => ({
        patch: { closingNote: note || null, closingProposedAt: now },
        notices: [{ toOpenid: current.ownerOpenid, note: '专家建议结案，请确认问题是否已解决' }],
      }),
    });
    return caseViewFor(db, doc, viewer, now);
  },
});
