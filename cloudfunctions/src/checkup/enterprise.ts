import type { EnterpriseDoc } from '../services/documents';
import { verifiedEnterpriseOf } from '../services/enterprise-binding';
import type { Database } from '../runtime/cloud';
import { AppError } from '../runtime/errors';
import type { Caller } from '../runtime/router';

export const NOT_BOUND_MESSAGE = '质量体检以企业身份进行：请先在“我的 › 企业绑定”中绑定并验证企业';

/**
 * The enterprise the caller answers for: only its verified owner takes, sees and lists its check-ups
 * (services/enterprise-binding.ts, the rule voucher applications follow). The refusals keep their codes
 * (ENTERPRISE_NOT_BOUND, ENTERPRISE_NOT_VERIFIED) and speak of the check-up, not of applying.
 */
export async function checkupEnterprise(db: Database, caller: Caller): Promise<EnterpriseDoc> {
  const uscc = caller.user?.enterpriseUscc;
  if (!uscc) throw new AppError('ENTERPRISE_NOT_BOUND', NOT_BOUND_MESSAGE);
  try {
    return await verifiedEnterpriseOf(db, caller.openid!, uscc);
  } catch (error) {
    if (error instanceof AppError && error.code === 'ENTERPRISE_NOT_VERIFIED') {
      throw new AppError(error.code, error.message.replace(/以企业身份申领$/, '进行质量体检'));
    }
    if (error instanceof AppError && error.code === 'ENTERPRISE_NOT_BOUND') {
      throw new AppError(error.code, NOT_BOUND_MESSAGE);
    }
    throw error;
  }
}
