import { randomBytes } from 'node:crypto';
import { confirmCloseInput } from '../../contract/helpdesk';
import { action } from '../../runtime/router';
import { caseViewFor } from '../case-views';
import { bumpExpert, expertOpenid, loadOwnCase, releaseHolder, transition } from '../cases';
import { CASE_MESSAGES, type CaseMessageDoc } from '../documents';

/**
 * The enterprise answers the expert's proposal: solved → resolved (the expert's load drops by one, their
 * resolved count rises, the enterprise's open list frees a place); not solved → back to the expert
 * (accepted), with a system message in the thread saying so.
 */
export const confirmClose = action({
  access: 'user',
  input: confirmCloseInput,
  async handler({ caseId, solved, note }, { caller, db, now }) {
    const own = await loadOwnCase(db, caller, caseId);
    const doc = await transition(db, {
      caseId,
      event: solved ? 'confirmSolved' : 'notSolved',
      actor: 'enterprise',
      caller,
      now,
      async apply(t, current) {
        const toOpenid = await expertOpenid(t, current.expertId);
        const notices = toOpenid ? [{ toOpenid, note: solved ? '企业确认问题已解决' : '企业反馈问题尚未解决' }] : [];
        if (solved) {
          if (current.expertId) await bumpExpert(t, db, current.expertId, { openCases: -1, resolvedCases: 1 });
          await releaseHolder(t, db, current.uscc, current._id);
          return { patch: { resolvedAt: now }, notices, note: note || undefined };
        }
        const message: CaseMessageDoc = {
          _id: randomBytes(12).toString('hex'),
          caseId: current._id,
          from: 'system',
          authorOpenid: '',
          expertId: null,
          text: note ? `企业反馈问题尚未解决：${note}` : '企业反馈问题尚未解决，问诊回到专家处理中',
          files: [],
          clientRequestId: `system-notSolved-${now.getTime()}`,
          at: now,
        };
        await t.collection(CASE_MESSAGES).add({ data: message });
        return { patch: { closingNote: null, closingProposedAt: null }, notices, note: note || undefined };
      },
    });
    return caseViewFor(db, doc, { role: 'enterprise', openid: own.ownerOpenid }, now);
  },
});
