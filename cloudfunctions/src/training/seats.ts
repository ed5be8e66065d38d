/**
 * Seat allocation without a hot transaction per sign-up. Transactions are optimistic (as on CloudBase),
 * so 200 sign-ups each running a transaction on the session document would need a conflict round per
 * racer. Instead a sign-up is inserted `pending` (signUp), and `settle` gives seats: one transaction
 * reads the session document, takes the session's pending sign-ups in arrival order and confirms or
 * waitlists each, so the winner of a moment settles every racer of that moment and a loser's retry finds
 * its own sign-up settled. The session document is the one place the counters change, always in a
 * transaction that read it: settle, cancel, and an admin's change of seats serialise on it.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../runtime/cloud';
import { list, runInTransaction, txGet, type Transaction } from '../runtime/db';
import { AppError } from '../runtime/errors';
import { SESSIONS, SIGNUPS, type SessionDoc, type SignupDoc } from './documents';
import { queueTrainingNotices } from './notices';

/** Pending sign-ups settled by one transaction (the rest by the next round). */
export const SETTLE_BATCH = 100;
/** Conflict retries of one settle: every round commits one settle, so a racer needs few. */
const SETTLE_ATTEMPTS = 30;

/**
 * Settles the session's pending sign-ups (oldest first, at most SETTLE_BATCH); answers the ids it
 * settled, [] when there were none (or the session is gone).
 */
export async function settle(db: Database, sessionId: string, now: Date = new Date()): Promise<string[]> {
  return runInTransaction(
    db,
    async (t: Transaction) => {
      const session = await txGet<SessionDoc>(t, SESSIONS, sessionId);
      if (!session) return [];
      // Taken after reading the session, so a later committed settle always has a later time.
      const at = new Date(Math.max(Date.now(), now.getTime()));
      // Read after the session: a settle that commits in between changes the session, so this one conflicts.
      const pending = await list<SignupDoc>(
        db
          .collection(SIGNUPS)
          .where({ sessionId, status: 'pending' })
          .orderBy('arrivedAt', 'asc')
          .orderBy('_id', 'asc')
          .limit(SETTLE_BATCH),
      );
      if (!pending.length) return [];
      let { confirmedCount, waitlistCount, nextQueueNo } = session;
      for (const signup of pending) {
        // Nobody overtakes the waitlist: a seat goes to a newcomer only while no one waits.
        const seat = session.status === 'scheduled' && confirmedCount < session.capacity && waitlistCount === 0;
        const data = seat
          ? { status: 'confirmed', confirmedAt: at, updatedAt: at }
          : { status: 'waitlisted', queueNo: nextQueueNo, updatedAt: at };
        if (seat) confirmedCount++;
        else {
          waitlistCount++;
          nextQueueNo++;
        }
        // One after another: a CloudBase transaction (a MongoDB session) takes no concurrent operations.
        await t.collection(SIGNUPS).doc(signup._id).update({ data });
      }
      await t
        .collection(SESSIONS)
        .doc(sessionId)
        .update({ data: { confirmedCount, waitlistCount, nextQueueNo, updatedAt: at } });
      return pending.map((s) => s._id);
    },
    SETTLE_ATTEMPTS,
  );
}

/** How long one settle may hold the lease; a settler that died frees it when this runs out. */
const LEASE_MS = 3_000;
/** Waiting for another settler: the first look after this, then twice as long each time, at most MAX_WAIT_MS. */
const FIRST_WAIT_MS = 10;
const MAX_WAIT_MS = 80;
/** Give up waiting (the call fails, the sign-ups stay pending for the next call or the timer). */
const GIVE_UP_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the session's settle lease with one conditional update (no transaction, so waiting sign-ups do
 * not conflict with each other); answers the token, or null when another sign-up holds it.
 */
async function takeLease(db: Database, sessionId: string): Promise<string | null> {
  const token = randomBytes(8).toString('hex');
  const now = Date.now();
  const res = (await db
    .collection(SESSIONS)
    .where({ _id: sessionId, settlingUntil: db.command.lt(now) })
    .update({ data: { settlingUntil: now + LEASE_MS, settler: token } })) as { stats?: { updated?: number } };
  return res.stats?.updated === 1 ? token : null;
}

async function releaseLease(db: Database, sessionId: string, token: string): Promise<void> {
  await db
    .collection(SESSIONS)
    .where({ _id: sessionId, settler: token })
    .update({ data: { settlingUntil: 0, settler: null } });
}

/**
 * Gives `ids` their seats and answers them as stored. Many sign-ups arriving at once do not each run a
 * transaction on the session (each would conflict with the others and redo its work): one of them takes
 * the settle lease and settles every pending sign-up of the session, the others look at their own
 * sign-ups until it is done (or the lease runs out and one of them takes over).
 */
export async function settleMine(db: Database, sessionId: string, ids: string[], now?: Date): Promise<SignupDoc[]> {
  const _ = db.command;
  const order = new Map(ids.map((id, i) => [id, i]));
  const started = Date.now();
  for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, MAX_WAIT_MS)) {
    const mine = await list<SignupDoc>(
      db
        .collection(SIGNUPS)
        .where({ _id: _.in(ids) })
        .limit(ids.length),
    );
    if (!mine.some((s) => s.status === 'pending')) {
      return mine.sort((a, b) => (order.get(a._id) ?? 0) - (order.get(b._id) ?? 0));
    }
    const token = await takeLease(db, sessionId);
    if (token) {
      try {
        // Whole batches until nothing is pending: the sign-ups waiting behind this one are served too.
        while ((await settle(db, sessionId, now)).length === SETTLE_BATCH);
      } finally {
        await releaseLease(db, sessionId, token);
      }
      continue;
    }
    if (Date.now() - started > GIVE_UP_MS) {
      throw new AppError('INTERNAL', '报名人数较多，名额分配稍有延迟，请稍后在“我的培训”中查看报名结果');
    }
    await sleep(wait);
  }
}

/**
 * Inside the caller's transaction, after it read the session: gives up to `seats` freed seats to the
 * first on the waitlist (lowest queueNo), each still waitlisted as the transaction sees it, and queues
 * their messages. The CALLER writes the session counters (confirmedCount +n, waitlistCount −n).
 */
export async function promoteWaitlisted(
  t: Transaction,
  db: Database,
  session: SessionDoc,
  seats: number,
  now: Date,
): Promise<SignupDoc[]> {
  if (seats <= 0 || session.waitlistCount <= 0) return [];
  const candidates = await list<SignupDoc>(
    db
      .collection(SIGNUPS)
      .where({ sessionId: session._id, status: 'waitlisted' })
      .orderBy('queueNo', 'asc')
      .limit(seats + 5),
  );
  const promoted: SignupDoc[] = [];
  for (const candidate of candidates) {
    if (promoted.length >= seats) break;
    const current = await txGet<SignupDoc>(t, SIGNUPS, candidate._id);
    if (current?.status !== 'waitlisted') continue;
    await t
      .collection(SIGNUPS)
      .doc(current._id)
      .update({ data: { status: 'confirmed', confirmedAt: now, updatedAt: now } });
    promoted.push({ ...current, status: 'confirmed', confirmedAt: now, updatedAt: now });
  }
  await queueTrainingNotices(
    t,
    db,
    promoted.map((signup) => ({ kind: 'promoted' as const, session, signup, key: String(now.getTime()) })),
  );
  return promoted;
}
