import { paged } from '../../helpers/fixtures';
import { caseSummary } from '../../helpers/help-fixtures';
import { expertAdmin, mockWorkWx } from '../../helpers/help-work';
import { flush, renderPage } from '../../helpers/render';
import { fail, ok } from '../../helpers/wx';

const NOW = Date.parse('2026-12-05T04:00:00.000Z');

const OLDEST = caseSummary({
  caseId: 'c-old',
  caseNo: 'WZ20261120-0001',
  status: 'open',
  escalated: true,
  overdue: true,
  firstAnswerDueAt: '2026-11-24T15:59:59.999Z',
});
const NEWER = caseSummary({ caseId: 'c-new', caseNo: 'WZ20261201-0002', escalated: true, overdue: true });

const EXPERTS = [
  expertAdmin(),
  expertAdmin({ expertId: 'e-2', name: '林晓', institution: '佛山市质量计量监督检测中心', openCases: 5 }),
  expertAdmin({ expertId: 'e-3', name: '黄志', institution: '广州市质量监督检测研究院', city: '广州市', openCases: 0 }),
];

describe('帮扶督办', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('lists escalated cases oldest first (as the server orders them), with how long each is overdue', async () => {
    const wx = mockWorkWx({ 'helpdesk.escalations': ok(paged([OLDEST, NEWER])) });
    const view = await renderPage('pages/admin/help-escalations/index');
    expect(wx.calls()).toEqual([{ name: 'helpdesk', data: { action: 'escalations', page: 1 } }]);
    expect(view.text('.total')).toBe('共 2 件待督办');
    expect(view.texts('.escalation__no')).toEqual([
      'WZ20261120-0001 · 家用电器 · 抽检不合格整改',
      'WZ20261201-0002 · 家用电器 · 抽检不合格整改',
    ]);
    expect(view.texts('.escalation__late')).toEqual(['已超时 10 天 12 小时', '已超时 1 天 12 小时']);
    expect(view.texts('.escalation__due')).toEqual(['首次答复期限 2026-11-24 23:59', '首次答复期限 2026-12-03 23:59']);
    expect(view.texts('.escalation__expert')).toEqual(['当前专家：尚无专家接单', '当前专家：陈建国']);

    await view.tap('.escalation__open', 1);
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/help/case/index?caseId=c-new' }));
  });

  it('empty and error states', async () => {
    mockWorkWx({ 'helpdesk.escalations': ok(paged([])) });
    const empty = await renderPage('pages/admin/help-escalations/index');
    expect(empty.text('.state-empty')).toBe('没有超时待督办的问诊');

    const wx = mockWorkWx({ 'helpdesk.escalations': fail('FORBIDDEN', '需要管理员权限') });
    const denied = await renderPage('pages/admin/help-escalations/index');
    expect(denied.data.state).toBe('error');
    expect(wx.lastToast()).toBe('需要管理员权限');
  });

  it('reassigns: experts of the case’s category, searched by name, a confirmation saying what happens, then reassignCase', async () => {
    let queue = [OLDEST, NEWER];
    const reassigned = { ...NEWER, status: 'accepted' as const, statusLabel: '专家处理中' };
    const wx = mockWorkWx({
      'helpdesk.escalations': () => ok(paged(queue)),
      'helpdesk.listExperts': (data) =>
        ok(paged(data.keyword ? EXPERTS.filter((e) => e.name.includes(String(data.keyword))) : EXPERTS)),
      // The case stays in the queue (until its first answer), now with the new expert.
      'helpdesk.reassignCase': (data) => {
        const expert = EXPERTS.find((e) => e.expertId === data.expertId)!;
        queue = queue.map((c) => (c.caseId === data.caseId ? { ...reassigned, expert } : c));
        return ok({});
      },
    });
    const view = await renderPage('pages/admin/help-escalations/index');

    await view.tap('.escalation__reassign', 1);
    expect(view.text('.pick__for')).toBe('为问诊 WZ20261201-0002「电热水壶抽检泄漏电流不合格」选择专家（家用电器）');
    expect(wx.calls().at(-1)).toEqual({
      name: 'helpdesk',
      data: { action: 'listExperts', productCategory: '家用电器', page: 1 },
    });
    expect(view.texts('.expert__name')).toEqual(['陈建国', '林晓', '黄志']);
    // The case's own expert cannot be picked again; a full one is marked.
    expect(view.texts('.expert__current')).toEqual(['当前专家']);
    expect(view.texts('.expert__full')).toEqual(['已满，不能改派']);
    // Neither can be chosen: no confirmation opens.
    await view.tap('.expert__choose', 0);
    await view.tap('.expert__choose', 1);
    expect(wx.showModal).not.toHaveBeenCalled();
    expect(view.texts('.expert__load')).toEqual(['进行中 2 / 上限 5', '进行中 5 / 上限 5', '进行中 0 / 上限 5']);

    await view.input('.expert-query', '黄');
    await view.tap('.expert-search');
    expect(wx.calls().at(-1)).toEqual({
      name: 'helpdesk',
      data: { action: 'listExperts', productCategory: '家用电器', keyword: '黄', page: 1 },
    });
    expect(view.texts('.expert__name')).toEqual(['黄志']);

    // Cancelled at the confirmation: nothing is sent.
    await view.input('.reason', '原专家出差');
    wx.showModal.mockResolvedValueOnce({ confirm: false });
    await view.tap('.expert__choose', 0);
    expect(wx.showModal.mock.calls.at(-1)?.[0]).toMatchObject({
      title: '确认改派',
      content:
        '将问诊 WZ20261201-0002「电热水壶抽检泄漏电流不合格」改派给 黄志（高级工程师 · 广州市质量监督检测研究院 · 广州市）。' +
        '原专家 陈建国 将不再处理此问诊；问诊转为「专家处理中」，由 黄志 负责答复，企业和专家会收到通知。',
    });
    expect(wx.calls().some((c) => c.data.action === 'reassignCase')).toBe(false);

    wx.showModal.mockResolvedValueOnce({ confirm: true });
    await view.tap('.expert__choose', 0);
    await flush();
    expect(wx.calls().find((c) => c.data.action === 'reassignCase')).toEqual({
      name: 'helpdesk',
      data: { action: 'reassignCase', caseId: 'c-new', expertId: 'e-3', reason: '原专家出差' },
    });
    expect(wx.lastToast()).toBe('已改派');
    // Back on the queue, fetched again: the case has left it.
    expect(view.has('.pick__for')).toBe(false);
    expect(view.texts('.escalation__expert')).toEqual(['当前专家：尚无专家接单', '当前专家：黄志']);
    expect(view.texts('.escalation__status')).toEqual(['待专家接单', '专家处理中']);
  });

  it('a refused reassignment keeps the picker open and says why; cancelling returns to the queue', async () => {
    const wx = mockWorkWx({
      'helpdesk.escalations': ok(paged([OLDEST])),
      'helpdesk.listExperts': ok(paged([expertAdmin({ expertId: 'e-2', name: '林晓', openCases: 4 })])),
      'helpdesk.reassignCase': fail('EXPERT_AT_CAPACITY', '专家林晓已有 5 个问诊在处理，已达上限 5 个，请选择其他专家'),
    });
    const view = await renderPage('pages/admin/help-escalations/index');
    await view.tap('.escalation__reassign', 0);
    wx.showModal.mockResolvedValueOnce({ confirm: true });
    await view.tap('.expert__choose', 0);
    expect(wx.showModal.mock.calls.at(-1)?.[0].content).not.toContain('原专家');
    expect(wx.lastToast()).toBe('专家林晓已有 5 个问诊在处理，已达上限 5 个，请选择其他专家');
    expect(view.has('.pick__for')).toBe(true);

    await view.tap('.pick-cancel');
    expect(view.texts('.escalation__title')).toHaveLength(1);
  });

  it('the expert list shows its empty and error states', async () => {
    let experts = ok(paged([]));
    const wx = mockWorkWx({ 'helpdesk.escalations': ok(paged([NEWER])), 'helpdesk.listExperts': () => experts });
    const view = await renderPage('pages/admin/help-escalations/index');
    await view.tap('.escalation__reassign', 0);
    expect(view.text('.state-empty')).toBe('没有找到该类别的专家，可换个关键词');
    experts = fail('INTERNAL', '服务繁忙');
    await view.tap('.expert-search');
    expect(view.data.expertsState).toBe('error');
    expect(view.text('.state-error__text')).toBe('专家加载失败');
    expect(wx.lastToast()).toBe('服务繁忙');
  });
});
