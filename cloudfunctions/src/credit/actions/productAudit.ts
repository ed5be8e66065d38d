import { productIdInput } from '../../contract/credit';
import { formatDateTime } from '../../core/time';
import { findById, list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { PRODUCTS } from '../documents';

const ACTION_LABELS: Record<string, string> = {
  'credit.registerProduct': '企业登记产品',
  'credit.updateProduct': '企业修改产品信息',
  'credit.issueCodes': '企业申请赋码',
  'credit.revokeProduct': '管理员撤销信用码',
};

interface AuditDoc {
  action: string;
  actor: string;
  after?: Record<string, unknown>;
  createdAt: Date;
}

/** Who acted, as an admin needs it: the enterprise's account or an admin, never an OPENID. */
function actorLabel(entry: AuditDoc): string {
  if (entry.actor === 'console') return '控制台';
  return entry.action === 'credit.revokeProduct' ? '管理员' : '企业账号';
}

function noteOf(entry: AuditDoc): string | null {
  const after = entry.after ?? {};
  if (entry.action === 'credit.revokeProduct') return `原因：${String(after.reason ?? '')}`;
  if (entry.action === 'credit.issueCodes') {
    return `${after.kind === 'serial' ? '一物一码' : '批次码'} ${String(after.codeCount ?? '')} 个，批号 ${String(after.batchNo ?? '')}`;
  }
  return null;
}

/** Admins: every change of a product, newest first. */
export const productAudit = action({
  access: 'admin',
  input: productIdInput,
  async handler({ productId }, { db }) {
    if (!(await findById(db, PRODUCTS, productId))) throw new AppError('NOT_FOUND', '产品不存在');
    const entries = await list<AuditDoc>(
      db
        .collection('audit_log')
        .where({ targetType: 'credit_product', targetId: productId })
        .orderBy('createdAt', 'desc')
        .limit(100),
    );
    return {
      items: entries.map((e) => ({
        action: e.action,
        actionLabel: ACTION_LABELS[e.action] ?? e.action,
        actor: actorLabel(e),
        note: noteOf(e),
        at: formatDateTime(e.createdAt),
      })),
    };
  },
});
