/**
 * The help desk's admin side on the local cloud: escalation by the timer (twice at once → flagged once),
 * the escalation queue, reassignment (capacity moves, the new expert sees the case, the old one gets
 * NOT_FOUND), statistics and their CSV against a fixture, the public counts, failed-sampling offers from
 * an inspections import, and refusals (FORBIDDEN before validation, VALIDATION_FAILED in Chinese).
 */
import { parse } from 'csv-parse/sync';
import { UNTOUCHED_CASE, type CaseDoc } from '../../../cloudfunctions/src/helpdesk/documents';
import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { startTestCloud } from '../helpers/local-cloud';
import { HEADER, upload } from '../redlist/fixtures';
import { registerEnterprise, timer } from '../voucher/fixtures';
import {
  docs,
  enterpriseUser,
  expertDoc,
  expertUser,
  failure,
  helpdesk,
  ok,
  USCCS,
  type Loose,
  type TestCloud,
} from './case-fixtures';

const H = 3600_000;
const NOW = Date.now();
const ago = (hours: number) => new Date(NOW - hours * H);

let sequence = 0;
/** A stored case as openCase writes it; override any field. */
function caseDoc(over: Partial<CaseDoc> = {}): CaseDoc {
  const id = over._id ?? `case-${++sequence}`;
  const submittedAt = over.submittedAt ?? ago(100);
  return {
    _id: id,
    caseNo: `WZ-${id}`,
    status: 'open',
    uscc: USCCS[0],
    enterpriseName: '测试企业0有限公司',
    city: '佛山市',
    ownerOpenid: 'o-ent-0',
    contact: { name: '陈建国', phone: '13912345678' },
    productCategory: '电线电缆',
    problemType: 'failed_sampling',
    title: '导体电阻抽检不合格',
    description: '省抽检中导体电阻超标，需要整改方案。',
    failedItems: '导体电阻',
    offerId: null,
    files: [],
    urgency: 'normal',
    preferredCity: null,
    clientRequestId: `req-${id}`,
    ...UNTOUCHED_CASE,
    offeredTo: ['E1', 'E2'],
    submittedAt,
    firstAnswerDueAt: new Date(new Date(submittedAt).getTime() + 48 * H),
    createdAt: submittedAt,
    updatedAt: submittedAt,
    ...over,
  };
}

const ADMIN = 'o-admin';
const PLAIN = 'o-plain';

