import { paged } from '../../helpers/fixtures';
import { waitUntil } from '../../../helpers/wait';
import { flush, renderPage } from '../../helpers/render';
import { fail, mockWx, ok } from '../../helpers/wx';
import { mockCanvas, summary } from './fixtures';

const ROUTE = 'pages/checkup/history/index';

const mine = (items: ReturnType<typeof summary>[]) => ({
  ...paged(items),
  enterpriseName: '佛山市顺德区美达电器有限公司',
});

describe('历次体检', () => {
  it('draws the trend oldest to newest and lists the check-ups newest first; a row opens its result', async () => {
    const wx = mockWx({
      'checkup.mine': ok(
        mine([
          summary('c3', '2026-12-05 14:30', 86, 70),
          summary('c2', '2026-09-01 10:00', 72, 40),
          summary('c1', '2026-03-15 09:20', 61, 20),
        ]),
      ),
    });
    const canvas = mockCanvas();
    const view = await renderPage(ROUTE);
    expect(wx.calls()).toEqual([{ name: 'checkup', data: { action: 'mine', page: 1 } }]);
    expect(view.text('.page__desc')).toBe('佛山市顺德区美达电器有限公司：共 3 次体检，按体检时间排列。');
    await waitUntil(() => view.data.chartDrawn, { what: 'the chart drawn' });
    // The x axis (dates, oldest first) and the data labels (scores) are on the canvas.
    const texts = canvas.texts();
    expect(texts.indexOf('03-15')).toBeGreaterThanOrEqual(0);
    expect(texts.indexOf('03-15')).toBeLessThan(texts.indexOf('12-05'));
    expect(texts).toEqual(expect.arrayContaining(['61', '72', '86']));
    expect(view.data.trendAlt).toBe('综合得分趋势：2026-03-15 61 分，2026-09-01 72 分，2026-12-05 86 分');
    const rows = view.nodes('.checkup-history-row').map((n) => [...n.dom.children].map((c) => c.textContent!.trim()));
    expect(rows).toEqual([
      ['2026-12-05 14:30', '86', '认证'],
      ['2026-09-01 10:00', '72', '认证'],
      ['2026-03-15 09:20', '61', '认证'],
    ]);
    await view.tap('.checkup-history-row', 1);
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/checkup/result/index?checkupId=c2' }),
    );
  });

  it('one check-up: no line to draw, the table and a word about the trend', async () => {
    mockWx({ 'checkup.mine': ok(mine([summary('c1', '2026-03-15 09:20', 61)])) });
    const canvas = mockCanvas();
    const view = await renderPage(ROUTE);
    expect(view.has('.checkup-chart__canvas')).toBe(false);
    expect(canvas.calls).toHaveLength(0);
    expect(view.text('.checkup-trend-one')).toBe('再做一次体检，就能看到得分的变化趋势');
    expect(view.nodes('.checkup-history-row')).toHaveLength(1);
  });

  it('no check-up yet: the empty state with a way to start one', async () => {
    const wx = mockWx({ 'checkup.mine': ok(mine([])) });
    mockCanvas();
    const view = await renderPage(ROUTE);
    expect(view.text('.state-empty')).toBe('还没有体检记录，做一次体检看看企业的质量管理短板');
    await view.tap('.checkup-start');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/checkup/index/index' }));
  });

  it('an account without a verified enterprise sees why, and the way to bind one', async () => {
    const wx = mockWx({
      'checkup.mine': fail('ENTERPRISE_NOT_VERIFIED', '企业绑定尚未验证：验证通过后才能进行质量体检'),
    });
    mockCanvas();
    const view = await renderPage(ROUTE);
    expect(view.text('.state-empty')).toBe('企业绑定尚未验证：验证通过后才能进行质量体检');
    expect(view.has('.checkup-start')).toBe(false);
    await view.tap('.checkup-bind');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/enterprise/index' }));
  });

  it('a failure shows the error with a retry', async () => {
    let attempts = 0;
    mockWx({
      'checkup.mine': () =>
        ++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(mine([summary('c1', '2026-03-15 09:20', 61)])),
    });
    mockCanvas();
    const view = await renderPage(ROUTE);
    expect(view.text('.state-error__text')).toBe('历次体检加载失败');
    await view.tap('#state >>> .state-retry');
    await flush();
    expect(view.nodes('.checkup-history-row')).toHaveLength(1);
  });
});
