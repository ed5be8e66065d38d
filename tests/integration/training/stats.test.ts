/**
 * Training statistics on the local cloud, from a known set of sessions and sign-ups: per programme, city
 * and cluster over the sessions held (ended, not called off), and the same numbers as a CSV that a
 * spreadsheet cannot run as formulas.
 */
import { startTestCloud } from '../helpers/local-cloud';
import { USCCS } from '../voucher/fixtures';
import {
  endedSession,
  insertSession,
  insertSignups,
  ok,
  sessionDoc,
  signupDoc,
  type Loose,
  type TestCloud,
} from './fixtures';

describe('training statistics', () => {
  let cloud: TestCloud;
  const admin = (action: string, payload: object = {}) => cloud.admin<Loose>('training', { action, ...payload });
  const came = { checkedInAt: new Date(Date.now() - 3 * 3600_000), checkInMethod: 'scan' as const };

  beforeAll(async () => {
    cloud = await startTestCloud();
    await cloud.db.insertMany('training_programmes', [
      {
        _id: 'p1',
        name: '质量提升计划',
        year: 2026,
        description: '',
        plannedSessions: 8,
        plannedOnSite: 4,
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    ]);
    // Held: two in 佛山 (programme p1, cluster 顺德家电), one =cmd cluster in 东莞. Not held: upcoming, called off.
    const a = await insertSession(
      cloud,
      endedSession('st-a', { programmeId: 'p1', capacity: 10, cluster: '顺德家电' }),
    );
    const b = await insertSession(
      cloud,
      endedSession('st-b', { programmeId: 'p1', capacity: 20, cluster: '顺德家电' }),
    );
    const c = await insertSession(cloud, endedSession('st-c', { city: '东莞市', capacity: 5, cluster: '=cmd|x' }));
    const upcoming = await insertSession(cloud, sessionDoc('st-up', { programmeId: 'p1' }));
    const off = await insertSession(cloud, endedSession('st-off', { programmeId: 'p1', status: 'cancelled' }));
    await insertSignups(cloud, [
      signupDoc(a, 'o1', {
        uscc: USCCS[0],
        kind: 'enterprise',
        ...came,
        rating: { score: 5, comment: '', at: new Date() },
      }),
      signupDoc(a, 'o1', {
        uscc: USCCS[0],
        kind: 'enterprise',
        ...came,
        rating: { score: 4, comment: '', at: new Date() },
      }),
      signupDoc(a, 'o2', { uscc: USCCS[1], kind: 'enterprise' }), // confirmed, absent
      signupDoc(a, 'o3', { status: 'waitlisted', queueNo: 1 }),
      signupDoc(a, 'o4', { status: 'cancelled' }),
      signupDoc(b, 'o5', { ...came }), // a person
      signupDoc(c, 'o6', {
        uscc: USCCS[2],
        kind: 'enterprise',
        ...came,
        rating: { score: 3, comment: '', at: new Date() },
      }),
      signupDoc(upcoming, 'o7'),
      signupDoc(off, 'o8', { ...came }),
    ]);
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('per programme, city and cluster, over the sessions held', async () => {
    const stats = ok(await admin('trainingStats'));
    expect(stats.totals).toEqual({
      key: '',
      label: '合计',
      sessionsHeld: 3,
      seats: 35,
      signups: 6, // confirmed + waitlisted of held sessions
      checkedIn: 4,
      attendanceRate: 0.8, // 4 of 5 confirmed
      enterprisesTrained: 2,
      ratingCount: 3,
      ratingAverage: 4,
    });
    const programme = stats.byProgramme.find((r: Loose) => r.key === 'p1');
    expect(programme).toMatchObject({
      label: '质量提升计划',
      sessionsHeld: 2,
      seats: 30,
      checkedIn: 3,
      enterprisesTrained: 1,
    });
    expect(stats.byProgramme.find((r: Loose) => r.key === '')).toMatchObject({ label: '未归入计划', sessionsHeld: 1 });
    expect(stats.byCity.map((r: Loose) => [r.label, r.sessionsHeld])).toEqual([
      ['佛山市', 2],
      ['东莞市', 1],
    ]);
    expect(stats.byCluster.find((r: Loose) => r.label === '顺德家电')).toMatchObject({
      ratingAverage: 4.5,
      ratingCount: 2,
    });
    const onlyP1 = ok(await admin('trainingStats', { programmeId: 'p1' }));
    expect(onlyP1.totals.sessionsHeld).toBe(2);
  });

  test('the CSV: the same rows, no formulas', async () => {
    const { fileID, url, rows } = ok(await admin('trainingStatsCsv'));
    expect(fileID).toMatch(/exports\/training\//);
    expect(rows).toBe(1 + 2 + 2 + 2);
    const csv = (await (await fetch(url)).text()).replace(/^\ufeff/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('分组,名称,已举办场次,名额,报名人数,签到人数,到课率,参训企业数,评价数,平均评分');
    expect(lines[1]).toBe('合计,合计,3,35,6,4,80.0%,2,3,4');
    expect(csv).toContain(`产业集聚区,'=cmd|x,1,5,1,1`);
  });
});
