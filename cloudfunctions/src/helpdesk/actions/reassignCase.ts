import { reassignCaseInput } from '../../contract/helpdesk';
import { txGet } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { caseViewFor } from '../case-views';
import { loadCaseFor, transition } from '../cases';
import { CASE_MESSAGES, EXPERTS, type CaseMessageDoc, type ExpertDoc } from '../documents';

/**
 * Admins: move an open, accepted or closing case to another expert (the state machine's `reassign`: the
 * case is then accepted by that expert). One transaction checks the new expert (exists, active, below
 * maxOpenCases: EXPERT_AT_CAPACITY otherwise), moves the open-case count from the old expert to the new
 * one, and writes the case, an audit entry, a system message in the thread and messages to the new expert
 * (when bound to a WeChat user) and the enterprise. escalatedAt is kept (the escalation stays on record and
 * the case stays in the queue until its first answer); reassignedAt records the move.
 */
export const reassignCase = action({
  access: 'admin',
  input: reassignCaseInput,
  async handler({ caseId, expertId, reason }, { caller, db, now }) {
    // NOT_FOUND for a case id that does not exist (admins see every case).
    await loadCaseFor(db, caller, caseId, ['admin']);
    const doc = await transition(db, {
      caseId,
      event: 'reassign',
      actor: 'admin',
      caller,
      now,
      guard: (current) => {
        if (current.expertId === expertId) {
          throw new AppError('CONFLICT', '该问诊已由这位专家处理，请选择其他专家');
        }
      },
      async apply(t, current) {
        const expert = await txGet<ExpertDoc>(t, EXPERTS, expertId);
        if (!expert) throw new AppError('NOT_FOUND', '专家不存在');
        if (!expert.active) throw new AppError('CONFLICT', `专家${expert.name}已停用，请选择其他专家`);
        if (expert.openCases >= expert.maxOpenCases) {
          throw new AppError(
            'EXPERT_AT_CAPACITY',
            `专家${expert.name}已有 ${expert.openCases} 个问诊在处理，已达上限 ${expert.maxOpenCases} 个，请选择其他专家`,
          );
        }
        // The previous owner (accepted or closing) gives the case's capacity back.
        if (current.expertId && current.status !== 'open') {
          const previous = await txGet<ExpertDoc>(t, EXPERTS, current.expertId);
          if (previous) {
            await t
              .collection(EXPERTS)
              .doc(previous._id)
              .update({ data: { openCases: Math.max(0, previous.openCases - 1), updatedAt: now } });
          }
        }
        await t
          .collection(EXPERTS)
          .doc(expertId)
          .update({ data: { openCases: expert.openCases + 1, updatedAt: now } });
        const text = `管理员已将问诊改派给专家${expert.name}（${expert.institution}）${reason ? `，原因：${reason}` : ''}。`;
        const message: CaseMessageDoc = {
          _id: `${current._id}-reassigned-${now.getTime()}`,
          caseId: current._id,
          from: 'system',
          authorOpenid: '',
          expertId: null,
          text,
          files: [],
          clientRequestId: `reassigned-${now.getTime()}`,
          at: now,
        };
        await t.collection(CASE_MESSAGES).add({ data: message });
        return {
          patch: {
            expertId,
            expertName: expert.name,
            acceptedAt: now,
            reassignedAt: now,
            // Only the new owner is offered it now.
            offeredTo: [expertId],
          },
          notices: [
            ...(expert.openid ? [{ toOpenid: expert.openid, note: '管理员改派给您的问诊' }] : []),
            { toOpenid: current.ownerOpenid, note: `已改派专家${expert.name}` },
          ],
          note: reason || undefined,
        };
      },
    });
    return caseViewFor(db, doc, { role: 'admin', openid: caller.openid ?? null }, now);
  },
});
