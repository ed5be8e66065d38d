/**
 * Problem cases (问诊) on the local cloud, end to end: a verified enterprise opens a case, it is routed to
 * matching experts, one accepts, answers, diagnoses with a plan, proposes closing; the enterprise says
 * not solved once, then solved, and rates it. Idempotent open and message; withdrawal frees capacity;
 * bad input for each action is refused in Chinese naming the field, and writes nothing.
 */
import { FIRST_ANSWER_WORKING_DAYS } from '../../../miniprogram/shared/helpdesk';
import { firstAnswerDue } from '../../../cloudfunctions/src/core/working-days';
import { startTestCloud } from '../helpers/local-cloud';
import {
  caseState,
  clientId,
  docs,
  enterpriseUser,
  expertDoc,
  expertReads,
  expertUser,
  failure,
  helpdesk,
  helpFolderOf,
  ok,
  uploadHelpFile,
  USCCS,
  validCase,
  type Loose,
  type TestCloud,
} from './case-fixtures';

describe('help desk cases', () => {
  let cloud: TestCloud;
  let ent: string; // verified owner of USCCS[0]
  let owner: string; // expert e-001 (cable, testing), will own the case
  let second: string; // expert e-002 (cable, quality management), offered too
  let stranger: string; // expert e-003 (food, standards): not offered

  beforeAll(async () => {
    cloud = await startTestCloud();
    ent = await enterpriseUser(cloud, 0);
    owner = await expertUser(cloud, expertDoc('e-001', { name: '李振华', city: '东莞市' }));
    second = await expertUser(cloud, expertDoc('e-002', { name: '王海燕', disciplines: ['quality_management'] }));
    stranger = await expertUser(
      cloud,
      expertDoc('e-003', { name: '赵明', productCategories: ['食品相关产品'], disciplines: ['standards'] }),
    );
  }, 60_000);
  afterAll(() => cloud?.stop());

  const call = (openid: string, action: string, payload: object = {}) => helpdesk(cloud, openid, action, payload);
  const expert = async (id: string) => (await docs(cloud, 'experts', { _id: id }))[0];
  const stored = async (caseId: string) => (await docs(cloud, 'help_cases', { _id: caseId }))[0];

  test('the whole journey: open → accept → answer → diagnose → propose → not solved → solved → rate', async () => {
    const options = ok(await call(ent, 'formOptions'));
    expect(options).toMatchObject({ blockedReason: null, uploadFolder: helpFolderOf(ent), maxFiles: 9 });
    expect(options.problemTypes).toContainEqual({ code: 'failed_sampling', label: '抽检不合格整改' });

    const photo = await uploadHelpFile(cloud, ent);
    let opened: Loose = {};
    const reads = await expertReads(
      cloud,
      async () => (opened = ok(await call(ent, 'openCase', validCase({ files: [photo], preferredCity: '东莞' })))),
    );
    // Two indexed reads, never the whole 专家库: the category's experts, and (too few of them) the disciplines'.
    expect(reads.map((r) => JSON.parse(r.query))).toEqual([
      { productCategories: '电线电缆', active: true },
      { disciplines: { $in: ['testing', 'quality_management', 'process'] }, active: true },
    ]);
    expect(opened.created).toBe(true);
    const c = opened.case as Loose;
    expect(c).toMatchObject({
      status: 'open',
      statusLabel: '待专家接单',
      viewerRole: 'enterprise',
      contactMasked: false,
      contact: { name: '陈建国', phone: '13912345678' },
      enterpriseName: '测试企业0有限公司',
      preferredCity: '东莞市',
      expert: null,
      actions: ['withdraw'],
      firstAnsweredAt: null,
    });
    expect(c.caseNo).toMatch(/^WZ\d{8}-[0-9A-F]{6}$/);
    expect(c.files).toEqual([
      { kind: 'image', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\/help-files\//) },
    ]);
    expect(JSON.stringify(c)).not.toContain('cloud://');

    // Routing: the two cable experts, the preferred city first; the food expert not at all.
    const doc = await stored(c.caseId);
    expect(doc.offeredTo).toEqual(['e-001', 'e-002']);
    expect(new Date(doc.firstAnswerDueAt).getTime()).toBe(
      firstAnswerDue(new Date(doc.submittedAt), FIRST_ANSWER_WORKING_DAYS).dueAt.getTime(),
    );
    expect(c.firstAnswerDueAt).toBe(new Date(doc.firstAnswerDueAt).toISOString());
    // Each offered expert bound to a user is told; the enterprise is counted as served once.
    const offers = await docs(cloud, 'outbox', { template: 'helpdeskCase', 'data.caseNo': c.caseNo });
    expect(offers.map((o) => o.toOpenid).sort()).toEqual([owner, second].sort());
    expect(offers[0]).toMatchObject({ page: `pages/help/case/index?caseId=${c.caseId}`, status: 'pending' });
    expect(await docs(cloud, 'help_served', { _id: USCCS[0] })).toHaveLength(1);

    // Offers: the two offered experts see it, the food expert does not.
    expect(ok(await call(owner, 'expertOffers')).items.map((i: Loose) => i.caseId)).toEqual([c.caseId]);
    expect(ok(await call(second, 'expertOffers')).total).toBe(1);
    expect(ok(await call(stranger, 'expertOffers')).total).toBe(0);

    // Before accepting, the offered expert sees the contact masked, and the files.
    const preview = ok(await call(second, 'getCase', { caseId: c.caseId }));
    expect(preview).toMatchObject({
      viewerRole: 'expert',
      contactMasked: true,
      contact: { name: '陈**', phone: '139****5678' },
      actions: ['accept'],
      uploadFolder: null,
    });
    expect(JSON.stringify(preview)).not.toContain('13912345678');

    const accepted = ok(await call(owner, 'acceptCase', { caseId: c.caseId }));
    expect(accepted).toMatchObject({
      status: 'accepted',
      contactMasked: false,
      contact: { name: '陈建国', phone: '13912345678' },
      expert: { expertId: 'e-001', name: '李振华' },
      actions: ['message', 'diagnose', 'proposeClose'],
      uploadFolder: helpFolderOf(owner),
    });
    expect((await expert('e-001')).openCases).toBe(1);
    expect(failure(await call(second, 'getCase', { caseId: c.caseId })).code).toBe('NOT_FOUND');
    expect(ok(await call(second, 'expertOffers')).total).toBe(0);

    // The expert's first message is the first answer.
    const answered = ok(
      await call(owner, 'postMessage', {
        caseId: c.caseId,
        text: '请提供近三批的出厂检验记录。',
        clientRequestId: clientId(),
      }),
    );
    expect(answered.firstAnsweredAt).not.toBeNull();
    expect(answered.messages).toEqual([
      expect.objectContaining({ from: 'expert', fromLabel: '李振华', text: '请提供近三批的出厂检验记录。', files: [] }),
    ]);
    const firstAnswer = answered.firstAnsweredAt;

    const record = await uploadHelpFile(cloud, ent, 'pdf');
    const reply = ok(
      await call(ent, 'postMessage', {
        caseId: c.caseId,
        text: '已上传记录',
        files: [record],
        clientRequestId: clientId(),
      }),
    );
    expect(reply.messages[1]).toMatchObject({
      from: 'enterprise',
      fromLabel: '企业',
      files: [{ kind: 'pdf', url: expect.any(String) }],
    });
    // The expert gets a temp URL for the enterprise's file, too.
    const seen = ok(await call(owner, 'getCase', { caseId: c.caseId }));
    expect(seen.messages[1].files[0].url).toMatch(/sign=/);

    const plan = [
      { measure: '更换铜杆供应商并进厂检验', target: '导体电阻合格率 100%', dueDate: '2027-01-31' },
      { measure: '增加出厂电阻抽检频次', target: '每批次检测', dueDate: '2027-02-28' },
    ];
    const diagnosed = ok(
      await call(owner, 'diagnose', {
        caseId: c.caseId,
        diagnosis: '铜杆纯度不足导致导体电阻偏大，需从原材料控制。',
        plan,
      }),
    );
    expect(diagnosed.diagnosis).toMatchObject({ text: '铜杆纯度不足导致导体电阻偏大，需从原材料控制。', plan });
    expect(diagnosed.firstAnsweredAt).toBe(firstAnswer);

    const closing = ok(await call(owner, 'proposeClose', { caseId: c.caseId, note: '整改方案已给出' }));
    expect(closing).toMatchObject({ status: 'closing', closingNote: '整改方案已给出' });
    expect(ok(await call(ent, 'getCase', { caseId: c.caseId })).actions).toEqual([
      'message',
      'confirmSolved',
      'notSolved',
    ]);

    // Not solved: back to the expert with a system message.
    const back = ok(await call(ent, 'confirmClose', { caseId: c.caseId, solved: false, note: '复检仍不合格' }));
    expect(back.status).toBe('accepted');
    expect(back.messages.at(-1)).toMatchObject({
      from: 'system',
      fromLabel: '系统',
      text: '企业反馈问题尚未解决：复检仍不合格',
    });
    expect((await expert('e-001')).openCases).toBe(1);

    ok(await call(owner, 'proposeClose', { caseId: c.caseId }));
    const resolved = ok(await call(ent, 'confirmClose', { caseId: c.caseId, solved: true }));
    expect(resolved).toMatchObject({ status: 'resolved', actions: ['rate'] });
    expect(await expert('e-001')).toMatchObject({ openCases: 0, resolvedCases: 1 });
    expect((await docs(cloud, 'help_case_holders', { _id: USCCS[0] }))[0].openCaseIds).toEqual([]);

    const rated = ok(await call(ent, 'rateCase', { caseId: c.caseId, stars: 5, comment: '专家很专业' }));
    expect(rated).toMatchObject({ rating: { stars: 5, comment: '专家很专业' }, actions: [] });
    expect(await expert('e-001')).toMatchObject({ starsTotal: 5, ratings: 1 });
    const before = await caseState(cloud);
    expect(failure(await call(ent, 'rateCase', { caseId: c.caseId, stars: 1 })).code).toBe('ALREADY_RATED');
    expect(await caseState(cloud)).toEqual(before);

    // Every move is in the audit log, and the enterprise heard of each expert move.
    const audit = await docs(cloud, 'audit_log', { targetType: 'help_case', targetId: c.caseId });
    expect(audit.map((a) => a.action)).toEqual([
      'helpdesk.open',
      'helpdesk.accept',
      'helpdesk.message',
      'helpdesk.message',
      'helpdesk.diagnose',
      'helpdesk.proposeClose',
      'helpdesk.notSolved',
      'helpdesk.proposeClose',
      'helpdesk.confirmSolved',
      'helpdesk.rate',
    ]);
    const toEnterprise = await docs(cloud, 'outbox', { template: 'helpdeskCase', toOpenid: ent });
    expect(toEnterprise.map((o) => o.data.note)).toEqual([
      '专家李振华已接单',
      '专家回复了您的问诊',
      '专家已给出诊断意见和整改计划',
      '专家建议结案，请确认问题是否已解决',
      '专家建议结案，请确认问题是否已解决',
    ]);
    expect(
      (await docs(cloud, 'outbox', { template: 'helpdeskCase', toOpenid: owner })).map((o) => o.data.note),
    ).toEqual(['有新的问诊待接单', '企业有新的留言', '企业反馈问题尚未解决', '企业确认问题已解决', '企业评价：5 星']);

    const mine = ok(await call(ent, 'myCases'));
    expect(mine).toMatchObject({ total: 1, openCount: 0 });
    expect(mine.items[0]).toMatchObject({ caseId: c.caseId, status: 'resolved', expert: { name: '李振华' } });
    const worked = ok(await call(owner, 'expertCases', { status: 'resolved' }));
    expect(worked.items.map((i: Loose) => i.caseId)).toEqual([c.caseId]);
    expect(worked.expert).toMatchObject({ expertId: 'e-001', openCases: 0, resolvedCases: 1, averageStars: 5 });
  }, 30_000);

  test('the same clientRequestId opens one case and posts one message', async () => {
    const payload = validCase({ title: '出口欧盟的 CE 认证咨询', problemType: 'export_barriers' });
    const first = ok(await call(ent, 'openCase', payload));
    const again = ok(await call(ent, 'openCase', { ...payload, title: '改了标题再提交' }));
    expect(first.created).toBe(true);
    expect(again).toMatchObject({
      created: false,
      case: { caseId: first.case.caseId, title: '出口欧盟的 CE 认证咨询' },
    });
    expect(await docs(cloud, 'help_cases', { clientRequestId: payload.clientRequestId })).toHaveLength(1);
    expect(await docs(cloud, 'audit_log', { action: 'helpdesk.open', targetId: first.case.caseId })).toHaveLength(1);

    const caseId = first.case.caseId;
    ok(await call(owner, 'acceptCase', { caseId }));
    const message = { caseId, text: '收到，请稍候', clientRequestId: clientId('msg') };
    const replies = await Promise.all([1, 2, 3].map(() => call(owner, 'postMessage', message)));
    for (const r of replies) expect(ok(r).messages).toHaveLength(1);
    expect(await docs(cloud, 'help_messages', { caseId })).toHaveLength(1);
    // Accepting again is not a second accept: the case and the load stay as they are.
    const load = (await expert('e-001')).openCases;
    expect(ok(await call(owner, 'acceptCase', { caseId })).status).toBe('accepted');
    expect((await expert('e-001')).openCases).toBe(load);

    // Withdrawing an accepted case frees the expert's place and the enterprise's.
    const holderBefore = (await docs(cloud, 'help_case_holders', { _id: USCCS[0] }))[0].openCaseIds;
    expect(holderBefore).toContain(caseId);
    const withdrawn = ok(await call(ent, 'withdrawCase', { caseId, reason: '已自行解决' }));
    expect(withdrawn).toMatchObject({ status: 'withdrawn', actions: [] });
    expect((await expert('e-001')).openCases).toBe(load - 1);
    expect((await docs(cloud, 'help_case_holders', { _id: USCCS[0] }))[0].openCaseIds).not.toContain(caseId);
    // An ended case takes no message, no second withdrawal, nothing written.
    const before = await caseState(cloud);
    expect(failure(await call(ent, 'withdrawCase', { caseId })).code).toBe('INVALID_TRANSITION');
    expect(failure(await call(ent, 'postMessage', { caseId, text: '还在吗', clientRequestId: clientId() })).code).toBe(
      'INVALID_TRANSITION',
    );
    expect(await caseState(cloud)).toEqual(before);
  }, 30_000);

  test('moves out of order are refused with INVALID_TRANSITION and write nothing', async () => {
    const { case: c } = ok(await call(ent, 'openCase', validCase()));
    const before = await caseState(cloud);
    const plan = [{ measure: '复核工艺', target: '合格', dueDate: '2027-03-01' }];
    expect(
      failure(await call(owner, 'diagnose', { caseId: c.caseId, diagnosis: '还没接单就诊断的意见', plan })).code,
    ).toBe('INVALID_TRANSITION');
    expect(failure(await call(owner, 'proposeClose', { caseId: c.caseId })).code).toBe('INVALID_TRANSITION');
    expect(failure(await call(ent, 'confirmClose', { caseId: c.caseId, solved: true })).code).toBe(
      'INVALID_TRANSITION',
    );
    expect(failure(await call(ent, 'rateCase', { caseId: c.caseId, stars: 3 })).code).toBe('INVALID_TRANSITION');
    expect(
      failure(await call(ent, 'postMessage', { caseId: c.caseId, text: '有人吗', clientRequestId: clientId() })).code,
    ).toBe('INVALID_TRANSITION');
    expect(await caseState(cloud)).toEqual(before);
    ok(await call(ent, 'withdrawCase', { caseId: c.caseId }));
  }, 30_000);

  test('a case opened from a failed-sampling offer links both; another enterprise’s offer is refused', async () => {
    const offer = (id: string, uscc: string) => ({
      _id: id,
      uscc,
      inspectionId: `insp-${id}`,
      productCategory: '电线电缆',
      productName: 'BV 2.5 电线',
      sampledAt: '2026-10-12',
      failedItems: '导体电阻',
      announcement: '2026 年第 5 期',
      caseId: null,
      createdAt: new Date(),
    });
    await cloud.db.insertMany('help_offers', [offer('offer-own', USCCS[0]), offer('offer-rival', USCCS[1])]);
    const before = await caseState(cloud);
    const refused = failure(await call(ent, 'openCase', validCase({ offerId: 'offer-rival' })));
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('抽检整改提示') });
    expect(await caseState(cloud)).toEqual(before);

    const { case: c } = ok(await call(ent, 'openCase', validCase({ offerId: 'offer-own' })));
    expect((await stored(c.caseId)).offerId).toBe('offer-own');
    expect((await docs(cloud, 'help_offers', { _id: 'offer-own' }))[0].caseId).toBe(c.caseId);
    expect((await docs(cloud, 'help_offers', { _id: 'offer-rival' }))[0].caseId).toBeNull();
    ok(await call(ent, 'withdrawCase', { caseId: c.caseId }));
  }, 30_000);

  // One bad payload per action: the refusal names the field as users know it.
  const BAD: [action: string, label: string, payload: Record<string, unknown>][] = [
    ['openCase', '标题', validCase({ title: '短' })],
    ['openCase', '产品类别', validCase({ productCategory: '玩具' })],
    ['openCase', '联系人手机号', validCase({ contact: { name: '陈建国', phone: '123' } })],
    ['openCase', '附件', validCase({ files: ['https://example.com/a.png'] })],
    ['openCase', '请求编号', validCase({ clientRequestId: 'x' })],
    ['myCases', '状态', { status: 'done' }],
    ['getCase', '问诊编号', { caseId: '' }],
    ['postMessage', '留言', { caseId: 'c1', text: '', clientRequestId: clientId() }],
    ['confirmClose', '是否已解决', { caseId: 'c1', solved: 'yes' }],
    ['rateCase', '评分', { caseId: 'c1', stars: 6 }],
    ['withdrawCase', '撤回原因', { caseId: 'c1', reason: '长'.repeat(201) }],
    ['expertOffers', '页码', { page: 0 }],
    ['expertCases', '状态', { status: 'done' }],
    ['acceptCase', '问诊编号', {}],
    ['diagnose', '整改计划', { caseId: 'c1', diagnosis: '诊断意见写得足够长了', plan: [] }],
    [
      'diagnose',
      '完成日期',
      {
        caseId: 'c1',
        diagnosis: '诊断意见写得足够长了',
        plan: [{ measure: '复核工艺', target: '合格', dueDate: '2027-13-01' }],
      },
    ],
    ['proposeClose', '结案说明', { caseId: 'c1', note: '长'.repeat(501) }],
  ];

  test.each(BAD)('%s refuses bad input naming %s (VALIDATION_FAILED)', async (action, label, payload) => {
    const caller = ['expertOffers', 'expertCases', 'acceptCase', 'diagnose', 'proposeClose'].includes(action)
      ? owner
      : ent;
    const before = await caseState(cloud);
    const res = failure(await call(caller, action, payload));
    expect(res.code).toBe('VALIDATION_FAILED');
    expect(res.message).toContain(label);
    expect(res.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await caseState(cloud)).toEqual(before);
  });
});
