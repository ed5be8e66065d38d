import { registryPhoneMatches } from '../cloudfunctions/src/core/binding';
import { maskPhone } from '../cloudfunctions/src/core/privacy';
import { phoneKeyOf } from '../cloudfunctions/src/runtime/secrets';
import { BINDINGS, contactPhoneKey, type BindingDoc } from '../cloudfunctions/src/services/enterprise-binding';
import { functionsSecret, readAll, setFields, insertMany, type SeedContext } from './client';
import { DEMO_ENTERPRISE } from './identities';

/**
 * Verifies the bindings the vouchers seed made (a binding is only a claim until verified, and only a
 * verified one applies). demo-enterprise goes through the automatic rule: its registry entry carries the
 * contact phone its account verified, and registryPhoneMatches (the rule bindEnterprise applies)
 * decides. The generated applicants stand for firms whose documents an admin approved.
 */
export async function seedBindings({ db }: Pick<SeedContext, 'db'>): Promise<void> {
  const secret = functionsSecret();
  const now = new Date();
  const phone = DEMO_ENTERPRISE.contactPhone;
  const registryKey = contactPhoneKey(phone, secret);
  const userKey = contactPhoneKey(phone, secret);
  if (!registryPhoneMatches(registryKey, userKey)) throw new Error('seed: the demo enterprise phone does not verify');
  await setFields(db, 'enterprises', DEMO_ENTERPRISE.uscc, { contactPhoneKey: registryKey });
  await setFields(db, 'users', 'demo-enterprise', {
    phoneVerified: true,
    phoneKey: phoneKeyOf(phone, secret),
    phoneContactKey: userKey,
    phoneMasked: maskPhone(phone),
  });

  const owned = (
    await readAll<{ _id: string; name: string; ownerOpenid: unknown }>(db, 'enterprises', {
      ownerOpenid: db.command.neq(null),
    })
  ).filter((e): e is { _id: string; name: string; ownerOpenid: string } => typeof e.ownerOpenid === 'string');
  const bindings: (BindingDoc & { createdAt: Date; updatedAt: Date })[] = [];
  for (const e of owned) {
    const by = e._id === DEMO_ENTERPRISE.uscc ? 'registry-phone' : 'documents';
    await setFields(db, 'enterprises', e._id, { ownerVerifiedBy: by, claimantOpenids: [], updatedAt: now });
    bindings.push({
      _id: e.ownerOpenid,
      uscc: e._id,
      claimedName: e.name,
      verification: 'verified',
      verifiedBy: by,
      rejectionReason: null,
      documents: null,
      documentsSubmittedAt: null,
      reviewStatus: null,
      reviewedAt: null,
      reviewedBy: null,
      createdAt: now,
      updatedAt: now,
    });
  }
  await insertMany(db, BINDINGS, bindings);
}
