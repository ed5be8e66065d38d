import { flush, renderPage } from '../../helpers/render';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';
import { MEIDA_USCC, detail } from '../../helpers/redlist-fixtures';

const DETAIL = 'pages/redlist/detail/index';

const hasClass = (el: Element | null, name: string) =>
  Array.from(el?.classList ?? []).some((c) => c === name || c.endsWith(`--${name}`));

/** The texts of the `name` elements inside each of `rows`, one array per row. */
const cellsOf = (rows: HTMLElement[], name: string) =>
  rows.map((row) =>
    Array.from(row.querySelectorAll('*'))
      .filter((el) => hasClass(el, name))
      .map((el) => (el.textContent ?? '').trim()),
  );

describe('红榜 enterprise detail', () => {
  it('asks for the version of the link, shows loading, then the enterprise', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'redlist.detail': () => answer.promise });
    const view = await renderPage(DETAIL, { uscc: MEIDA_USCC, version: '2025-10' });
    expect(view.text('.state-loading')).toBe('正在加载企业信息');
    answer.resolve(ok(detail()));
    await flush();

    expect(wx.calls()).toEqual([{ name: 'redlist', data: { action: 'detail', uscc: MEIDA_USCC, version: '2025-10' } }]);
    expect(view.text('.hero__tier')).toBe('十年榜');
    expect(hasClass(view.dom('.hero__tier'), 'tier_ten')).toBe(true);
    expect(view.text('.hero__name')).toBe('佛山市顺德区美达电器有限公司');
    expect(view.text('.hero__span')).toBe('2012-05-01 起连续 13 年无不合格');
    expect(view.text('.hero__as-of')).toBe('2025-10 期红榜 · 评估日期 2025年10月31日');
    expect(view.text('.fact__years')).toBe('13 年');
    expect(view.text('.fact__last')).toBe('2024-08-01');
    expect(view.text('.fact__count')).toBe('5 次');
    expect(view.text('.fact__uscc')).toBe(MEIDA_USCC);
    expect(view.text('.fact__city')).toBe('佛山市');
    expect(view.text('.fact__categories')).toBe('家用电器、电线电缆');
    expect(view.text('.fact__former')).toBe('佛山市顺德区美达电器厂');
  });

  it('asks for the latest version when the link names none', async () => {
    const wx = mockWx({ 'redlist.detail': ok(detail()) });
    await renderPage(DETAIL, { uscc: MEIDA_USCC });
    expect(wx.calls()).toEqual([{ name: 'redlist', data: { action: 'detail', uscc: MEIDA_USCC } }]);
  });

  it('draws inspections per year as bars, years without one at zero, with a text alternative', async () => {
    mockWx({ 'redlist.detail': ok(detail()) });
    const view = await renderPage(DETAIL, { uscc: MEIDA_USCC });
    const years = view.texts('.bar__year');
    expect(years).toEqual(Array.from({ length: 14 }, (_, i) => String(2012 + i)));
    const counts = view.texts('.bar__count').map(Number);
    expect(counts.filter((n) => n > 0)).toEqual([1, 2, 1, 1]);
    expect(counts[years.indexOf('2014')]).toBe(2);
    expect(counts[years.indexOf('2025')]).toBe(0);
    // Bar length relative to the busiest year (2014: two inspections).
    const widths = view.doms('.bar__fill').map((el) => el.getAttribute('style'));
    expect(widths[years.indexOf('2014')]).toContain('width: 100%');
    expect(widths[years.indexOf('2012')]).toContain('width: 50%');
    expect(widths[years.indexOf('2013')]).toContain('width: 0%');
    expect(view.data.detail.barsSummary).toBe(
      '连续无不合格期间共抽检 5 次：2012 年 1 次，2013 年 0 次，2014 年 2 次，2015 年 0 次，2016 年 0 次，2017 年 0 次，' +
        '2018 年 1 次，2019 年 0 次，2020 年 0 次，2021 年 0 次，2022 年 0 次，2023 年 0 次，2024 年 1 次，2025 年 0 次',
    );
    expect(view.text('.chart__note')).toContain('2012-05-01 至 2025-10-31');
  });

  it('shows inspections per level: totals and a table per year', async () => {
    mockWx({ 'redlist.detail': ok(detail()) });
    const view = await renderPage(DETAIL, { uscc: MEIDA_USCC });
    expect(view.texts('.level-total')).toEqual(['国家级 1 次', '省级 1 次', '市级 2 次', '县级 1 次']);
    expect(cellsOf(view.doms('.table__row_head'), 'table__cell')).toEqual([['年份', '国家', '省', '市', '县', '合计']]);
    expect(cellsOf(view.doms('.level-row'), 'table__cell')).toEqual([
      ['2012', '1', '0', '0', '0', '1'],
      ['2014', '0', '1', '1', '0', '2'],
      ['2018', '0', '0', '1', '0', '1'],
      ['2024', '0', '0', '0', '1', '1'],
    ]);
  });

  it('shows the tier in every version and opens another listed version', async () => {
    const wx = mockWx({ 'redlist.detail': ok(detail()) });
    const view = await renderPage(DETAIL, { uscc: MEIDA_USCC, version: '2025-10' });
    expect(view.texts('.history-row__version')).toEqual(['2025-12', '2025-10', '2025-09']);
    expect(view.texts('.history-row__date')).toEqual(['2025年12月31日', '2025年10月31日', '2025年9月30日']);
    expect(view.texts('.history-row__tier')).toEqual(['十年榜', '十年榜', '未列入']);
    expect(cellsOf(view.doms('.history-row'), 'history-row__current')).toEqual([[], ['当前查看'], []]);
    // Only another version where it is listed opens.
    await view.tap('.history-row', 1);
    await view.tap('.history-row', 2);
    expect(wx.navigateTo).not.toHaveBeenCalled();
    await view.tap('.history-row', 0);
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: `/pages/redlist/detail/index?uscc=${MEIDA_USCC}&version=2025-12` }),
    );
  });

  it('names the version and date the data comes from, and links objections to the about page', async () => {
    const wx = mockWx({ 'redlist.detail': ok(detail()) });
    const view = await renderPage(DETAIL, { uscc: MEIDA_USCC });
    expect(view.text('.source')).toBe(
      '数据来源：2025-10 期红榜（评估日期 2025年10月31日，发布于 2025-11-02），依据各级市场监管部门依法公示的产品质量监督抽查结果。',
    );
    expect(view.text('.objection__link')).toBe('如对榜单信息有异议，可向省市场监管局提出');
    await view.tap('.objection__link');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/redlist/about/index?section=objection' }),
    );
  });

  it('leaves out what the enterprise does not have', async () => {
    mockWx({
      'redlist.detail': ok(detail({ formerNames: [], categories: [], city: null, publishedAt: null })),
    });
    const view = await renderPage(DETAIL, { uscc: MEIDA_USCC });
    expect(view.has('.fact__former')).toBe(false);
    expect(view.has('.fact__categories')).toBe(false);
    expect(view.text('.fact__city')).toBe('未知');
    expect(view.text('.source')).not.toContain('发布于');
  });

  it('shows the server’s reason when the enterprise is not listed, with a way back to the search', async () => {
    const wx = mockWx({
      'redlist.detail': fail('NOT_FOUND', '该企业未列入 2025-10 期红榜（评估日期 2025-10-31）'),
    });
    const view = await renderPage(DETAIL, { uscc: MEIDA_USCC });
    expect(view.text('.state-empty')).toBe('该企业未列入 2025-10 期红榜（评估日期 2025-10-31）');
    expect(view.text('.not-found')).toContain('未列入不代表产品不合格');
    expect(wx.showToast).not.toHaveBeenCalled();
    await view.tap('.search-again');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/redlist/search/index' }));
  });

  it('shows an error with a retry', async () => {
    let calls = 0;
    const wx = mockWx({
      'redlist.detail': () => (++calls === 1 ? fail('INTERNAL', '服务繁忙，请稍后重试') : ok(detail())),
    });
    const view = await renderPage(DETAIL, { uscc: MEIDA_USCC });
    expect(view.text('.state-error__text')).toBe('企业信息加载失败');
    expect(wx.lastToast()).toBe('服务繁忙，请稍后重试');
    expect(view.has('.not-found')).toBe(false);
    await view.tap('#state >>> .state-retry');
    expect(view.text('.hero__tier')).toBe('十年榜');
  });
});

