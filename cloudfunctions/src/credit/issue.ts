/**
 * Making an issue's codes in resumable batches. A worker takes the issue's lease (a conditional update),
 * then stores codes BATCH at a time and moves `issuedCount` on after each batch, until the issue is done
 * or its time budget is spent; the next `continueIssue` call goes on from `issuedCount`.
 *
 * A crash can leave a batch partly stored with `issuedCount` not moved on. The codes are deterministic
 * (codes.ts), so the resumed batch makes the same codes: those already stored for the same unit are kept,
 * the rest are added, and nothing is stored twice. A code that collides with another unit's code is made
 * again with the next attempt number.
 */
import type { Database } from '../runtime/cloud';
import { findById, isDuplicateKeyError, list } from '../runtime/db';
import { Budget } from '../runtime/jobs';
import { keyedHash } from '../runtime/secrets';
import { creditCodeFor } from './codes';
import { CODES, ISSUANCES, PRODUCTS, type CodeDoc, type IssuanceDoc } from './documents';

/** Codes per insert: the query that checks a resumed batch reads at most 1,000 documents. */
export const BATCH = 1_000;
/** Time one call spends making codes, well inside the function's 60 s timeout. */
export const ISSUE_BUDGET_MS = 20_000;
const LEASE_MS = ISSUE_BUDGET_MS + 15_000;
/** Attempt numbers tried for a unit before giving up (a second collision is about 1 in 10²⁶). */
const MAX_ATTEMPT = 4;

/** An issue's id: from the enterprise and the request id, so the same request names the same issue. */
export function issuanceIdFor(uscc: string, clientRequestId: string, secret?: string): string {
  return keyedHash('credit-issue', `${uscc}|${clientRequestId}`, secret).slice(0, 24);
}

function codeDoc(issuance: IssuanceDoc, serial: number, attempt: number): CodeDoc {
  return {
    _id: creditCodeFor(issuance._id, serial, attempt),
    productId: issuance.productId,
    issuanceId: issuance._id,
    serial,
    attempt,
    scanCount: 0,
    places: [],
    lastScanAt: null,
  };
}

/**
 * Stores the codes of serials `from`…`to` (inclusive) and answers the code of unit `from`. The first try
 * is one insert; when it meets codes already stored (a resumed batch, or a collision), the stored ones are
 * read and each unit is settled: kept when its code is stored for it, made again with the next attempt
 * when another unit holds it.
 */
async function storeBatch(db: Database, issuance: IssuanceDoc, from: number, to: number): Promise<string> {
  let pending: CodeDoc[] = [];
  for (let serial = from; serial <= to; serial++) pending.push(codeDoc(issuance, serial, 0));
  let firstCode = pending[0]._id;
  for (let round = 0; pending.length; round++) {
    try {
      await db.collection(CODES).add({ data: pending });
      return firstCode;
    } catch (error) {
      if (!isDuplicateKeyError(error) || round > MAX_ATTEMPT) throw error;
    }
    const _ = db.command;
    const stored = await list<Pick<CodeDoc, '_id' | 'issuanceId' | 'serial'>>(
      db
        .collection(CODES)
        .where({ _id: _.in(pending.map((d) => d._id)) })
        .field({ _id: true, issuanceId: true, serial: true })
        .limit(BATCH),
    );
    const holder = new Map(stored.map((d) => [d._id, d]));
    pending = pending.flatMap((doc) => {
      const held = holder.get(doc._id);
      if (!held) return [doc];
      if (held.issuanceId === doc.issuanceId && held.serial === doc.serial) return [];
      if (doc.attempt >= MAX_ATTEMPT)
        throw new Error(`credit code collisions exhausted for ${doc.issuanceId}#${doc.serial}`);
      const next = codeDoc(issuance, doc.serial, doc.attempt + 1);
      if (doc.serial === from) firstCode = next._id;
      return [next];
    });
  }
  return firstCode;
}

/** Takes the issue's lease; false when another call holds it. */
async function takeLease(db: Database, issuanceId: string, holder: string): Promise<boolean> {
  const now = Date.now();
  const _ = db.command;
  const reply = (await db
    .collection(ISSUANCES)
    .where({ _id: issuanceId, status: 'issuing', leaseUntil: _.lt(now) })
    .update({ data: { leaseUntil: now + LEASE_MS, leaseHolder: holder, updatedAt: new Date(now) } })) as {
    stats?: { updated?: number };
  };
  return reply.stats?.updated === 1;
}

/**
 * Makes codes of the issue until it is done or the budget is spent; answers the issue as it then stands.
 * A call that finds the lease held answers the issue unchanged (the holder is working on it).
 */
export async function advanceIssue(
  db: Database,
  issuanceId: string,
  budget = new Budget(ISSUE_BUDGET_MS),
): Promise<IssuanceDoc | null> {
  const holder = `w-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  let issue = await findById<IssuanceDoc>(db, ISSUANCES, issuanceId);
  if (!issue || issue.status === 'done') return issue;
  if (!(await takeLease(db, issuanceId, holder))) return issue;
  const _ = db.command;
  let issued = issue.issuedCount;
  while (issued < issue.codeCount && !budget.spent()) {
    const to = Math.min(issue.codeCount, issued + BATCH);
    const batchFirst = await storeBatch(db, issue, issued + 1, to);
    // Unit 1's code as stored (not always attempt 0's: a collision makes it again).
    const firstCode: string | null = issue.firstCode ?? (issued === 0 ? batchFirst : null);
    issued = to;
    await db
      .collection(ISSUANCES)
      .where({ _id: issuanceId, leaseHolder: holder })
      .update({ data: { issuedCount: issued, firstCode, updatedAt: new Date() } });
    issue = { ...issue, issuedCount: issued, firstCode };
  }
  if (issued >= issue.codeCount) {
    const reply = (await db
      .collection(ISSUANCES)
      .where({ _id: issuanceId, leaseHolder: holder, status: 'issuing' })
      .update({ data: { status: 'done', leaseUntil: 0, leaseHolder: null, updatedAt: new Date() } })) as {
      stats?: { updated?: number };
    };
    // Only the call that finished the issue counts its codes on the product.
    if (reply.stats?.updated === 1) {
      await db
        .collection(PRODUCTS)
        .doc(issue.productId)
        .update({ data: { codeCount: _.inc(issue.codeCount), updatedAt: new Date() } });
    }
    return { ...issue, status: 'done', leaseUntil: 0, leaseHolder: null };
  }
  await db
    .collection(ISSUANCES)
    .where({ _id: issuanceId, leaseHolder: holder })
    .update({ data: { leaseUntil: 0, leaseHolder: null } });
  return { ...issue, leaseUntil: 0, leaseHolder: null };
}
