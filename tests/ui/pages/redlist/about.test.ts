import { flush, renderPage } from '../../helpers/render';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';
import { changeRow, changesPage, uscc, version } from '../../helpers/redlist-fixtures';

const ABOUT = 'pages/redlist/about/index';

type Data = Record<string, unknown>;

const VERSIONS = [
  version({
    version: '2025-12',
    asOf: '2025-12-31',
    publishedAt: '2026-01-01T17:00:00.000Z',
    counts: { ten: 940, five: 1540, three: 2990, total: 5470 },
    changes: { previousVersion: '2025-10', entries: 25, exits: 2, tierUp: 7, tierDown: 1 },
  }),
  version({ changes: { previousVersion: null, entries: 0, exits: 0, tierUp: 0, tierDown: 0 } }),
];

const ENTRIES = [
  changeRow({ uscc: uscc(1), name: '广东新进入一号有限公司' }),
  changeRow({ uscc: uscc(2), name: '广东新进入二号有限公司', city: null }),
];
const EXITS = [
  changeRow({ uscc: uscc(3), name: '广东已退出有限公司', city: '东莞市', tier: 'five', tierLabel: '五年榜' }),
];

/** Versions and changes answered from the tables above; `changes` records each call's input. */
function mockAbout(options: { versions?: () => Envelope | Promise<Envelope>; changes?: (d: Data) => Envelope } = {}) {
  const changeInputs: Data[] = [];
  const wx = mockWx({
    'redlist.versions': options.versions ?? (() => ok(VERSIONS)),
    'redlist.changes': (data) => {
      const { action: _action, ...input } = data;
      changeInputs.push(input);
      if (options.changes) return options.changes(data);
      return ok(
        data.kind === 'exits'
          ? changesPage('exits', EXITS, { version: '2025-12', previousVersion: '2025-10' })
          : changesPage('entries', ENTRIES, { version: '2025-12', previousVersion: '2025-10', total: 25 }),
      );
    },
  });
  return { wx, changeInputs };
}

