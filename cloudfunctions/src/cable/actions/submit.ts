import { randomBytes } from 'node:crypto';
import { PHONE_REQUIRED_MESSAGE, submitCableRequestInput } from '../../contract/cable';
import { MAX_OPEN_REQUESTS } from '../../core/cable/catalog';
import { buildRequestDoc, type CableRequestDoc } from '../../core/cable/request';
import type { Database } from '../../runtime/cloud';
import { findById, isDuplicateKeyError, list, throwIfErrorReply } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { FILE_URL_SECONDS, REQUESTERS, REQUESTS, requesterView } from '../../services/cable';
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
 * Takes one of the requester's MAX_OPEN_REQUESTS open places: an update of their `cable_requesters`
 * document that matches only while the list is shorter than the limit (the database applies it to one
 * document atomically, so simultaneous submits cannot overshoot), or the document itself on a first
 * submit. False when the places are all taken.
 */
async function takeOpenPlace(db: Database, openid: string, requestId: string): Promise<boolean> {
  const _ = db.command;
  const push = async () => {
    const reply = (await db
      .collection(REQUESTERS)
      .where({ _id: openid, [`openRequestIds.${MAX_OPEN_REQUESTS - 1}`]: _.exists(false) })
      .update({ data: { openRequestIds: _.push([requestId]), updatedAt: db.serverDate() } })) as {
      stats?: { updated?: number };
    };
    return reply.stats?.updated === 1;
  };
  if (await push()) return true;
  try {
    await db.collection(REQUESTERS).add({
      data: { _id: openid, openRequestIds: [requestId], createdAt: db.serverDate(), updatedAt: db.serverDate() },
    });
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // It exists: full, or created by a simultaneous first submit a moment ago.
    return push();
  }
}

/**
 * A free quick screen: no quota, but at most MAX_OPEN_REQUESTS open at once per requester. Four database
 * requests on the way that succeeds (the caller, the photos' check, the insert, the open place; a first
 * submit adds the requester's document): the unique (requesterOpenid, clientRequestId) index turns a
 * repeated submit (double tap, retry after a timeout) into the first request; the open place is taken
 * after the insert and the request removed again when there is none, so a crash between them can only
 * leave a request that does not count against the limit, never a place held by nothing. The request's
 * status history records the submission. Photos must be the requester's own uploads (their photo folder,
 * formOptions.photoFolder) and exist: the hospital later gets temp URLs for them, so a fileID of anybody
 * else's file is refused and nothing is stored. Only a caller with a verified phone may submit
 * (PHONE_NOT_VERIFIED), as the phone page tells users; the contact phone itself may be anyone's (an
 * electrician's, a site manager's).
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
    const photoUrls = input.photos.length
      ? await acceptOwnUploads(
          input.photos.map((fileID, i) => ({ fileID, label: `第 ${i + 1} 张照片` })),
          ownUploadFolder('cable-photos', openid),
          FILE_URL_SECONDS,
        )
      : new Map<string, string>();

    let preferredHospitalName: string | null = null;
    if (input.preferredHospitalId) {
      const hospital = await findById<HospitalDoc>(db, 'hospitals', input.preferredHospitalId);
      if (!hospital || !hospital.active) throw new AppError('VALIDATION_FAILED', '所选产品医院不存在或已停用');
      preferredHospitalName = hospital.name;
    }

    const id = randomBytes(12).toString('hex');
    const doc = buildRequestDoc(id, openid, input, preferredHospitalName, new Date());
    try {
      const res = await db.collection(REQUESTS).add({
        data: { ...doc, createdAt: db.serverDate(), updatedAt: db.serverDate() },
      });
      throwIfErrorReply(res);
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        const first = await findByClientRequestId(db, openid, input.clientRequestId);
        if (first) return { created: false, request: await requesterView(db, first, now) };
      }
      throw error;
    }
    if (!(await takeOpenPlace(db, openid, id))) {
      await db.collection(REQUESTS).doc(id).remove();
      throw new AppError(
        'TOO_MANY_OPEN_REQUESTS',
        `您已有 ${MAX_OPEN_REQUESTS} 个筛查申请正在处理，最多同时 ${MAX_OPEN_REQUESTS} 个；请等待已有申请完成或撤销后再提交`,
      );
    }
    return { created: true, request: await requesterView(db, doc, now, photoUrls) };
  },
});
