/**
 * Running training as an admin on the local cloud (the console, or a user with the admin role): organisers,
 * programmes with plan against done, sessions created and changed (seats never below those given, added
 * seats to the waitlist first), a session called off with a message to each attendee, check-in staff bound;
 * a plain user or a trainer is FORBIDDEN at every admin action before the input is read; bad input is
 * refused in Chinese and writes nothing.
 */
import { startTestCloud } from '../helpers/local-cloud';
import {
  docs,
  endedSession,
  failure,
  inHours,
  insertSession,
  insertSignups,
  ok,
  personUser,
  sessionDoc,
  signupDoc,
  trainerUser,
  training,
  trainingState,
  type Loose,
  type TestCloud,
} from './fixtures';

const iso = (hours: number) => inHours(hours).toISOString();
const sessionInput = (overrides: Record<string, unknown> = {}) => ({
  organiserId: 'org-gdqi',
  title: '出口电器技术性贸易措施解读',
  syllabus: '欧盟、美国电器产品认证要求与近期通报解读，企业应对案例。',
  format: 'onsite',
  venue: '中山市古镇镇灯都大道 8 号',
  city: '中山',
  cluster: '中山灯饰产业集聚区',
  startAt: iso(100),
  endAt: iso(103),
  signupOpensAt: iso(-1),
  signupClosesAt: iso(90),
  capacity: 80,
  perEnterpriseLimit: 3,
  ...overrides,
});

