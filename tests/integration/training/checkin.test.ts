/**
 * Check-in on the local cloud, as organiser staff (`trainer`) and as an online attendee, and what an
 * attacker would try: a forged, altered or foreign QR code, a code used twice, another session's code, two
 * scanners at once, a trainer of another organiser, a plain user or an expert at the trainer actions.
 */
import { qrPayloadFor } from '../../../cloudfunctions/src/services/voucher-codes';
import { checkInPayloadFor } from '../../../cloudfunctions/src/training/codes';
import { startTestCloud } from '../helpers/local-cloud';
import {
  docs,
  failure,
  inHours,
  insertSession,
  insertSignups,
  ok,
  personUser,
  runningSession,
  sessionDoc,
  signupDoc,
  trainerUser,
  training,
  trainingState,
  type Loose,
  useFunctionsSecret,
  type TestCloud,
} from './fixtures';

useFunctionsSecret();

describe('training check-in', () => {
  let cloud: TestCloud;
  let trainer: string;
  let otherTrainer: string;
  let attendee: string;
  let plain: string;
  let expert: string;

  beforeAll(async () => {
    cloud = await startTestCloud();
    trainer = await trainerUser(cloud);
    await cloud.db.insertMany('training_organisers', [
      { _id: 'org-other', name: '另一家主办单位', createdAt: new Date(), updatedAt: new Date() },
    ]);
    otherTrainer = await trainerUser(cloud, 'o-trainer-other', 'org-other');
    attendee = await personUser(cloud, 'o-attendee', '13800000031');
    plain = await personUser(cloud, 'o-plain', '13800000032');
    expert = 'o-expert-no-trainer';
    ok(await cloud.call('user', { action: 'login' }, expert));
    await cloud.db.update('users', { _id: expert }, { $set: { roles: ['expert'], expertId: 'e-1' } });
  }, 60_000);
  afterAll(() => cloud?.stop());

  const call = (openid: string, action: string, payload: object = {}) => training(cloud, openid, action, payload);

  test('a genuine code checks in once; the same code again is ALREADY_CHECKED_IN', async () => {
    const sessionId = await insertSession(cloud, runningSession('c-scan'));
    const [id] = await insertSignups(cloud, [
      signupDoc(sessionId, attendee, { attendee: { name: '王小丽', phone: '13800000031' } }),
    ]);
    const entry = ok(await call(trainer, 'checkIn', { sessionId, code: checkInPayloadFor(id) }));
    expect(entry).toMatchObject({
      signupId: id,
      attendeeName: '王小丽',
      attendeePhone: '13800000031',
      checkInMethodLabel: '扫码签到',
    });
    expect(entry.checkedInAt).toEqual(expect.any(String));
    const [stored] = await docs(cloud, 'training_signups', { _id: id });
    expect(stored).toMatchObject({ checkInMethod: 'scan', checkedInBy: `user:${trainer}` });
    expect(stored.certificateCode).toMatch(/^ZS[0-9A-HJKMNP-TV-Z]{12}$/);
    const again = failure(await call(trainer, 'checkIn', { sessionId, code: checkInPayloadFor(id) }));
    expect(again).toMatchObject({ code: 'ALREADY_CHECKED_IN', message: expect.stringContaining('王小丽') });
    expect((await docs(cloud, 'audit_log', { action: 'training.checkIn', targetId: id })).length).toBe(1);
  });

  test('forged, altered and foreign codes are CHECKIN_CODE_INVALID and change nothing', async () => {
    const sessionId = await insertSession(cloud, runningSession('c-forged'));
    const [id] = await insertSignups(cloud, [signupDoc(sessionId, attendee)]);
    const genuine = checkInPayloadFor(id);
    const [prefix, , signature] = genuine.split('.');
    const forged = [
      `${prefix}.${id}.${'A'.repeat(22)}`, // made-up signature
      `${prefix}.${id.slice(0, -1)}${id.endsWith('0') ? '1' : '0'}.${signature}`, // altered id
      `${genuine}x`, // altered signature
      'hello',
      qrPayloadFor('V0123456789ABCDEF'), // a voucher's QR code
      genuine.replace('YPTT1', 'YPTT2'),
    ];
    const before = await trainingState(cloud);
    for (const code of forged) {
      expect(failure(await call(trainer, 'checkIn', { sessionId, code })).code).toBe('CHECKIN_CODE_INVALID');
    }
    expect(await trainingState(cloud)).toEqual(before);
  });

  test("another session's genuine code is WRONG_SESSION; no seat is NOT_CONFIRMED; outside the time CHECKIN_NOT_OPEN", async () => {
    const here = await insertSession(cloud, runningSession('c-here'));
    const there = await insertSession(cloud, runningSession('c-there'));
    const later = await insertSession(cloud, sessionDoc('c-later'));
    const [elsewhere, waiting, cancelled, early] = await insertSignups(cloud, [
      signupDoc(there, attendee),
      signupDoc(here, attendee, { status: 'waitlisted', queueNo: 1 }),
      signupDoc(here, attendee, { status: 'cancelled' }),
      signupDoc(later, attendee),
    ]);
    expect(failure(await call(trainer, 'checkIn', { sessionId: here, code: checkInPayloadFor(elsewhere) })).code).toBe(
      'WRONG_SESSION',
    );
    expect(
      failure(await call(trainer, 'checkIn', { sessionId: here, code: checkInPayloadFor(waiting) })),
    ).toMatchObject({
      code: 'NOT_CONFIRMED',
      message: expect.stringContaining('候补'),
    });
    expect(failure(await call(trainer, 'checkInByName', { sessionId: here, signupId: cancelled })).code).toBe(
      'NOT_CONFIRMED',
    );
    expect(failure(await call(trainer, 'checkIn', { sessionId: later, code: checkInPayloadFor(early) })).code).toBe(
      'CHECKIN_NOT_OPEN',
    );
    expect(
      await docs(cloud, 'training_signups', { checkedInAt: { $ne: null }, sessionId: { $in: [here, there, later] } }),
    ).toEqual([]);
  });

  test('two scanners scanning one code at once: exactly one checks in', async () => {
    const sessionId = await insertSession(cloud, runningSession('c-race'));
    const [id] = await insertSignups(cloud, [signupDoc(sessionId, attendee)]);
    const second = await trainerUser(cloud, 'o-trainer-2');
    const replies = (await Promise.all(
      [trainer, second, trainer, second].map((who) => call(who, 'checkIn', { sessionId, code: checkInPayloadFor(id) })),
    )) as Loose[];
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(replies.filter((r) => !r.ok).map((r) => r.code)).toEqual(Array(3).fill('ALREADY_CHECKED_IN'));
    expect((await docs(cloud, 'audit_log', { action: 'training.checkIn', targetId: id })).length).toBe(1);
  });

  test('check-in by name from the roster', async () => {
    const sessionId = await insertSession(cloud, runningSession('c-roster'));
    const [id] = await insertSignups(cloud, [
      signupDoc(sessionId, attendee, { attendee: { name: '刘大伟', phone: '13800000099' } }),
    ]);
    const entry = ok(await call(trainer, 'checkInByName', { sessionId, signupId: id }));
    expect(entry).toMatchObject({ attendeeName: '刘大伟', checkInMethodLabel: '名单签到' });
  });

  test("a trainer of another organiser gets NOT_FOUND for this organiser's sessions", async () => {
    const sessionId = await insertSession(cloud, runningSession('c-foreign'));
    const [id] = await insertSignups(cloud, [signupDoc(sessionId, attendee)]);
    for (const [action, payload] of [
      ['checkIn', { sessionId, code: checkInPayloadFor(id) }],
      ['checkInByName', { sessionId, signupId: id }],
      ['roster', { sessionId }],
    ] as const) {
      expect(failure(await call(otherTrainer, action, payload))).toMatchObject({
        code: 'NOT_FOUND',
        message: '培训场次不存在',
      });
    }
    expect((await docs(cloud, 'training_signups', { _id: id }))[0].checkedInAt).toBeNull();
  });

  test('a plain user, an attendee or an expert is FORBIDDEN at the trainer actions, before the input is read', async () => {
    for (const who of [plain, attendee, expert]) {
      for (const action of ['checkIn', 'checkInByName', 'roster', 'trainerSessions']) {
        const res = failure(await call(who, action, { sessionId: 12, code: { $ne: null } }));
        expect(res).toEqual({ ok: false, code: 'FORBIDDEN', message: '需要培训主办单位工作人员权限' });
      }
    }
  });

  test('online attendees check in from their ticket during the session; others cannot', async () => {
    const online = await insertSession(
      cloud,
      runningSession('c-online', { format: 'online', venue: null, liveUrl: 'https://live.example.com/9' }),
    );
    const onsite = await insertSession(cloud, runningSession('c-onsite'));
    const [mine, theirs, site] = await insertSignups(cloud, [
      signupDoc(online, attendee),
      signupDoc(online, plain),
      signupDoc(onsite, attendee),
    ]);
    expect(ok(await call(attendee, 'getSignup', { signupId: mine })).canCheckInOnline).toBe(true);
    const view = ok(await call(attendee, 'checkInOnline', { signupId: mine }));
    expect(view).toMatchObject({ checkInMethodLabel: '线上签到', canCheckInOnline: false, checkInCode: null });
    expect(failure(await call(attendee, 'checkInOnline', { signupId: theirs })).code).toBe('NOT_FOUND');
    expect(failure(await call(attendee, 'checkInOnline', { signupId: site })).code).toBe('SESSION_STATE');
  });

  test('the roster: counts, attendees in full for the organiser, a plain-text keyword', async () => {
    const sessionId = await insertSession(cloud, runningSession('c-list', { confirmedCount: 2, waitlistCount: 1 }));
    await insertSignups(cloud, [
      signupDoc(sessionId, attendee, {
        attendee: { name: '陈建国', phone: '13912345678' },
        kind: 'enterprise',
        enterpriseName: '佛山市美达电器有限公司',
      }),
      signupDoc(sessionId, attendee, {
        attendee: { name: '李秀英', phone: '13912345679' },
        checkedInAt: inHours(-0.1),
        checkInMethod: 'scan',
      }),
      signupDoc(sessionId, plain, {
        attendee: { name: '周明', phone: '13912345670' },
        status: 'waitlisted',
        queueNo: 1,
      }),
      signupDoc(sessionId, plain, { attendee: { name: '赵四', phone: '13912345671' }, status: 'cancelled' }),
    ]);
    const roster = ok(await call(trainer, 'roster', { sessionId }));
    expect(roster.counts).toEqual({ confirmed: 2, waitlisted: 1, checkedIn: 1 });
    expect(roster.items.map((e: Loose) => e.attendeeName)).toEqual(['李秀英', '陈建国', '周明']);
    expect(roster.items[1]).toMatchObject({ attendeePhone: '13912345678', enterpriseName: '佛山市美达电器有限公司' });
    expect(roster.items[2]).toMatchObject({ statusLabel: '候补中', waitlistPosition: 1 });
    expect(
      ok(await call(trainer, 'roster', { sessionId, keyword: '美达' })).items.map((e: Loose) => e.attendeeName),
    ).toEqual(['陈建国']);
    // A pattern is text: '.*' matches nobody.
    expect(ok(await call(trainer, 'roster', { sessionId, keyword: '.*' })).total).toBe(0);
  });

  test("the trainer's sessions: their organiser's, upcoming and recent", async () => {
    const mine = await insertSession(cloud, sessionDoc('c-mine-upcoming'));
    await cloud.db.insertMany('training_sessions', [
      { ...sessionDoc('c-not-mine'), organiserId: 'org-other', organiserName: '另一家主办单位' },
      sessionDoc('c-long-ago', { startAt: inHours(-24 * 60), endAt: inHours(-24 * 60 + 2) }),
    ]);
    const page = ok(await call(trainer, 'trainerSessions', {}));
    const ids = page.items.map((s: Loose) => s.sessionId);
    expect(ids).toContain(mine);
    expect(ids).not.toContain('c-not-mine');
    expect(ids).not.toContain('c-long-ago');
    expect(page.organiserName).toBe('广东省质量技术培训中心');
  });

  const BAD: [string, string, Record<string, unknown>][] = [
    ['checkIn', '签到码', { sessionId: 's1', code: '' }],
    ['checkIn', '培训场次', { code: 'x' }],
    ['checkInByName', '报名记录', { sessionId: 's1' }],
    ['roster', '关键词', { sessionId: 's1', keyword: '长'.repeat(31) }],
    ['trainerSessions', '页码', { page: -1 }],
  ];
  test.each(BAD)('%s refuses bad input naming %s, writing nothing', async (action, label, payload) => {
    const before = await trainingState(cloud);
    const res = failure(await call(trainer, action, payload));
    expect(res.code).toBe('VALIDATION_FAILED');
    expect(res.message).toContain(label);
    expect(await trainingState(cloud)).toEqual(before);
  });
});
