import { paged } from '../../helpers/fixtures';
import { caseSummary } from '../../helpers/help-fixtures';
import { flush, renderPage } from '../../helpers/render';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';

// 2026-12-02 12:00 in Shanghai; the fixture's first answer is due 2026-12-03 23:59 there.
const NOW = Date.parse('2026-12-02T04:00:00.000Z');

describe('待接单问诊', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('shows loading, then the offered cases with urgency, deadline and the contact hidden; a case opens its page', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'helpdesk.expertOffers': () => answer.promise });
    const view = await renderPage('pages/expert/offers/index');
    expect(view.text('.state-loading')).toBe('正在加载待接单问诊');

    answer.resolve(
      ok(
        paged([
          caseSummary({ status: 'open', caseId: 'case-9', caseNo: 'WZ20261202-0009', urgency: 'urgent' }),
          caseSummary({
            status: 'open',
            caseId: 'case-3',
            title: '插座温升超标怎么整改',
            firstAnswerDueAt: '2026-12-01T09:59:59.999Z',
          }),
        ]),
      ),
    );
    await flush();
    expect(wx.calls()).toEqual([{ name: 'helpdesk', data: { action: 'expertOffers', page: 1 } }]);
    expect(view.text('.total')).toBe('共 2 件待接单');
    expect(view.texts('.offer__title')).toEqual(['电热水壶抽检泄漏电流不合格', '插座温升超标怎么整改']);
    expect(view.texts('.offer__urgent')).toEqual(['紧急']);
    expect(view.text('.offer__topic')).toBe('家用电器 · 抽检不合格整改');
    expect(view.text('.offer__enterprise')).toBe('佛山市顺德区美达电器有限公司 · 佛山市');
    expect(view.texts('.offer__contact')).toEqual(['联系人和电话：接单后可见', '联系人和电话：接单后可见']);
    expect(view.text('.offer')).not.toMatch(/1\d{10}/);
    // Deadlines in Asia/Shanghai, with what is left or how late it is.
    expect(view.texts('.offer__due')).toEqual(['首次答复期限 2026-12-03 23:59', '首次答复期限 2026-12-01 17:59']);
    expect(view.texts('.offer__sla')).toEqual(['剩 1 天 11 小时', '已超时 18 小时']);
    expect(view.doms('.offer__sla').map((el) => /case__sla_late/.test(el.className))).toEqual([false, true]);

    await view.tap('.offer', 0);
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/help/case/index?caseId=case-9' }),
    );
  });

  it('with no offers, explains that offers come by category and discipline', async () => {
    mockWx({ 'helpdesk.expertOffers': ok(paged([])) });
    const view = await renderPage('pages/expert/offers/index');
    expect(view.text('.state-empty')).toBe('暂时没有推送给你的问诊');
    expect(view.text('.empty-hint')).toContain('按产品类别和专业领域推送');
  });

  it('shows the error state with the server message, and retries', async () => {
    let answer: Envelope = fail('FORBIDDEN', '需要帮扶专家权限');
    const wx = mockWx({ 'helpdesk.expertOffers': () => answer });
    const view = await renderPage('pages/expert/offers/index');
    expect(view.data.state).toBe('error');
    expect(view.text('.state-error__text')).toBe('待接单问诊加载失败');
    expect(wx.lastToast()).toBe('需要帮扶专家权限');

    answer = ok(paged([caseSummary({ status: 'open' })]));
    await view.tap('#state >>> .state-retry');
    expect(view.texts('.offer__title')).toEqual(['电热水壶抽检泄漏电流不合格']);
  });

  it('back from a case (accepted there), the list is fetched again quietly', async () => {
    let items = [caseSummary({ status: 'open', caseId: 'a' }), caseSummary({ status: 'open', caseId: 'b' })];
    mockWx({ 'helpdesk.expertOffers': () => ok(paged(items)) });
    const view = await renderPage('pages/expert/offers/index');
    expect(view.doms('.offer')).toHaveLength(2);
    items = items.slice(1);
    view.instance.onShow();
    await flush();
    expect(view.doms('.offer')).toHaveLength(1);
    expect(view.data.state).toBe('ready');
  });
});
