/**
 * Quality training (质量培训): what a session is, when it can be signed up for, cancelled, checked in
 * and rated, and how sign-ups are labelled. The one copy the `training` cloud function
 * (contract/training.ts) and the pages share.
 *
 *   signUp ──seat free──▶ confirmed ──checkIn (scan / roster / online link)──▶ attended ──▶ certificate
 *   signUp ──session full──▶ waitlisted ──a confirmed attendee cancels / seats added──▶ confirmed
 *   confirmed | waitlisted ──cancel (until the start)──▶ cancelled
 */
import type { TextRule } from './text';

export const TRAINING_FORMATS = {
  onsite: '现场培训',
  online: '线上直播',
} as const;
export type TrainingFormat = keyof typeof TRAINING_FORMATS;
export const TRAINING_FORMAT_CODES = Object.keys(TRAINING_FORMATS) as [TrainingFormat, ...TrainingFormat[]];

/** Who a sign-up is for: named staff of a verified enterprise, or a person signing themself up. */
export const SIGNUP_KINDS = {
  enterprise: '企业报名',
  person: '个人报名',
} as const;
export type SignupKind = keyof typeof SIGNUP_KINDS;
export const SIGNUP_KIND_CODES = Object.keys(SIGNUP_KINDS) as [SignupKind, ...SignupKind[]];

/**
 * A sign-up's seat. `pending` lives for the moment between the insert and the seat allocation (a
 * sign-up the allocator has not reached yet); pages never show it as such.
 */
export const SIGNUP_STATUSES = ['pending', 'confirmed', 'waitlisted', 'cancelled'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];
export const SIGNUP_STATUS_LABELS: Readonly<Record<SignupStatus, string>> = {
  pending: '报名处理中',
  confirmed: '报名成功',
  waitlisted: '候补中',
  cancelled: '已取消',
};

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Where a session is in its life, derived from its times (sessionPhase); `cancelled` when called off. */
export type SessionPhase = 'upcoming' | 'signup' | 'closed' | 'ongoing' | 'ended' | 'cancelled';
export const SESSION_PHASE_LABELS: Readonly<Record<SessionPhase, string>> = {
  upcoming: '报名未开始',
  signup: '报名中',
  closed: '报名已截止',
  ongoing: '进行中',
  ended: '已结束',
  cancelled: '已取消',
};

/** How an attendee was checked in. */
export const CHECK_IN_METHODS = {
  scan: '扫码签到',
  roster: '名单签到',
  online: '线上签到',
} as const;
export type CheckInMethod = keyof typeof CHECK_IN_METHODS;

/** The fee: free, or paid with a testing voucher for the `training` service at a product hospital. */
export const FEE_KINDS = {
  free: '免费',
  voucher: '可用产品检测券抵扣',
} as const;
export type FeeKind = keyof typeof FEE_KINDS;
export const FEE_KIND_CODES = Object.keys(FEE_KINDS) as [FeeKind, ...FeeKind[]];

export const TRAINING_LIMITS = {
  /** Seats of one session. */
  maxCapacity: 5000,
  /** Attendees an enterprise may name for one session (the session's own limit is at most this). */
  maxPerEnterprise: 20,
  /** Attendees in one sign-up request. */
  maxAttendeesPerRequest: 20,
  /** Check-in opens this long before the start (on site: people arrive early; online: the link opens). */
  checkInOpensBeforeMs: 60 * 60 * 1000,
  /** Online attendance is recorded from the check-in link until this long after the end. */
  checkInClosesAfterMs: 30 * 60 * 1000,
  /** Reminders go out this long before the start. */
  reminderDayBeforeMs: 24 * 60 * 60 * 1000,
  reminderHourBeforeMs: 60 * 60 * 1000,
  /** Ratings: 1 to 5 stars, until this long after the end. */
  ratingWindowMs: 30 * 24 * 60 * 60 * 1000,
} as const;

