/**
 * What an admin's session form (saveSession) or an import row (importSessions) sets on a session; the
 * seat counters and the settle lease are the allocator's (seats.ts) and never come from a form.
 */
import type { z } from 'zod';
import type { saveSessionInput } from '../contract/training';
import type { Database } from '../runtime/cloud';
import type { Transaction } from '../runtime/db';
import { AppError } from '../runtime/errors';
import { SESSIONS, type SessionDoc, type SignupDoc } from './documents';
import { promoteWaitlisted } from './seats';

export type SessionFields = Omit<z.infer<typeof saveSessionInput>, 'sessionId'>;

export function sessionFieldsOf(input: SessionFields, organiserName: string) {
  return {
    programmeId: input.programmeId ?? null,
    organiserId: input.organiserId,
    organiserName,
    title: input.title,
    syllabus: input.syllabus,
    format: input.format,
    venue: input.format === 'onsite' ? (input.venue ?? null) : null,
    city: input.city ?? null,
    cluster: input.cluster ?? '',
    liveUrl: input.format === 'online' ? (input.liveUrl ?? null) : null,
    startAt: new Date(input.startAt),
    endAt: new Date(input.endAt),
    signupOpensAt: new Date(input.signupOpensAt),
    signupClosesAt: new Date(input.signupClosesAt),
    capacity: input.capacity,
    perEnterpriseLimit: input.perEnterpriseLimit,
    fee: input.fee,
  } satisfies Partial<SessionDoc>;
}

/** A new session's allocator fields. */
export const FRESH_SEATS = {
  status: 'scheduled' as const,
  cancelReason: null,
  confirmedCount: 0,
  waitlistCount: 0,
  nextQueueNo: 1,
  settlingUntil: 0,
  settler: null,
};

/** A session keeps at least the seats it has given (the form and the import refuse in the same words). */
export function assertSeatsCover(before: SessionDoc, capacity: number): void {
  if (capacity >= before.confirmedCount) return;
  const message = `不能少于已报名成功的 ${before.confirmedCount} 人`;
  throw new AppError('VALIDATION_FAILED', `名额：${message}`, {
    fields: [{ path: 'capacity', label: '名额', message }],
  });
}

/**
 * Writes a change to an existing session inside the caller's transaction (which read `before`): seats
 * added go to the waitlist first, in order, with a message each, and the counters follow.
 */
export async function writeSessionChange(
  t: Transaction,
  db: Database,
  before: SessionDoc,
  fields: ReturnType<typeof sessionFieldsOf>,
  now: Date,
): Promise<{ after: SessionDoc; promoted: SignupDoc[] }> {
  const after = { ...before, ...fields, updatedAt: now };
  const promoted = await promoteWaitlisted(t, db, after, fields.capacity - before.confirmedCount, now);
  after.confirmedCount += promoted.length;
  after.waitlistCount -= promoted.length;
  const { _id, ...data } = after;
  await t.collection(SESSIONS).doc(_id).set({ data });
  return { after, promoted };
}
