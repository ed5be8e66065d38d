/**
 * Signing up on the local cloud: as a verified enterprise (named staff) or as a person (own verified
 * phone); the window, the limits and one place per person; waitlist order and promotion on a cancel;
 * who may see and cancel a sign-up; the live link; bad input refused in Chinese with nothing written;
 * a sign-up left pending by an interruption is settled by the next call.
 */
import { registerEnterprise } from '../voucher/fixtures';
import { startTestCloud } from '../helpers/local-cloud';
import {
  clientId,
  docs,
  enterpriseUser,
  failure,
  inHours,
  insertSession,
  ok,
  personUser,
  sessionDoc,
  training,
  trainingState,
  validSignUp,
  type Loose,
  type TestCloud,
} from './fixtures';

describe('training sign-up', () => {
  let cloud: TestCloud;
  let ent: string; // verified enterprise USCCS[0]
  let rival: string; // another verified enterprise
  let unverified: string; // bound, not verified
  let alice: string; // a person, phone 13800000001
  let bob: string; // a person, phone 13800000002
  let carol: string; // a person, phone 13800000003
  let newcomer: string; // logged in, nothing verified

  beforeAll(async () => {
    cloud = await startTestCloud();
    ent = await enterpriseUser(cloud, 0);
    rival = await enterpriseUser(cloud, 1);
    alice = await personUser(cloud, 'o-alice', '13800000001');
    bob = await personUser(cloud, 'o-bob', '13800000002');
    carol = await personUser(cloud, 'o-carol', '13800000003');
    newcomer = 'o-newcomer';
    ok(await cloud.call('user', { action: 'login' }, newcomer));
    // A binding whose phone is not the registry's: bound but unverified.
    await registerEnterprise(cloud, 2, '13600000000');
    unverified = await personUser(cloud, 'o-unverified', '13600000009');
    await cloud.call(
      'user',
      { action: 'bindEnterprise', uscc: (await import('../voucher/fixtures')).USCCS[2], name: '测试企业2有限公司' },
      unverified,
    );
  }, 120_000);
  afterAll(() => cloud?.stop());

  const call = (openid: string, action: string, payload: object = {}) => training(cloud, openid, action, payload);
  const person = (sessionId: string, name: string, phone: string) =>
    validSignUp(sessionId, { kind: 'person', attendees: [{ name, phone }] });

  test('an enterprise signs up named staff; the owner sees them in full, with a check-in code', async () => {
    const sessionId = await insertSession(cloud, sessionDoc('ent-basic'));
    const reply = ok(
      await call(
        ent,
        'signUp',
        validSignUp(sessionId, {
          attendees: [
            { name: '陈建国', phone: '139 1234 5678' },
            { name: '李秀英', phone: '+86 13912345679' },
          ],
        }),
      ),
    );
    expect(reply.created).toBe(true);
    expect(reply.signups).toHaveLength(2);
    expect(reply.signups[0]).toMatchObject({
      kind: 'enterprise',
      enterpriseName: '测试企业0有限公司',
      attendee: { name: '陈建国', phone: '13912345678' },
      status: 'confirmed',
      statusLabel: '报名成功',
      waitlistPosition: null,
      canCancel: true,
    });
    expect(reply.signups[0].checkInCode).toMatch(/^YPTT1\./);
    // The image is the ticket's (getSignup); a sign-up's answer carries the code only.
    expect(reply.signups[0].checkInQrImage).toBeNull();
    const ticket = ok(await call(ent, 'getSignup', { signupId: reply.signups[0].signupId }));
    expect(ticket.checkInQrImage).toMatch(/^data:image\/png;base64,/);
    expect(ticket.checkInCode).toBe(reply.signups[0].checkInCode);
    expect(reply.signups[0].session).toMatchObject({ confirmedCount: 2, seatsLeft: 48 });
    const stored = await docs(cloud, 'training_signups', { sessionId });
    expect(stored.map((s) => s.status)).toEqual(['confirmed', 'confirmed']);
    expect((await docs(cloud, 'audit_log', { action: 'training.signUp', targetId: sessionId })).length).toBe(1);
  });

  test('a person signs up with their own verified phone only', async () => {
    const sessionId = await insertSession(cloud, sessionDoc('person-basic'));
    const mine = ok(await call(alice, 'signUp', person(sessionId, '王小丽', '13800000001')));
    expect(mine.signups[0]).toMatchObject({ kind: 'person', enterpriseName: null, status: 'confirmed' });
    const others = failure(await call(bob, 'signUp', person(sessionId, '王小丽', '13800000001')));
    expect(others.code).toBe('PHONE_NOT_VERIFIED');
    expect(others.message).toContain('本人');
    expect(failure(await call(newcomer, 'signUp', person(sessionId, '赵四', '13800000009'))).code).toBe(
      'PHONE_NOT_VERIFIED',
    );
    // A person may not name two attendees.
    const two = validSignUp(sessionId, {
      kind: 'person',
      attendees: [
        { name: '刘备', phone: '13800000002' },
        { name: '关羽', phone: '13800000005' },
      ],
    });
    expect(failure(await call(bob, 'signUp', two)).code).toBe('PHONE_NOT_VERIFIED');
    expect(await docs(cloud, 'training_signups', { sessionId })).toHaveLength(1);
  });

  test('only a verified enterprise signs up staff: public data is no proof', async () => {
    const sessionId = await insertSession(cloud, sessionDoc('ent-proof'));
    expect(failure(await call(newcomer, 'signUp', validSignUp(sessionId))).code).toBe('ENTERPRISE_NOT_BOUND');
    expect(failure(await call(unverified, 'signUp', validSignUp(sessionId))).code).toBe('ENTERPRISE_NOT_VERIFIED');
    // Fields a client adds (a USCC, a name) are not part of the input and change nothing.
    const sneaky = { ...validSignUp(sessionId), uscc: '91440606MA4UTEST0X', enterpriseName: '别家企业' };
    const res = failure(await call(newcomer, 'signUp', sneaky));
    expect(res.code).toBe('ENTERPRISE_NOT_BOUND');
    expect(await docs(cloud, 'training_signups', { sessionId })).toEqual([]);
  });

  test('sign-up is open only in its window, and never for a cancelled session', async () => {
    const early = await insertSession(cloud, sessionDoc('early', { signupOpensAt: inHours(2) }));
    const late = await insertSession(
      cloud,
      sessionDoc('late', { signupClosesAt: inHours(-0.5), signupOpensAt: inHours(-5) }),
    );
    const off = await insertSession(cloud, sessionDoc('off', { status: 'cancelled', cancelReason: '讲师临时有事' }));
    const a = failure(await call(ent, 'signUp', validSignUp(early)));
    expect(a).toMatchObject({ code: 'SIGNUP_CLOSED', message: expect.stringContaining('报名尚未开始') });
    expect(failure(await call(ent, 'signUp', validSignUp(late)))).toMatchObject({
      code: 'SIGNUP_CLOSED',
      message: expect.stringContaining('截止'),
    });
    expect(failure(await call(ent, 'signUp', validSignUp(off)))).toMatchObject({
      code: 'SIGNUP_CLOSED',
      message: expect.stringContaining('已取消'),
    });
    expect(failure(await call(ent, 'signUp', validSignUp('no-such-session'))).code).toBe('NOT_FOUND');
  });

  test('one place per person and session, the enterprise limit, and a new place after a cancel', async () => {
    const sessionId = await insertSession(cloud, sessionDoc('places', { perEnterpriseLimit: 2 }));
    ok(await call(ent, 'signUp', validSignUp(sessionId, { attendees: [{ name: '陈建国', phone: '13912345678' }] })));
    // The same person again, named by another enterprise: refused by name.
    const again = failure(
      await call(rival, 'signUp', validSignUp(sessionId, { attendees: [{ name: '陈建国', phone: '13912345678' }] })),
    );
    expect(again).toMatchObject({ code: 'ALREADY_SIGNED_UP', message: expect.stringContaining('陈建国') });
    expect(again.message).toContain('139****5678');
    // Over the limit (1 + 2 > 2): refused as a whole, nothing written.
    const before = await trainingState(cloud);
    const over = failure(
      await call(
        ent,
        'signUp',
        validSignUp(sessionId, {
          attendees: [
            { name: '李秀英', phone: '13912345679' },
            { name: '周明', phone: '13912345670' },
          ],
        }),
      ),
    );
    expect(over).toMatchObject({ code: 'ATTENDEE_LIMIT', message: expect.stringContaining('最多报名 2 人') });
    expect(await trainingState(cloud)).toEqual(before);
    // After a cancel the person may sign up again.
    const [first] = await docs(cloud, 'training_signups', { sessionId });
    ok(await call(ent, 'cancelSignup', { signupId: first._id }));
    ok(await call(rival, 'signUp', validSignUp(sessionId, { attendees: [{ name: '陈建国', phone: '13912345678' }] })));
  });

  test('a full session waitlists in order; a cancel promotes the first waiting and messages its owner', async () => {
    const sessionId = await insertSession(cloud, sessionDoc('full', { capacity: 1 }));
    const seat = ok(await call(alice, 'signUp', person(sessionId, '王小丽', '13800000001'))).signups[0];
    const second = ok(await call(bob, 'signUp', person(sessionId, '刘大伟', '13800000002'))).signups[0];
    const third = ok(await call(carol, 'signUp', person(sessionId, '孙小美', '13800000003'))).signups[0];
    expect([seat.status, second.status, third.status]).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
    expect([second.waitlistPosition, third.waitlistPosition]).toEqual([1, 2]);
    expect(second.checkInCode).toBeNull();

    const cancelled = ok(await call(alice, 'cancelSignup', { signupId: seat.signupId }));
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      statusLabel: '已取消',
      canCancel: false,
      checkInCode: null,
    });
    const promoted = ok(await call(bob, 'getSignup', { signupId: second.signupId }));
    expect(promoted).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    expect(promoted.checkInCode).toMatch(/^YPTT1\./);
    expect(ok(await call(carol, 'getSignup', { signupId: third.signupId })).waitlistPosition).toBe(1);
    const [session] = await docs(cloud, 'training_sessions', { _id: sessionId });
    expect(session).toMatchObject({ confirmedCount: 1, waitlistCount: 1 });
    const notices = await docs(cloud, 'outbox', { toOpenid: bob, template: 'trainingNotice' });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      page: `pages/training/ticket/index?signupId=${second.signupId}`,
      data: { status: '报名成功' },
    });
    // A waitlisted cancel frees no seat and promotes nobody.
    ok(await call(carol, 'cancelSignup', { signupId: third.signupId }));
    expect((await docs(cloud, 'training_sessions', { _id: sessionId }))[0]).toMatchObject({
      confirmedCount: 1,
      waitlistCount: 0,
    });
    // Cancelling twice answers the cancelled sign-up and changes nothing.
    const twice = ok(await call(alice, 'cancelSignup', { signupId: seat.signupId }));
    expect(twice.status).toBe('cancelled');
    expect((await docs(cloud, 'training_sessions', { _id: sessionId }))[0].confirmedCount).toBe(1);
  });

  test('nobody cancels after the start', async () => {
    const sessionId = await insertSession(
      cloud,
      sessionDoc('started', {
        signupOpensAt: inHours(-10),
        signupClosesAt: inHours(-2),
        startAt: inHours(-1),
        endAt: inHours(2),
      }),
    );
    await cloud.db.insertMany('training_signups', [
      {
        _id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
        sessionId,
        ownerOpenid: alice,
        kind: 'person',
        uscc: null,
        enterpriseName: null,
        attendee: { name: '王小丽', phone: '13800000001' },
        phoneKey: 'P:x',
        activeKey: `${sessionId}|P:x`,
        holderId: `${sessionId}|${alice}`,
        clientRequestId: clientId(),
        status: 'confirmed',
        queueNo: null,
        arrivedAt: inHours(-5),
        confirmedAt: inHours(-5),
        cancelledAt: null,
        checkedInAt: null,
        checkInMethod: null,
        checkedInBy: null,
        certificateCode: null,
        rating: null,
        createdAt: inHours(-5),
        updatedAt: inHours(-5),
      },
    ]);
    const res = failure(await call(alice, 'cancelSignup', { signupId: 'aaaaaaaaaaaaaaaaaaaaaaaa' }));
    expect(res).toMatchObject({ code: 'SESSION_STATE', message: expect.stringContaining('已开始') });
  });

  test("another user's sign-up is NOT_FOUND, exactly like a missing one, and is left alone", async () => {
    const sessionId = await insertSession(cloud, sessionDoc('privacy'));
    const theirs = ok(await call(ent, 'signUp', validSignUp(sessionId))).signups[0];
    const missing = failure(await call(rival, 'getSignup', { signupId: 'bbbbbbbbbbbbbbbbbbbbbbbb' }));
    expect(missing).toEqual({ ok: false, code: 'NOT_FOUND', message: '报名记录不存在' });
    for (const action of ['getSignup', 'cancelSignup']) {
      expect(failure(await call(rival, action, { signupId: theirs.signupId }))).toEqual(missing);
    }
    expect((await docs(cloud, 'training_signups', { _id: theirs.signupId }))[0].status).toBe('confirmed');
    // The rival's view of the session carries none of the enterprise's attendees.
    const seen = ok(await call(rival, 'getSession', { sessionId }));
    expect(seen.mySignups).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain('13912345678');
    expect(JSON.stringify(seen)).not.toContain('陈建国');
    const listed = ok(await call(rival, 'listSessions', {}));
    expect(JSON.stringify(listed)).not.toContain('13912345678');
  });

  test('the live link of an online session goes only to attendees holding a seat', async () => {
    const liveUrl = 'https://live.example.com/room/42';
    const sessionId = await insertSession(
      cloud,
      sessionDoc('live', { format: 'online', venue: null, liveUrl, capacity: 1 }),
    );
    expect(ok(await call(bob, 'getSession', { sessionId })).liveUrl).toBeNull();
    ok(await call(alice, 'signUp', person(sessionId, '王小丽', '13800000001')));
    ok(await call(bob, 'signUp', person(sessionId, '刘大伟', '13800000002')));
    expect(ok(await call(alice, 'getSession', { sessionId })).liveUrl).toBe(liveUrl);
    // Waitlisted: no link.
    expect(ok(await call(bob, 'getSession', { sessionId })).liveUrl).toBeNull();
    expect(JSON.stringify(ok(await call(carol, 'listSessions', {})))).not.toContain(liveUrl);
  });

  test('my sign-ups: active ones soonest first, past and cancelled ones apart', async () => {
    const soon = await insertSession(cloud, sessionDoc('mine-soon', { startAt: inHours(50), endAt: inHours(52) }));
    const later = await insertSession(cloud, sessionDoc('mine-later', { startAt: inHours(100), endAt: inHours(102) }));
    const dropped = await insertSession(cloud, sessionDoc('mine-dropped'));
    ok(await call(carol, 'signUp', person(later, '孙小美', '13800000003')));
    ok(await call(carol, 'signUp', person(soon, '孙小美', '13800000003')));
    const gone = ok(await call(carol, 'signUp', person(dropped, '孙小美', '13800000003'))).signups[0];
    ok(await call(carol, 'cancelSignup', { signupId: gone.signupId }));
    const active = ok(await call(carol, 'mySignups', { scope: 'active' }));
    const activeIds = active.items.map((s: Loose) => s.sessionId);
    expect(activeIds.indexOf(soon)).toBeLessThan(activeIds.indexOf(later));
    expect(activeIds).not.toContain(dropped);
    const past = ok(await call(carol, 'mySignups', { scope: 'past' }));
    expect(past.items.map((s: Loose) => s.sessionId)).toContain(dropped);
  });

  test('a sign-up left pending by an interruption gets its seat on the next read', async () => {
    const sessionId = await insertSession(cloud, sessionDoc('interrupted'));
    ok(await call(ent, 'signUp', validSignUp(sessionId, { attendees: [{ name: '周明', phone: '13912340000' }] })));
    const [signup] = await docs(cloud, 'training_signups', { sessionId });
    // As if the call died between the insert and the seat.
    await cloud.db.update('training_signups', { _id: signup._id }, { $set: { status: 'pending' } });
    await cloud.db.update('training_sessions', { _id: sessionId }, { $set: { confirmedCount: 0 } });
    const view = ok(await call(ent, 'getSignup', { signupId: signup._id }));
    expect(view.status).toBe('confirmed');
    expect((await docs(cloud, 'training_sessions', { _id: sessionId }))[0].confirmedCount).toBe(1);
  });

  const BAD: [string, string, Record<string, unknown>][] = [
    ['signUp', '培训场次', { ...validSignUp(''), sessionId: '' }],
    ['signUp', '报名方式', validSignUp('s1', { kind: 'company' })],
    ['signUp', '参训人员', validSignUp('s1', { attendees: [] })],
    ['signUp', '参训人员手机号', validSignUp('s1', { attendees: [{ name: '陈建国', phone: '1234' }] })],
    ['signUp', '参训人员姓名', validSignUp('s1', { attendees: [{ name: '', phone: '13912345678' }] })],
    [
      'signUp',
      '手机号不能重复',
      validSignUp('s1', {
        attendees: [
          { name: '陈建国', phone: '13912345678' },
          { name: '李秀英', phone: '13912345678' },
        ],
      }),
    ],
    ['signUp', '请求编号', validSignUp('s1', { clientRequestId: 'x' })],
    ['mySignups', '范围', { scope: 'all' }],
    ['mySignups', '页码', { page: 0 }],
    ['getSignup', '报名记录', { signupId: '' }],
    ['cancelSignup', '报名记录', {}],
    ['listSessions', '城市', { city: '长沙' }],
    ['listSessions', '培训形式', { format: 'tv' }],
    ['getSession', '培训场次', {}],
  ];

  test.each(BAD)(
    '%s refuses bad input naming %s (VALIDATION_FAILED), writing nothing',
    async (action, label, payload) => {
      const before = await trainingState(cloud);
      const res = failure(await call(ent, action, payload));
      expect(res.code).toBe('VALIDATION_FAILED');
      expect(res.message).toContain(label);
      expect(res.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(await trainingState(cloud)).toEqual(before);
    },
  );
});
