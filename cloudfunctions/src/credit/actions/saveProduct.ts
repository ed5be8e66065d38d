import { saveProductInput } from '../../contract/credit';
import { audit } from '../../runtime/audit';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { acceptOwnUploads, ownUploadFolder } from '../../services/files';
import { PRODUCTS, type ProductDoc } from '../documents';
import { ownProduct, verifiedMaker } from '../makers';
import { photoLinks, productView } from '../views';

/**
 * Enterprises: registers a product or edits one of their own. Photos must be the caller's own uploads.
 * A revoked product cannot be edited (its reason stays what scans show).
 */
export const saveProduct = action({
  access: 'user',
  userRecord: 'not read',
  input: saveProductInput,
  async handler(input, { caller, db, now }) {
    const { productId, ...fields } = input;
    const existing = productId ? (await ownProduct(db, caller, productId)).product : null;
    const maker = existing ? null : await verifiedMaker(db, caller);
    if (existing?.status === 'revoked') {
      throw new AppError('PRODUCT_REVOKED', '此产品的信用码已被撤销，不能修改；如有异议请联系市场监管部门');
    }
    const added = fields.photos.filter((f) => !existing?.photos.includes(f));
    if (added.length) {
      await acceptOwnUploads(
        added.map((fileID) => ({ fileID, label: '产品照片' })),
        ownUploadFolder('credit-photos', caller.openid!),
      );
    }
    let doc: ProductDoc;
    if (existing) {
      doc = { ...existing, ...fields, updatedAt: now };
      const { _id, ...data } = doc;
      await db.collection(PRODUCTS).doc(_id).set({ data });
    } else {
      const data: Omit<ProductDoc, '_id'> = {
        uscc: maker!._id,
        enterpriseName: maker!.name,
        enterpriseCity: maker!.city ?? null,
        ...fields,
        status: 'active',
        revokedReason: null,
        revokedAt: null,
        codeCount: 0,
        scanCount: 0,
        createdAt: now,
        updatedAt: now,
      };
      const { _id } = (await db.collection(PRODUCTS).add({ data })) as { _id: string };
      doc = { _id, ...data };
    }
    await audit(db, db, {
      actor: caller.actor,
      action: existing ? 'credit.updateProduct' : 'credit.registerProduct',
      targetType: 'credit_product',
      targetId: doc._id,
      before: existing ? { ...existing, photos: existing.photos.length } : undefined,
      after: { ...fields, photos: fields.photos.length },
    });
    return productView(doc, await photoLinks([doc]));
  },
});
