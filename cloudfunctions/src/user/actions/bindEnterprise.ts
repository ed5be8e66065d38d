import { bindEnterpriseInput } from '../../contract/user';
import { registryPhoneMatches, verifiedOwnerOf } from '../../core/binding';
import { normalizeName } from '../../core/redlist/normalize';
import { isGuangdong } from '../../core/uscc';
import { audit } from '../../runtime/audit';
import type { Database } from '../../runtime/cloud';
import { findById, txGet, runInTransaction, type Transaction } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action, type UserRecord } from '../../runtime/router';
import {
  BINDINGS,
  pointUserAtEnterprise,
  submittedApplicationsOf,
  unregisteredEnterprise,
  verifyInTransaction,
  type BindingDoc,
  type BindingUser,
} from '../../services/enterprise-binding';
import type { ApplicationDoc, EnterpriseDoc } from '../../services/documents';
import { profileOf } from '../profile';

export const CLAIMED_MESSAGE =
  '该企业已由其他微信账号绑定并完成验证。如您是企业经办人，可提交复核申请，由管理员核实后处理';

/**
 * Binds the caller to an enterprise. The USCC and the name are public, so a binding starts as a claim
 * (pending); it is verified at once when the caller's WeChat-verified phone equals the registry's
 * contact phone of that USCC, and otherwise by documents an admin approves. Any number of accounts may
 * claim a USCC; the first verified one owns it and displaces the others. The enterprise document is the
 * lock: every claim writes it, so a claim and a verification of the same USCC never both commit on
 * stale reads.
 */
export const bindEnterprise = action({
  access: 'user',
  userRecord: 'not read',
  input: bindEnterpriseInput,
  async handler({ uscc, name }, { caller, db }) {
    const openid = caller.openid!;
    if (!isGuangdong(uscc)) {
      throw new AppError('VALIDATION_FAILED', '仅限广东省内登记的企业（统一社会信用代码第 3–4 位为 44）');
    }
    // Read ahead for a possible verification (transactions cannot query); see submittedApplicationsOf.
    // An enterprise created later, inside the race, has only fresh claimants, who cannot have applied.
    const before = await findById<EnterpriseDoc>(db, 'enterprises', uscc);
    const candidates: ApplicationDoc[] = before ? await submittedApplicationsOf(db, uscc) : [];

    const user = await runInTransaction(
      db,
      (t: any) => bindInTransaction(t, db, { openid, uscc, name, actor: caller.actor, candidates }),
      5,
    );
    return profileOf(db, user);
  },
});

interface BindRequest {
  openid: string;
  uscc: string;
  name: string;
  actor: string;
  /** From submittedApplicationsOf, read before the transaction. */
  candidates: ApplicationDoc[];
}

/**
 * The binding, inside transaction `t`: verified at once when the registry phone matches, else a claim
 * (unchanged if the account already claims this USCC). Answers the user record as it now stands.
 */
async function bindInTransaction(t: Transaction, db: Database, r: BindRequest): Promise<UserRecord> {
  const { openid, uscc, name } = r;
  const now = new Date();
  const existing = await txGet<EnterpriseDoc>(t, 'enterprises', uscc);
  const owner = assertClaimable(existing, openid, name);
  const current = await txGet<BindingUser>(t, 'users', openid);
  const prior = await txGet<BindingDoc>(t, BINDINGS, openid);
  if (current?.enterpriseUscc === uscc && owner === openid) return current; // already verified
  const claimed = current?.enterpriseUscc === uscc && prior?.uscc === uscc;
  if (current?.enterpriseUscc && current.enterpriseUscc !== uscc) {
    await releaseUnverified(t, db, openid, current.enterpriseUscc, prior);
  }

  if (registryPhoneMatches(existing?.contactPhoneKey, current?.phoneContactKey)) {
    await verifyInTransaction(t, db, {
      openid,
      uscc,
      claimedName: name,
      by: 'registry-phone',
      actor: r.actor,
      candidates: r.candidates,
      now,
    });
  } else if (claimed) {
    return current; // a repeated claim changes nothing
  } else {
    await recordClaim(t, db, r, existing, !!current, now);
  }
  await audit(t, db, {
    actor: r.actor,
    action: 'user.bindEnterprise',
    targetType: 'enterprise',
    targetId: uscc,
    before: { enterpriseUscc: current?.enterpriseUscc ?? null },
    after: { enterpriseUscc: uscc },
  });
  return { ...(current ?? { _id: openid, roles: [] }), enterpriseUscc: uscc } as UserRecord;
}

