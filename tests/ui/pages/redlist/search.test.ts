import { flush, renderPage, type View } from '../../helpers/render';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';
import { MEIDA_USCC, entries, entry, searchPage, stats } from '../../helpers/redlist-fixtures';

const SEARCH = 'pages/redlist/search/index';

type Data = Record<string, unknown>;

/** A fake search that records its inputs (without the action) and answers from `answer`. */
function mockSearch(answer: (data: Data) => Envelope | Promise<Envelope> = () => ok(searchPage([entry()]))) {
  const inputs: Data[] = [];
  const wx = mockWx({
    'redlist.stats': ok(stats()),
    'redlist.search': (data) => {
      const { action: _action, ...input } = data;
      inputs.push(input);
      return answer(data);
    },
  });
  return { wx, inputs };
}

const hasClass = (el: HTMLElement | null, name: string) =>
  Array.from(el?.classList ?? []).some((c) => c === name || c.endsWith(`--${name}`));

async function pickCity(view: View, name: string) {
  const index = (view.data.cityRange as string[]).indexOf(name);
  expect(index).toBeGreaterThan(0);
  await view.trigger('.city-picker', 'change', { value: index });
}

describe('红榜 search', () => {
  it('searches what the tab passed and shows result cards', async () => {
    const answer = deferred<Envelope>();
    const { wx, inputs } = mockSearch(() => answer.promise);
    const view = await renderPage(SEARCH, { q: encodeURIComponent('美达') });
    expect(view.text('.state-loading')).toBe('正在查询');
    expect(view.data.query).toBe('美达');

    answer.resolve(
      ok(searchPage([entry({ formerNames: ['佛山市顺德区美达电器厂'], categories: ['家用电器', '电线电缆'] })])),
    );
    await flush();
    expect(inputs).toEqual([{ q: '美达', page: 1 }]);
    expect(wx.calls().map((c) => c.data.action)).toEqual(['stats', 'search']);
    expect(view.text('.summary')).toBe('2025-10 期红榜 · 评估日期 2025-10-31 · 共 1 家');
    expect(view.text('.result__tier')).toBe('五年榜');
    expect(hasClass(view.dom('.result__tier'), 'tier_five')).toBe(true);
    expect(view.text('.result__name')).toBe('佛山市顺德区美达电器有限公司');
    expect(view.text('.result__span')).toBe('2019-05-10 起连续 6 年无不合格');
    expect(view.text('.result__city')).toBe('所在城市：佛山市');
    expect(view.text('.result__categories')).toBe('产品类别：家用电器、电线电缆');
    expect(view.text('.result__former')).toBe('曾用名：佛山市顺德区美达电器厂');
    // The simulator drops aria-* attributes: the card's label is checked in its data (bound in the template).
    expect(view.data.items[0].ariaLabel).toBe(
      '五年榜，佛山市顺德区美达电器有限公司，所在城市：佛山市，2019-05-10 起连续 6 年无不合格',
    );
    expect(view.text('.list-end')).toBe('没有更多了');
  });

  it('gives each tier its own badge colour, with the name in text', async () => {
    mockSearch(() =>
      ok(
        searchPage([
          entry({ uscc: '1', tier: 'ten', tierLabel: '十年榜' }),
          entry({ uscc: '2', tier: 'five', tierLabel: '五年榜' }),
          entry({ uscc: '3', tier: 'three', tierLabel: '三年榜', city: null }),
        ]),
      ),
    );
    const view = await renderPage(SEARCH);
    const badges = view.doms('.result__tier');
    expect(badges.map((el) => el.textContent)).toEqual(['十年榜', '五年榜', '三年榜']);
    expect(badges.map((el) => ['tier_ten', 'tier_five', 'tier_three'].find((c) => hasClass(el, c)))).toEqual([
      'tier_ten',
      'tier_five',
      'tier_three',
    ]);
    expect(view.texts('.result__city')[2]).toBe('所在城市：未知');
  });

  it('opens with the filters of the link (tier, short city name, category)', async () => {
    const { inputs } = mockSearch();
    const view = await renderPage(SEARCH, {
      tier: 'ten',
      city: encodeURIComponent('佛山'),
      category: encodeURIComponent('电线电缆'),
    });
    expect(inputs).toEqual([{ page: 1, tier: 'ten', city: '佛山市', category: '电线电缆' }]);
    expect(view.text('.city-value')).toBe('佛山市');
    expect(view.text('.category-value')).toBe('电线电缆');
    // The stats' list replaces the linked category, which stays selected.
    expect(view.data.categoryValues).toEqual(['', '家用电器', '电线电缆', '建筑材料']);
    expect(view.data.categoryLabels[2]).toBe('电线电缆（800 家）');
    expect(view.data.categoryIndex).toBe(2);
    const selected = view.doms('.tier-option').filter((el) => hasClass(el, 'segment_selected'));
    expect(selected.map((el) => el.textContent?.trim())).toEqual(['十年榜']);
    expect(view.data.tier).toBe('ten');
  });

  it('ignores link values that are not filters', async () => {
    const { inputs } = mockSearch();
    await renderPage(SEARCH, { tier: 'gold', city: encodeURIComponent('北京') });
    expect(inputs).toEqual([{ page: 1 }]);
  });

  it('searches again with the right data when a filter changes', async () => {
    const { inputs } = mockSearch();
    const view = await renderPage(SEARCH);
    await view.tap('.tier-option', 1);
    await pickCity(view, '深圳市');
    await view.trigger('.category-picker', 'change', { value: 1 });
    await view.input('.query', '电器');
    await view.tap('.search-submit');
    await view.tap('.tier-option', 0);
    expect(inputs).toEqual([
      { page: 1 },
      { page: 1, tier: 'ten' },
      { page: 1, tier: 'ten', city: '深圳市' },
      { page: 1, tier: 'ten', city: '深圳市', category: '家用电器' },
      { page: 1, q: '电器', tier: 'ten', city: '深圳市', category: '家用电器' },
      { page: 1, q: '电器', city: '深圳市', category: '家用电器' },
    ]);
    // Choosing what is already chosen does not search again.
    await view.tap('.tier-option', 0);
    await pickCity(view, '深圳市');
    expect(inputs).toHaveLength(6);
  });

  it('checks a code as typed, sends nothing while it is wrong, and searches a valid one exactly', async () => {
    const { inputs } = mockSearch();
    const view = await renderPage(SEARCH);
    inputs.length = 0;

    await view.input('.query', '9144');
    expect(view.text('.query-hint')).toBe('');
    await view.input('.query', '9144O6');
    expect(view.text('.query-hint')).toBe(
      '如为统一社会信用代码：第5位“O”不合法：只能是数字或除 I、O、S、V、Z 以外的大写字母',
    );
    const wrong = MEIDA_USCC.slice(0, 17) + (MEIDA_USCC[17] === '0' ? '1' : '0');
    await view.input('.query', wrong);
    expect(view.text('.query-hint')).toBe('统一社会信用代码有误：校验位不符，请核对营业执照上的代码');
    expect(hasClass(view.dom('.query-hint'), 'hint_error')).toBe(true);
    await view.tap('.search-submit');
    await view.trigger('.query', 'confirm', { value: wrong });
    expect(inputs).toEqual([]);

    const spaced = `${MEIDA_USCC.slice(0, 6)} ${MEIDA_USCC.slice(6)}`.toLowerCase();
    await view.input('.query', spaced);
    expect(view.text('.query-hint')).toBe('统一社会信用代码校验通过');
    await view.tap('.search-submit');
    expect(inputs).toEqual([{ page: 1, uscc: MEIDA_USCC }]);
  });

  it('does not search a wrong code passed in the link', async () => {
    const wrong = MEIDA_USCC.slice(0, 17) + (MEIDA_USCC[17] === '0' ? '1' : '0');
    const { inputs } = mockSearch();
    const view = await renderPage(SEARCH, { q: wrong });
    expect(inputs).toEqual([]);
    expect(view.text('.state-empty')).toBe('请先更正统一社会信用代码');
    expect(view.text('.query-hint')).toContain('校验位不符');
  });

  it('appends the next page on reaching the bottom, until the total', async () => {
    const { inputs } = mockSearch((data) =>
      data.page === 1 ? ok(searchPage(entries(20), 1, 25)) : ok(searchPage(entries(5, 20), 2, 25)),
    );
    const view = await renderPage(SEARCH, { tier: 'three' });
    expect(view.doms('.result')).toHaveLength(20);
    expect(view.has('.more')).toBe(true);
    expect(view.has('.list-end')).toBe(false);

    view.instance.onReachBottom();
    await flush();
    expect(inputs).toEqual([
      { page: 1, tier: 'three' },
      { page: 2, tier: 'three' },
    ]);
    expect(view.doms('.result')).toHaveLength(25);
    expect(view.texts('.result__name')[0]).toBe('广东测试企业0有限公司');
    expect(view.texts('.result__name')[24]).toBe('广东测试企业24有限公司');
    expect(view.text('.list-end')).toBe('没有更多了');

    view.instance.onReachBottom();
    await flush();
    expect(inputs).toHaveLength(2);
  });

  it('keeps the shown results when the next page fails', async () => {
    const { wx } = mockSearch((data) =>
      data.page === 1 ? ok(searchPage(entries(20), 1, 25)) : fail('INTERNAL', '服务繁忙，请稍后重试'),
    );
    const view = await renderPage(SEARCH);
    await view.tap('.more');
    expect(view.doms('.result')).toHaveLength(20);
    expect(wx.lastToast()).toBe('服务繁忙，请稍后重试');
    expect(view.has('.more')).toBe(true);
  });

  it('drops the answer of a search that a newer one replaced', async () => {
    const first = deferred<Envelope>();
    const { inputs } = mockSearch((data) => (data.tier ? ok(searchPage([entry({ tier: 'ten' })])) : first.promise));
    const view = await renderPage(SEARCH);
    await view.tap('.tier-option', 1);
    expect(view.text('.result__tier')).toBe('十年榜');
    first.resolve(ok(searchPage(entries(3))));
    await flush();
    expect(inputs).toHaveLength(2);
    expect(view.doms('.result')).toHaveLength(1);
    expect(view.text('.result__tier')).toBe('十年榜');
  });

  it('shows suggestions when nothing matches, with a way to clear filters and the query', async () => {
    const { inputs } = mockSearch((data) => (data.q || data.city ? ok(searchPage([])) : ok(searchPage([entry()]))));
    const view = await renderPage(SEARCH, { q: encodeURIComponent('不存在的企业') });
    expect(view.text('.state-empty')).toBe('没有找到符合条件的企业');
    expect(view.texts('.tip').join('')).toContain('只输入名称中的关键字');
    expect(view.texts('.tip').join('')).toContain('未列入不代表产品不合格');
    expect(view.has('.clear-filters')).toBe(false);
    expect(view.has('.clear-query')).toBe(true);

    await pickCity(view, '云浮市');
    expect(view.has('.clear-filters')).toBe(true);
    await view.tap('.clear-filters');
    expect(inputs.at(-1)).toEqual({ page: 1, q: '不存在的企业' });
    await view.tap('.clear-query');
    expect(inputs.at(-1)).toEqual({ page: 1 });
    expect(view.has('.tips')).toBe(false);
    expect(view.doms('.result')).toHaveLength(1);
  });

  it('shows an error with a retry', async () => {
    let calls = 0;
    const { wx } = mockSearch(() =>
      ++calls === 1 ? fail('INTERNAL', '服务繁忙，请稍后重试') : ok(searchPage([entry()])),
    );
    const view = await renderPage(SEARCH);
    expect(view.text('.state-error__text')).toBe('查询失败');
    expect(wx.lastToast()).toBe('服务繁忙，请稍后重试');
    await view.tap('#state >>> .state-retry');
    expect(view.doms('.result')).toHaveLength(1);
  });

  it('still searches when the category list cannot be loaded', async () => {
    const inputs: Data[] = [];
    mockWx({
      'redlist.stats': fail('INTERNAL', '服务繁忙'),
      'redlist.search': (data) => {
        inputs.push(data);
        return ok(searchPage([entry()]));
      },
    });
    const view = await renderPage(SEARCH);
    expect(inputs).toHaveLength(1);
    expect(view.data.categoryLabels).toEqual(['全部类别']);
    expect(view.doms('.result')).toHaveLength(1);
  });

  it('opens the detail of a result in its version', async () => {
    const { wx } = mockSearch();
    const view = await renderPage(SEARCH);
    await view.tap('.result');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: `/pages/redlist/detail/index?uscc=${MEIDA_USCC}&version=2025-10` }),
    );
  });
});
