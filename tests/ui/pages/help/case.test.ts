import { flush, renderPage } from '../../helpers/render';
import { caseView, EXPERT, UPLOAD_FOLDER } from '../../helpers/help-fixtures';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';
import type { CaseView } from '../../../../typings/api';

const ROUTE = 'pages/help/case/index';
type Wx = Record<string, jest.Mock> & { cloud: Record<string, jest.Mock> };
const g = () => (globalThis as unknown as { wx: Wx }).wx;

function mockExtras() {
  const w = g();
  Object.assign(w, {
    pageScrollTo: jest.fn(),
    previewImage: jest.fn(),
    downloadFile: jest.fn((o: { success: (r: object) => void }) =>
      o.success({ statusCode: 200, tempFilePath: 'wxfile://tmp/r.pdf' }),
    ),
    openDocument: jest.fn((o: { success: () => void }) => o.success()),
    chooseMedia: jest.fn((o: { success: (r: object) => void }) =>
      o.success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/fix.jpg', size: 1 }] }),
    ),
  });
  w.cloud.uploadFile = jest.fn((o: { cloudPath: string; success: (r: object) => void }) =>
    o.success({ fileID: `cloud://local.local-1300000000/${o.cloudPath}` }),
  );
  return w;
}

type Route = Envelope | ((data: Record<string, unknown>) => Envelope | Promise<Envelope>);

async function open(view: CaseView, routes: Record<string, Route> = {}) {
  const wx = mockWx({ 'helpdesk.getCase': ok(view), ...routes });
  const w = mockExtras();
  const page = await renderPage(ROUTE, { caseId: view.caseId });
  return { wx, w, view: page };
}

/** The case buttons on screen, by class. */
const buttons = (view: Awaited<ReturnType<typeof open>>['view']) =>
  ['accept', 'diagnose', 'propose-close', 'confirm-solved', 'not-solved', 'withdraw', 'send', 'submit-rating'].filter(
    (c) => view.has(`.${c}`),
  );

