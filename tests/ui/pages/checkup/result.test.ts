import { waitUntil } from '../../../helpers/wait';
import { flush, renderPage } from '../../helpers/render';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';
import { checkupView, mockCanvas } from './fixtures';

const ROUTE = 'pages/checkup/result/index';

describe('体检结果', () => {
  it('shows the overall score, the radar chart drawn on the canvas and the same numbers in a table', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'checkup.get': () => answer.promise });
    const canvas = mockCanvas();
    const view = await renderPage(ROUTE, { checkupId: 'chk-1' });
    expect(view.text('.state-loading')).toBe('正在加载体检结果');
    const result = checkupView();
    answer.resolve(ok(result));
    await flush();
    expect(wx.calls()).toEqual([{ name: 'checkup', data: { action: 'get', checkupId: 'chk-1' } }]);
    expect(view.text('.checkup-overall__value')).toBe(`${result.overall} 分 · 良好`);
    expect(view.dom('.checkup-overall__value')?.className).toMatch(/level_good/);
    expect(view.text('.checkup-time')).toBe('体检时间：2026-12-05 14:30 · 问卷 2026.1 版');

    // uCharts drew the radar: the canvas was sized for the pixel ratio and every dimension's name written on it.
    await waitUntil(() => view.data.chartDrawn, { what: 'the chart drawn' });
    expect(canvas.node).toMatchObject({ width: 686, height: 618 });
    expect(canvas.texts()).toEqual(expect.arrayContaining(['质量管理体系', '计量', '出口合规']));
    expect(canvas.calls.filter((c) => c.op === 'stroke').length).toBeGreaterThan(3);
    expect(view.data.chartAlt).toMatch(/^各维度得分雷达图：质量管理体系 100 分，标准 100 分，计量 3 分，/);

    const rows = view.nodes('.checkup-score-row').map((n) => [...n.dom.children].map((c) => c.textContent!.trim()));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual(['质量管理体系', '100', '良好']);
    expect(rows[2]).toEqual(['计量', '3', '薄弱']);
    expect(view.texts('.section-title')[0]).toBe('各维度得分');
    // 计量's four scored questions answered worst (ME04's last option is 不适用): four findings.
    expect(view.texts('.checkup-finding')).toHaveLength(4);
    expect(view.text('.checkup-finding__text')).toBe(
      '测量设备从未检定或校准，检验数据不可信，建议尽快送计量机构检定或校准。',
    );
    expect(view.text('.checkup-finding__answer')).toBe('您的回答：从未检定或校准');
  });

  it('offers the next steps: a prefilled case on the weakest dimension, vouchers when open, hospitals, the red list', async () => {
    const wx = mockWx({
      'checkup.get': ok(
        checkupView({
          nextSteps: {
            ...checkupView().nextSteps,
            voucherCampaign: {
              campaignId: 'c-1',
              title: '2026 年广东省产品检测券',
              closesAt: '2026-12-20T10:00:00.000Z',
              path: '/pages/voucher/campaign/index?campaignId=c-1',
            },
          },
        }),
      ),
    });
    mockCanvas();
    const view = await renderPage(ROUTE, { checkupId: 'chk-1' });
    expect(view.text('.checkup-next-case')).toContain('“计量”得分最低');
    await view.tap('.checkup-open-case');
    expect(wx.navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({
        url: `/pages/help/case-form/index?problemType=standards&title=${encodeURIComponent('质量体检：计量方面需要帮扶')}`,
      }),
    );
    expect(view.text('.checkup-next-voucher')).toContain('“2026 年广东省产品检测券”正在申领，2026-12-20 截止');
    await view.tap('.checkup-voucher');
    expect(wx.navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: '/pages/voucher/campaign/index?campaignId=c-1' }),
    );
    await view.tap('.checkup-hospitals');
    expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/home/hospitals/index' }));
    expect(view.text('.checkup-redlist')).toBe('最近一次不合格 2024-05-12，2027-05-12 起可进入三年榜');
  });

  it('without an open campaign or a weak dimension those steps are left out; a listed enterprise shows its tier', async () => {
    mockWx({
      'checkup.get': ok(
        checkupView({
          findings: [],
          weakest: null,
          nextSteps: {
            ...checkupView().nextSteps,
            openCase: null,
            redlist: {
              status: 'listed',
              tier: 'five',
              tierLabel: '五年榜',
              years: 7,
              version: '2026-11',
              lastFailAt: null,
              eligibleFrom: null,
              text: '已列入红榜五年榜（2026-11 期，连续 7 年抽检无不合格）',
            },
          },
        }),
      ),
    });
    mockCanvas();
    const view = await renderPage(ROUTE, { checkupId: 'chk-1' });
    expect(view.has('.checkup-next-case')).toBe(false);
    expect(view.has('.checkup-next-voucher')).toBe(false);
    expect(view.text('.checkup-no-findings')).toBe('本次体检没有发现明显问题，请继续保持。');
    expect(view.text('.checkup-redlist__tier')).toBe('五年榜');
  });

  it('when the chart cannot draw, says so and keeps the table', async () => {
    mockWx({ 'checkup.get': ok(checkupView()) });
    mockCanvas({ available: false });
    const view = await renderPage(ROUTE, { checkupId: 'chk-1' });
    await waitUntil(() => view.data.chartFailed, { what: 'the chart given up' });
    expect(view.text('.checkup-chart__failed')).toBe('图表暂时无法显示，各维度得分见下表');
    expect(view.nodes('.checkup-score-row')).toHaveLength(8);
  });

  it('another enterprise’s (or no) check-up: the empty state; a failure: the error with a retry', async () => {
    mockWx({ 'checkup.get': fail('NOT_FOUND', '体检记录不存在') });
    mockCanvas();
    const missing = await renderPage(ROUTE, { checkupId: 'chk-x' });
    expect(missing.text('.state-empty')).toBe('没有找到这次体检');

    let attempts = 0;
    mockWx({ 'checkup.get': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(checkupView())) });
    mockCanvas();
    const view = await renderPage(ROUTE, { checkupId: 'chk-1' });
    expect(view.text('.state-error__text')).toBe('体检结果加载失败');
    await view.tap('#state >>> .state-retry');
    await flush();
    expect(view.nodes('.checkup-score-row')).toHaveLength(8);
  });
});
