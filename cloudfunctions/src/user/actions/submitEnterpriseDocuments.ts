import { submitEnterpriseDocumentsInput } from '../../contract/user';
import { isOwnProofFile, verifiedOwnerOf } from '../../core/binding';
import { audit } from '../../runtime/audit';
import { runInTransaction, txGet } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type UserRecord } from '../../runtime/router';
import { BINDINGS, legacyBinding, type BindingDoc } from '../../services/enterprise-binding';
import { tempFileUrls } from '../../services/files';
import { profileOf } from '../profile';
import type { EnterpriseDoc } from '../../services/documents';

/**
 * The manual verification path: the business licence (营业执照) and an authorisation letter (授权委托书),
 * uploaded by the client under its own folder (enterprise-proofs/<openid>/), go to the admin queue. A file
 * outside the caller's folder is refused, so nobody can submit a file someone else uploaded.
 */
export const submitEnterpriseDocuments = action({
  access: 'user',
  userRecord: 'not read',
  input: submitEnterpriseDocumentsInput,
  async handler({ licenceFileID, authorizationFileID }, { caller, db }) {
    const openid = caller.openid!;
    const files: [string, string][] = [
      ['营业执照', licenceFileID],
      ['授权委托书', authorizationFileID],
    ];
    for (const [label, fileID] of files) {
      if (!isOwnProofFile(fileID, openid)) {
        throw new AppError('FORBIDDEN', `${label}不是由当前账号上传的图片或 PDF 文件，请重新上传`);
      }
    }
    const urls = await tempFileUrls([licenceFileID, authorizationFileID], 60);
    for (const [label, fileID] of files) {
      if (!urls.get(fileID)) throw new AppError('FILE_NOT_FOUND', `${label}文件不存在，请重新上传`);
    }

    const user = await runInTransaction(
      db,
      async (t: any) => {
        const now = new Date();
        const current = await txGet<UserRecord>(t, 'users', openid);
        const uscc = current?.enterpriseUscc;
        if (!current || !uscc) {
          throw new AppError('ENTERPRISE_NOT_BOUND', '请先填写统一社会信用代码和企业名称绑定企业，再上传证明材料');
        }
        const enterprise = await txGet<EnterpriseDoc>(t, 'enterprises', uscc);
        const prior = await txGet<BindingDoc>(t, BINDINGS, openid);
        const binding = prior?.uscc === uscc ? prior : legacyBinding(openid, uscc, enterprise);
        if (binding.verification === 'verified' || verifiedOwnerOf(enterprise) === openid) {
          throw new AppError('CONFLICT', '企业已验证，无需再提交证明材料');
        }
        const { _id, createdAt, ...fields } = binding;
        await t
          .collection(BINDINGS)
          .doc(openid)
          .set({
            data: {
              ...fields,
              verification: 'pending',
              rejectionReason: null,
              documents: { licence: licenceFileID, authorization: authorizationFileID },
              documentsSubmittedAt: now,
              reviewStatus: 'waiting',
              reviewedAt: null,
              reviewedBy: null,
              createdAt: createdAt ?? now,
              updatedAt: now,
            },
          });
        await audit(t, db, {
          actor: caller.actor,
          action: 'user.submitEnterpriseDocuments',
          targetType: 'enterprise',
          targetId: uscc,
          before: { verification: binding.verification },
          after: { verification: 'pending', reviewStatus: 'waiting' },
        });
        return current;
      },
      5,
    );
    return profileOf(db, user as UserRecord);
  },
});