export const TRAINING_TEXT = {
  title: { min: 4, tooShort: '课程名称至少 4 个字', max: 60, tooLong: '课程名称最多 60 个字' },
  organiser: { min: 2, tooShort: '主办单位至少 2 个字', max: 40, tooLong: '主办单位最多 40 个字' },
  syllabus: { min: 10, tooShort: '课程大纲至少 10 个字', max: 2000, tooLong: '课程大纲最多 2000 个字' },
  venue: { min: 4, tooShort: '培训地点至少 4 个字', max: 80, tooLong: '培训地点最多 80 个字' },
  cluster: { min: 0, tooShort: '', max: 30, tooLong: '产业集聚区最多 30 个字' },
  programme: { min: 4, tooShort: '培训计划名称至少 4 个字', max: 60, tooLong: '培训计划名称最多 60 个字' },
  programmeDescription: { min: 0, tooShort: '', max: 500, tooLong: '计划说明最多 500 个字' },
  cancelReason: { min: 2, tooShort: '请填写取消原因', max: 100, tooLong: '取消原因最多 100 个字' },
  comment: { min: 0, tooShort: '', max: 300, tooLong: '评价最多 300 个字' },
} as const satisfies Record<string, TextRule>;

/** The times that decide what can be done with a session. Dates as stored (Date) or as sent (ISO text). */
export interface SessionTimes {
  status: SessionStatus;
  startAt: Date | string;
  endAt: Date | string;
  signupOpensAt: Date | string;
  signupClosesAt: Date | string;
}

const ms = (value: Date | string): number => new Date(value).getTime();

export function sessionPhase(s: SessionTimes, now: Date | number): SessionPhase {
  const t = typeof now === 'number' ? now : now.getTime();
  if (s.status === 'cancelled') return 'cancelled';
  if (t >= ms(s.endAt)) return 'ended';
  if (t >= ms(s.startAt)) return 'ongoing';
  if (t < ms(s.signupOpensAt)) return 'upcoming';
  if (t < ms(s.signupClosesAt)) return 'signup';
  return 'closed';
}

/** Sign-up is open from signupOpensAt until signupClosesAt (and never after the start). */
export const canSignUp = (s: SessionTimes, now: Date | number): boolean => sessionPhase(s, now) === 'signup';

/** An attendee may cancel until the session starts. */
export function canCancel(s: SessionTimes, now: Date | number): boolean {
  const phase = sessionPhase(s, now);
  return phase === 'upcoming' || phase === 'signup' || phase === 'closed';
}

/** Check-in (any method) is open from an hour before the start until half an hour after the end. */
export function checkInOpen(s: SessionTimes, now: Date | number): boolean {
  const t = typeof now === 'number' ? now : now.getTime();
  return (
    s.status === 'scheduled' &&
    t >= ms(s.startAt) - TRAINING_LIMITS.checkInOpensBeforeMs &&
    t <= ms(s.endAt) + TRAINING_LIMITS.checkInClosesAfterMs
  );
}

/** Certificates and ratings exist once the session has ended (and was not called off). */
export const hasEnded = (s: SessionTimes, now: Date | number): boolean => sessionPhase(s, now) === 'ended';

export function canRate(s: SessionTimes, now: Date | number): boolean {
  const t = typeof now === 'number' ? now : now.getTime();
  return hasEnded(s, t) && t <= ms(s.endAt) + TRAINING_LIMITS.ratingWindowMs;
}

/**
 * Why a session's times do not fit together, or '' when they do: the sign-up window opens before it
 * closes, closes no later than the start, and the session ends after it starts.
 */
export function sessionTimesProblem(s: Omit<SessionTimes, 'status'>): string {
  if (!(ms(s.startAt) < ms(s.endAt))) return '结束时间应晚于开始时间';
  if (!(ms(s.signupOpensAt) < ms(s.signupClosesAt))) return '报名截止时间应晚于报名开始时间';
  if (ms(s.signupClosesAt) > ms(s.startAt)) return '报名截止时间不能晚于培训开始时间';
  return '';
}

/** Certificate codes: `ZS` and 12 Crockford base32 characters, shown in groups of four (ZS-XXXX-XXXX-XXXX). */
export const CERTIFICATE_CODE_PATTERN = /^ZS[0-9A-HJKMNP-TV-Z]{12}$/;

/** A typed certificate code as stored: upper case, without spaces or dashes; I, L → 1 and O → 0. */
export function normalizeCertificateCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** ZS7K3M9QXA2BCD → ZS-7K3M-9QXA-2BCD */
export function formatCertificateCode(code: string): string {
  return `${code.slice(0, 2)}-${code.slice(2, 6)}-${code.slice(6, 10)}-${code.slice(10)}`;
}

/** Average of 1–5 star ratings to one decimal, or null when there are none. */
export function averageRating(sum: number, count: number): number | null {
  return count > 0 ? Math.round((sum / count) * 10) / 10 : null;
}
