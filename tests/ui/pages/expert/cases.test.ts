import { paged } from '../../helpers/fixtures';
import { caseSummary } from '../../helpers/help-fixtures';
import { expertAdmin } from '../../helpers/help-work';
import { renderPage } from '../../helpers/render';
import { fail, mockWx, ok } from '../../helpers/wx';

const NOW = Date.parse('2026-12-05T04:00:00.000Z');

const answer = (items: ReturnType<typeof caseSummary>[], openCases = 3, maxOpenCases = 5) =>
  ok({ ...paged(items), expert: expertAdmin({ openCases, maxOpenCases }) });

describe('我的问诊 (expert)', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('shows my capacity and the cases in progress, with overdue and escalation marks', async () => {
    const wx = mockWx({
      'helpdesk.expertCases': answer([
        caseSummary({ caseId: 'late', overdue: true, escalated: true }),
        caseSummary({ caseId: 'fine', firstAnsweredAt: '2026-12-01T06:30:00.000Z' }),
      ]),
    });
    const view = await renderPage('pages/expert/cases/index');
    expect(wx.calls()).toEqual([{ name: 'helpdesk', data: { action: 'expertCases', status: 'accepted', page: 1 } }]);
    expect(view.text('.capacity')).toBe('进行中 3 / 上限 5');
    expect(view.has('.capacity-full')).toBe(false);
    expect(view.texts('.case__status')).toEqual(['专家处理中', '专家处理中']);
    expect(view.texts('.case__overdue')).toEqual(['已超时']);
    expect(view.texts('.case__escalated')).toEqual(['已转督办']);
    expect(view.texts('.case__sla')).toEqual(['已超时 1 天 12 小时', '已于 2026-12-01 14:30 首次答复']);

    await view.tap('.case', 1);
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/help/case/index?caseId=fine' }));
  });

  it('switches status tabs; 全部 asks without a status; each tab has its own empty text', async () => {
    const wx = mockWx({
      'helpdesk.expertCases': (data) =>
        data.status === 'resolved'
          ? answer([caseSummary({ status: 'resolved', caseId: 'r' })], 1)
          : data.status
            ? answer([], 1)
            : answer([caseSummary({ status: 'withdrawn', caseId: 'w' })], 1),
    });
    const view = await renderPage('pages/expert/cases/index');
    expect(view.text('.state-empty')).toBe('没有处理中的问诊');
    expect(view.texts('.tab')).toEqual(['处理中', '待企业确认', '已解决', '全部']);

    await view.tap('.tab', 1);
    expect(view.text('.state-empty')).toBe('没有待企业确认的问诊');
    await view.tap('.tab', 2);
    expect(view.texts('.case__status')).toEqual(['已解决']);
    await view.tap('.tab', 3);
    expect(view.texts('.case__status')).toEqual(['已撤回']);
    expect(wx.calls().map((c) => c.data.status)).toEqual(['accepted', 'closing', 'resolved', undefined]);
  });

  it('at capacity, says that no new cases are offered', async () => {
    mockWx({ 'helpdesk.expertCases': answer([caseSummary()], 5, 5) });
    const view = await renderPage('pages/expert/cases/index');
    expect(view.text('.capacity')).toBe('进行中 5 / 上限 5');
    expect(view.has('.capacity_full')).toBe(true);
    expect(view.text('.capacity-full')).toBe('已达接单上限，新问诊暂不会推送给你');
  });

  it('shows the error state when my cases cannot be loaded, and links to the offers otherwise', async () => {
    const failing = mockWx({ 'helpdesk.expertCases': fail('INTERNAL', '服务繁忙') });
    const broken = await renderPage('pages/expert/cases/index');
    expect(broken.data.state).toBe('error');
    expect(failing.lastToast()).toBe('服务繁忙');
    expect(broken.has('.offers')).toBe(false);

    const wx = mockWx({ 'helpdesk.expertCases': answer([]) });
    const view = await renderPage('pages/expert/cases/index');
    await view.tap('.offers');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/expert/offers/index' }));
  });
});
