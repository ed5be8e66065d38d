/**
 * Browsing training on the local cloud, as anyone (no OPENID at all included): sessions by city, format
 * and programme, upcoming soonest first, all newest first; a session's detail with what the caller may do.
 */
import { startTestCloud } from '../helpers/local-cloud';
import {
  docs,
  enterpriseUser,
  failure,
  inHours,
  insertSession,
  ok,
  personUser,
  sessionDoc,
  training,
  USCCS,
  trainingAsStranger,
  type Loose,
  type TestCloud,
} from './fixtures';

describe('browsing training sessions', () => {
  let cloud: TestCloud;
  let ent: string;
  let person: string;

  beforeAll(async () => {
    cloud = await startTestCloud();
    ent = await enterpriseUser(cloud, 0);
    person = await personUser(cloud, 'o-browser', '13800000011');
    await cloud.db.insertMany('training_programmes', [
      {
        _id: 'prog-2024',
        name: '2024 年中小微企业质量管理体系认证提升行动',
        year: 2024,
        description: '',
        plannedSessions: 8,
        plannedOnSite: 4,
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    ]);
    await insertSession(
      cloud,
      sessionDoc('b-fs-soon', {
        startAt: inHours(30),
        endAt: inHours(33),
        signupClosesAt: inHours(29),
        programmeId: 'prog-2024',
      }),
    );
    await insertSession(cloud, sessionDoc('b-fs-later', { startAt: inHours(90), endAt: inHours(93) }));
    await insertSession(
      cloud,
      sessionDoc('b-gz-online', {
        format: 'online',
        city: '广州市',
        venue: null,
        liveUrl: 'https://live.example.com/1',
        startAt: inHours(40),
        endAt: inHours(42),
      }),
    );
    await insertSession(
      cloud,
      sessionDoc('b-past', {
        signupOpensAt: inHours(-100),
        signupClosesAt: inHours(-60),
        startAt: inHours(-50),
        endAt: inHours(-48),
      }),
    );
    await insertSession(cloud, sessionDoc('b-cancelled', { status: 'cancelled', cancelReason: '场地调整' }));
  }, 60_000);
  afterAll(() => cloud?.stop());

  const ids = (page: Loose) => page.items.map((s: Loose) => s.sessionId);

  test('anyone lists upcoming sessions soonest first, without cancelled or ended ones', async () => {
    const page = ok(await trainingAsStranger(cloud, 'listSessions', {}));
    expect(ids(page)).toEqual(['b-fs-soon', 'b-gz-online', 'b-fs-later']);
    expect(page.total).toBe(3);
    expect(page.items[0]).toMatchObject({
      title: expect.stringContaining('质量管理体系'),
      programmeName: '2024 年中小微企业质量管理体系认证提升行动',
      formatLabel: '现场培训',
      phase: 'signup',
      phaseLabel: '报名中',
      seatsLeft: 50,
      feeLabel: '免费',
    });
  });

  test('filters by city, format and programme; all sessions newest first', async () => {
    expect(ids(ok(await trainingAsStranger(cloud, 'listSessions', { city: '广州' })))).toEqual(['b-gz-online']);
    expect(ids(ok(await trainingAsStranger(cloud, 'listSessions', { format: 'onsite' })))).toEqual([
      'b-fs-soon',
      'b-fs-later',
    ]);
    expect(ids(ok(await trainingAsStranger(cloud, 'listSessions', { programmeId: 'prog-2024' })))).toEqual([
      'b-fs-soon',
    ]);
    const all = ok(await trainingAsStranger(cloud, 'listSessions', { upcoming: false }));
    expect(ids(all)).toEqual(['b-fs-later', 'b-cancelled', 'b-gz-online', 'b-fs-soon', 'b-past']);
    expect(all.items.find((s: Loose) => s.sessionId === 'b-past').phaseLabel).toBe('已结束');
    expect(all.items.find((s: Loose) => s.sessionId === 'b-cancelled').phaseLabel).toBe('已取消');
  });

  test('a session for anyone, and for a caller the ways they may sign up', async () => {
    const anonymous = ok(await trainingAsStranger(cloud, 'getSession', { sessionId: 'b-fs-soon' }));
    expect(anonymous).toMatchObject({ mySignups: [], signupKinds: [], liveUrl: null, perEnterpriseLimit: 3 });
    expect(anonymous.syllabus).toContain('质量管理体系');
    expect(ok(await training(cloud, ent, 'getSession', { sessionId: 'b-fs-soon' })).signupKinds).toEqual([
      'enterprise',
      'person',
    ]);
    expect(ok(await training(cloud, person, 'getSession', { sessionId: 'b-fs-soon' })).signupKinds).toEqual(['person']);
    // A record pointing at an enterprise its user only claims, or at one another user verifiably owns,
    // offers no enterprise sign-up.
    await cloud.db.insertMany('enterprises', [
      { _id: 'browse-claimed', name: '认领未验证有限公司', ownerOpenid: 'o-claimer' },
    ] as never);
    await cloud.db.insertMany('users', [
      { _id: 'o-claimer', roles: [], enterpriseUscc: 'browse-claimed' },
      { _id: 'o-pointer', roles: [], enterpriseUscc: USCCS[0] },
    ] as never);
    for (const openid of ['o-claimer', 'o-pointer']) {
      expect(ok(await training(cloud, openid, 'getSession', { sessionId: 'b-fs-soon' })).signupKinds).toEqual([]);
    }
    const cancelled = ok(await trainingAsStranger(cloud, 'getSession', { sessionId: 'b-cancelled' }));
    expect(cancelled).toMatchObject({ phase: 'cancelled', cancelReason: '场地调整' });
    expect(failure(await trainingAsStranger(cloud, 'getSession', { sessionId: 'nope' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: '培训场次不存在',
    });
  });

  test('a stranger (no user record) cannot sign up anyone', async () => {
    const res = failure(
      await trainingAsStranger(cloud, 'signUp', {
        sessionId: 'b-fs-soon',
        kind: 'enterprise',
        attendees: [{ name: '陈建国', phone: '13912345678' }],
        clientRequestId: 'stranger-0001',
      }),
    );
    expect(res.code).toBe('ENTERPRISE_NOT_BOUND');
    expect(await docs(cloud, 'training_signups')).toEqual([]);
  });
});
