import { flush, renderPage } from '../helpers/render';
import { deferred, fail, mockWx, ok, type Envelope } from '../helpers/wx';
import { MEIDA_USCC, stats, version } from '../helpers/redlist-fixtures';

const TAB = 'pages/redlist-tab/index';
const navigatedTo = (wx: ReturnType<typeof mockWx>) =>
  wx.navigateTo.mock.calls.map(([o]) => (o as { url: string }).url);

describe('红榜 tab', () => {
  it('shows loading, then the latest version with counts per tier', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'redlist.stats': () => answer.promise });
    const view = await renderPage(TAB);
    expect(view.text('.page__title')).toBe('红榜');
    expect(view.text('.intro')).toContain('连续 3 年及以上');
    expect(view.text('.state-loading')).toBe('正在加载最新一期红榜');

    answer.resolve(ok(stats()));
    await flush();
    expect(wx.calls()).toEqual([{ name: 'redlist', data: { action: 'stats' } }]);
    expect(view.text('.overview__version-name')).toBe('2025-10 期');
    expect(view.text('.overview__as-of')).toBe('评估日期 2025年10月31日');
    expect(view.text('.overview__total')).toBe('共 5,416 家企业');
    expect(view.texts('.tile__label')).toEqual(['十年榜', '五年榜', '三年榜']);
    expect(view.texts('.tile__count')).toEqual(['936 家', '1,534 家', '2,946 家']);
    expect(view.texts('.tile__rule')).toEqual(['连续 10 年以上', '连续 5 年以上', '连续 3 年以上']);
    // Colour per tier, and the name in text.
    expect(view.doms('.tile__label').map((el) => Array.from(el.classList).some((c) => c.endsWith('tier_ten')))).toEqual(
      [true, false, false],
    );
    expect(view.text('.changes')).toBe('较上一期（2025-09）新进入 120 家、退出 15 家');
  });

  it('leaves out the comparison for the first version', async () => {
    mockWx({
      'redlist.stats': ok(stats({ changes: { ...version().changes, previousVersion: null } })),
    });
    const view = await renderPage(TAB);
    expect(view.has('.overview__total')).toBe(true);
    expect(view.has('.changes')).toBe(false);
  });

  it('shows an empty state before the first publication', async () => {
    const wx = mockWx({ 'redlist.stats': fail('NOT_FOUND', '红榜尚未发布') });
    const view = await renderPage(TAB);
    expect(view.text('.state-empty')).toBe('红榜尚未发布，发布后会在这里显示');
    expect(wx.showToast).not.toHaveBeenCalled();
    // The search box still works.
    expect(view.has('.query')).toBe(true);
  });

  it('shows an error with a retry', async () => {
    let calls = 0;
    const wx = mockWx({
      'redlist.stats': () => (++calls === 1 ? fail('INTERNAL', '服务繁忙，请稍后重试') : ok(stats())),
    });
    const view = await renderPage(TAB);
    expect(view.text('.state-error__text')).toBe('红榜加载失败');
    expect(wx.lastToast()).toBe('服务繁忙，请稍后重试');
    await view.tap('#state >>> .state-retry');
    expect(view.text('.overview__total')).toBe('共 5,416 家企业');
    expect(calls).toBe(2);
  });

  it('opens the search with what was typed', async () => {
    const wx = mockWx({ 'redlist.stats': ok(stats()) });
    const view = await renderPage(TAB);
    await view.tap('.search-submit');
    await view.input('.query', '  美达 ');
    await view.trigger('.query', 'confirm', { value: '  美达 ' });
    expect(navigatedTo(wx)).toEqual([
      '/pages/redlist/search/index',
      `/pages/redlist/search/index?q=${encodeURIComponent('美达')}`,
    ]);
  });

  it('checks an 18-character code as typed and does not search with a wrong one', async () => {
    const wx = mockWx({ 'redlist.stats': ok(stats()) });
    const view = await renderPage(TAB);
    await view.input('.query', MEIDA_USCC.slice(0, 10));
    expect(view.text('.query-hint')).toBe('如为统一社会信用代码，还需输入 8 位');

    const wrong = MEIDA_USCC.slice(0, 17) + (MEIDA_USCC[17] === '0' ? '1' : '0');
    await view.input('.query', wrong);
    expect(view.text('.query-hint')).toBe('统一社会信用代码有误：校验位不符，请核对营业执照上的代码');
    await view.tap('.search-submit');
    expect(wx.navigateTo).not.toHaveBeenCalled();

    await view.input('.query', MEIDA_USCC.toLowerCase());
    expect(view.text('.query-hint')).toBe('统一社会信用代码校验通过');
    await view.tap('.search-submit');
    expect(navigatedTo(wx)).toEqual([`/pages/redlist/search/index?q=${MEIDA_USCC.toLowerCase()}`]);
  });

  it('clears the box', async () => {
    mockWx({ 'redlist.stats': ok(stats()) });
    const view = await renderPage(TAB);
    await view.input('.query', '91440606ABC');
    expect(view.has('.clear')).toBe(true);
    await view.tap('.clear');
    expect(view.data.query).toBe('');
    expect(view.text('.query-hint')).toBe('');
    expect(view.has('.clear')).toBe(false);
  });

  it('opens the search filtered by a tier, the whole list, and the about page', async () => {
    const wx = mockWx({ 'redlist.stats': ok(stats()) });
    const view = await renderPage(TAB);
    await view.tap('.tile', 1);
    await view.tap('.browse');
    await view.tap('.changes');
    await view.tap('.about');
    expect(navigatedTo(wx)).toEqual([
      '/pages/redlist/search/index?tier=five',
      '/pages/redlist/search/index',
      '/pages/redlist/about/index',
      '/pages/redlist/about/index',
    ]);
  });
});
