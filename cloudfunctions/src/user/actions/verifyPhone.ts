import { verifyPhoneInput } from '../../contract/user';
import { maskPhone } from '../../core/privacy';
import { audit } from '../../runtime/audit';
import { getCloud } from '../../runtime/cloud';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { phoneKeyOf } from '../../runtime/secrets';
import { contactPhoneKey } from '../../services/enterprise-binding';
import { verifyByRegistryPhone } from '../verify-registry';

/**
 * The client calls with `{ phone: wx.cloud.CloudID(e.detail.cloudID) }`; the platform swaps the
 * CloudID for `{cloudID, data}` before we run. In production we re-read the open data by cloudID so a
 * hand-made `{cloudID, data}` object from a client is never trusted; the local cloud performs the
 * swap itself and discards client-made data, so there the event is already authoritative.
 */
export const verifyPhone = action({
  access: 'user',
  input: verifyPhoneInput,
  async handler({ phone }, { caller, db }) {
    let purePhone = phone.data.purePhoneNumber;
    if (process.env.YPT_LOCAL_CLOUD !== '1') {
      const cloud = getCloud();
      const res = await cloud.getOpenData({ list: [phone.cloudID] });
      const open = (res as unknown as { list: { data?: { purePhoneNumber?: string } }[] }).list?.[0]?.data;
      if (!open?.purePhoneNumber) throw new AppError('VALIDATION_FAILED', '手机号授权已失效，请重新授权');
      purePhone = open.purePhoneNumber;
    }
    const phoneKey = phoneKeyOf(purePhone);
    const phoneMasked = maskPhone(purePhone);
    const phoneContactKey = contactPhoneKey(purePhone);
    const openid = caller.openid!;
    if (caller.user) {
      await db
        .collection('users')
        .doc(openid)
        .update({
          data: { phoneVerified: true, phoneKey, phoneContactKey, phoneMasked, updatedAt: db.serverDate() },
        });
    } else {
      await db
        .collection('users')
        .doc(openid)
        .set({
          data: {
            roles: [],
            phoneVerified: true,
            phoneKey,
            phoneContactKey,
            phoneMasked,
            createdAt: db.serverDate(),
            updatedAt: db.serverDate(),
          },
        });
    }
    await audit(db, db, {
      actor: caller.actor,
      action: 'user.verifyPhone',
      targetType: 'user',
      targetId: openid,
      after: { phoneMasked },
    });
    // A pending enterprise binding is verified now if this phone is the registry's contact phone.
    if (caller.user?.enterpriseUscc) await verifyByRegistryPhone(db, openid, caller.actor);
    // The number goes back to its owner only (a form fills it in, e.g. the cable request's contact phone);
    // the account keeps the hash and the mask.
    return { phoneVerified: true as const, phoneMasked, phone: purePhone };
  },
});
