/**
 * Enterprise bindings: an account's claim to act for a USCC (`enterprise_bindings`, _id = openid, one
 * per account) and the enterprise document's ownership fields (core/binding.ts). Verification, by the
 * registry phone or by documents, runs in one transaction that also removes the unverified bindings it
 * displaces, withdraws their open applications and queues a message to each displaced account.
 */
import type { EnterpriseView, ReviewStatus } from '../contract/user';
import {
  displacedBy,
  normalizeContactPhone,
  verifiedOwnerOf,
  type BindingState,
  type Ownership,
  type VerifiedBy,
} from '../core/binding';
import { normalizeName } from '../core/redlist/normalize';
import { formatDateTime } from '../core/time';
import { cityOfUscc } from '../core/uscc';
import { audit } from '../runtime/audit';
import type { Database } from '../runtime/cloud';
import { findById, list, txGet, type Transaction } from '../runtime/db';
import { AppError } from '../runtime/errors';
import { userRecordOf, type UserRecord } from '../runtime/router';
import { keyedHash } from '../runtime/secrets';
import type { ApplicationDoc, CampaignDoc, EnterpriseDoc } from './documents';

export const BINDINGS = 'enterprise_bindings';

export interface BindingDoc {
  /** The account's openid: an account binds one enterprise. */
  _id: string;
  uscc: string;
  /** The name the account gave (shown for enterprises the registry does not list). */
  claimedName: string;
  verification: BindingState;
  verifiedBy: VerifiedBy | null;
  rejectionReason: string | null;
  /** Storage fileIDs under enterprise-proofs/<openid>/. */
  documents: { licence: string; authorization: string } | null;
  documentsSubmittedAt: Date | null;
  /** The admin queue: waiting while submitted documents are unreviewed. */
  reviewStatus: ReviewStatus | null;
  reviewedAt?: Date | null;
  reviewedBy?: string | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** A user record with the keyed hash of the verified phone that is compared with registry contact phones. */
export type BindingUser = UserRecord & { phoneContactKey?: string | null };

/**
 * Keyed hash of a phone for the registry comparison. Its own purpose, so it equals no value that is
 * stored or published elsewhere (applicant keys), and the registry never holds a plain number.
 */
export function contactPhoneKey(phone: string, secret?: string): string | null {
  const normalized = normalizeContactPhone(phone);
  return normalized ? keyedHash('contact-phone', normalized, secret) : null;
}

/** The account's binding: its document, or for a binding made before verification existed, an unverified stand-in. */
export async function loadBinding(
  db: Database,
  user: UserRecord | undefined,
): Promise<{ binding: BindingDoc; enterprise: EnterpriseDoc | null } | null> {
  const uscc = user?.enterpriseUscc;
  if (!user || !uscc) return null;
  const [stored, enterprise] = await Promise.all([
    findById<BindingDoc>(db, BINDINGS, user._id),
    findById<EnterpriseDoc>(db, 'enterprises', uscc),
  ]);
  return { binding: stored?.uscc === uscc ? stored : legacyBinding(user._id, uscc, enterprise), enterprise };
}

export function legacyBinding(openid: string, uscc: string, enterprise: EnterpriseDoc | null): BindingDoc {
  const verified = verifiedOwnerOf(enterprise) === openid;
  return {
    _id: openid,
    uscc,
    claimedName: enterprise?.name ?? '',
    verification: verified ? 'verified' : 'pending',
    verifiedBy: verified ? (enterprise?.ownerVerifiedBy ?? null) : null,
    rejectionReason: null,
    documents: null,
    documentsSubmittedAt: null,
    reviewStatus: null,
  };
}

export function displayName(binding: Pick<BindingDoc, 'claimedName'>, enterprise: EnterpriseDoc | null): string {
  return enterprise && enterprise.registered !== false ? enterprise.name : binding.claimedName;
}

export function enterpriseViewOf(binding: BindingDoc, enterprise: EnterpriseDoc | null): EnterpriseView {
  return {
    uscc: binding.uscc,
    name: displayName(binding, enterprise),
    city: enterprise?.city ?? cityOfUscc(binding.uscc) ?? null,
    verification: binding.verification,
    verifiedBy: binding.verification === 'verified' ? binding.verifiedBy : null,
    rejectionReason: binding.verification === 'rejected' ? binding.rejectionReason : null,
    documentsWaitingSince:
      binding.reviewStatus === 'waiting' && binding.documentsSubmittedAt
        ? new Date(binding.documentsSubmittedAt).toISOString()
        : null,
  };
}

/**
 * Submitted applications of a USCC, for verifyInTransaction (transactions cannot query). An account
 * that is not the verified owner cannot apply, so no application of a displaced account appears after
 * this read.
 */
export async function submittedApplicationsOf(db: Database, uscc: string): Promise<ApplicationDoc[]> {
  return list<ApplicationDoc>(db.collection('applications').where({ uscc, status: 'submitted' }).limit(1000));
}

/** Queues a subscribe message about a binding (in the transaction of the change it announces). */
export async function queueBindingMessage(
  t: Transaction,
  db: Database,
  message: { toOpenid: string; uscc: string; enterprise: string; event: string; result: string; note: string },
  now: Date,
): Promise<void> {
  await t.collection('outbox').add({
    data: {
      dedupeKey: `enterprise-binding:${message.uscc}:${message.toOpenid}:${message.event}:${now.getTime()}`,
      toOpenid: message.toOpenid,
      template: 'enterpriseBinding',
      page: 'pages/user/enterprise/index',
      data: { enterprise: message.enterprise, result: message.result, note: message.note, time: formatDateTime(now) },
      status: 'pending',
      createdAt: db.serverDate(),
      updatedAt: db.serverDate(),
    },
  });
}

export interface VerifyParams {
  openid: string;
  uscc: string;
  /** Used when the account has no binding of this USCC yet (dispute settled in its favour). */
  claimedName: string;
  by: VerifiedBy;
  actor: string;
  /** Only for a dispute settled by an admin: a verified owner is replaced. */
  replaceVerifiedOwner?: boolean;
  /** From submittedApplicationsOf, read before the transaction. */
  candidates: ApplicationDoc[];
  now: Date;
}

export interface VerifyOutcome {
  enterpriseName: string;
  binding: BindingDoc;
  previousOwner: string | null;
  displaced: string[];
  withdrawn: string[];
}

/**
 * Makes `openid` the verified owner of `uscc`, inside transaction `t`. Unverified bindings of the USCC
 * are removed, their accounts' open applications for it withdrawn (deleted, as a withdrawal is; the
 * audit log keeps each) and each account gets a message. A verified owner is never displaced here,
 * except by a settled dispute (`replaceVerifiedOwner`), whose applications stay with it.
 */
export async function verifyInTransaction(t: Transaction, db: Database, p: VerifyParams): Promise<VerifyOutcome> {
  const existing = await txGet<EnterpriseDoc>(t, 'enterprises', p.uscc);
  const owner = verifiedOwnerOf(existing);
  if (owner && owner !== p.openid && !p.replaceVerifiedOwner) {
    throw new AppError('CONFLICT', '该企业已由其他账号完成验证，如有争议请通过企业绑定复核处理');
  }
  const previousOwner = owner && owner !== p.openid ? owner : null;
  const displaced = displacedBy(existing, p.openid);
  const prior = await txGet<BindingDoc>(t, BINDINGS, p.openid);
  const same = prior?.uscc === p.uscc ? prior : null;
  const claimedName = same?.claimedName || p.claimedName;
  const name = existing && existing.registered !== false ? existing.name : claimedName;

  await recordVerifiedOwner(t, db, p, existing, name);
  const binding = verifiedBinding(p, same, claimedName);
  const { _id, ...bindingData } = binding;
  await t
    .collection(BINDINGS)
    .doc(_id)
    .set({ data: { ...bindingData, createdAt: prior?.createdAt ?? p.now, updatedAt: p.now } });
  const user = await txGet<UserRecord>(t, 'users', p.openid);
  await pointUserAtEnterprise(t, db, p.openid, p.uscc, !!user);

  const withdrawn = await displaceHolders(t, db, p, name, displaced, previousOwner);
  await audit(t, db, {
    actor: p.actor,
    action: 'enterprise.verify',
    targetType: 'enterprise',
    targetId: p.uscc,
    before: { ownerOpenid: existing?.ownerOpenid ?? null, ownerVerifiedBy: existing?.ownerVerifiedBy ?? null },
    after: { ownerOpenid: p.openid, ownerVerifiedBy: p.by, displaced: displaced.length },
  });
  return {
    enterpriseName: name,
    binding,
    previousOwner,
    displaced,
    withdrawn: withdrawn.map((w) => w._id),
  };
}

/** The enterprise document names the new verified owner and no claimants (created if the USCC has none). */
async function recordVerifiedOwner(
  t: Transaction,
  db: Database,
  p: VerifyParams,
  existing: EnterpriseDoc | null,
  name: string,
): Promise<void> {
  if (!existing) {
    await t.collection('enterprises').add({
      data: unregisteredEnterprise(db, p.uscc, name, {
        ownerOpenid: p.openid,
        ownerVerifiedBy: p.by,
        claimantOpenids: [],
      }),
    });
    return;
  }
  await t
    .collection('enterprises')
    .doc(p.uscc)
    .update({
      data: {
        ownerOpenid: p.openid,
        ownerVerifiedBy: p.by,
        claimantOpenids: db.command.set([]),
        // An enterprise the registry does not list takes the name the verified account gave.
        ...(existing.registered === false ? { name, nameKey: normalizeName(name) } : {}),
        updatedAt: db.serverDate(),
      },
    });
}

/**
 * The verified binding. It keeps the documents of an earlier binding of the same USCC; approving documents
 * records the review, any other verification clears a review still waiting.
 */
function verifiedBinding(p: VerifyParams, same: BindingDoc | null, claimedName: string): BindingDoc {
  const byDocuments = p.by === 'documents';
  return {
    _id: p.openid,
    uscc: p.uscc,
    claimedName,
    verification: 'verified',
    verifiedBy: p.by,
    rejectionReason: null,
    documents: same?.documents ?? null,
    documentsSubmittedAt: same?.documentsSubmittedAt ?? null,
    reviewStatus: byDocuments ? 'approved' : same?.reviewStatus === 'waiting' ? null : (same?.reviewStatus ?? null),
    reviewedAt: byDocuments ? p.now : (same?.reviewedAt ?? null),
    reviewedBy: byDocuments ? p.actor : (same?.reviewedBy ?? null),
  };
}

/**
 * An enterprise document for a USCC the registry does not list (`registered: false`), created by a claim or
 * a verification: it holds only the name the account typed until the registry import replaces it.
 */
export function unregisteredEnterprise(
  db: Database,
  uscc: string,
  name: string,
  ownership: Required<Ownership>,
): EnterpriseDoc & { createdAt: unknown; updatedAt: unknown } {
  return {
    _id: uscc,
    name,
    nameKey: normalizeName(name),
    formerNames: [],
    formerNameKeys: [],
    city: cityOfUscc(uscc) ?? null,
    ownerOpenid: ownership.ownerOpenid,
    ownerVerifiedBy: ownership.ownerVerifiedBy,
    claimantOpenids: ownership.claimantOpenids,
    registered: false,
    createdAt: db.serverDate(),
    updatedAt: db.serverDate(),
  };
}

/** Points `users.enterpriseUscc` at `uscc`, creating the user record when the account has none yet. */
export async function pointUserAtEnterprise(
  t: Transaction,
  db: Database,
  openid: string,
  uscc: string,
  userExists: boolean,
): Promise<void> {
  if (userExists) {
    await t
      .collection('users')
      .doc(openid)
      .update({ data: { enterpriseUscc: uscc, updatedAt: db.serverDate() } });
    return;
  }
  await t.collection('users').add({
    data: {
      _id: openid,
      roles: [],
      phoneVerified: false,
      enterpriseUscc: uscc,
      createdAt: db.serverDate(),
      updatedAt: db.serverDate(),
    },
  });
}

/**
 * The displaced accounts (and a replaced owner) lose their binding, with a message each; the displaced
 * accounts' open applications for the USCC are withdrawn first. Answers the withdrawn applications.
 */
async function displaceHolders(
  t: Transaction,
  db: Database,
  p: VerifyParams,
  enterpriseName: string,
  displaced: string[],
  previousOwner: string | null,
): Promise<ApplicationDoc[]> {
  const withdrawn = await withdrawApplications(t, db, p, displaced);
  for (const openid of [...displaced, ...(previousOwner ? [previousOwner] : [])]) {
    await unbind(t, db, openid, p.uscc, p.actor);
    const count = withdrawn.filter((w) => w.ownerOpenid === openid).length;
    await queueBindingMessage(
      t,
      db,
      {
        toOpenid: openid,
        uscc: p.uscc,
        enterprise: enterpriseName,
        event: 'displaced',
        result: '已解除',
        note:
          openid === previousOwner
            ? '经管理员复核，绑定已转至其他账号'
            : count
              ? '已由其他账号验证，未开奖的申领已撤回'
              : '该企业已由其他账号完成验证',
      },
      p.now,
    );
  }
  return withdrawn;
}

/** Removes an account's binding of `uscc` (its document and the user's pointer), with an audit entry. */
async function unbind(t: Transaction, db: Database, openid: string, uscc: string, actor: string): Promise<void> {
  const binding = await txGet<BindingDoc>(t, BINDINGS, openid);
  if (binding?.uscc === uscc) await t.collection(BINDINGS).doc(openid).remove();
  const user = await txGet<UserRecord>(t, 'users', openid);
  if (user?.enterpriseUscc === uscc) {
    await t
      .collection('users')
      .doc(openid)
      .update({ data: { enterpriseUscc: db.command.remove(), updatedAt: db.serverDate() } });
  }
  await audit(t, db, {
    actor,
    action: 'enterprise.unbind',
    targetType: 'user',
    targetId: openid,
    before: { enterpriseUscc: uscc, verification: binding?.uscc === uscc ? binding.verification : 'pending' },
    after: { enterpriseUscc: null },
    note: '该企业已由其他账号完成验证',
  });
}

/** The displaced accounts' applications for the USCC in campaigns still taking applications. */
async function withdrawApplications(
  t: Transaction,
  db: Database,
  p: VerifyParams,
  displaced: string[],
): Promise<ApplicationDoc[]> {
  const withdrawn: ApplicationDoc[] = [];
  const campaigns = new Map<string, CampaignDoc | null>();
  for (const candidate of p.candidates) {
    if (candidate.uscc !== p.uscc || !displaced.includes(candidate.ownerOpenid)) continue;
    const current = await txGet<ApplicationDoc>(t, 'applications', candidate._id);
    if (!current || current.status !== 'submitted' || current.ownerOpenid !== candidate.ownerOpenid) continue;
    if (!campaigns.has(current.campaignId)) {
      campaigns.set(current.campaignId, await txGet<CampaignDoc>(t, 'campaigns', current.campaignId));
    }
    const campaign = campaigns.get(current.campaignId);
    // After the close the snapshot is frozen: the draw decides, as for any application.
    if (!campaign || campaign.status !== 'open' || p.now >= new Date(campaign.closesAt)) continue;
    await t.collection('applications').doc(current._id).remove();
    await audit(t, db, {
      actor: p.actor,
      action: 'voucher.withdraw',
      targetType: 'application',
      targetId: current._id,
      before: { status: current.status, poolIds: current.poolIds, ownerOpenid: current.ownerOpenid },
      after: null,
      note: '企业已由其他账号完成验证，未验证绑定的申领撤回',
    });
    withdrawn.push(current);
  }
  return withdrawn;
}

/**
 * The enterprise an account may apply for: only as its verified owner. A binding that is still a claim
 * gets ENTERPRISE_NOT_VERIFIED with what to do next.
 */
export async function verifiedEnterpriseOf(
  db: Database,
  openid: string,
  uscc: string,
  /** What the caller wants to do as the enterprise, for the message (申领, 使用质量帮扶). */
  purpose = '申领',
): Promise<EnterpriseDoc> {
  const enterprise = await findById<EnterpriseDoc>(db, 'enterprises', uscc);
  if (enterprise && verifiedOwnerOf(enterprise) === openid) return enterprise;
  const binding = await findById<BindingDoc>(db, BINDINGS, openid);
  const claimed =
    (binding?.uscc === uscc && binding.verification !== 'verified') ||
    (enterprise?.ownerOpenid === openid && !enterprise.ownerVerifiedBy);
  if (!claimed) throw new AppError('ENTERPRISE_NOT_BOUND', '企业绑定状态异常，请重新绑定');
  throw new AppError(
    'ENTERPRISE_NOT_VERIFIED',
    binding?.verification === 'rejected'
      ? `企业绑定的证明材料未通过审核，请在“企业绑定”中查看原因并重新提交，验证通过后才能以企业身份${purpose}`
      : binding?.reviewStatus === 'waiting'
        ? `企业绑定的证明材料正在审核，审核通过后才能以企业身份${purpose}`
        : `企业绑定尚未验证：请在“企业绑定”中用企业登记的联系手机号验证，或上传营业执照和授权委托书，验证通过后才能以企业身份${purpose}`,
  );
}

/**
 * The one enterprise whose verified owner is `openid`, found by the owner index in one query; null when
 * there is none or more than one (then the caller's `users.enterpriseUscc` says which, and
 * verifiedEnterpriseOf why not). The same proof as verifiedEnterpriseOf: ownership is set only by a
 * verification, and a verified owner's binding moves only with the enterprise's owner
 * (verifyInTransaction), so the user's pointer adds nothing to it.
 */
export async function soleVerifiedEnterpriseOf(db: Database, openid: string): Promise<EnterpriseDoc | null> {
  const owned = await list<EnterpriseDoc>(db.collection('enterprises').where({ ownerOpenid: openid }).limit(10));
  const verified = owned.filter((e) => verifiedOwnerOf(e) === openid);
  return verified.length === 1 ? verified[0] : null;
}

/**
 * The enterprise the caller acts for, as its verified owner: the one found by soleVerifiedEnterpriseOf,
 * else the one the caller's record points at if verified (verifiedEnterpriseOf says why not); without a
 * binding, ENTERPRISE_NOT_BOUND with `notBound`. One request when the caller verifiably owns one.
 */
export async function actingEnterpriseOf(
  db: Database,
  openid: string,
  notBound: string,
  /** What the caller wants to do as the enterprise, for verifiedEnterpriseOf's message. */
  purpose?: string,
): Promise<EnterpriseDoc> {
  const sole = await soleVerifiedEnterpriseOf(db, openid);
  if (sole) return sole;
  const boundUscc = (await userRecordOf(db, openid))?.enterpriseUscc;
  if (!boundUscc) throw new AppError('ENTERPRISE_NOT_BOUND', notBound);
  // Only a verified binding acts: a USCC and a name alone are public.
  return verifiedEnterpriseOf(db, openid, boundUscc, purpose);
}
