/**
 * Stored training documents → what callers see. Personal data: an attendee's name and phone are shown
 * in full to the sign-up's owner (signupViewFor) and to the session's organiser (rosterEntryOf), masked
 * everywhere else (publicHolderName).
 */
import QRCode from 'qrcode';
import {
  canCancel,
  canRate,
  CHECK_IN_METHODS,
  checkInOpen,
  FEE_KINDS,
  formatCertificateCode,
  hasEnded,
  SESSION_PHASE_LABELS,
  sessionPhase,
  SIGNUP_KINDS,
  SIGNUP_STATUS_LABELS,
  TRAINING_FORMATS,
} from '../../../miniprogram/shared/training';
import type {
  CertificateView,
  RosterEntry,
  SessionAdminView,
  SessionSummary,
  SessionView,
  SignupView,
} from '../contract/training';
import { maskPersonName } from '../core/privacy';
import type { Database } from '../runtime/cloud';
import { count } from '../runtime/db';
import { checkInPayloadFor } from './codes';
import { SIGNUPS, type SessionDoc, type SignupDoc } from './documents';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null | undefined) => (d ? iso(d) : null);

/** Programme names by id, for the summaries of a page of sessions (one read per page, by the caller). */
export type ProgrammeNames = ReadonlyMap<string, string>;

export function sessionSummaryOf(doc: SessionDoc, now: Date, programmes: ProgrammeNames = new Map()): SessionSummary {
  const phase = sessionPhase(doc, now);
  return {
    sessionId: doc._id,
    title: doc.title,
    organiserName: doc.organiserName,
    programmeId: doc.programmeId,
    programmeName: doc.programmeId ? (programmes.get(doc.programmeId) ?? null) : null,
    format: doc.format,
    formatLabel: TRAINING_FORMATS[doc.format],
    city: doc.city,
    cluster: doc.cluster || null,
    venue: doc.venue,
    startAt: iso(doc.startAt),
    endAt: iso(doc.endAt),
    signupOpensAt: iso(doc.signupOpensAt),
    signupClosesAt: iso(doc.signupClosesAt),
    phase,
    phaseLabel: SESSION_PHASE_LABELS[phase],
    capacity: doc.capacity,
    confirmedCount: doc.confirmedCount,
    waitlistCount: doc.waitlistCount,
    seatsLeft: Math.max(0, doc.capacity - doc.confirmedCount),
    fee: doc.fee,
    feeLabel: FEE_KINDS[doc.fee],
  };
}

export function sessionViewOf(
  doc: SessionDoc,
  now: Date,
  extra: Pick<SessionView, 'mySignups' | 'signupKinds'>,
  programmes: ProgrammeNames = new Map(),
): SessionView {
  const seated = extra.mySignups.some((s) => s.status === 'confirmed');
  return {
    ...sessionSummaryOf(doc, now, programmes),
    syllabus: doc.syllabus,
    perEnterpriseLimit: doc.perEnterpriseLimit,
    // The live link is for attendees with a seat only.
    liveUrl: doc.format === 'online' && seated ? doc.liveUrl : null,
    cancelReason: doc.cancelReason,
    ...extra,
  };
}

export function sessionAdminViewOf(
  doc: SessionDoc,
  now: Date,
  checkedInCount: number,
  programmes: ProgrammeNames = new Map(),
): SessionAdminView {
  return {
    ...sessionSummaryOf(doc, now, programmes),
    syllabus: doc.syllabus,
    perEnterpriseLimit: doc.perEnterpriseLimit,
    liveUrl: doc.liveUrl,
    organiserId: doc.organiserId,
    code: doc.code,
    cancelReason: doc.cancelReason,
    checkedInCount,
  };
}

/** 1 for the first on the waitlist: those of the session waiting with a smaller queue number, plus one. */
export async function waitlistPosition(db: Database, signup: SignupDoc): Promise<number | null> {
  if (signup.status !== 'waitlisted' || signup.queueNo === null) return null;
  const _ = db.command;
  const ahead = await count(
    db.collection(SIGNUPS).where({ sessionId: signup.sessionId, status: 'waitlisted', queueNo: _.lt(signup.queueNo) }),
  );
  return ahead + 1;
}

