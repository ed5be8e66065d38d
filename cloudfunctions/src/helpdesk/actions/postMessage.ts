import { randomBytes } from 'node:crypto';
import { postMessageInput } from '../../contract/helpdesk';
import type { Database } from '../../runtime/cloud';
import { isDuplicateKeyError, list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { acceptOwnUploads, ownUploadFolder } from '../../services/files';
import { caseViewFor } from '../case-views';
import { assertOwner, expertOpenid, loadCaseFor, loadOwnCase, transition, type CaseNotice } from '../cases';
import { CASE_MESSAGES, type CaseMessageDoc } from '../documents';

async function findMessage(db: Database, caseId: string, openid: string, clientRequestId: string) {
  const [doc] = await list<CaseMessageDoc>(
    db.collection(CASE_MESSAGES).where({ caseId, authorOpenid: openid, clientRequestId }).limit(1),
  );
  return doc ?? null;
}

/**
 * A message in the case's thread, with files (the author's own uploads), from the enterprise, the owning
 * expert or an admin, while the case is accepted or closing. The same clientRequestId posts once: the
 * unique (caseId, authorOpenid, clientRequestId) index turns a repeat into the first message. The owning
 * expert's first message is the case's first answer (the service level's clock stops).
 */
export const postMessage = action({
  access: 'user',
  input: postMessageInput,
  async handler({ caseId, text, files, clientRequestId }, { caller, db, now }) {
    const openid = caller.openid!;
    let { doc, viewer } = await loadCaseFor(db, caller, caseId);
    if (viewer.role === 'enterprise') doc = await loadOwnCase(db, caller, caseId);
    const view = async () => caseViewFor(db, (await loadCaseFor(db, caller, caseId)).doc, viewer, now);

    if (await findMessage(db, doc._id, openid, clientRequestId)) return view();
    await acceptOwnUploads(
      files.map((fileID, i) => ({ fileID, label: `第 ${i + 1} 个附件` })),
      ownUploadFolder('help-files', openid),
    );
    try {
      await transition(db, {
        caseId,
        event: 'message',
        actor: viewer.role,
        caller,
        now,
        guard: (current) => {
          if (viewer.role === 'expert') assertOwner(current, viewer.expertId);
        },
        async apply(t, current) {
          const message: CaseMessageDoc = {
            _id: randomBytes(12).toString('hex'),
            caseId: current._id,
            from: viewer.role,
            authorOpenid: openid,
            expertId: viewer.role === 'expert' ? viewer.expertId : null,
            text,
            files,
            clientRequestId,
            at: now,
          };
          await t.collection(CASE_MESSAGES).add({ data: message });
          const expertUser = await expertOpenid(t, current.expertId);
          const to =
            viewer.role === 'enterprise'
              ? [expertUser]
              : viewer.role === 'expert'
                ? [current.ownerOpenid]
                : [current.ownerOpenid, expertUser];
          const note =
            viewer.role === 'expert' ? '专家回复了您的问诊' : viewer.role === 'admin' ? '管理员留言' : '企业有新的留言';
          const notices: CaseNotice[] = to
            .filter((o): o is string => !!o && o !== openid)
            .map((toOpenid) => ({ toOpenid, note }));
          return {
            patch: viewer.role === 'expert' && !current.firstAnsweredAt ? { firstAnsweredAt: now } : {},
            notices,
          };
        },
      });
    } catch (error) {
      if (!isDuplicateKeyError(error) || !(await findMessage(db, doc._id, openid, clientRequestId))) throw error;
    }
    return view();
  },
});