/** A call without an end user: WeChat's crawler (SOURCE wx_crawler, no OPENID). */
async function anonymous(cloud: TestCloud, data: object): Promise<unknown> {
  const res = await fetch(`${cloud.url}/client/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'helpdesk', data, source: 'wx_crawler' }),
  });
  return ((await res.json()) as { result: unknown }).result;
}

describe('help desk: admin desk', () => {
  let cloud: TestCloud;
  let enterprise: string;
  let expert1: string;
  let expert2: string;

  beforeAll(async () => {
    cloud = await startTestCloud();
    enterprise = await enterpriseUser(cloud, 0);
    expert1 = await expertUser(cloud, expertDoc('E1', { name: '张工', maxOpenCases: 3, openCases: 1 }));
    expert2 = await expertUser(cloud, expertDoc('E2', { name: '李工', maxOpenCases: 2, openCases: 0 }));
    await cloud.db.insertMany('experts', [
      expertDoc('E3', { name: '王工', maxOpenCases: 1, openCases: 1 }),
      expertDoc('E4', { name: '赵工', active: false }),
    ]);
    ok(await cloud.call('user', { action: 'login' }, PLAIN));
    ok(await cloud.call('user', { action: 'login' }, ADMIN));
    await cloud.db.update('users', { _id: ADMIN }, { $set: { roles: ['admin'] } });
  }, 90_000);
  afterAll(() => cloud?.stop());

  describe('escalation', () => {
    beforeAll(async () => {
      await cloud.db.insertMany('help_cases', [
        caseDoc({ _id: 'due-open', submittedAt: ago(80) }),
        caseDoc({ _id: 'due-accepted', submittedAt: ago(60), status: 'accepted', expertId: 'E1', expertName: '张工' }),
        caseDoc({ _id: 'answered', status: 'accepted', expertId: 'E1', expertName: '张工', firstAnsweredAt: ago(50) }),
        caseDoc({ _id: 'not-due', submittedAt: ago(10) }),
        caseDoc({ _id: 'withdrawn', status: 'withdrawn', withdrawnAt: ago(70) }),
      ]);
    });

    test('the timer flags overdue cases once, even when two runs overlap', async () => {
      const runs = await Promise.all([
        timer(cloud, 'helpdesk', 'escalateOverdue'),
        timer(cloud, 'helpdesk', 'escalateOverdue'),
      ]);
      const flagged = runs.map((r) => ok<{ escalated: number }>(r).escalated);
      expect(flagged[0] + flagged[1]).toBe(2);
      expect(ok(await timer(cloud, 'helpdesk', 'escalateOverdue'))).toEqual({ escalated: 0 });

      const cases = await docs(cloud, 'help_cases');
      const escalated = cases.filter((c) => c.escalatedAt).map((c) => c._id);
      expect(escalated.sort()).toEqual(['due-accepted', 'due-open']);

      for (const id of ['due-open', 'due-accepted']) {
        const audits = await docs(cloud, 'audit_log', { targetId: id, action: 'helpdesk.escalate' });
        expect(audits).toHaveLength(1);
        expect(audits[0].actor).toBe('timer');
        const messages = await docs(cloud, 'help_messages', { caseId: id });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatchObject({ from: 'system' });
        expect(messages[0].text).toMatch(/未获专家首次答复，已转交管理员督办/);
        const outbox = await docs(cloud, 'outbox', { template: 'helpdeskCase', toOpenid: enterprise });
        expect(outbox.filter((o) => o.page.endsWith(`caseId=${id}`))).toHaveLength(1);
      }
    }, 30_000);

    test('the queue lists escalated cases without a first answer, oldest first; an answer takes a case out', async () => {
      const queue = ok(await helpdesk(cloud, ADMIN, 'escalations', { page: 1 }));
      expect(queue.items.map((c: Loose) => c.caseId)).toEqual(['due-open', 'due-accepted']);
      expect(queue).toMatchObject({ total: 2, page: 1 });
      expect(queue.items[0]).toMatchObject({ escalated: true, overdue: true });

      await cloud.db.update('help_cases', { _id: 'due-accepted' }, { $set: { firstAnsweredAt: new Date() } });
      const after = ok(await helpdesk(cloud, ADMIN, 'escalations', {}));
      expect(after.items.map((c: Loose) => c.caseId)).toEqual(['due-open']);
      await cloud.db.update('help_cases', { _id: 'due-accepted' }, { $set: { firstAnsweredAt: null } });
    });
  });

  describe('reassignment', () => {
    const load = async (id: string) => (await docs(cloud, 'experts', { _id: id }))[0];

    test('moves the case and its capacity; the new expert sees it, the old one gets NOT_FOUND', async () => {
      ok(await helpdesk(cloud, expert1, 'getCase', { caseId: 'due-accepted' }));
      const view = ok(
        await helpdesk(cloud, ADMIN, 'reassignCase', { caseId: 'due-accepted', expertId: 'E2', reason: '原专家出差' }),
      );
      expect(view).toMatchObject({ status: 'accepted', viewerRole: 'admin', escalated: true });
      expect(view.expert.expertId).toBe('E2');
      expect(view.messages.at(-1)).toMatchObject({ from: 'system' });
      expect(view.messages.at(-1).text).toMatch(/改派给专家李工.*原专家出差/);

      expect((await load('E1')).openCases).toBe(0);
      expect((await load('E2')).openCases).toBe(1);
      const stored = (await docs(cloud, 'help_cases', { _id: 'due-accepted' }))[0];
      expect(stored).toMatchObject({ expertId: 'E2', expertName: '李工', status: 'accepted' });
      expect(stored.escalatedAt).toBeTruthy();
      expect(stored.reassignedAt).toBeTruthy();

      const seen = ok(await helpdesk(cloud, expert2, 'getCase', { caseId: 'due-accepted' }));
      expect(seen).toMatchObject({ viewerRole: 'expert', contactMasked: false });
      expect(failure(await helpdesk(cloud, expert1, 'getCase', { caseId: 'due-accepted' })).code).toBe('NOT_FOUND');

      const outbox = await docs(cloud, 'outbox', { template: 'helpdeskCase' });
      const about = outbox.filter((o) => o.page.endsWith('caseId=due-accepted') && /改派/.test(o.data.note));
      expect(about.map((o) => o.toOpenid).sort()).toEqual([enterprise, expert2].sort());
      expect(await docs(cloud, 'audit_log', { targetId: 'due-accepted', action: 'helpdesk.reassign' })).toHaveLength(1);
      // Still without a first answer: still in the queue.
      const queue = ok(await helpdesk(cloud, ADMIN, 'escalations', {}));
      expect(queue.items.map((c: Loose) => c.caseId)).toContain('due-accepted');
    });

    test('an open case goes to an expert with capacity; a full, inactive or unknown expert is refused and nothing changes', async () => {
      const before = await docs(cloud, 'experts');
      const full = failure(await helpdesk(cloud, ADMIN, 'reassignCase', { caseId: 'due-open', expertId: 'E3' }));
      expect(full.code).toBe('EXPERT_AT_CAPACITY');
      expect(full.message).toMatch(/王工.*已达上限 1 个/);
      expect(failure(await helpdesk(cloud, ADMIN, 'reassignCase', { caseId: 'due-open', expertId: 'E4' })).code).toBe(
        'CONFLICT',
      );
      expect(failure(await helpdesk(cloud, ADMIN, 'reassignCase', { caseId: 'due-open', expertId: 'E9' })).code).toBe(
        'NOT_FOUND',
      );
      expect(failure(await helpdesk(cloud, ADMIN, 'reassignCase', { caseId: 'nope', expertId: 'E2' })).code).toBe(
        'NOT_FOUND',
      );
      expect(await docs(cloud, 'experts')).toEqual(before);
      expect((await docs(cloud, 'help_cases', { _id: 'due-open' }))[0]).toMatchObject({
        status: 'open',
        expertId: null,
      });

      ok(await helpdesk(cloud, ADMIN, 'reassignCase', { caseId: 'due-open', expertId: 'E2' }));
      expect((await load('E2')).openCases).toBe(2);
      expect((await load('E1')).openCases).toBe(0);
      // E2 is now full.
      expect(failure(await helpdesk(cloud, ADMIN, 'reassignCase', { caseId: 'answered', expertId: 'E2' })).code).toBe(
        'EXPERT_AT_CAPACITY',
      );
    });

    test('a closed case cannot be reassigned', async () => {
      const res = failure(await helpdesk(cloud, ADMIN, 'reassignCase', { caseId: 'withdrawn', expertId: 'E1' }));
      expect(res.code).toBe('INVALID_TRANSITION');
      expect(res.message).toMatch(/已撤回/);
    });
  });

  describe('statistics', () => {
    // Submitted in March 2026 (Asia/Shanghai): the fixture the numbers are checked against.
    const t = (day: number, hour = 10) =>
      new Date(`2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`);
    const plusH = (d: Date, h: number) => new Date(d.getTime() + h * H);
    const stats = [
      caseDoc({
        _id: 's1',
        submittedAt: t(2),
        firstAnswerDueAt: plusH(t(2), 48),
        status: 'resolved',
        expertId: 'E1',
        expertName: '张工',
        firstAnsweredAt: plusH(t(2), 2),
        resolvedAt: plusH(t(2), 100),
        rating: { stars: 5, comment: '', at: t(9) },
      }),
      caseDoc({
        _id: 's2',
        submittedAt: t(3),
        firstAnswerDueAt: plusH(t(3), 48),
        status: 'resolved',
        city: '广州市',
        expertId: 'E1',
        expertName: '张工',
        firstAnsweredAt: plusH(t(3), 60),
        resolvedAt: plusH(t(3), 200),
        rating: { stars: 2, comment: '', at: t(20) },
      }),
      caseDoc({
        _id: 's3',
        submittedAt: t(4),
        firstAnswerDueAt: plusH(t(4), 48),
        status: 'accepted',
        productCategory: '家用电器',
        expertId: 'E2',
        expertName: '李工',
        firstAnsweredAt: plusH(t(4), 4),
      }),
      caseDoc({
        _id: 's4',
        submittedAt: t(31, 23),
        firstAnswerDueAt: plusH(t(31, 23), 48),
        status: 'withdrawn',
        withdrawnAt: plusH(t(31, 23), 1),
      }),
      // Outside the range (1 April 00:30 Shanghai time, still 31 March in UTC).
      caseDoc({ _id: 's5', submittedAt: new Date('2026-04-01T00:30:00+08:00'), status: 'resolved', resolvedAt: t(20) }),
    ];

    beforeAll(async () => {
      await cloud.db.insertMany('help_cases', stats);
    });

    test('caseStats over a date range', async () => {
      const view = ok(await helpdesk(cloud, ADMIN, 'caseStats', { from: '2026-03-01', to: '2026-03-31' }));
      expect(view).toMatchObject({
        from: '2026-03-01',
        to: '2026-03-31',
        total: 4,
        byStatus: { open: 0, accepted: 1, closing: 0, resolved: 2, withdrawn: 1 },
        byCategory: [
          { key: '电线电缆', count: 3 },
          { key: '家用电器', count: 1 },
        ],
        byCity: [
          { key: '佛山市', count: 3 },
          { key: '广州市', count: 1 },
        ],
        byExpert: [
          { expertId: 'E1', name: '张工', count: 2, resolved: 2, averageStars: 3.5 },
          { expertId: 'E2', name: '李工', count: 1, resolved: 0, averageStars: null },
        ],
        firstAnswerHours: { count: 3, median: 4, p90: 48.8 },
        resolutionHours: { count: 2, median: 150, p90: 190 },
        overdue: 1,
        ratings: { count: 2, average: 3.5, distribution: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 } },
      });
      const april = ok(await helpdesk(cloud, ADMIN, 'caseStats', { from: '2026-04-01', to: '2026-04-01' }));
      expect(april).toMatchObject({ total: 1, byStatus: { resolved: 1 } });
    });

    test('the CSV file: BOM, header, every row', async () => {
      const res = ok(await helpdesk(cloud, ADMIN, 'caseStatsCsv', { from: '2026-03-01', to: '2026-03-31' }));
      expect(res.url).toMatch(/^https?:\/\//);
      const data = await cloud.cloud.storage.get(res.fileID.replace(/^cloud:\/\/[^/]+\//, ''));
      expect(data).toBeTruthy();
      expect(data!.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const viaUrl = Buffer.from(await (await fetch(res.url)).arrayBuffer());
      expect(viaUrl.equals(data!)).toBe(true);
      const rows = parse(data!, { bom: true }) as string[][];
      expect(rows[0]).toEqual(['维度', '项目', '数值', '已解决', '平均评分']);
      expect(rows).toHaveLength(res.rows + 1);
      expect(rows.slice(1)).toEqual([
        ['统计范围', '提交日期', '2026-03-01 至 2026-03-31', '', ''],
        ['总体', '问诊总数', '4', '', ''],
        ['总体', '首次答复超时', '1', '', ''],
        ['状态', '待专家接单', '0', '', ''],
        ['状态', '专家处理中', '1', '', ''],
        ['状态', '待确认解决', '0', '', ''],
        ['状态', '已解决', '2', '', ''],
        ['状态', '已撤回', '1', '', ''],
        ['首次答复时长（小时）', '样本数', '3', '', ''],
        ['首次答复时长（小时）', '中位数', '4', '', ''],
        ['首次答复时长（小时）', 'P90', '48.8', '', ''],
        ['解决时长（小时）', '样本数', '2', '', ''],
        ['解决时长（小时）', '中位数', '150', '', ''],
        ['解决时长（小时）', 'P90', '190', '', ''],
        ['评价', '评价数', '2', '', ''],
        ['评价', '平均星级', '3.5', '', ''],
        ['评价', '5 星', '1', '', ''],
        ['评价', '4 星', '0', '', ''],
        ['评价', '3 星', '0', '', ''],
        ['评价', '2 星', '1', '', ''],
        ['评价', '1 星', '0', '', ''],
        ['产品类别', '电线电缆', '3', '', ''],
        ['产品类别', '家用电器', '1', '', ''],
        ['城市', '佛山市', '3', '', ''],
        ['城市', '广州市', '1', '', ''],
        ['专家', '张工（E1）', '2', '2', '3.5'],
        ['专家', '李工（E2）', '1', '0', ''],
      ]);
    });
  });

  test('public counts: enterprises served, problems solved, active experts', async () => {
    await cloud.db.insertMany('help_served', [
      { _id: USCCS[0], via: 'case', createdAt: new Date() },
      { _id: USCCS[1], via: 'checkup', createdAt: new Date() },
    ]);
    const resolved = (await docs(cloud, 'help_cases', { status: 'resolved' })).length;
    expect(resolved).toBe(3); // s1, s2, s5
    expect(ok(await anonymous(cloud, { action: 'counts' }))).toEqual({
      enterprisesServed: 2,
      problemsSolved: 3,
      experts: 3,
    });
  });

  describe('failed-sampling offers', () => {
    const today = new Date();
    const daysAgo = (n: number) => calendarDate(new Date(today.getTime() - n * 24 * H));
    const ann = '广东省市场监督管理局关于家用电器产品质量省级监督抽查情况的通告（测试期）';
    const row = (
      uscc: string,
      name: string,
      product: string,
      date: string,
      result: string,
      items = '',
      category = '家用电器',
    ) =>
      [
        uscc,
        name,
        product,
        category,
        'MD-1',
        `B-${product}`,
        date,
        '省',
        '广东省市场监督管理局',
        result,
        items,
        ann,
      ].join(',');
    const file = () =>
      [
        HEADER,
        row(USCCS[0], '测试企业0有限公司', '电饭锅', daysAgo(20), '不合格', '输入功率和电流'),
        row(USCCS[0], '测试企业0有限公司', '电风扇', daysAgo(10), '合格'),
        row(USCCS[0], '测试企业0有限公司', '插头', daysAgo(5), '不合格', '标志', '某未知类别'),
        row(USCCS[0], '测试企业0有限公司', '电热水壶', daysAgo(400), '不合格', '泄漏电流'),
        row(USCCS[1], '测试企业1有限公司', '电饭锅', daysAgo(15), '不合格', '耐热'),
      ].join('\n');

    beforeAll(async () => {
      await registerEnterprise(cloud, 1);
    });

    test('an import offers recent failures of bound verified enterprises only, once', async () => {
      const first = ok(
        await cloud.admin('admin', { action: 'importInspections', fileID: await upload(cloud, 'f1.csv', file()) }),
      );
      expect(first.counts.inserted).toBe(5);
      const offers = await docs(cloud, 'help_offers');
      expect(offers.map((o) => o.productName).sort()).toEqual(['插头', '电饭锅']);
      expect(offers.every((o) => o.uscc === USCCS[0])).toBe(true);
      const inspections = await docs(cloud, 'inspections', { uscc: USCCS[0], productName: '电饭锅' });
      const cooker = offers.find((o) => o.productName === '电饭锅')!;
      expect(cooker._id).toBe(inspections[0]._id);
      expect(cooker).toMatchObject({
        inspectionId: inspections[0]._id,
        productCategory: '家用电器',
        failedItems: '输入功率和电流',
        announcement: ann,
        caseId: null,
      });
      expect(offers.find((o) => o.productName === '插头')!.productCategory).toBeNull();

      const mine = ok(await helpdesk(cloud, enterprise, 'myOffers'));
      expect(mine.items.map((o: Loose) => o.productName)).toEqual(['插头', '电饭锅']);
      expect(mine.items[1]).toEqual({
        offerId: cooker._id,
        productCategory: '家用电器',
        productName: '电饭锅',
        sampledAt: daysAgo(20),
        failedItems: '输入功率和电流',
        announcement: ann,
        caseId: null,
      });

      // A case opened from it (the cases helper sets caseId); a re-import keeps it and adds nothing.
      await cloud.db.update('help_offers', { _id: cooker._id }, { $set: { caseId: 'case-from-offer' } });
      const again = ok(
        await cloud.admin('admin', { action: 'importInspections', fileID: await upload(cloud, 'f2.csv', file()) }),
      );
      expect(again.counts.unchanged).toBe(5);
      expect(await docs(cloud, 'help_offers')).toHaveLength(2);
      const later = ok(await helpdesk(cloud, enterprise, 'myOffers'));
      expect(later.items[1].caseId).toBe('case-from-offer');
    }, 30_000);

    test('offers older than 12 months are not shown', async () => {
      await cloud.db.insertMany('help_offers', [
        {
          _id: 'old-offer',
          uscc: USCCS[0],
          inspectionId: 'old-offer',
          productCategory: '家用电器',
          productName: '旧产品',
          sampledAt: daysAgo(370),
          failedItems: 'x',
          announcement: ann,
          caseId: null,
          createdAt: new Date(),
        },
      ]);
      const mine = ok(await helpdesk(cloud, enterprise, 'myOffers'));
      expect(mine.items.map((o: Loose) => o.productName)).not.toContain('旧产品');
      expect(mine.items).toHaveLength(2);
    });

    test('without a verified binding: refused', async () => {
      expect(failure(await helpdesk(cloud, PLAIN, 'myOffers')).code).toBe('ENTERPRISE_NOT_BOUND');
      expect(failure(await anonymous(cloud, { action: 'myOffers' })).code).toBe('UNAUTHENTICATED');
    });
  });

  describe('refusals', () => {
    const bad: [string, object][] = [
      ['escalations', { page: 'x' }],
      ['reassignCase', { caseId: 7 }],
      ['escalateOverdue', {}],
      ['caseStats', { from: 'yesterday' }],
      ['caseStatsCsv', {}],
    ];

    test.each(bad)(
      '%s refuses a plain user and an expert with FORBIDDEN before looking at the input',
      async (name, input) => {
        for (const who of [PLAIN, expert1, enterprise]) {
          const res = failure(await helpdesk(cloud, who, name, input));
          expect(res).toMatchObject({ code: 'FORBIDDEN', message: '需要管理员权限' });
        }
      },
    );

    test('bad input answers VALIDATION_FAILED in Chinese, naming the field', async () => {
      const cases: [string, object, RegExp][] = [
        ['caseStats', { from: '2026-13-01', to: '2026-12-31' }, /开始日期/],
        ['caseStats', { from: '2026-03-02', to: '2026-03-01' }, /开始日期不能晚于结束日期/],
        ['caseStatsCsv', { from: '2026-03-01' }, /结束日期/],
        ['reassignCase', { caseId: '', expertId: 'E1' }, /问诊编号/],
        ['reassignCase', { caseId: 'due-open' }, /专家/],
        ['escalations', { page: 0 }, /页码/],
      ];
      for (const [name, input, message] of cases) {
        const res = failure(await helpdesk(cloud, ADMIN, name, input));
        expect(res.code).toBe('VALIDATION_FAILED');
        expect(res.message).toMatch(message);
        expect(res.message).toMatch(/[\u4e00-\u9fff]/);
      }
    });
  });
});
