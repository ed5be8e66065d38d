/** The enterprise a credit-code action acts for, and the products it may touch. */
import type { Database } from '../runtime/cloud';
import { findById } from '../runtime/db';
import { AppError } from '../runtime/errors';
import type { Caller } from '../runtime/router';
import type { EnterpriseDoc } from '../services/documents';
import { actingEnterpriseOf } from '../services/enterprise-binding';
import { PRODUCTS, type ProductDoc } from './documents';

const NOT_BOUND = '请先在“我的 - 企业绑定”中绑定企业，验证通过后才能使用产品信用赋码';

/** Only the verified owner acts for an enterprise: a USCC and a name are public. */
export async function verifiedMaker(db: Database, caller: Pick<Caller, 'openid'>): Promise<EnterpriseDoc> {
  if (!caller.openid) throw new AppError('ENTERPRISE_NOT_BOUND', NOT_BOUND);
  return actingEnterpriseOf(db, caller.openid, NOT_BOUND, '使用产品信用赋码');
}

/** The caller's own product: another enterprise's product answers as a missing one would. */
export async function ownProduct(
  db: Database,
  caller: Pick<Caller, 'openid'>,
  productId: string,
): Promise<{ maker: EnterpriseDoc; product: ProductDoc }> {
  const maker = await verifiedMaker(db, caller);
  const product = await findById<ProductDoc>(db, PRODUCTS, productId);
  if (!product || product.uscc !== maker._id) throw new AppError('NOT_FOUND', '产品不存在');
  return { maker, product };
}
