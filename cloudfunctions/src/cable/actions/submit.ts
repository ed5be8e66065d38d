import { randomBytes } from 'node:crypto';
import { PHONE_REQUIRED_MESSAGE, submitCableRequestInput } from '../../contract/cable';
import { MAX_OPEN_REQUESTS } from '../../core/cable/catalog';
import { buildRequestDoc, type CableRequestDoc, type CableRequesterDoc } from '../../core/cable/request';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import {
  findById,
  isDuplicateKeyError,
  list,
  throwIfErrorReply,
  txGet,
  type Transaction,
  runInTransaction,
} from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { REQUESTERS, REQUESTS, requesterView } from '../../services/cable';
import type { HospitalDoc } from '../../services/documents';
import { acceptOwnUploads, ownUploadFolder } from '../../services/files';

async function findByClientRequestId(
  db: Database,
  openid: string,
  clientRequestId: string,
): Promise<CableRequestDoc | null> {
  const [doc] = await list<CableRequestDoc>(
    db.collection(REQUESTS).where({ requesterOpenid: openid, clientRequestId }).limit(1),
  );
  return doc ?? null;
}

/**
 * A free quick screen: no quota, but at most MAX_OPEN_REQUESTS open at once per requester. The open list
 * lives in one `cable_requesters` document read and written in the same transaction as the insert, so
 * simultaneous submits cannot overshoot it; the unique (requesterOpenid, clientRequestId) index turns a
 * repeated submit (double tap, retry after a timeout) into the first request. Photos must be the
 * requester's own uploads (their photo folder, formOptions.photoFolder) and exist: the hospital later
 * gets temp URLs for them, so a fileID of anybody else's file is refused and nothing is stored. Only a
 * caller with a verified phone may submit (PHONE_NOT_VERIFIED), as the phone page tells users; the contact
 * phone itself may be anyone's (an electrician's, a site manager's).
 */
export const submit = action({
  access: 'user',
  input: submitCableRequestInput,
  async handler(input, { caller, db, now }) {
    const openid = caller.openid!;
    // What the phone page promises: screening, like the person's voucher, is for a verified phone.
    if (!caller.user?.phoneVerified) {
      throw new AppError('PHONE_NOT_VERIFIED', PHONE_REQUIRED_MESSAGE);
    }
    const earlier = await findByClientRequestId(db, openid, input.clientRequestId);
    if (earlier) return { created: false, request: await requesterView(db, earlier, now) };

    await acceptOwnUploads(
      input.photos.map((fileID, i) => ({ fileID, label: `第 ${i + 1} 张照片` })),
      ownUploadFolder('cable-photos', openid),
    );

    let preferredHospitalName: string | null = null;
    if (input.preferredHospitalId) {
      const hospital = await findById<HospitalDoc>(db, 'hospitals', input.preferredHospitalId);
      if (!hospital || !hospital.active) throw new AppError('VALIDATION_FAILED', '所选产品医院不存在或已停用');
      preferredHospitalName = hospital.name;
    }

    const id = randomBytes(12).toString('hex');
    let doc: CableRequestDoc;
    try {
      doc = await runInTransaction(
        db,
        async (t: Transaction) => {
          const holder = await txGet<CableRequesterDoc>(t, REQUESTERS, openid);
          const open = holder?.openRequestIds ?? [];
          if (open.length >= MAX_OPEN_REQUESTS) {
            throw new AppError(
              'TOO_MANY_OPEN_REQUESTS',
              `您已有 ${open.length} 个筛查申请正在处理，最多同时 ${MAX_OPEN_REQUESTS} 个；请等待已有申请完成或撤销后再提交`,
            );
          }
          const at = new Date();
          const fresh = buildRequestDoc(id, openid, input, preferredHospitalName, at);
          const res = await t.collection(REQUESTS).add({
            data: { ...fresh, createdAt: db.serverDate(), updatedAt: db.serverDate() },
          });
          throwIfErrorReply(res);
          const openList = { openRequestIds: [...open, id], updatedAt: db.serverDate() };
          if (holder) await t.collection(REQUESTERS).doc(openid).update({ data: openList });
          else
            await t
              .collection(REQUESTERS)
              .doc(openid)
              .set({ data: { ...openList, createdAt: db.serverDate() } });
          await audit(t, db, {
            actor: caller.actor,
            action: 'cable.submit',
            targetType: 'cable_request',
            targetId: id,
            after: { status: 'submitted', preferredHospitalId: fresh.preferredHospitalId },
          });
          return fresh;
        },
        10,
      );
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        const first = await findByClientRequestId(db, openid, input.clientRequestId);
        if (first) return { created: false, request: await requesterView(db, first, now) };
      }
      throw error;
    }
    return { created: true, request: await requesterView(db, doc, now) };
  },
});
