import { withdrawCaseInput } from '../../contract/helpdesk';
import { action } from '../../runtime/router';
import { caseViewFor } from '../case-views';
import { bumpExpert, expertOpenid, loadOwnCase, releaseHolder, transition } from '../cases';

/** The enterprise withdraws a case not yet proposed for closing; an owning expert's place is freed and told. */
export const withdrawCase = action({
  access: 'user',
  input: withdrawCaseInput,
  async handler({ caseId, reason }, { caller, db, now }) {
    const own = await loadOwnCase(db, caller, caseId);
    const doc = await transition(db, {
      caseId,
      event: 'withdraw',
      actor: 'enterprise',
      caller,
      now,
      async apply(t, current) {
        const toOpenid = await expertOpenid(t, current.expertId);
        if (current.expertId) await bumpExpert(t, db, current.expertId, { openCases: -1 });
        await releaseHolder(t, db, current.uscc, current._id);
        return {
          patch: { withdrawnAt: now },
          notices: toOpenid ? [{ toOpenid, note: reason ? `企业已撤回：${reason}` : '企业已撤回该问诊' }] : [],
          note: reason || undefined,
        };
      },
    });
    return caseViewFor(db, doc, { role: 'enterprise', openid: own.ownerOpenid }, now);
  },
});
