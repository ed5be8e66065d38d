import { paged } from '../../helpers/fixtures';
import { flush, renderPage } from '../../helpers/render';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';
import { requestDoc, summary } from '../../helpers/cable-fixtures';

const ROUTE = 'pages/hospital/screening/index';
const COUNTS = { submitted: 2, accepted: 1, sample_received: 0, screening: 1, completed: 7, rejected: 1, cancelled: 0 };

const queue = (docs: ReturnType<typeof requestDoc>[], page = 1, total = docs.length) => ({
  ...paged(docs.map(summary), page, 20, total),
  hospitalId: 'gd-cable',
  counts: COUNTS,
});

describe('筛查工作台', () => {
  it('shows loading, then the queue with masked contacts and days waiting', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'hospital.screeningQueue': () => answer.promise });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-loading')).toBe('正在加载筛查申请');
    answer.resolve(
      ok(
        queue([
          requestDoc('submitted', { id: 'r-old', submittedDaysAgo: 6 }),
          requestDoc('submitted', { id: 'r-any', submittedDaysAgo: 2, fields: { preferredHospitalId: null } }),
          requestDoc('accepted', { id: 'r-acc', submittedDaysAgo: 1 }),
        ]),
      ),
    );
    await flush();
    expect(wx.calls()).toEqual([{ name: 'hospital', data: { action: 'screeningQueue', page: 1 } }]);
    expect(view.texts('.request__contact')[0]).toBe('林** 138****8000 · 广州市');
    expect(view.text()).not.toContain('13800138000');
    expect(view.texts('.request__days')).toEqual(['已等待 6 天', '已等待 2 天', '已等待 1 天']);
    expect(view.texts('.request__claim')).toEqual(['申请人指定本院', '未指定医院，可受理']);
    expect(view.texts('.request__status')).toEqual(['已提交', '已提交', '已受理']);
  });

  it('has a tab per status with counts, and filters by it', async () => {
    const wx = mockWx({
      'hospital.screeningQueue': (data) =>
        ok(queue(data.status === 'completed' ? [requestDoc('completed', { id: 'r-done' })] : [requestDoc()])),
    });
    const view = await renderPage(ROUTE);
    expect(view.texts('.tab__label')).toEqual([
      '待处理',
      '已提交',
      '已受理',
      '已收样',
      '筛查中',
      '已完成',
      '未受理',
      '已撤销',
    ]);
    // 待处理 = every open status.
    expect(view.texts('.tab__count')).toEqual(['4', '2', '1', '1', '7', '1']);
    await view.tap('.tab', 5);
    expect(wx.calls()[1]).toEqual({
      name: 'hospital',
      data: { action: 'screeningQueue', status: 'completed', page: 1 },
    });
    expect(view.texts('.request__verdict')).toEqual(['不合格']);
    expect(view.dom('.tab_selected')?.textContent).toContain('已完成');
  });

  it('opens a request', async () => {
    const wx = mockWx({ 'hospital.screeningQueue': ok(queue([requestDoc('submitted', { id: 'r-7' })])) });
    const view = await renderPage(ROUTE);
    await view.tap('.request');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/hospital/screening-detail/index?requestId=r-7' }),
    );
  });

  it('shows the empty state', async () => {
    mockWx({ 'hospital.screeningQueue': ok(queue([])) });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-empty')).toBe('当前没有筛查申请');
  });

  it('tells a non-staff user why the queue is closed', async () => {
    mockWx({ 'hospital.screeningQueue': fail('FORBIDDEN', '需要产品医院工作人员权限') });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-error__text')).toBe('需要产品医院工作人员权限');
  });

  it('pages with 加载更多 and refreshes when shown again', async () => {
    const first = Array.from({ length: 20 }, (_, i) => requestDoc('submitted', { id: `r-${i}` }));
    let showAccepted = false;
    const wx = mockWx({
      'hospital.screeningQueue': (data) =>
        data.page === 1
          ? ok(queue(showAccepted ? [requestDoc('accepted', { id: 'r-0' })] : first, 1, showAccepted ? 1 : 21))
          : ok(queue([requestDoc('submitted', { id: 'r-20' })], 2, 21)),
    });
    const view = await renderPage(ROUTE);
    await view.tap('.more');
    expect(view.doms('.request')).toHaveLength(21);
    expect(view.has('.more')).toBe(false);
    showAccepted = true;
    view.pageLifetime('show');
    await flush();
    expect(view.texts('.request__status')).toEqual(['已受理']);
    expect(wx.calls().map((c) => c.data.page)).toEqual([1, 2, 1]);
  });
});
