/** What the credit pages see of products and issues. */
import { CODE_KIND_LABELS, CREDIT_LIMITS, formatCreditCode } from '../../../miniprogram/shared/credit';
import type { AdminProductView, IssuanceView, ProductView } from '../contract/credit';
import { tempFileUrls } from '../services/files';
import type { IssuanceDoc, ProductDoc } from './documents';

/** Photo links live as long as a page is likely to stay open. */
export const PHOTO_URL_SECONDS = 2 * 3600;

const iso = (date: Date | string | null) => (date ? new Date(date).toISOString() : null);

/** Signed links of the products' photos, one getTempFileURL call for all of them. */
export async function photoLinks(products: ProductDoc[]): Promise<Map<string, string>> {
  return tempFileUrls(
    products.flatMap((p) => p.photos),
    PHOTO_URL_SECONDS,
  );
}

export function productView(doc: ProductDoc, links: Map<string, string>): ProductView {
  return {
    productId: doc._id,
    name: doc.name,
    brand: doc.brand,
    model: doc.model,
    category: doc.category,
    standard: doc.standard,
    cccNumber: doc.cccNumber,
    photoUrls: doc.photos.map((f) => links.get(f)).filter((u): u is string => !!u),
    photos: doc.photos,
    status: doc.status,
    statusLabel: doc.status === 'revoked' ? '已撤销' : '正常',
    revokedReason: doc.revokedReason,
    revokedAt: iso(doc.revokedAt),
    codeCount: doc.codeCount,
    scanCount: doc.scanCount,
    createdAt: iso(doc.createdAt)!,
  };
}

export function adminProductView(doc: ProductDoc, links: Map<string, string>): AdminProductView {
  return {
    ...productView(doc, links),
    uscc: doc.uscc,
    enterpriseName: doc.enterpriseName,
    enterpriseCity: doc.enterpriseCity,
  };
}

export function issuanceView(doc: IssuanceDoc): IssuanceView {
  const done = doc.status === 'done';
  return {
    issuanceId: doc._id,
    productId: doc.productId,
    kind: doc.kind,
    kindLabel: CODE_KIND_LABELS[doc.kind],
    batchNo: doc.batchNo,
    productionDate: doc.productionDate,
    quantity: doc.quantity,
    codeCount: doc.codeCount,
    issuedCount: doc.issuedCount,
    status: doc.status,
    statusLabel: done ? '已生成' : `生成中 ${doc.issuedCount}/${doc.codeCount}`,
    firstCode: doc.firstCode ? formatCreditCode(doc.firstCode) : null,
    labelParts: done ? Math.ceil(doc.codeCount / CREDIT_LIMITS.labelsPerFile) : 0,
    createdAt: iso(doc.createdAt)!,
  };
}
