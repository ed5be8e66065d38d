import { flush, renderPage } from '../../helpers/render';
import { paged } from '../../helpers/fixtures';
import { caseSummary } from '../../helpers/help-fixtures';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';

const ROUTE = 'pages/help/my-cases/index';
const page = (items: ReturnType<typeof caseSummary>[], openCount = items.length, total = items.length) =>
  ok({ ...paged(items, 1, 20, total), openCount });

describe('我的问诊 (help/my-cases)', () => {
  it('shows loading, then the cases with status, expert and the first-answer deadline', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'helpdesk.myCases': () => answer.promise });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-loading')).toBe('正在加载问诊');
    answer.resolve(
      page(
        [
          caseSummary({ caseId: 'a', status: 'open', urgency: 'urgent' }),
          caseSummary({
            caseId: 'b',
            status: 'resolved',
            title: '插座标准理解',
            firstAnsweredAt: '2026-12-01T08:00:00Z',
          }),
        ],
        1,
      ),
    );
    await flush();
    expect(wx.calls()).toEqual([{ name: 'helpdesk', data: { action: 'myCases', page: 1 } }]);
    expect(view.text('.open-count')).toBe('处理中 1 个，最多可同时 5 个');
    expect(view.texts('.case__status')).toEqual(['待专家接单', '已解决']);
    expect(view.texts('.case__urgent')).toEqual(['紧急']);
    expect(view.texts('.case__expert')).toEqual(['等待专家接单', '专家：陈建国（广东省家用电器产品医院）']);
    // Only a case still waiting for its first answer shows the deadline (Asia/Shanghai).
    expect(view.texts('.case__due')).toEqual(['首次答复期限 2026-12-03 23:59']);
  });

  it('a status tab asks for that status only, and says when it has none', async () => {
    const wx = mockWx({
      'helpdesk.myCases': (data) => (data.status === 'closing' ? page([], 0) : page([caseSummary()])),
    });
    const view = await renderPage(ROUTE);
    expect(view.texts('.status-tab')).toEqual(['全部', '待专家接单', '专家处理中', '待确认解决', '已解决', '已撤回']);
    await view.tap('.status-tab', 3);
    expect(wx.calls().at(-1)).toEqual({ name: 'helpdesk', data: { action: 'myCases', status: 'closing', page: 1 } });
    expect(view.text('.state-empty')).toBe('没有“待确认解决”的问诊');
    expect(view.has('.empty-cta')).toBe(false);
  });

  it('without any case: says so and offers to open one', async () => {
    const wx = mockWx({ 'helpdesk.myCases': page([], 0) });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-empty')).toBe('还没有问诊');
    expect(view.text('.empty-cta__hint')).toContain('技术专家免费帮你分析');
    await view.tap('.open-case');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/help/case-form/index' }));
  });

  it('a failure shows the error state and retries', async () => {
    let attempts = 0;
    mockWx({ 'helpdesk.myCases': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : page([caseSummary()])) });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-error__text')).toBe('问诊加载失败');
    await view.tap('#state >>> .state-retry');
    expect(view.texts('.case__name')).toEqual(['电热水壶抽检泄漏电流不合格']);
  });

  it('opens a case, and loads the next page on 加载更多', async () => {
    const wx = mockWx({
      'helpdesk.myCases': (data) =>
        data.page === 1
          ? page([caseSummary({ caseId: 'a' })], 1, 2)
          : ok({ ...paged([caseSummary({ caseId: 'b', title: '第二页的问诊' })], 2, 20, 2), openCount: 1 }),
    });
    const view = await renderPage(ROUTE);
    await view.tap('.case');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/help/case/index?caseId=a' }));
    await view.tap('.more');
    expect(view.texts('.case__name')).toEqual(['电热水壶抽检泄漏电流不合格', '第二页的问诊']);
    expect(view.text('.list-end')).toBe('没有更多了');
  });
});
