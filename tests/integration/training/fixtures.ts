/**
 * Fixtures of the training tests: sessions, programmes and organisers inserted directly (so each test
 * sets the times it needs), trainer users bound to an organiser, verified enterprise and person users
 * (voucher fixtures), valid sign-up payloads.
 */
import type { OrganiserDoc, SessionDoc, SignupDoc } from '../../../cloudfunctions/src/training/documents';
import { resolvePlaceholders } from '../../../emulator/env';
import { enterpriseUser, failure, ok, personUser, USCCS, type TestCloud } from '../voucher/fixtures';

export { enterpriseUser, failure, ok, personUser, USCCS, type TestCloud };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = Record<string, any>;

let sequence = 0;
export const clientId = (label = 'signup') => `${label}-${process.pid}-${Date.now().toString(36)}-${++sequence}`;

const HOUR = 3_600_000;
/** An instant `hours` from now (negative: in the past). */
export const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);

export const ORGANISER: OrganiserDoc = {
  _id: 'org-gdqi',
  name: '广东省质量技术培训中心',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
};

/**
 * A session as stored, open for sign-up now (window from an hour ago to two days ahead, the session
 * itself three days ahead for three hours), 50 seats, 3 per enterprise, on site in 佛山; override any field.
 */
export function sessionDoc(id: string, overrides: Partial<SessionDoc> = {}): SessionDoc {
  const now = new Date();
  return {
    _id: id,
    code: null,
    programmeId: null,
    organiserId: ORGANISER._id,
    organiserName: ORGANISER.name,
    title: `质量管理体系认证实务 ${id}`,
    syllabus: '一、质量管理体系标准解读；二、认证流程与常见问题；三、案例分析与答疑。',
    format: 'onsite',
    venue: '佛山市顺德区大良街道德和路 1 号',
    city: '佛山市',
    cluster: '顺德家电产业集聚区',
    liveUrl: null,
    startAt: inHours(72),
    endAt: inHours(75),
    signupOpensAt: inHours(-1),
    signupClosesAt: inHours(48),
    capacity: 50,
    perEnterpriseLimit: 3,
    fee: 'free',
    status: 'scheduled',
    cancelReason: null,
    confirmedCount: 0,
    waitlistCount: 0,
    nextQueueNo: 1,
    settlingUntil: 0,
    settler: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** Inserts the organiser (once) and the session; answers the session id. */
export async function insertSession(cloud: TestCloud, doc: SessionDoc): Promise<string> {
  if (!(await cloud.db.find('training_organisers', { _id: ORGANISER._id })).length) {
    await cloud.db.insertMany('training_organisers', [ORGANISER]);
  }
  await cloud.db.insertMany('training_sessions', [doc]);
  return doc._id;
}

/** A logged-in user holding the trainer role for `organiserId`. */
export async function trainerUser(
  cloud: TestCloud,
  openid = 'o-trainer',
  organiserId = ORGANISER._id,
): Promise<string> {
  ok(await cloud.call('user', { action: 'login' }, openid));
  await cloud.db.update('users', { _id: openid }, { $set: { roles: ['trainer'], organiserId } });
  return openid;
}

/** A complete, valid signUp payload (without `action`); override any field. */
export function validSignUp(sessionId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sessionId,
    kind: 'enterprise',
    attendees: [{ name: '陈建国', phone: '13912345678' }],
    clientRequestId: clientId(),
    ...overrides,
  };
}

/** The `training` function as `openid`. */
export const training = (cloud: TestCloud, openid: string, action: string, payload: object = {}) =>
  cloud.call('training', { action, ...payload }, openid);

/**
 * The `training` function as someone who never opened the mini-program before (no user record): anyone.
 * (A mini-program call always carries an OPENID; a call without one is the console's.)
 */
export const trainingAsStranger = (cloud: TestCloud, action: string, payload: object = {}) =>
  cloud.call('training', { action, ...payload }, 'o-stranger-never-logged-in');

/** Stored documents, typed loosely for assertions. */
export const docs = async (cloud: TestCloud, collection: string, query: object = {}): Promise<Loose[]> =>
  (await cloud.db.find(collection, query)) as Loose[];

/** Snapshot of every collection a training action writes, to show a refused call wrote nothing. */
export async function trainingState(cloud: TestCloud): Promise<Record<string, Loose[]>> {
  const names = [
    'training_programmes',
    'training_organisers',
    'training_sessions',
    'training_signups',
    'training_signup_holders',
    'outbox',
    'audit_log',
  ];
  const out: Record<string, Loose[]> = {};
  for (const name of names) out[name] = await docs(cloud, name);
  return out;
}

let signupSeq = 0;
/** A 24-hex sign-up id, distinct per call. */
export const signupId = () => (0xa0000000 + ++signupSeq).toString(16).padStart(24, '0');

/** A sign-up as stored (confirmed, for an attendee of `ownerOpenid`); override any field. */
export function signupDoc(sessionId: string, ownerOpenid: string, overrides: Partial<SignupDoc> = {}): SignupDoc {
  const id = overrides._id ?? signupId();
  const at = new Date();
  return {
    _id: id,
    sessionId,
    ownerOpenid,
    kind: 'person',
    uscc: null,
    enterpriseName: null,
    attendee: { name: '王小丽', phone: '13800000001' },
    phoneKey: `P:${id}`,
    activeKey: `${sessionId}|P:${id}`,
    holderId: `${sessionId}|${ownerOpenid}`,
    clientRequestId: clientId(),
    status: 'confirmed',
    queueNo: null,
    arrivedAt: at,
    confirmedAt: at,
    cancelledAt: null,
    checkedInAt: null,
    checkInMethod: null,
    checkedInBy: null,
    certificateCode: null,
    rating: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** Inserts sign-ups as they are (no seat allocation); answers their ids. */
export async function insertSignups(cloud: TestCloud, signups: SignupDoc[]): Promise<string[]> {
  await cloud.db.insertMany('training_signups', signups);
  return signups.map((s) => s._id);
}

/** A session on now (started 10 minutes ago, for two hours): check-in is open. */
export const runningSession = (id: string, overrides: Partial<SessionDoc> = {}) =>
  sessionDoc(id, {
    signupOpensAt: inHours(-48),
    signupClosesAt: inHours(-1),
    startAt: inHours(-1 / 6),
    endAt: inHours(2),
    ...overrides,
  });

/** A session that ended an hour ago (certificates, ratings). */
export const endedSession = (id: string, overrides: Partial<SessionDoc> = {}) =>
  sessionDoc(id, {
    signupOpensAt: inHours(-72),
    signupClosesAt: inHours(-24),
    startAt: inHours(-4),
    endAt: inHours(-1),
    ...overrides,
  });

/**
 * Gives this test process the local cloud's function secret, so a test can make genuine codes (check-in,
 * certificate) exactly as the function does.
 */
export function useFunctionsSecret(): void {
  process.env.YPT_SERVER_SECRET = resolvePlaceholders('{{env.YPT_SERVER_SECRET}}');
  process.env.YPT_LOCAL_CLOUD = '1';
}
