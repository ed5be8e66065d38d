import { diagnoseInput } from '../../contract/helpdesk';
import { action } from '../../runtime/router';
import { caseViewFor } from '../case-views';
import { assertOwner, expertIdOf, loadCaseFor, transition } from '../cases';

/**
 * The owning expert records the diagnosis and the improvement plan (一企一策: measures, each with a
 * target and a date); a later diagnosis replaces it. It counts as the first answer when none came yet.
 */
export const diagnose = action({
  access: 'expert',
  input: diagnoseInput,
  async handler({ caseId, diagnosis, plan }, { caller, db, now }) {
    const expertId = expertIdOf(caller)!;
    const { viewer } = await loadCaseFor(db, caller, caseId, ['expert']);
    const doc = await transition(db, {
      caseId,
      event: 'diagnose',
      actor: 'expert',
      caller,
      now,
      guard: (current) => assertOwner(current, expertId),
      apply: async (_t, current) => ({
        patch: {
          diagnosis: { text: diagnosis, plan: plan.map((m) => ({ ...m })), at: now },
          firstAnsweredAt: current.firstAnsweredAt ?? now,
        },
        notices: [{ toOpenid: current.ownerOpenid, note: '专家已给出诊断意见和整改计划' }],
      }),
    });
    return caseViewFor(db, doc, viewer, now);
  },
});
