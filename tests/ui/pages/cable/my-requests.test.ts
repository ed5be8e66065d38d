import { paged } from '../../helpers/fixtures';
import { flush, renderPage } from '../../helpers/render';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';
import { requestDoc, summary } from '../../helpers/cable-fixtures';

const ROUTE = 'pages/cable/my-requests/index';

const list = (docs: ReturnType<typeof requestDoc>[], page = 1, total = docs.length, openCount = 1) => ({
  ...paged(docs.map(summary), page, 20, total),
  openCount,
  maxOpen: 5,
});

describe('我的筛查申请', () => {
  it('shows loading, then each request with its status, verdict and days', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'cable.myRequests': () => answer.promise });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-loading')).toBe('正在加载筛查申请');
    answer.resolve(
      ok(
        list(
          [
            requestDoc('accepted', { id: 'r-accepted', submittedDaysAgo: 4 }),
            requestDoc('completed', { id: 'r-done', submittedDaysAgo: 10 }),
            requestDoc('submitted', {
              id: 'r-new',
              submittedDaysAgo: 0,
              fields: {
                preferredHospitalId: null,
                cable: { ...requestDoc().cable, type: 'YJV', cores: 3, crossSection: 95 },
              },
            }),
          ],
          1,
          3,
          2,
        ),
      ),
    );
    await flush();
    expect(wx.calls()).toEqual([{ name: 'cable', data: { action: 'myRequests', page: 1 } }]);
    expect(view.text('.open-count')).toBe('处理中 2 个，最多可同时 5 个');
    expect(view.texts('.request__status')).toEqual(['已受理', '已完成', '已提交']);
    expect(view.texts('.request__verdict')).toEqual(['不合格']);
    const [waiting, closed, fresh] = view.texts('.request__days');
    expect([waiting, fresh]).toEqual(['已等待 4 天', '今天提交']);
    // Closed a few hours after it was submitted: same day, or the next when that crossed midnight.
    expect(closed).toMatch(/^(当天办结|用时 1 天)$/);
    expect(view.texts('.request__cable')[2]).toBe('YJV 3×95mm² 粤星 · 广州市');
    expect(view.texts('.request__hospital')).toEqual([
      '产品医院：广东省电线电缆产品医院',
      '产品医院：广东省电线电缆产品医院',
    ]);
    expect(view.text('.list-end')).toBe('没有更多了');
  });

  it('opens a request', async () => {
    const wx = mockWx({ 'cable.myRequests': ok(list([requestDoc('submitted', { id: 'r-42' })])) });
    const view = await renderPage(ROUTE);
    await view.tap('.request');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/cable/request/index?requestId=r-42' }),
    );
  });

  it('shows the empty state with a way to apply', async () => {
    const wx = mockWx({ 'cable.myRequests': ok(list([], 1, 0, 0)) });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-empty')).toBe('还没有筛查申请');
    await view.tap('.apply');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/cable/submit/index' }));
  });

  it('shows an error and retries', async () => {
    let attempts = 0;
    const wx = mockWx({
      'cable.myRequests': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(list([requestDoc()]))),
    });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-error__text')).toBe('筛查申请加载失败');
    expect(wx.lastToast()).toBe('服务繁忙');
    expect(view.has('.apply')).toBe(false);
    await view.tap('#state >>> .state-retry');
    expect(view.texts('.request__status')).toEqual(['已提交']);
  });

  it('pages through the list without repeating rows, and keeps it when a page fails', async () => {
    const first = Array.from({ length: 20 }, (_, i) => requestDoc('submitted', { id: `r-${i}` }));
    const second = [requestDoc('submitted', { id: 'r-19' }), requestDoc('completed', { id: 'r-20' })];
    let failNext = true;
    const wx = mockWx({
      'cable.myRequests': (data) => {
        if (data.page === 1) return ok(list(first, 1, 21));
        if (failNext) {
          failNext = false;
          return fail('INTERNAL', '网络繁忙');
        }
        return ok(list(second, 2, 21));
      },
    });
    const view = await renderPage(ROUTE);
    expect(view.doms('.request')).toHaveLength(20);
    await view.tap('.more');
    expect(wx.lastToast()).toBe('网络繁忙');
    expect(view.doms('.request')).toHaveLength(20);
    view.instance.onReachBottom();
    await flush();
    expect(wx.calls().map((c) => c.data.page)).toEqual([1, 2, 2]);
    expect(view.doms('.request')).toHaveLength(21);
    expect(view.has('.more')).toBe(false);
  });

  it('refreshes when shown again (e.g. after cancelling a request)', async () => {
    let reads = 0;
    mockWx({
      'cable.myRequests': () => ok(list([requestDoc(++reads === 1 ? 'submitted' : 'cancelled', { id: 'r-1' })])),
    });
    const view = await renderPage(ROUTE);
    expect(view.texts('.request__status')).toEqual(['已提交']);
    view.pageLifetime('show');
    await flush();
    expect(view.texts('.request__status')).toEqual(['已撤销']);
  });
});
