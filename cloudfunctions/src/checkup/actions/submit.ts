import { randomBytes } from 'node:crypto';
import { answersProblem, scoreCheckup } from '../../../../miniprogram/shared/checkup';
import { submitCheckupInput } from '../../contract/checkup';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { isDuplicateKeyError, list, runInTransaction, throwIfErrorReply, txGet } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { SERVED } from '../../helpdesk/documents';
import { CHECKUPS, type CheckupDoc } from '../documents';
import { checkupEnterprise } from '../enterprise';
import { currentQuestionnaire } from '../questionnaires';

async function findByClientRequestId(db: Database, uscc: string, clientRequestId: string): Promise<CheckupDoc | null> {
  const [doc] = await list<CheckupDoc>(db.collection(CHECKUPS).where({ uscc, clientRequestId }).limit(1));
  return doc ?? null;
}

/**
 * A check-up of the caller's verified enterprise: the answers must be for the current questionnaire
 * (QUESTIONNAIRE_CHANGED otherwise: the page reloads it and keeps the answers that still fit) and answer
 * every question with one of its options. The score is computed here, from the stored questions, never
 * taken from the client. The check-up, the enterprise's `help_served` document (once per USCC, for the
 * public count) and the audit entry land in one transaction; the unique (uscc, clientRequestId) index
 * turns a repeated submit into the first check-up.
 */
export const submit = action({
  access: 'user',
  input: submitCheckupInput,
  async handler(input, { caller, db, now }) {
    const enterprise = await checkupEnterprise(db, caller);
    const uscc = enterprise._id;
    const earlier = await findByClientRequestId(db, uscc, input.clientRequestId);
    if (earlier) return { created: false, checkupId: earlier._id };

    const questionnaire = await currentQuestionnaire(db, now);
    if (input.version !== questionnaire.version) {
      throw new AppError(
        'QUESTIONNAIRE_CHANGED',
        `体检问卷已更新为 ${questionnaire.version} 版，请按新版问卷核对后重新提交（已填的答案会尽量保留）`,
        { version: questionnaire.version },
      );
    }
    const problem = answersProblem(questionnaire, input.answers);
    if (problem) {
      throw new AppError('VALIDATION_FAILED', `答案：${problem}`, {
        fields: [{ path: 'answers', label: '答案', message: problem }],
      });
    }

    const doc: CheckupDoc = {
      _id: randomBytes(12).toString('hex'),
      uscc,
      enterpriseName: enterprise.name,
      ownerOpenid: caller.openid!,
      version: questionnaire.version,
      questionnaireTitle: questionnaire.title,
      answers: input.answers,
      result: scoreCheckup(questionnaire, input.answers),
      clientRequestId: input.clientRequestId,
      submittedAt: now,
    };
    try {
      await runInTransaction(db, async (t) => {
        const res = await t.collection(CHECKUPS).add({ data: { ...doc, createdAt: db.serverDate() } });
        throwIfErrorReply(res);
        if (!(await txGet(t, SERVED, uscc))) {
          await t
            .collection(SERVED)
            .doc(uscc)
            .set({ data: { via: 'checkup', createdAt: now } });
        }
        await audit(t, db, {
          actor: caller.actor,
          action: 'checkup.submit',
          targetType: 'checkup',
          targetId: doc._id,
          after: { uscc, version: doc.version, overall: doc.result.overall },
        });
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        const first = await findByClientRequestId(db, uscc, input.clientRequestId);
        if (first) return { created: false, checkupId: first._id };
      }
      throw error;
    }
    return { created: true, checkupId: doc._id };
  },
});
