/**
 * Concurrency of the case actions on the local cloud: experts racing to accept one case give exactly
 * one owner and exact loads; an expert at capacity is refused, also when accepting several cases at
 * once; concurrent opens never overshoot an enterprise's MAX_OPEN_CASES; a repeated open with one
 * clientRequestId, even at the same instant, is one case.
 */
import { MAX_OPEN_CASES } from '../../../miniprogram/shared/helpdesk';
import { startTestCloud } from '../helpers/local-cloud';
import {
  clientId,
  docs,
  enterpriseUser,
  expertReads,
  expertDoc,
  expertUser,
  failure,
  helpdesk,
  ok,
  USCCS,
  validCase,
  type Loose,
  type TestCloud,
} from './case-fixtures';

describe('help desk races', () => {
  let cloud: TestCloud;
  let ent: string;
  let busyEnt: string;
  const RACERS = 10;
  const racers: string[] = [];

  beforeAll(async () => {
    cloud = await startTestCloud();
    ent = await enterpriseUser(cloud, 1);
    busyEnt = await enterpriseUser(cloud, 2);
    for (let i = 0; i < RACERS; i++) {
      racers.push(
        await expertUser(cloud, expertDoc(`r-${String(i).padStart(3, '0')}`, { productCategories: ['燃气灶具'] })),
      );
    }
  }, 60_000);
  afterAll(() => cloud?.stop());

  const call = (openid: string, action: string, payload: object = {}) => helpdesk(cloud, openid, action, payload);
  const gasCase = (overrides: Record<string, unknown> = {}) =>
    validCase({ productCategory: '燃气灶具', problemType: 'process', title: '燃气灶熄火保护失效', ...overrides });

  test(`${RACERS} experts accepting one case at once: exactly one owner, the rest CASE_TAKEN, loads exact`, async () => {
    let c: Loose = {};
    // Routing reads the experts of the category only: enough of them can take it.
    const reads = await expertReads(cloud, async () => (c = ok(await call(ent, 'openCase', gasCase())).case));
    expect(reads.map((r) => JSON.parse(r.query))).toEqual([{ productCategories: '燃气灶具', active: true }]);
    expect((await docs(cloud, 'help_cases', { _id: c.caseId }))[0].offeredTo).toHaveLength(RACERS);

    const replies = (await Promise.all(
      racers.map((openid) => call(openid, 'acceptCase', { caseId: c.caseId })),
    )) as Loose[];
    const winners = replies.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(replies.filter((r) => !r.ok).map((r) => r.code)).toEqual(Array(RACERS - 1).fill('CASE_TAKEN'));

    const [stored] = await docs(cloud, 'help_cases', { _id: c.caseId });
    expect(stored.status).toBe('accepted');
    expect(winners[0].data.expert.expertId).toBe(stored.expertId);
    const experts = await docs(cloud, 'experts', { productCategories: '燃气灶具' });
    expect(experts.map((e) => [e._id, e.openCases]).sort()).toEqual(
      experts.map((e) => [e._id, e._id === stored.expertId ? 1 : 0]).sort(),
    );
    expect(await docs(cloud, 'audit_log', { action: 'helpdesk.accept', targetId: c.caseId })).toHaveLength(1);
    expect(
      await docs(cloud, 'outbox', { template: 'helpdeskCase', toOpenid: ent, 'data.note': { $regex: '已接单' } }),
    ).toHaveLength(1);
    ok(await call(ent, 'withdrawCase', { caseId: c.caseId }));
    expect((await docs(cloud, 'experts', { _id: stored.expertId }))[0].openCases).toBe(0);
  }, 30_000);

  test('an expert at capacity gets EXPERT_AT_CAPACITY; accepting many cases at once stops at the capacity', async () => {
    const solo = await expertUser(
      cloud,
      expertDoc('cap-001', { productCategories: ['儿童玩具'], disciplines: ['standards'], maxOpenCases: 2 }),
    );
    const kid = (i: number) =>
      validCase({ productCategory: '儿童玩具', problemType: 'standards', title: `童车标准理解问题 ${i}` });
    const opened: string[] = [];
    for (let i = 0; i < 4; i++) opened.push(ok(await call(busyEnt, 'openCase', kid(i))).case.caseId);

    const replies = (await Promise.all(opened.map((caseId) => call(solo, 'acceptCase', { caseId })))) as Loose[];
    expect(replies.filter((r) => r.ok)).toHaveLength(2);
    expect(replies.filter((r) => !r.ok).map((r) => r.code)).toEqual(['EXPERT_AT_CAPACITY', 'EXPERT_AT_CAPACITY']);
    expect((await docs(cloud, 'experts', { _id: 'cap-001' }))[0].openCases).toBe(2);
    expect(await docs(cloud, 'help_cases', { expertId: 'cap-001' })).toHaveLength(2);
    // A refused accept left the case open and offered.
    const refused = opened.filter((_, i) => !replies[i].ok);
    for (const caseId of refused)
      expect((await docs(cloud, 'help_cases', { _id: caseId }))[0]).toMatchObject({ status: 'open', expertId: null });
    for (const caseId of opened) ok(await call(busyEnt, 'withdrawCase', { caseId }));
    expect((await docs(cloud, 'experts', { _id: 'cap-001' }))[0].openCases).toBe(0);
  }, 30_000);

  test(`concurrent opens stop at ${MAX_OPEN_CASES} open cases per enterprise`, async () => {
    const holderBefore = (await docs(cloud, 'help_case_holders', { _id: USCCS[2] }))[0]?.openCaseIds ?? [];
    expect(holderBefore).toEqual([]);
    const replies = (await Promise.all(
      Array.from({ length: MAX_OPEN_CASES + 3 }, (_, i) =>
        call(busyEnt, 'openCase', gasCase({ title: `并发提交的问诊 ${i}` })),
      ),
    )) as Loose[];
    expect(replies.filter((r) => r.ok)).toHaveLength(MAX_OPEN_CASES);
    const refusals = replies.filter((r) => !r.ok);
    expect(refusals.map((r) => r.code)).toEqual(Array(3).fill('TOO_MANY_OPEN_CASES'));
    expect(refusals[0].message).toContain(`最多同时 ${MAX_OPEN_CASES} 个`);
    const open = await docs(cloud, 'help_cases', { uscc: USCCS[2], status: 'open' });
    expect(open).toHaveLength(MAX_OPEN_CASES);
    expect((await docs(cloud, 'help_case_holders', { _id: USCCS[2] }))[0].openCaseIds.sort()).toEqual(
      open.map((c) => c._id).sort(),
    );
    // The form says so before the user fills it; a withdrawal makes room again.
    expect(ok(await call(busyEnt, 'formOptions')).blockedReason).toContain(`最多同时 ${MAX_OPEN_CASES} 个`);
    ok(await call(busyEnt, 'withdrawCase', { caseId: open[0]._id }));
    expect(ok(await call(busyEnt, 'formOptions')).blockedReason).toBeNull();
    expect(ok(await call(busyEnt, 'openCase', gasCase())).created).toBe(true);
    expect(ok(await call(busyEnt, 'myCases')).openCount).toBe(MAX_OPEN_CASES);
  }, 30_000);

  test('one clientRequestId sent five times at once is one case', async () => {
    const other = await enterpriseUser(cloud, 3);
    const payload = gasCase({ clientRequestId: clientId('twin') });
    const replies = (await Promise.all([1, 2, 3, 4, 5].map(() => call(other, 'openCase', payload)))) as Loose[];
    const ids = new Set(replies.map((r) => ok(r).case.caseId));
    expect(ids.size).toBe(1);
    expect(replies.filter((r) => r.data.created)).toHaveLength(1);
    expect(await docs(cloud, 'help_cases', { ownerOpenid: other })).toHaveLength(1);
    expect((await docs(cloud, 'help_case_holders', { _id: USCCS[3] }))[0].openCaseIds).toEqual([...ids]);
    expect(await docs(cloud, 'help_served', { _id: USCCS[3] })).toHaveLength(1);
    expect(failure(await call(other, 'withdrawCase', { caseId: 'nope' })).code).toBe('NOT_FOUND');
  }, 30_000);
});
