import { registryPhoneMatches, verifiedOwnerOf } from '../core/binding';
import type { Database } from '../runtime/cloud';
import { findById, runInTransaction, txGet } from '../runtime/db';
import {
  BINDINGS,
  submittedApplicationsOf,
  verifyInTransaction,
  type BindingDoc,
  type BindingUser,
} from '../services/enterprise-binding';
import type { EnterpriseDoc } from '../services/documents';

/**
 * Verifies the account's unverified binding when its verified phone is the registry's contact phone of
 * that USCC (the phone was verified after binding). Answers whether it did; otherwise nothing changes.
 */
export async function verifyByRegistryPhone(db: Database, openid: string, actor: string): Promise<boolean> {
  const user = await findById<BindingUser>(db, 'users', openid);
  const uscc = user?.enterpriseUscc;
  if (!uscc) return false;
  const candidates = await submittedApplicationsOf(db, uscc);
  return (await runInTransaction(
    db,
    async (t: any) => {
      const current = await txGet<BindingUser>(t, 'users', openid);
      if (current?.enterpriseUscc !== uscc) return false;
      const enterprise = await txGet<EnterpriseDoc>(t, 'enterprises', uscc);
      if (!enterprise || verifiedOwnerOf(enterprise)) return false;
      if (!registryPhoneMatches(enterprise.contactPhoneKey, current.phoneContactKey)) return false;
      const binding = await txGet<BindingDoc>(t, BINDINGS, openid);
      await verifyInTransaction(t, db, {
        openid,
        uscc,
        claimedName: binding?.uscc === uscc ? binding.claimedName : enterprise.name,
        by: 'registry-phone',
        actor,
        candidates,
        now: new Date(),
      });
      return true;
    },
    5,
  )) as boolean;
}
