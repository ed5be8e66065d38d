import { caseIdInput } from '../../contract/helpdesk';
import { findById, txGet } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { caseViewFor, type CaseViewer } from '../case-views';
import { CASE_NOT_FOUND, expertIdOf, transition } from '../cases';
import { CASES, EXPERTS, type CaseDoc, type ExpertDoc } from '../documents';

class AlreadyOwned extends Error {}

/**
 * The first offered expert to accept owns the case. One transaction reads the case (still open, offered
 * to this expert) and the expert (active, openCases below maxOpenCases) and writes both, so experts
 * racing for one case give exactly one owner (the others: CASE_TAKEN) and openCases stays exact.
 */
export const acceptCase = action({
  access: 'expert',
  input: caseIdInput,
  async handler({ caseId }, { caller, db, now }) {
    const expertId = expertIdOf(caller)!;
    const viewer: CaseViewer = { role: 'expert', openid: caller.openid!, expertId };
    const visible = (doc: CaseDoc | null): doc is CaseDoc =>
      !!doc && (doc.offeredTo.includes(expertId) || doc.expertId === expertId);
    const before = await findById<CaseDoc>(db, CASES, caseId);
    if (!visible(before)) throw new AppError('NOT_FOUND', CASE_NOT_FOUND);
    let doc: CaseDoc;
    try {
      doc = await transition(db, {
        caseId,
        event: 'accept',
        actor: 'expert',
        caller,
        now,
        guard: (current) => {
          if (!visible(current)) throw new AppError('NOT_FOUND', CASE_NOT_FOUND);
          if (current.expertId === expertId) throw new AlreadyOwned();
          if (current.expertId) throw new AppError('CASE_TAKEN', '该问诊已由其他专家接单');
        },
        async apply(t, current) {
          const expert = await txGet<ExpertDoc>(t, EXPERTS, expertId);
          if (!expert || !expert.active) throw new AppError('FORBIDDEN', '您的专家档案已停用，暂不能接单');
          if (expert.openCases >= expert.maxOpenCases) {
            throw new AppError(
              'EXPERT_AT_CAPACITY',
              `您已有 ${expert.openCases} 个问诊在处理，已达上限 ${expert.maxOpenCases} 个；请先处理完已有问诊`,
            );
          }
          await t
            .collection(EXPERTS)
            .doc(expertId)
            .update({ data: { openCases: expert.openCases + 1, updatedAt: now } });
          return {
            patch: { expertId, expertName: expert.name, acceptedAt: now },
            notices: [{ toOpenid: current.ownerOpenid, note: `专家${expert.name}已接单` }],
          };
        },
      });
    } catch (error) {
      if (!(error instanceof AlreadyOwned)) throw error;
      doc = (await findById<CaseDoc>(db, CASES, caseId))!;
    }
    return caseViewFor(db, doc, viewer, now);
  },
});