describe('红榜 enterprise detail: codes and sharing', () => {
  it('opens the entry of a scanned poster code (scene u=<USCC>) in the latest version', async () => {
    const wx = mockWx({ 'redlist.detail': ok(detail()) });
    await renderPage(DETAIL, { scene: encodeURIComponent(`u=${MEIDA_USCC}`), version: '2020-01' });
    expect(wx.calls()).toEqual([{ name: 'redlist', data: { action: 'detail', uscc: MEIDA_USCC } }]);
  });

  it('shares a card that names the enterprise and its tier and opens the same entry', async () => {
    mockWx({ 'redlist.detail': ok(detail()) });
    const showShareMenu = jest.fn();
    Object.assign((globalThis as unknown as { wx: object }).wx, { showShareMenu });
    const view = await renderPage(DETAIL, { uscc: MEIDA_USCC });
    expect(showShareMenu).toHaveBeenCalledWith({ menus: ['shareAppMessage', 'shareTimeline'] });
    expect(view.instance.onShareAppMessage()).toEqual({
      title: '佛山市顺德区美达电器有限公司：广东省产品质量红榜十年榜',
      path: `/pages/redlist/detail/index?uscc=${MEIDA_USCC}`,
    });
    expect(view.instance.onShareTimeline()).toEqual({
      title: '佛山市顺德区美达电器有限公司：广东省产品质量红榜十年榜',
      query: `uscc=${MEIDA_USCC}`,
    });
  });

  it('keeps the version of a versioned link in the card, and offers the poster only for the latest', async () => {
    mockWx({ 'redlist.detail': ok(detail()) });
    const view = await renderPage(DETAIL, { uscc: MEIDA_USCC, version: '2025-10' });
    expect(view.instance.onShareAppMessage()).toEqual({
      title: '佛山市顺德区美达电器有限公司：广东省产品质量红榜十年榜（2025-10 期）',
      path: `/pages/redlist/detail/index?uscc=${MEIDA_USCC}&version=2025-10`,
    });
    expect(view.doms('.poster-button')).toHaveLength(0);
  });

  it('opens the poster page of the enterprise', async () => {
    const wx = mockWx({ 'redlist.detail': ok(detail()) });
    const view = await renderPage(DETAIL, { uscc: MEIDA_USCC });
    await view.tap('.poster-button');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: `/pages/redlist/poster/index?uscc=${MEIDA_USCC}` }),
    );
  });
});
