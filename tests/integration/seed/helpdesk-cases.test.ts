import { connect } from '../../../seed/client';
import { HISTORICAL_CASES, seedHelpdeskCases } from '../../../seed/helpdesk-cases';
import { DEMO_ENTERPRISE } from '../../../seed/identities';
import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { normalizeName } from '../../../cloudfunctions/src/core/redlist/normalize';
import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { startTestCloud } from '../helpers/local-cloud';
import { docs, expertDoc, failure, ok, type Loose, type TestCloud } from '../helpdesk/case-fixtures';

/** The help-desk demo cases read back through the functions, as the pages will. */
describe('help-desk cases demo seed', () => {
  let cloud: TestCloud;
  const call = (openid: string, action: string, payload: object = {}) =>
    cloud.call('helpdesk', { action, ...payload }, openid);

  beforeAll(async () => {
    cloud = await startTestCloud();
    const now = new Date();
    const others = Array.from({ length: 30 }, (_, i) => {
      const name = `佛山测试${i}电器有限公司`;
      return {
        _id: makeUscc({ division: '440606', orgCode: String(51000000 + i) }),
        name,
        nameKey: normalizeName(name),
        formerNames: [],
        city: i % 2 ? '佛山市' : '广州市',
      };
    });
    await cloud.db.insertMany('enterprises', [
      {
        _id: DEMO_ENTERPRISE.uscc,
        name: DEMO_ENTERPRISE.name,
        nameKey: normalizeName(DEMO_ENTERPRISE.name),
        formerNames: [],
        city: DEMO_ENTERPRISE.city,
        ownerOpenid: 'demo-enterprise',
        ownerVerifiedBy: 'registry-phone',
      },
      ...others,
    ]);
    await cloud.db.insertMany('users', [
      { _id: 'demo-enterprise', roles: [], enterpriseUscc: DEMO_ENTERPRISE.uscc, phoneVerified: true },
      { _id: 'demo-expert', roles: ['expert'], expertId: 'X001' },
      { _id: 'demo-admin', roles: ['admin'] },
    ]);
    await cloud.db.insertMany('experts', [
      expertDoc('X001', { name: '演示专家', productCategories: ['家用电器'], openid: 'demo-expert' }),
      ...Array.from({ length: 12 }, (_, i) =>
        expertDoc(`X${String(i + 2).padStart(3, '0')}`, { productCategories: i % 2 ? ['家用电器'] : ['电线电缆'] }),
      ),
    ]);
    // A recent failed 家用电器 sampling of another enterprise (the demo offer's source).
    await cloud.db.insertMany('inspections', [
      {
        _id: 'insp-recent-fail',
        rowKey: 'insp-recent-fail',
        uscc: others[0]._id,
        enterpriseName: others[0].name,
        productName: '电压力锅',
        productCategory: '家用电器',
        sampledAt: calendarDate(new Date(now.getTime() - 40 * 86400_000)),
        result: 'fail',
        failedItems: '标志和说明',
        announcement: '测试通告',
      },
    ]);
    await seedHelpdeskCases(connect(cloud.cloud));
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('the demo enterprise has an open, an accepted, a resolved-and-rated and an escalated case', async () => {
    const mine = ok(await call('demo-enterprise', 'myCases'));
    expect(mine.total).toBe(4);
    expect(mine.openCount).toBe(3);
    const byId = new Map(mine.items.map((c: Loose) => [c.caseId, c]));
    expect(byId.get('demo-case-open')).toMatchObject({ status: 'open', escalated: false });
    expect(byId.get('demo-case-accepted')).toMatchObject({ status: 'accepted', expert: { expertId: 'X001' } });
    expect(byId.get('demo-case-escalated')).toMatchObject({ status: 'open', escalated: true });
    const resolved = ok(await call('demo-enterprise', 'getCase', { caseId: 'demo-case-resolved' }));
    expect(resolved).toMatchObject({ status: 'resolved', rating: { stars: 5 } });
    expect(resolved.diagnosis.plan).toHaveLength(2);

    const thread = ok(await call('demo-expert', 'getCase', { caseId: 'demo-case-accepted' }));
    expect(thread.messages).toHaveLength(3);
    expect(thread.contactMasked).toBe(false);
    expect((await docs(cloud, 'experts', { _id: 'X001' }))[0].openCases).toBe(1);
    expect((await docs(cloud, 'help_case_holders', { _id: DEMO_ENTERPRISE.uscc }))[0].openCaseIds).toHaveLength(3);
  });

  test('the escalated case is in the admins’ queue, flagged by the real action', async () => {
    const queue = ok(await call('demo-admin', 'escalations'));
    expect(queue.items.map((c: Loose) => c.caseId)).toEqual(['demo-case-escalated']);
    expect(
      await docs(cloud, 'audit_log', { action: 'helpdesk.escalate', targetId: 'demo-case-escalated' }),
    ).toHaveLength(1);
  });

  test('the demo enterprise is offered a recent failed sampling; inspections are untouched', async () => {
    const offers = ok(await call('demo-enterprise', 'myOffers'));
    expect(offers.items).toHaveLength(1);
    expect(offers.items[0]).toMatchObject({ productCategory: '家用电器', failedItems: '标志和说明', caseId: null });
    expect(await docs(cloud, 'inspections')).toHaveLength(1);
    expect(failure(await call('demo-expert', 'myOffers')).code).toBe('ENTERPRISE_NOT_BOUND');
  });

  test('history gives the statistics content across experts and cities', async () => {
    const today = calendarDate(new Date());
    const from = calendarDate(new Date(Date.now() - 366 * 86400_000));
    const stats = ok(await call('demo-admin', 'caseStats', { from, to: today }));
    expect(stats.total).toBe(HISTORICAL_CASES + 4);
    expect(stats.byStatus.resolved).toBeGreaterThan(200);
    expect(stats.byStatus.withdrawn).toBeGreaterThan(10);
    expect(stats.byCity.map((c: Loose) => c.key).sort()).toEqual(['佛山市', '广州市']);
    expect(stats.byExpert.length).toBeGreaterThan(5);
    expect(stats.ratings.count).toBeGreaterThan(100);
    expect(stats.firstAnswerHours.median).toBeGreaterThan(0);
    const counts = ok(await call('demo-admin', 'counts'));
    expect(counts).toEqual({ enterprisesServed: 31, problemsSolved: stats.byStatus.resolved, experts: 13 });
  });
});