describe('training admin', () => {
  let cloud: TestCloud;
  let plain: string;
  let trainer: string;
  const admin = (action: string, payload: object = {}) => cloud.admin<Loose>('training', { action, ...payload });

  beforeAll(async () => {
    cloud = await startTestCloud();
    plain = await personUser(cloud, 'o-admin-plain', '13800000051');
    // The fixture organiser, through a session of it.
    await insertSession(cloud, sessionDoc('a-seed'));
    trainer = await trainerUser(cloud, 'o-admin-trainer');
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('programmes: created, changed, and their plan against what was held', async () => {
    const made = ok(
      await admin('saveProgramme', {
        name: '2024 年中小微企业质量管理体系认证提升行动',
        year: 2024,
        plannedSessions: 8,
        plannedOnSite: 4,
      }),
    );
    expect(made).toMatchObject({ plannedSessions: 8, plannedOnSite: 4, heldSessions: 0, sessions: [] });
    await insertSession(cloud, endedSession('a-held-1', { programmeId: made.programmeId }));
    await insertSession(
      cloud,
      endedSession('a-held-2', {
        programmeId: made.programmeId,
        format: 'online',
        venue: null,
        liveUrl: 'https://x.example.com',
      }),
    );
    await insertSession(cloud, sessionDoc('a-coming', { programmeId: made.programmeId }));
    await insertSession(cloud, endedSession('a-off', { programmeId: made.programmeId, status: 'cancelled' }));
    const view = ok(await training(cloud, plain, 'getProgramme', { programmeId: made.programmeId }));
    expect(view).toMatchObject({ heldSessions: 2, heldOnSite: 1, scheduledSessions: 3, scheduledOnSite: 2 });
    expect(view.sessions).toHaveLength(4);
    const renamed = ok(
      await admin('saveProgramme', {
        programmeId: made.programmeId,
        name: '2024 年质量提升培训',
        year: 2024,
        plannedSessions: 10,
        plannedOnSite: 5,
      }),
    );
    expect(renamed).toMatchObject({ name: '2024 年质量提升培训', plannedSessions: 10, heldSessions: 2 });
    expect(ok(await training(cloud, plain, 'listProgrammes', {})).items.map((p: Loose) => p.name)).toContain(
      '2024 年质量提升培训',
    );
    expect(
      failure(
        await admin('saveProgramme', {
          programmeId: 'nope',
          name: '不存在的计划',
          year: 2024,
          plannedSessions: 1,
          plannedOnSite: 0,
        }),
      ).code,
    ).toBe('NOT_FOUND');
  });

  test('organisers: created, renamed (their sessions follow), listed with their staff', async () => {
    const org = ok(await admin('saveOrganiser', { name: '广东省电线电缆产品医院' }));
    await insertSession(cloud, {
      ...sessionDoc('a-org-session'),
      organiserId: org.organiserId,
      organiserName: org.name,
    });
    ok(await cloud.call('user', { action: 'login' }, 'o-new-trainer'));
    const bound = ok(await admin('bindTrainer', { organiserId: org.organiserId, openid: 'o-new-trainer' }));
    expect(bound).toMatchObject({ name: '广东省电线电缆产品医院', trainerCount: 1 });
    ok(await admin('saveOrganiser', { organiserId: org.organiserId, name: '广东省电线电缆产品医院（广州）' }));
    expect((await docs(cloud, 'training_sessions', { _id: 'a-org-session' }))[0].organiserName).toBe(
      '广东省电线电缆产品医院（广州）',
    );
    const listed = ok(await admin('listOrganisers')).items as Loose[];
    expect(listed.find((o) => o.organiserId === org.organiserId)).toMatchObject({ trainerCount: 1 });
    // The bound user now reaches the trainer actions, for that organiser.
    expect(ok(await training(cloud, 'o-new-trainer', 'trainerSessions', {})).organiserName).toBe(
      '广东省电线电缆产品医院（广州）',
    );
  });

  test('the trainer role comes only with bindTrainer; revoking it closes the trainer actions', async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-granted'));
    const refused = failure(await cloud.admin('admin', { action: 'grantRole', openid: 'o-granted', role: 'trainer' }));
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('绑定签到员') });
    expect(failure(await admin('bindTrainer', { organiserId: 'nope', openid: 'o-granted' })).code).toBe('NOT_FOUND');
    expect(failure(await admin('bindTrainer', { organiserId: 'org-gdqi', openid: 'o-never-seen' })).code).toBe(
      'NOT_FOUND',
    );
    ok(await admin('bindTrainer', { organiserId: 'org-gdqi', openid: 'o-granted' }));
    ok(await training(cloud, 'o-granted', 'trainerSessions', {}));
    ok(await cloud.admin('admin', { action: 'revokeRole', openid: 'o-granted', role: 'trainer' }));
    expect(failure(await training(cloud, 'o-granted', 'trainerSessions', {})).code).toBe('FORBIDDEN');
    expect((await docs(cloud, 'users', { _id: 'o-granted' }))[0].organiserId).toBeUndefined();
  });

  test('a session created, then changed: seats never below those given, added seats go to the waitlist first', async () => {
    const created = ok(await admin('saveSession', sessionInput({ capacity: 2 })));
    expect(created).toMatchObject({
      city: '中山市',
      capacity: 2,
      confirmedCount: 0,
      phase: 'signup',
      organiserName: '广东省质量技术培训中心',
    });
    const id = created.sessionId;
    await insertSignups(cloud, [
      signupDoc(id, plain, { attendee: { name: '甲一', phone: '13800000061' } }),
      signupDoc(id, plain, { attendee: { name: '乙二', phone: '13800000062' } }),
      signupDoc(id, plain, { attendee: { name: '丙三', phone: '13800000063' }, status: 'waitlisted', queueNo: 1 }),
      signupDoc(id, plain, { attendee: { name: '丁四', phone: '13800000064' }, status: 'waitlisted', queueNo: 2 }),
      signupDoc(id, plain, { attendee: { name: '戊五', phone: '13800000065' }, status: 'waitlisted', queueNo: 3 }),
    ]);
    await cloud.db.update(
      'training_sessions',
      { _id: id },
      { $set: { confirmedCount: 2, waitlistCount: 3, nextQueueNo: 4 } },
    );
    const before = await trainingState(cloud);
    const tooFew = failure(await admin('saveSession', { ...sessionInput({ capacity: 1 }), sessionId: id }));
    expect(tooFew).toMatchObject({ code: 'VALIDATION_FAILED', message: '名额：不能少于已报名成功的 2 人' });
    expect(await trainingState(cloud)).toEqual(before);

    const grown = ok(
      await admin('saveSession', {
        ...sessionInput({ capacity: 4, title: '出口电器技术性贸易措施解读（加场）' }),
        sessionId: id,
      }),
    );
    expect(grown).toMatchObject({
      capacity: 4,
      confirmedCount: 4,
      waitlistCount: 1,
      title: '出口电器技术性贸易措施解读（加场）',
    });
    const stored = await docs(cloud, 'training_signups', { sessionId: id });
    const status = Object.fromEntries(stored.map((s) => [s.attendee.name, s.status]));
    expect(status).toEqual({
      甲一: 'confirmed',
      乙二: 'confirmed',
      丙三: 'confirmed',
      丁四: 'confirmed',
      戊五: 'waitlisted',
    });
    expect(
      (await docs(cloud, 'outbox', { template: 'trainingNotice', 'data.status': '报名成功' })).length,
    ).toBeGreaterThanOrEqual(2);
    expect((await docs(cloud, 'audit_log', { action: 'training.updateSession', targetId: id })).length).toBe(1);
  });

  test('a session called off: the reason shows, each attendee gets one message, it can no longer change', async () => {
    const id = ok(await admin('saveSession', sessionInput())).sessionId;
    await insertSignups(cloud, [
      signupDoc(id, 'o-att-1'),
      signupDoc(id, 'o-att-2', { status: 'waitlisted', queueNo: 1 }),
      signupDoc(id, 'o-att-3', { status: 'cancelled' }),
    ]);
    const off = ok(await admin('cancelSession', { sessionId: id, reason: '讲师临时出差，另行安排' }));
    expect(off).toMatchObject({ phase: 'cancelled', phaseLabel: '已取消', cancelReason: '讲师临时出差，另行安排' });
    ok(await admin('cancelSession', { sessionId: id, reason: '重复操作' }));
    const notices = await docs(cloud, 'outbox', { template: 'trainingNotice', 'data.status': '已取消' });
    expect(notices.map((n) => n.toOpenid).sort()).toEqual(['o-att-1', 'o-att-2']);
    expect(notices[0].data.note).toContain('讲师临时出差');
    expect(failure(await admin('saveSession', { ...sessionInput(), sessionId: id })).code).toBe('SESSION_STATE');
    expect(ok(await training(cloud, plain, 'getSession', { sessionId: id })).cancelReason).toBe(
      '讲师临时出差，另行安排',
    );
    const ended = await insertSession(cloud, endedSession('a-too-late'));
    expect(failure(await admin('cancelSession', { sessionId: ended, reason: '太晚了' })).code).toBe('SESSION_STATE');
  });

  test('admin sessions list, latest first, with check-ins', async () => {
    const page = ok(await admin('adminSessions', {}));
    expect(page.total).toBeGreaterThan(3);
    const starts = page.items.map((s: Loose) => new Date(s.startAt).getTime());
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    expect(page.items[0]).toHaveProperty('checkedInCount');
  });

  const ADMIN_ACTIONS = [
    'saveProgramme',
    'saveOrganiser',
    'listOrganisers',
    'bindTrainer',
    'saveSession',
    'cancelSession',
    'adminSessions',
    'importSessions',
    'trainingStats',
    'trainingStatsCsv',
    'remindAttendees',
  ];
  test.each(ADMIN_ACTIONS)('%s is FORBIDDEN to a plain user and to a trainer, whatever they send', async (action) => {
    const before = await trainingState(cloud);
    for (const who of [plain, trainer]) {
      expect(failure(await training(cloud, who, action, { sessionId: { $gt: '' }, capacity: 'x' }))).toEqual({
        ok: false,
        code: 'FORBIDDEN',
        message: '需要管理员权限',
      });
    }
    expect(await trainingState(cloud)).toEqual(before);
  });

  const BAD: [string, string, Record<string, unknown>][] = [
    [
      'saveProgramme',
      '其中现场培训场次',
      { name: '质量提升培训计划', year: 2024, plannedSessions: 2, plannedOnSite: 3 },
    ],
    ['saveProgramme', '年度', { name: '质量提升培训计划', year: 24, plannedSessions: 2, plannedOnSite: 0 }],
    ['saveOrganiser', '主办单位名称', { name: '' }],
    ['bindTrainer', '用户 OPENID', { organiserId: 'org-gdqi' }],
    ['saveSession', '培训地点', sessionInput({ venue: undefined })],
    ['saveSession', '直播链接', sessionInput({ format: 'online', liveUrl: 'http://insecure.example.com' })],
    ['saveSession', '直播链接', sessionInput({ format: 'online', venue: undefined })],
    ['saveSession', '结束时间', sessionInput({ endAt: iso(99) })],
    ['saveSession', '报名截止时间', sessionInput({ signupClosesAt: iso(101) })],
    ['saveSession', '名额', sessionInput({ capacity: 0 })],
    ['saveSession', '每家企业限报人数', sessionInput({ perEnterpriseLimit: 21 })],
    ['saveSession', '所在城市', sessionInput({ city: '长沙' })],
    ['saveSession', '开始时间', sessionInput({ startAt: '明天上午' })],
    ['cancelSession', '取消原因', { sessionId: 's1', reason: '' }],
    ['adminSessions', '页码', { page: 0 }],
    ['importSessions', '培训场次文件', { fileID: '' }],
  ];
  test.each(BAD)('%s refuses bad input naming %s, writing nothing', async (action, label, payload) => {
    const before = await trainingState(cloud);
    const res = failure(await admin(action, payload));
    expect(res.code).toBe('VALIDATION_FAILED');
    expect(res.message).toContain(label);
    expect(await trainingState(cloud)).toEqual(before);
  });
});