describe('关于红榜', () => {
  it('explains the method in plain words, whatever the network does', async () => {
    mockAbout({ versions: () => fail('INTERNAL', '服务繁忙') });
    const view = await renderPage(ABOUT);
    expect(view.texts('.data-source').join('')).toContain('2011 年 1 月 1 日以来');
    expect(view.texts('.data-source').join('')).toContain('国家、省、市、县四级');
    expect(view.texts('.step__text')).toHaveLength(5);
    expect(view.text('.example')).toContain('起点是 2014 年 3 月 2 日，已满 11 年，列入十年榜');
    expect(view.text('.example__shown')).toBe('2014-03-02 起连续 11 年无不合格');
    expect(view.texts('.tier-row__rule')).toEqual([
      '连续 10 年及以上无不合格',
      '连续 5 年及以上无不合格',
      '连续 3 年及以上无不合格',
    ]);
    expect(view.text('.state-error__text')).toBe('榜单期次加载失败');
  });

  it('shows loading, then the versions with their counts and changes', async () => {
    const answer = deferred<Envelope>();
    const { changeInputs } = mockAbout({ versions: () => answer.promise });
    const view = await renderPage(ABOUT);
    expect(view.text('.state-loading')).toBe('正在加载榜单期次');
    answer.resolve(ok(VERSIONS));
    await flush();

    expect(view.text('.latest')).toBe('最新一期：2025-12 期，评估日期 2025年12月31日，发布于 2026-01-02。');
    expect(view.texts('.tier-row__count')).toEqual(['940 家', '1,540 家', '2,990 家']);
    expect(view.texts('.version__name')).toEqual(['2025-12', '2025-10']);
    expect(view.texts('.version__changes')).toEqual(['较 2025-10 期：新进入 25、退出 2、升级 7、降级 1', '第一期']);
    expect(changeInputs).toEqual([{ kind: 'entries', page: 1 }]);
  });

  it('lists the entries, then the exits, and opens an exit in the version it left', async () => {
    const { wx, changeInputs } = mockAbout();
    const view = await renderPage(ABOUT);
    expect(view.text('.changes-caption')).toBe('2025-12 期与 2025-10 期相比，新进入 25 家');
    expect(view.texts('.change__name')).toEqual(['广东新进入一号有限公司', '广东新进入二号有限公司']);
    expect(view.texts('.change__city')).toEqual(['广州市', '城市未知']);
    expect(view.texts('.change__tier')).toEqual(['三年榜', '三年榜']);
    expect(view.has('.change__was')).toBe(false);
    await view.tap('.change', 0);
    expect(wx.navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: `/pages/redlist/detail/index?uscc=${uscc(1)}` }),
    );

    await view.tap('.kind', 1);
    expect(changeInputs).toEqual([
      { kind: 'entries', page: 1 },
      { kind: 'exits', page: 1 },
    ]);
    expect(view.data.kind).toBe('exits');
    expect(view.texts('.change__name')).toEqual(['广东已退出有限公司']);
    expect(view.text('.change__was')).toBe('原为');
    expect(view.text('.change__tier')).toBe('五年榜');
    await view.tap('.change', 0);
    expect(wx.navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: `/pages/redlist/detail/index?uscc=${uscc(3)}&version=2025-10` }),
    );
    // The selected kind again: no new call.
    await view.tap('.kind', 1);
    expect(changeInputs).toHaveLength(2);
  });

  it('appends the next page of changes', async () => {
    const { changeInputs } = mockAbout({
      changes: (data) =>
        ok(
          changesPage(
            'entries',
            Array.from({ length: data.page === 1 ? 20 : 5 }, (_, i) =>
              changeRow({
                uscc: uscc(100 + (Number(data.page) - 1) * 20 + i),
                name: `企业${(Number(data.page) - 1) * 20 + i}`,
              }),
            ),
            { page: Number(data.page), total: 25 },
          ),
        ),
    });
    const view = await renderPage(ABOUT);
    expect(view.doms('.change')).toHaveLength(20);
    await view.tap('.more-changes');
    expect(changeInputs).toEqual([
      { kind: 'entries', page: 1 },
      { kind: 'entries', page: 2 },
    ]);
    expect(view.doms('.change')).toHaveLength(25);
    expect(view.texts('.change__name').at(-1)).toBe('企业24');
    expect(view.has('.more-changes')).toBe(false);
  });

  it('says when there is no previous version to compare with, or no change of a kind', async () => {
    mockAbout({
      changes: (data) =>
        ok(
          data.kind === 'entries'
            ? changesPage('entries', [], { previousVersion: null })
            : changesPage('exits', [], { previousVersion: '2025-10' }),
        ),
    });
    const view = await renderPage(ABOUT);
    expect(view.text('.changes-section .state-empty')).toBe('这是第一期红榜，没有可比较的上一期');
    await view.tap('.kind', 1);
    expect(view.text('.changes-section .state-empty')).toBe('本期与上一期相比没有退出的企业');
  });

  it('shows a failed change list with its own retry', async () => {
    let calls = 0;
    const { wx } = mockAbout({
      changes: () => (++calls === 1 ? fail('INTERNAL', '服务繁忙，请稍后重试') : ok(changesPage('entries', ENTRIES))),
    });
    const view = await renderPage(ABOUT);
    expect(view.text('.changes-section .state-error__text')).toBe('变动名单加载失败');
    expect(wx.lastToast()).toBe('服务繁忙，请稍后重试');
    expect(view.texts('.version__name')).toEqual(['2025-12', '2025-10']);
    await view.tap('#changes-state >>> .state-retry');
    expect(view.texts('.change__name')).toHaveLength(2);
  });

  it('shows an empty state before the first publication', async () => {
    const { changeInputs } = mockAbout({ versions: () => ok([]) });
    const view = await renderPage(ABOUT);
    expect(view.text('.state-empty')).toBe('红榜尚未发布，发布后会在这里显示评价期次和变动情况');
    expect(view.has('.changes-section')).toBe(false);
    expect(changeInputs).toEqual([]);
    expect(view.texts('.tier-row__count')).toEqual(['', '', '']);
  });

  it('tells how to object, through 12315 or the regulator, without invented numbers', async () => {
    mockAbout();
    const pageScrollTo = jest.fn();
    Object.assign((globalThis as unknown as { wx: object }).wx, { pageScrollTo });
    const view = await renderPage(ABOUT);
    expect(pageScrollTo).not.toHaveBeenCalled();
    const text = view.texts('.objection__p').join('');
    expect(view.text('.objection__title')).toBe('如何提出异议');
    expect(text).toContain('12315');
    expect(text).toContain('广东省市场监督管理局官方渠道');
    // The only number is 12315: no made-up phone numbers.
    expect(text.match(/\d{3,}/g)).toEqual(['12315']);
  });

  it('scrolls to how to object when opened from an enterprise’s objection link, once the versions show', async () => {
    const answer = deferred<Envelope>();
    mockAbout({ versions: () => answer.promise });
    const pageScrollTo = jest.fn();
    Object.assign((globalThis as unknown as { wx: object }).wx, { pageScrollTo });
    const view = await renderPage(ABOUT, { section: 'objection' });
    expect(pageScrollTo).not.toHaveBeenCalled();
    answer.resolve(ok(VERSIONS));
    await flush();
    expect(view.texts('.version__name')).toEqual(['2025-12', '2025-10']);
    expect(pageScrollTo).toHaveBeenCalledTimes(1);
    expect(pageScrollTo).toHaveBeenCalledWith({ selector: '#objection', duration: 0 });
    // A retry or reload does not jump again.
    await view.instance.load();
    expect(pageScrollTo).toHaveBeenCalledTimes(1);
  });
});
