/** The training demo seed read back through the functions, as the pages will, and its invariants. */
import { connect } from '../../../seed/client';
import { seedTraining } from '../../../seed/training';
import { startTestCloud } from '../helpers/local-cloud';
import { docs, ok, type Loose, type TestCloud } from '../training/fixtures';

describe('training demo seed', () => {
  let cloud: TestCloud;
  const call = (openid: string, action: string, payload: object = {}) =>
    cloud.call('training', { action, ...payload }, openid);

  beforeAll(async () => {
    cloud = await startTestCloud();
    await cloud.db.insertMany('users', [{ _id: 'demo-enterprise', roles: [] }]);
    await seedTraining(connect(cloud.cloud));
  }, 120_000);
  afterAll(() => cloud?.stop());

  test("every session's counters equal its sign-ups; waitlists are numbered 1…n; nothing pending", async () => {
    const sessions = await docs(cloud, 'training_sessions');
    expect(sessions.length).toBeGreaterThanOrEqual(9);
    const signups = await docs(cloud, 'training_signups');
    expect(signups.filter((s) => s.status === 'pending')).toEqual([]);
    for (const s of sessions) {
      const mine = signups.filter((x) => x.sessionId === s._id);
      expect(mine.filter((x) => x.status === 'confirmed')).toHaveLength(s.confirmedCount);
      expect(s.confirmedCount).toBeLessThanOrEqual(s.capacity);
      const queue = mine
        .filter((x) => x.status === 'waitlisted')
        .map((x) => x.queueNo)
        .sort((a, b) => a - b);
      expect(queue).toEqual(Array.from({ length: s.waitlistCount }, (_, i) => i + 1));
    }
    expect(sessions.some((s) => s.waitlistCount > 0)).toBe(true);
    // One place per person and session.
    expect(new Set(signups.map((s) => s.activeKey)).size).toBe(signups.length);
  });

  test('the programme: 8 planned, 4 on site, three held', async () => {
    const { items } = ok(await call('demo-enterprise', 'listProgrammes'));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ plannedSessions: 8, plannedOnSite: 4, heldSessions: 3, heldOnSite: 2 });
  });

  test('the demo enterprise: two staff signed up, and a certificate anyone can verify', async () => {
    const active = ok(await call('demo-enterprise', 'mySignups', { scope: 'active' }));
    expect(active.items.map((s: Loose) => s.attendee.name).sort()).toEqual(['陈美达', '黄志强']);
    const past = ok(await call('demo-enterprise', 'mySignups', { scope: 'past' }));
    const held = past.items.find((s: Loose) => s.certificateCode);
    expect(held).toBeDefined();
    const check = ok(await call('o-anyone', 'verifyCertificate', { code: held.certificateCode }));
    expect(check).toMatchObject({ valid: true, holderName: '陈**', enterpriseName: expect.stringContaining('美达') });
  });

  test('demo-trainer checks in for the first organiser, and a session starts within the hour', async () => {
    const page = ok(await call('demo-trainer', 'trainerSessions'));
    expect(page.organiserName).toBe('广东省质量技术培训中心');
    const today = page.items.find((s: Loose) => s.title.includes('今日开课'));
    expect(today).toMatchObject({ phase: 'signup' });
    const roster = ok(await call('demo-trainer', 'roster', { sessionId: today.sessionId }));
    expect(roster.counts.confirmed).toBe(12);
  });

  test('anyone sees the open sessions in several cities and one online', async () => {
    const list = ok(await call('o-anyone', 'listSessions', {}));
    const cities = new Set(list.items.map((s: Loose) => s.city).filter(Boolean));
    expect(cities.size).toBeGreaterThanOrEqual(3);
    expect(list.items.some((s: Loose) => s.format === 'online')).toBe(true);
  });
});