describe('问诊详情 (help/case)', () => {
  afterEach(() => jest.useRealTimers());

  it('shows loading, then the case: status, deadline, expert, problem and thread', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-12-01T03:00:00Z'), doNotFake: ['setTimeout', 'setInterval'] });
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'helpdesk.getCase': () => answer.promise });
    mockExtras();
    const view = await renderPage(ROUTE, { caseId: 'case-1' });
    expect(view.text('.state-loading')).toBe('正在加载问诊');
    answer.resolve(
      ok(
        caseView({
          files: [
            { url: 'https://files/a.jpg', kind: 'image' },
            { url: 'https://files/r.pdf', kind: 'pdf' },
          ],
          messages: [
            {
              messageId: 'm1',
              from: 'expert',
              fromLabel: '陈建国',
              text: '请补充检验报告。',
              files: [],
              at: '2026-12-01T06:00:00Z',
            },
            {
              messageId: 'm2',
              from: 'enterprise',
              fromLabel: '企业',
              text: '已上传。',
              files: [{ url: 'https://files/b.jpg', kind: 'image' }],
              at: '2026-12-01T07:00:00Z',
            },
          ],
        }),
      ),
    );
    await flush();
    expect(wx.calls()).toEqual([{ name: 'helpdesk', data: { action: 'getCase', caseId: 'case-1' } }]);
    expect(view.text('.case-title')).toBe('电热水壶抽检泄漏电流不合格');
    expect(view.text('.case-status')).toBe('专家处理中');
    expect(view.text('.sla__label')).toBe('首次答复期限');
    expect(view.text('.sla__due')).toBe('2026-12-03 23:59');
    expect(view.text('.sla__text')).toBe('专家应在 2026-12-03 23:59 前首次答复（2 个工作日内）');
    expect([view.text('.expert__person'), view.text('.expert__title')]).toEqual(['陈建国', '高级工程师']);
    expect(view.text('.expert__fields')).toBe('专业领域：检验检测');
    expect(view.text('.problem__failed')).toBe('不合格项目：泄漏电流');
    expect(view.texts('.message__from')).toEqual(['陈建国', '企业']);
    expect(view.doms('.message_mine')).toHaveLength(1);
    // The enterprise does not see its own contact block.
    expect(view.has('.contact')).toBe(false);
  });

  it('once the expert has answered, says when', async () => {
    const { view } = await open(caseView({ firstAnsweredAt: '2026-12-01T06:30:00Z' }));
    expect(view.text('.sla__text')).toBe('专家已于 2026-12-01 14:30 首次答复');
  });

  it('opens images in the viewer and PDFs as documents', async () => {
    const { w, view } = await open(
      caseView({
        files: [
          { url: 'https://files/a.jpg', kind: 'image' },
          { url: 'https://files/r.pdf', kind: 'pdf' },
        ],
      }),
    );
    await view.tap('.case-file', 0);
    expect(w.previewImage).toHaveBeenCalledWith(expect.objectContaining({ urls: ['https://files/a.jpg'] }));
    await view.tap('.case-file', 1);
    expect(w.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: 'https://files/r.pdf' }));
    expect(w.openDocument).toHaveBeenCalledWith(
      expect.objectContaining({ filePath: 'wxfile://tmp/r.pdf', fileType: 'pdf' }),
    );
  });

  it('an overdue first answer says the platform has stepped in', async () => {
    const { view } = await open(caseView({ status: 'open', actions: ['withdraw'], overdue: true, escalated: true }));
    expect(view.text('.sla__text')).toBe('已超过首次答复期限，平台已督办');
    expect(view.text('.expert__waiting')).toContain('正在为你匹配');
  });

  it('a case that is not there (or not yours) shows the server’s sentence', async () => {
    mockWx({ 'helpdesk.getCase': fail('NOT_FOUND', '问诊不存在') });
    mockExtras();
    const view = await renderPage(ROUTE, { caseId: 'nope' });
    expect(view.text('.state-error__text')).toBe('问诊不存在');
  });

  it('shows only the buttons the server’s actions allow', async () => {
    const cases: [CaseView['viewerRole'], CaseView['status'], CaseView['actions'], string[]][] = [
      ['enterprise', 'open', ['withdraw'], ['withdraw']],
      ['enterprise', 'accepted', ['message', 'withdraw'], ['withdraw', 'send']],
      ['enterprise', 'closing', ['message', 'confirmSolved', 'notSolved'], ['confirm-solved', 'not-solved', 'send']],
      ['enterprise', 'resolved', ['rate'], ['submit-rating']],
      ['expert', 'open', ['accept'], ['accept']],
      ['expert', 'accepted', ['message', 'diagnose', 'proposeClose'], ['diagnose', 'propose-close', 'send']],
      ['admin', 'accepted', ['reassign'], []],
    ];
    for (const [viewerRole, status, actions, expected] of cases) {
      const { view } = await open(caseView({ viewerRole, status, actions }));
      expect([viewerRole, status, buttons(view)]).toEqual([viewerRole, status, expected]);
      view.detach();
    }
  });

  it('withdrawing asks first; cancelling sends nothing, confirming withdraws', async () => {
    const { wx, view } = await open(caseView({ status: 'open', actions: ['withdraw'] }), {
      'helpdesk.withdrawCase': ok(caseView({ status: 'withdrawn', actions: [] })),
    });
    wx.showModal.mockImplementationOnce((o: { success: (r: object) => void }) => o.success({ confirm: false }));
    await view.tap('.withdraw');
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '撤回问诊' }));
    expect(wx.calls().some((c) => c.data.action === 'withdrawCase')).toBe(false);

    wx.showModal.mockImplementationOnce((o: { success: (r: object) => void }) => o.success({ confirm: true }));
    await view.tap('.withdraw');
    expect(wx.calls().at(-1)).toEqual({ name: 'helpdesk', data: { action: 'withdrawCase', caseId: 'case-1' } });
    expect(view.text('.case-status')).toBe('已撤回');
    expect(view.has('.withdraw')).toBe(false);
  });

  it('the enterprise confirms the problem solved, then rates 1–5 with a comment', async () => {
    const closing = caseView({
      status: 'closing',
      actions: ['message', 'confirmSolved', 'notSolved'],
      closingNote: '已按计划整改，复检合格。',
    });
    const resolved = caseView({ status: 'resolved', actions: ['rate'] });
    const { wx, view } = await open(closing, {
      'helpdesk.confirmClose': ok(resolved),
      'helpdesk.rateCase': (data) =>
        ok(
          caseView({
            status: 'resolved',
            actions: [],
            rating: { stars: Number(data.stars), comment: String(data.comment), at: '2026-12-05T01:00:00Z' },
          }),
        ),
    });
    expect(view.text('.closing-ask')).toBe('专家认为问题已解决，请确认');
    wx.showModal.mockImplementationOnce((o: { success: (r: object) => void }) => o.success({ confirm: true }));
    await view.tap('.confirm-solved');
    expect(wx.calls().at(-1)?.data).toEqual({ action: 'confirmClose', caseId: 'case-1', solved: true });

    // No stars chosen: refused on the page.
    await view.tap('.submit-rating');
    expect(view.text('.rating-error')).toBe('请选择 1–5 星');
    expect(wx.calls().some((c) => c.data.action === 'rateCase')).toBe(false);

    await view.tap('.star', 3);
    expect(view.texts('.star')).toEqual(['★', '★', '★', '★', '☆']);
    await view.input('.rating-comment', ' 专家很专业 ');
    await view.tap('.submit-rating');
    expect(wx.calls().at(-1)?.data).toEqual({ action: 'rateCase', caseId: 'case-1', stars: 4, comment: '专家很专业' });
    expect(view.text('.rating__text')).toBe('4 星');
    expect(view.text('.rating__comment')).toBe('专家很专业');
    expect(view.has('.submit-rating')).toBe(false);
  });

  it('“还没解决” asks what is left in WeChat’s editable modal and reopens the case', async () => {
    const { wx, view } = await open(
      caseView({ status: 'closing', actions: ['message', 'confirmSolved', 'notSolved'] }),
      {
        'helpdesk.confirmClose': ok(caseView({ status: 'accepted', actions: ['message', 'withdraw'] })),
      },
    );
    wx.showModal.mockResolvedValueOnce({ confirm: true, content: '复检仍不合格' });
    await view.tap('.not-solved');
    expect(wx.showModal).toHaveBeenLastCalledWith(
      expect.objectContaining({ title: '请说明还有什么问题', editable: true }),
    );
    expect(wx.calls().at(-1)?.data).toEqual({
      action: 'confirmClose',
      caseId: 'case-1',
      solved: false,
      note: '复检仍不合格',
    });
    expect(view.text('.case-status')).toBe('专家处理中');
  });

  it('a move the case no longer allows is said and the case is shown as it is now', async () => {
    const { wx, view } = await open(caseView({ status: 'open', actions: ['withdraw'] }), {
      'helpdesk.withdrawCase': fail('INVALID_TRANSITION', '问诊状态已变化'),
    });
    wx.showModal.mockImplementationOnce((o: { success: (r: object) => void }) => o.success({ confirm: true }));
    await view.tap('.withdraw');
    expect(wx.lastToast()).toBe('问诊状态已变化');
    expect(wx.calls().filter((c) => c.data.action === 'getCase')).toHaveLength(2);
  });

  it('posts a message with a photo uploaded into the viewer’s folder; an empty one is refused on the page', async () => {
    let sent: Record<string, unknown> = {};
    const { wx, w, view } = await open(caseView(), {
      'helpdesk.postMessage': (data) => {
        sent = data;
        return ok(
          caseView({
            messages: [
              {
                messageId: 'm9',
                from: 'enterprise',
                fromLabel: '企业',
                text: String(data.text),
                files: [],
                at: '2026-12-01T09:00:00Z',
              },
            ],
          }),
        );
      },
    });
    await view.tap('.send');
    expect(view.text('.message-error')).toBe('请填写留言');
    expect(w.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-message' }));
    expect(view.data.focusField).toBe('message');

    await view.input('.composer__text', '整改后的样品照片见附件');
    expect(view.text('.message-count')).toBe('11/1000');
    await view.tap('.add-photo');
    await view.tap('.send');
    const path = w.cloud.uploadFile.mock.calls[0][0].cloudPath as string;
    expect(path).toMatch(new RegExp(`^${UPLOAD_FOLDER}/[A-Za-z0-9_-]+\\.jpg$`));
    expect(sent).toMatchObject({
      action: 'postMessage',
      caseId: 'case-1',
      text: '整改后的样品照片见附件',
      files: [`cloud://local.local-1300000000/${path}`],
    });
    expect(view.texts('.message__text')).toEqual(['整改后的样品照片见附件']);
    expect(view.data.message).toBe('');
    // The next message gets a request id of its own.
    expect(view.data.messageRequestId).not.toBe(sent.clientRequestId);
    expect(wx.lastToast()).toBe('已发送');
  });

  it('an offered expert sees the contact masked and accepts', async () => {
    const offered = caseView({
      viewerRole: 'expert',
      status: 'open',
      expert: null,
      actions: ['accept'],
      contact: { name: '李*', phone: '137****5678' },
      contactMasked: true,
      uploadFolder: null,
    });
    const { wx, view } = await open(offered, {
      'helpdesk.acceptCase': ok(
        caseView({ viewerRole: 'expert', actions: ['message', 'diagnose', 'proposeClose'], expert: EXPERT }),
      ),
    });
    expect([view.text('.contact__name'), view.text('.contact__phone')]).toEqual(['李*', '137****5678']);
    expect(view.text('.contact__masked')).toBe('接单后可见完整联系方式');
    expect(view.text('.case-enterprise')).toBe('企业：佛山市顺德区美达电器有限公司');
    await view.tap('.accept');
    expect(wx.calls().at(-1)?.data).toEqual({ action: 'acceptCase', caseId: 'case-1' });
    expect([view.text('.contact__name'), view.text('.contact__phone')]).toEqual(['李明', '13712345678']);
    expect(view.has('.contact__masked')).toBe(false);
    await view.tap('.call-contact');
    expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '13712345678' }));
  });

  it('an expert another expert beat to the case is told so and sees where it stands', async () => {
    const { wx, view } = await open(
      caseView({ viewerRole: 'expert', status: 'open', actions: ['accept'], contactMasked: true }),
      {
        'helpdesk.acceptCase': fail('CASE_TAKEN', '该问诊已被其他专家接单'),
      },
    );
    await view.tap('.accept');
    expect(wx.lastToast()).toBe('该问诊已被其他专家接单');
    expect(wx.calls().filter((c) => c.data.action === 'getCase')).toHaveLength(2);
  });

  it('the expert records a diagnosis and a plan of measures (added, removed, checked), then proposes closing', async () => {
    const expertView = caseView({ viewerRole: 'expert', actions: ['message', 'diagnose', 'proposeClose'] });
    const { wx, w, view } = await open(expertView, {
      'helpdesk.diagnose': (data) =>
        ok(
          caseView({
            viewerRole: 'expert',
            actions: ['message', 'diagnose', 'proposeClose'],
            diagnosis: { text: String(data.diagnosis), plan: data.plan as never, at: '2026-12-02T02:00:00Z' },
          }),
        ),
      'helpdesk.proposeClose': ok(caseView({ viewerRole: 'expert', status: 'closing', actions: ['message'] })),
    });
    await view.tap('.diagnose');
    expect(view.doms('.plan-measure')).toHaveLength(1);
    await view.tap('.add-measure');
    await view.tap('.add-measure');
    expect(view.doms('.plan-measure')).toHaveLength(3);
    await view.tap('.remove-measure', 2);
    expect(view.doms('.plan-measure')).toHaveLength(2);

    // Saving with gaps: every message shown, the first one scrolled to and focused.
    await view.tap('.save-diagnosis');
    expect(view.text('.diagnosis-error')).toBe('请填写诊断意见');
    expect(view.texts('.measure-error')).toEqual(['请填写整改措施', '请填写整改措施']);
    expect(view.texts('.due-error')).toEqual(['请选择完成日期', '请选择完成日期']);
    expect(w.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-diagnosis' }));
    expect(view.data.focusField).toBe('diagnosis');
    expect(wx.calls().some((c) => c.data.action === 'diagnose')).toBe(false);

    await view.input('.diagnosis-input', '泄漏电流超标源于电热元件绝缘距离不足，需改进结构并加强出厂检验。');
    await view.tap('.save-diagnosis');
    expect(w.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-plan-0-measure' }));

    const measures = view.nodes('.measure-input');
    const targets = view.nodes('.target-input');
    const dates = view.nodes('.due-picker');
    const plan = [
      ['加大电热元件与外壳的爬电距离', '爬电距离不小于 4 mm', '2027-01-15'],
      ['出厂逐台做泄漏电流试验', '出厂合格率 100%', '2027-02-01'],
    ];
    for (const [i, [measure, target, date]] of plan.entries()) {
      measures[i].dispatchEvent('input', { detail: { value: measure } });
      targets[i].dispatchEvent('input', { detail: { value: target } });
      dates[i].dispatchEvent('change', { detail: { value: date } });
    }
    await flush();
    await view.tap('.save-diagnosis');
    expect(wx.calls().at(-1)?.data).toEqual({
      action: 'diagnose',
      caseId: 'case-1',
      diagnosis: '泄漏电流超标源于电热元件绝缘距离不足，需改进结构并加强出厂检验。',
      plan: plan.map(([measure, target, dueDate]) => ({ measure, target, dueDate })),
    });
    expect(view.has('.diagnose-form')).toBe(false);
    expect(view.texts('.measure__title')).toEqual([
      '措施 1 加大电热元件与外壳的爬电距离',
      '措施 2 出厂逐台做泄漏电流试验',
    ]);
    expect(view.texts('.measure__due')).toEqual(['完成日期：2027-01-15', '完成日期：2027-02-01']);
    expect(view.text('.diagnose')).toBe('修改诊断与整改计划');

    wx.showModal.mockResolvedValueOnce({ confirm: true, content: '已给出整改方案，请企业按计划整改。' });
    await view.tap('.propose-close');
    expect(wx.calls().at(-1)?.data).toEqual({
      action: 'proposeClose',
      caseId: 'case-1',
      note: '已给出整改方案，请企业按计划整改。',
    });
    expect(view.text('.case-status')).toBe('待确认解决');
  });

  it('an admin reads the case and is sent to the escalation queue to reassign', async () => {
    const { wx, view } = await open(
      caseView({ viewerRole: 'admin', actions: ['reassign'], contact: { name: '李明', phone: '13712345678' } }),
    );
    expect(view.text('.admin-note__text')).toContain('只读');
    expect(view.has('.send')).toBe(false);
    await view.tap('.reassign');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/admin/help-escalations/index' }));
  });
});