/** Refuses a USCC another account verified, and a name the registry does not know; answers the verified owner. */
function assertClaimable(existing: EnterpriseDoc | null, openid: string, name: string): string | null {
  const owner = verifiedOwnerOf(existing);
  if (owner && owner !== openid) throw new AppError('ENTERPRISE_CLAIMED', CLAIMED_MESSAGE);
  // A name typed by an earlier claimant proves nothing; only the registry's names are checked.
  if (existing && existing.registered !== false) {
    const known = [existing.name, ...(existing.formerNames ?? [])].map(normalizeName);
    if (!known.includes(normalizeName(name))) {
      throw new AppError('VALIDATION_FAILED', `企业名称与登记信息不符（登记名称：${existing.name}）`);
    }
  }
  return owner;
}

/** An unverified claim: the account joins the enterprise's claimants (the lock), gets a pending binding and the pointer. */
async function recordClaim(
  t: Transaction,
  db: Database,
  { openid, uscc, name }: BindRequest,
  existing: EnterpriseDoc | null,
  userExists: boolean,
  now: Date,
): Promise<void> {
  if (existing) {
    await t
      .collection('enterprises')
      .doc(uscc)
      .update({ data: { claimantOpenids: db.command.addToSet(openid), updatedAt: db.serverDate() } });
  } else {
    await t.collection('enterprises').add({
      data: unregisteredEnterprise(db, uscc, name, {
        ownerOpenid: null,
        ownerVerifiedBy: null,
        claimantOpenids: [openid],
      }),
    });
  }
  const binding: Omit<BindingDoc, '_id'> = {
    uscc,
    claimedName: name,
    verification: 'pending',
    verifiedBy: null,
    rejectionReason: null,
    documents: null,
    documentsSubmittedAt: null,
    reviewStatus: null,
  };
  await t
    .collection(BINDINGS)
    .doc(openid)
    .set({ data: { ...binding, createdAt: now, updatedAt: now } });
  await pointUserAtEnterprise(t, db, openid, uscc, userExists);
}

/**
 * Moving to another USCC: only an unverified binding may be given up here (a verified one is changed by
 * an admin). The old claim leaves its enterprise's claimant list, in the same transaction.
 */
async function releaseUnverified(
  t: any,
  db: Database,
  openid: string,
  previousUscc: string,
  prior: BindingDoc | null,
): Promise<void> {
  const previous = await txGet<EnterpriseDoc>(t, 'enterprises', previousUscc);
  if (verifiedOwnerOf(previous) === openid || (prior?.uscc === previousUscc && prior.verification === 'verified')) {
    throw new AppError('CONFLICT', `当前账号已绑定并验证企业 ${previousUscc}，如需更换请联系管理员`);
  }
  if (prior?.reviewStatus === 'waiting' && prior.uscc === previousUscc) {
    throw new AppError('CONFLICT', `企业 ${previousUscc} 的证明材料正在审核，请等待审核结果后再更换`);
  }
  if (previous) {
    const _ = db.command;
    await t
      .collection('enterprises')
      .doc(previousUscc)
      .update({
        data: {
          claimantOpenids: _.pull(openid),
          ...(previous.ownerOpenid === openid ? { ownerOpenid: null } : {}),
          updatedAt: db.serverDate(),
        },
      });
  }
}