/**
 * A sign-up as its owner sees it: the attendee in full, the check-in code while it can be used, and its
 * QR image only when asked (the ticket page: rendering one costs memory a rush of sign-ups should not pay).
 */
export async function signupViewFor(
  db: Database,
  signup: SignupDoc,
  session: SessionDoc,
  now: Date,
  programmes: ProgrammeNames = new Map(),
  { withQrImage = false }: { withQrImage?: boolean } = {},
): Promise<SignupView> {
  const ended = hasEnded(session, now);
  const codeLive = signup.status === 'confirmed' && !signup.checkedInAt && !ended && session.status === 'scheduled';
  const checkInCode = codeLive ? checkInPayloadFor(signup._id) : null;
  return {
    signupId: signup._id,
    sessionId: signup.sessionId,
    session: sessionSummaryOf(session, now, programmes),
    kind: signup.kind,
    kindLabel: SIGNUP_KINDS[signup.kind],
    enterpriseName: signup.enterpriseName,
    attendee: { name: signup.attendee.name, phone: signup.attendee.phone },
    status: signup.status,
    statusLabel: SIGNUP_STATUS_LABELS[signup.status],
    waitlistPosition: await waitlistPosition(db, signup),
    checkInCode,
    checkInQrImage:
      checkInCode && withQrImage
        ? await QRCode.toDataURL(checkInCode, { errorCorrectionLevel: 'M', margin: 1, width: 480 })
        : null,
    checkedInAt: isoOrNull(signup.checkedInAt),
    checkInMethodLabel: signup.checkInMethod ? CHECK_IN_METHODS[signup.checkInMethod] : null,
    certificateCode:
      ended && signup.checkedInAt && signup.certificateCode ? formatCertificateCode(signup.certificateCode) : null,
    rating: signup.rating ? { score: signup.rating.score, comment: signup.rating.comment } : null,
    canCancel: (signup.status === 'confirmed' || signup.status === 'waitlisted') && canCancel(session, now),
    canCheckInOnline:
      session.format === 'online' && signup.status === 'confirmed' && !signup.checkedInAt && checkInOpen(session, now),
    canRate: !!signup.checkedInAt && !signup.rating && canRate(session, now),
    createdAt: iso(signup.createdAt),
  };
}

/** A roster line as the session's organiser (or an admin) sees it: names and phones in full. */
export function rosterEntryOf(signup: SignupDoc, waitlistPositionOf: number | null = null): RosterEntry {
  return {
    signupId: signup._id,
    attendeeName: signup.attendee.name,
    attendeePhone: signup.attendee.phone,
    enterpriseName: signup.enterpriseName,
    status: signup.status,
    statusLabel: SIGNUP_STATUS_LABELS[signup.status],
    waitlistPosition: waitlistPositionOf,
    checkedInAt: isoOrNull(signup.checkedInAt),
    checkInMethodLabel: signup.checkInMethod ? CHECK_IN_METHODS[signup.checkInMethod] : null,
  };
}

/** Class hours of a session, rounded to the nearest half hour. */
export function classHours(session: Pick<SessionDoc, 'startAt' | 'endAt'>): number {
  const hours = (new Date(session.endAt).getTime() - new Date(session.startAt).getTime()) / 3_600_000;
  return Math.max(0.5, Math.round(hours * 2) / 2);
}

/** A certificate: the holder's name in full for its owner, masked on the public check (publicHolderName). */
export function certificateViewOf(
  signup: SignupDoc,
  session: SessionDoc,
  programmeName: string | null,
  holder: 'owner' | 'public',
): CertificateView {
  const code = formatCertificateCode(signup.certificateCode!);
  return {
    code,
    holderName: holder === 'owner' ? signup.attendee.name : maskPersonName(signup.attendee.name),
    enterpriseName: signup.enterpriseName,
    sessionTitle: session.title,
    organiserName: session.organiserName,
    programmeName,
    formatLabel: TRAINING_FORMATS[session.format],
    city: session.city,
    startAt: iso(session.startAt),
    endAt: iso(session.endAt),
    hours: classHours(session),
    issuedAt: iso(session.endAt),
    verifyPath: `pages/training/verify/index?code=${signup.certificateCode}`,
  };
}
