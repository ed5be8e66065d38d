/**
 * The stored shapes of quality training (质量培训): programmes, organisers, sessions, sign-ups and the
 * per-holder attendee counts. Collections are closed to clients (cloudfunctions/database/*.json).
 */
import type {
  CheckInMethod,
  FeeKind,
  SessionStatus,
  SignupKind,
  SignupStatus,
  TrainingFormat,
} from '../../../miniprogram/shared/training';

export const PROGRAMMES = 'training_programmes';
export const ORGANISERS = 'training_organisers';
export const SESSIONS = 'training_sessions';
export const SIGNUPS = 'training_signups';
/** One document per (session, holder): the holder's active sign-up ids, so a limit holds under races. */
export const SIGNUP_HOLDERS = 'training_signup_holders';

export interface ProgrammeDoc {
  _id: string;
  name: string;
  year: number;
  description: string;
  plannedSessions: number;
  plannedOnSite: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrganiserDoc {
  _id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface SessionDoc {
  _id: string;
  /** 场次编号 of an imported session (its import key), else null. */
  code: string | null;
  programmeId: string | null;
  organiserId: string;
  /** Denormalised for lists; updated when the organiser is renamed. */
  organiserName: string;
  title: string;
  syllabus: string;
  format: TrainingFormat;
  venue: string | null;
  city: string | null;
  cluster: string;
  liveUrl: string | null;
  startAt: Date;
  endAt: Date;
  signupOpensAt: Date;
  signupClosesAt: Date;
  capacity: number;
  perEnterpriseLimit: number;
  fee: FeeKind;
  status: SessionStatus;
  cancelReason: string | null;
  /**
   * Seat allocation, written only inside a transaction that read this document (training/seats.ts):
   * seats taken, attendees waiting, and the next waitlist number (arrival order).
   */
  confirmedCount: number;
  waitlistCount: number;
  nextQueueNo: number;
  /**
   * The settle lease (training/seats.ts): until this instant (ms since epoch; 0 = free) the sign-up whose
   * token is `settler` gives the seats, and the others wait for it instead of racing it.
   */
  settlingUntil: number;
  settler: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SignupDoc {
  _id: string;
  sessionId: string;
  ownerOpenid: string;
  kind: SignupKind;
  /** The enterprise (kind enterprise), else null. */
  uscc: string | null;
  enterpriseName: string | null;
  attendee: { name: string; phone: string };
  /** phoneKeyOf(attendee.phone): who the attendee is, for "signed up already". */
  phoneKey: string;
  /**
   * `${sessionId}|${phoneKey}` while the sign-up is pending, confirmed or waitlisted (unique index), so one
   * person holds one place per session; `cancelled|${_id}` once cancelled, which frees the key.
   */
  activeKey: string;
  /** The (session, holder) document this sign-up counts against: `${sessionId}|${uscc or openid}`. */
  holderId: string;
  clientRequestId: string;
  status: SignupStatus;
  /** Waitlist order (arrival), given when the allocator waitlists the sign-up; null otherwise. */
  queueNo: number | null;
  arrivedAt: Date;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  checkedInAt: Date | null;
  checkInMethod: CheckInMethod | null;
  /** `user:<openid>` of the trainer, or the attendee's own for online check-in. */
  checkedInBy: string | null;
  /** Set at check-in (services: certificateCodeFor); valid as a certificate once the session has ended. */
  certificateCode: string | null;
  rating: { score: number; comment: string; at: Date } | null;
  /** Reminders queued (remindAttendees): the day before, the hour before. */
  reminded?: { day?: boolean; hour?: boolean };
  createdAt: Date;
  updatedAt: Date;
}

export interface SignupHolderDoc {
  _id: string;
  sessionId: string;
  /** Active sign-up ids of this holder for the session. */
  signupIds: string[];
  /** clientRequestId → the sign-up ids that request made (a repeated request answers the same ones). */
  requests: Record<string, string[]>;
  updatedAt: Date;
}
