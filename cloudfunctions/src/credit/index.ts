import type { CreditApi } from '../contract/credit';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { adminProducts } from './actions/adminProducts';
import { continueIssue } from './actions/continueIssue';
import { creditStats } from './actions/creditStats';
import { getProduct } from './actions/getProduct';
import { issueCodes } from './actions/issueCodes';
import { labels } from './actions/labels';
import { myProducts } from './actions/myProducts';
import { productAudit } from './actions/productAudit';
import { revokeProduct } from './actions/revokeProduct';
import { saveProduct } from './actions/saveProduct';
import { scan } from './actions/scan';
import { scanStats } from './actions/scanStats';

/**
 * `credit`: product credit codes (产品信用赋码). Verified enterprises register products, issue signed codes
 * (a batch code, or up to 100,000 serial codes made in resumable batches: credit/issue.ts) and download A4
 * label sheets; anyone scans a code and sees the product, its maker's red-list standing and sampling, and
 * warnings (unknown, revoked, failed sampling, likely copied); admins revoke and oversee. The rules both
 * sides use are miniprogram/shared/credit.ts.
 */
export const main = createFunction({
  // anyone
  scan,
  // enterprises
  myProducts,
  saveProduct,
  getProduct,
  issueCodes,
  continueIssue,
  labels,
  scanStats,
  // admins
  adminProducts,
  revokeProduct,
  creditStats,
  productAudit,
} satisfies ActionTableFor<CreditApi>);
