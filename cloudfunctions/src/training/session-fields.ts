/**
 * What an admin's session form (saveSession) or an import row (importSessions) sets on a session; the
 * seat counters and the settle lease are the allocator's (seats.ts) and never come from a form.
 */
import type { z } from 'zod';
import type { saveSessionInput } from '../contract/training';
import type { SessionDoc } from './documents';

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
