import { flush, renderPage } from '../../helpers/render';
import { campaign } from '../../helpers/fixtures';
import { deferred, fail, ok, type Envelope } from '../../helpers/wx';
import { mockVoucherWx } from '../../helpers/voucher';

const NOW = Date.parse('2026-07-01T01:00:00Z');
const ROUTE = 'pages/voucher/results/index';
const PUBLISHED = campaign(
  {
    status: 'published',
    publishedAt: '2026-06-25T02:00:00Z',
    opensAt: '2026-05-01T00:00:00Z',
    closesAt: '2026-06-01T00:00:00Z',
  },
  NOW,
);
const POOLS = ['G5000', 'G2000', 'C1000', 'G1000', 'G500'];
const SEED = 'dd6b4783a2971724663fe11b1ab7f9fc6e1ba2ce40ce3ee1955ba049a7b30d06';

function winners(poolId: string | undefined, page: number, total: number) {
  poolId = poolId && poolId !== 'undefined' ? poolId : POOLS[0];
  const start = (page - 1) * 20;
  const items = Array.from({ length: Math.max(0, Math.min(20, total - start)) }, (_, i) => ({
    rank: start + i + 1,
    applicationId: `${poolId}-${start + i + 1}`,
    displayName: poolId === 'C1000' ? '林**' : `测试企业${start + i + 1}有限公司`,
    applicantType: poolId === 'C1000' ? 'person' : 'enterprise',
  }));
  return ok({ items, page, pageSize: 20, total, poolId, pools: POOLS });
}

const detail = (c = PUBLISHED) => ok({ campaign: c, hospitals: [], myApplication: null });
const NOBODY = ok({ seed: SEED, items: [] });

describe('摇号结果', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('shows loading, then pool tabs in draw order and the first pool’s ranked winners', async () => {
    const answer = deferred<Envelope>();
    const wx = mockVoucherWx({
      'voucher.getCampaign': () => answer.promise,
      'voucher.results': ({ poolId, page }) => winners(poolId as string, Number(page), 25),
      'voucher.myResults': NOBODY,
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(view.text('.state-loading')).toBe('正在加载摇号结果');
    answer.resolve(detail());
    await flush();
    expect(view.texts('.tab')).toEqual(['5,000 元券', '2,000 元券', '1,000 元券', '1,000 元券', '500 元券']);
    expect(view.data.tabs.map((t: { poolId: string }) => t.poolId)).toEqual([
      'G5000',
      'G2000',
      'C1000',
      'G1000',
      'G500',
    ]);
    // The first page asks for the draw's first pool: the server names it, and the tabs' order.
    expect(wx.calls()[1]).toEqual({ name: 'voucher', data: { action: 'results', campaignId: 'c-2026-2', page: 1 } });
    expect(view.text('.published-at')).toBe('公布时间：2026-06-25 10:00');
    expect(view.text('.pool-count')).toBe('5,000 元券：2,000 份，中签 25 名');
    expect(view.texts('.winner__rank').slice(0, 2)).toEqual(['第 1 位', '第 2 位']);
    expect(view.texts('.winner__name')[0]).toBe('测试企业1有限公司');
    expect(view.doms('.winner')).toHaveLength(20);
  });

  it('pages at the bottom', async () => {
    const wx = mockVoucherWx({
      'voucher.getCampaign': detail(),
      'voucher.results': ({ poolId, page }) => winners(poolId as string, Number(page), 25),
      'voucher.myResults': NOBODY,
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    view.instance.onReachBottom();
    await flush();
    expect(wx.calls().filter((c) => c.data.action === 'results')[1].data).toEqual({
      action: 'results',
      campaignId: 'c-2026-2',
      poolId: 'G5000',
      page: 2,
    });
    expect(view.doms('.winner')).toHaveLength(25);
    expect(view.texts('.winner__rank').at(-1)).toBe('第 25 位');
    view.instance.onReachBottom();
    await flush();
    expect(wx.calls().filter((c) => c.data.action === 'results')).toHaveLength(2);
  });

  it('switches pools; persons come masked from the server', async () => {
    const wx = mockVoucherWx({
      'voucher.getCampaign': detail(),
      'voucher.results': ({ poolId, page }) => winners(poolId as string, Number(page), poolId === 'C1000' ? 2 : 25),
      'voucher.myResults': NOBODY,
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    await view.tap('.tab', 2);
    expect(wx.calls().at(-1)?.data).toEqual({ action: 'results', campaignId: 'c-2026-2', poolId: 'C1000', page: 1 });
    expect(view.texts('.winner__name')).toEqual(['林**', '林**']);
    expect(view.texts('.winner__type')).toEqual(['个人', '个人']);
    expect(view.data.poolId).toBe('C1000');
  });

  it('a pool without winners says so', async () => {
    mockVoucherWx({
      'voucher.getCampaign': detail(),
      'voucher.results': ({ poolId }) => winners(poolId as string, 1, 0),
      'voucher.myResults': NOBODY,
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(view.texts('.state-empty')).toEqual(['该面值暂无中签名单']);
    expect(view.has('.winner')).toBe(false);
  });

  it('before publication: no results call, and an explanation', async () => {
    const wx = mockVoucherWx({ 'voucher.getCampaign': detail(campaign({}, NOW)) });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(view.text('.state-empty')).toBe('摇号结果尚未公布，公布后可在此查看中签名单');
    expect(wx.calls().map((c) => c.data.action)).toEqual(['getCampaign']);
  });

  it('a failing pool list can be retried without reloading the page', async () => {
    let attempts = 0;
    const wx = mockVoucherWx({
      'voucher.getCampaign': detail(),
      'voucher.results': ({ poolId, page }) =>
        ++attempts === 1 ? fail('INTERNAL', '服务繁忙') : winners(poolId as string, Number(page), 3),
      'voucher.myResults': NOBODY,
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(view.texts('.state-error__text')).toContain('名单加载失败');
    expect(wx.lastToast()).toBe('服务繁忙');
    await view.tap('#list-state >>> .state-retry');
    expect(view.doms('.winner')).toHaveLength(3);
  });

  it('error, unknown campaign, and links', async () => {
    const broken = mockVoucherWx({ 'voucher.getCampaign': fail('INTERNAL', '服务繁忙') });
    const failed = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(failed.text('.state-error__text')).toBe('摇号结果加载失败');
    expect(broken.lastToast()).toBe('服务繁忙');

    mockVoucherWx({ 'voucher.getCampaign': fail('NOT_FOUND', '活动不存在') });
    const missing = await renderPage(ROUTE, { campaignId: 'nope' });
    expect(missing.text('.state-empty')).toBe('活动不存在或尚未发布');

    const wx = mockVoucherWx({
      'voucher.getCampaign': detail(),
      'voucher.results': ({ poolId }) => winners(poolId as string, 1, 1),
      'voucher.myResults': NOBODY,
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    await view.tap('.verify-link');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/verify/index?campaignId=c-2026-2' }),
    );
  });

  it('tabs follow the draw’s pool order as the server answers it, not the campaign’s or the alphabet’s', async () => {
    const pools = [
      { poolId: 'A100', faceValue: 100, quantity: 2, applicantTypes: ['enterprise' as const] },
      { poolId: 'Z900', faceValue: 900, quantity: 1, applicantTypes: ['enterprise' as const] },
      { poolId: 'B900', faceValue: 900, quantity: 1, applicantTypes: ['enterprise' as const] },
      { poolId: 'P300', faceValue: 300, quantity: 1, applicantTypes: ['person' as const], label: '电线电缆专用券' },
    ];
    const order = ['B900', 'Z900', 'P300', 'A100'];
    mockVoucherWx({
      'voucher.getCampaign': detail({ ...PUBLISHED, pools }),
      'voucher.results': ({ poolId }) =>
        ok({ items: [], page: 1, pageSize: 20, total: 0, poolId: poolId ?? order[0], pools: order }),
      'voucher.myResults': NOBODY,
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(view.data.tabs.map((t: { poolId: string }) => t.poolId)).toEqual(order);
    expect(view.texts('.tab')).toEqual(['900 元券', '900 元券', '电线电缆专用券', '100 元券']);
    expect(view.data.poolId).toBe('B900');
    await view.tap('.tab', 2);
    expect(view.text('.pool-count')).toBe('电线电缆专用券（300 元）：1 份，中签 0 名');
  });

  describe('my results', () => {
    const TICKETS = ['0a'.repeat(32), '1b'.repeat(32), 'ff'.repeat(32)];
    const MINE = ok({
      seed: SEED,
      items: [
        {
          applicationId: 'app-1',
          applicantType: 'enterprise',
          applicantName: '佛山市顺德区美达电器有限公司',
          pools: [
            { poolId: 'G5000', outcome: 'waitlisted', rank: 2003, lastWinningRank: 2000, waitlistRank: 3 },
            { poolId: 'G2000', outcome: 'won', rank: 17, lastWinningRank: 5000, waitlistRank: null },
            { poolId: 'G500', outcome: 'skipped', rank: null, lastWinningRank: 6000, waitlistRank: null },
          ].map((p, i) => ({ ...p, ticket: TICKETS[i], message: `${p.poolId}|app-1` })),
        },
      ],
    });
    const routes = (mine: Envelope | (() => Envelope) = MINE) => ({
      'voucher.getCampaign': detail(),
      'voucher.results': ({ poolId }: Record<string, unknown>) => winners(poolId as string, 1, 3),
      'voucher.myResults': mine,
    });

    it('shows per pool my ticket, my place and the pool’s last winning place', async () => {
      const wx = mockVoucherWx(routes());
      const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
      expect(wx.calls().find((c) => c.data.action === 'myResults')?.data).toEqual({
        action: 'myResults',
        campaignId: 'c-2026-2',
      });
      expect(view.text('.mine-title')).toBe('我的摇号结果');
      expect(view.text('.mine__as')).toBe('以企业身份申领：佛山市顺德区美达电器有限公司');
      expect(view.texts('.standing__pool').slice(0, 3)).toEqual(['5,000 元券', '2,000 元券', '500 元券']);
      expect(view.texts('.mine-pool__outcome')).toEqual(['候补第 3 位', '中签', '未参加本面值排序']);
      const places = view.texts('.mine-pool__places');
      expect(places[0]).toContain('排第 2003 位，本面值摇号中签到第 2000 位');
      expect(places[1]).toBe('排第 17 位，本面值摇号中签到第 5000 位');
      expect(places[2]).toContain('封顶金额');
      expect(view.texts('.mine-pool__ticket')).toEqual(TICKETS);
    });

    it('unfolds how to check one ticket: the seed, the message and a command, each to copy', async () => {
      const wx = mockVoucherWx(routes());
      const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
      expect(view.has('.check')).toBe(false);
      expect(view.texts('.check-toggle')[0]).toBe('如何核对这个签号');
      await view.tap('.check-toggle', 0);
      expect(view.doms('.check')).toHaveLength(1);
      expect(view.text('.check__meaning')).toContain('HMAC-SHA256');
      expect(view.text('.check__meaning')).toContain('从小到大');
      expect(view.text('.check__intro')).toContain('结果应与签号完全相同');
      expect(view.text('.check__seed')).toBe(SEED);
      expect(view.text('.check__message')).toBe('G5000|app-1');
      const command = `printf '%s' 'G5000|app-1' | openssl dgst -sha256 -mac HMAC -macopt hexkey:${SEED}`;
      expect(view.text('.check__command')).toBe(command);
      expect(view.texts('.check-toggle')[0]).toBe('收起核对方法');

      await view.tap('.copy-command');
      await view.tap('.copy-seed');
      await view.tap('.copy-message');
      await view.tap('.copy-ticket', 1);
      expect(wx.setClipboardData.mock.calls.map(([o]) => (o as { data?: string }).data)).toEqual([
        command,
        SEED,
        'G5000|app-1',
        TICKETS[1],
      ]);
      expect(wx.lastToast()).toBe('已复制');

      // Another ticket's check replaces this one; tapping again folds it.
      await view.tap('.check-toggle', 1);
      expect(view.text('.check__message')).toBe('G2000|app-1');
      await view.tap('.check-toggle', 1);
      expect(view.has('.check')).toBe(false);
    });

    it('nothing of mine when I did not apply; a failed load can be retried', async () => {
      mockVoucherWx(routes(NOBODY));
      const none = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
      expect(none.has('.mine')).toBe(false);
      expect(none.has('.mine-failed')).toBe(false);

      let attempts = 0;
      mockVoucherWx(routes(() => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : MINE)));
      const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
      expect(view.text('.mine-failed')).toBe('我的摇号结果加载失败，轻触重试');
      expect(view.doms('.winner')).toHaveLength(3);
      await view.tap('.mine-failed');
      expect(view.doms('.mine-pool')).toHaveLength(3);
    });
  });

  describe('did I win: search', () => {
    const hit = (i: number) => ({
      applicationId: `app-${i}`,
      applicantName: `美达测试${i}有限公司`,
      uscc: '91440606722473344C',
      pools: [{ poolId: 'G2000', outcome: 'won', rank: i, lastWinningRank: 5000, waitlistRank: null }],
    });
    function searchRoutes(search: (data: Record<string, unknown>) => Envelope) {
      return {
        'voucher.getCampaign': detail(),
        'voucher.results': ({ poolId }: Record<string, unknown>) => winners(poolId as string, 1, 3),
        'voucher.myResults': NOBODY,
        'voucher.searchResults': search,
      };
    }
    const searches = (wx: ReturnType<typeof mockVoucherWx>) =>
      wx
        .calls()
        .filter((c) => c.data.action === 'searchResults')
        .map((c) => c.data);

    it('checks the box before asking: too short, or a code that fails its check', async () => {
      const wx = mockVoucherWx(searchRoutes(() => ok({ items: [], page: 1, pageSize: 10, total: 0 })));
      const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
      expect(view.text('.search-hint')).toContain('个人申领人不提供姓名查询');
      await view.tap('.search-submit');
      expect(view.text('.search-hint')).toBe('请输入至少 2 个字的企业名称，或 18 位统一社会信用代码');
      await view.input('.query', '美');
      await view.tap('.search-submit');
      expect(view.text('.search-hint')).toBe('请输入至少 2 个字的企业名称，或 18 位统一社会信用代码');
      await view.input('.query', '91440606722473344D');
      await view.tap('.search-submit');
      expect(view.text('.search-hint')).toMatch(/^统一社会信用代码无效：/);
      expect(searches(wx)).toEqual([]);
    });

    it('by name: the enterprises found, each pool’s outcome and places, paged', async () => {
      const wx = mockVoucherWx(
        searchRoutes(({ page }) => {
          const items = page === 1 ? Array.from({ length: 10 }, (_, i) => hit(i + 1)) : [hit(11), hit(12)];
          return ok({ items, page, pageSize: 10, total: 12 });
        }),
      );
      const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
      await view.input('.query', ' 美达 ');
      await view.tap('.search-submit');
      expect(searches(wx)).toEqual([{ action: 'searchResults', campaignId: 'c-2026-2', q: '美达', page: 1 }]);
      expect(view.text('.search-total')).toBe('共找到 12 家企业');
      expect(view.doms('.hit')).toHaveLength(10);
      expect(view.texts('.hit__name')[0]).toBe('美达测试1有限公司');
      expect(view.texts('.hit__uscc')[0]).toBe('统一社会信用代码：91440606722473344C');
      expect(view.texts('.hit-pool__outcome')[0]).toBe('中签');
      expect(view.texts('.hit-pool__places')[0]).toBe('排第 1 位，本面值摇号中签到第 5000 位');
      await view.tap('.search-more');
      expect(searches(wx).at(-1)).toEqual({ action: 'searchResults', campaignId: 'c-2026-2', q: '美达', page: 2 });
      expect(view.doms('.hit')).toHaveLength(12);
      expect(view.has('.search-more')).toBe(false);
    });

    it('by USCC, by the keyboard’s search key; nothing found says so; clearing starts over', async () => {
      const wx = mockVoucherWx(searchRoutes(() => ok({ items: [], page: 1, pageSize: 10, total: 0 })));
      const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
      await view.input('.query', '91440606722473344C');
      await view.trigger('.query', 'confirm', { value: '91440606722473344C' });
      expect(searches(wx)).toEqual([
        { action: 'searchResults', campaignId: 'c-2026-2', q: '91440606722473344C', page: 1 },
      ]);
      expect(view.text('.state-empty')).toBe('没有找到这家企业的申领');
      await view.tap('.clear');
      expect(view.data.query).toBe('');
      expect(view.has('.hit')).toBe(false);
      expect(view.data.searchState).toBe('idle');
    });

    it('the server’s refusal reads in the hint; a failure can be retried', async () => {
      let answer: Envelope = fail('VALIDATION_FAILED', '统一社会信用代码无效：校验码不正确');
      const wx = mockVoucherWx(searchRoutes(() => answer));
      const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
      await view.input('.query', '美达电器');
      await view.tap('.search-submit');
      expect(view.text('.search-hint')).toBe('统一社会信用代码无效：校验码不正确');
      answer = fail('INTERNAL', '服务繁忙');
      await view.tap('.search-submit');
      expect(view.text('.state-error__text')).toBe('查询失败');
      expect(wx.lastToast()).toBe('服务繁忙');
      answer = ok({ items: [hit(1)], page: 1, pageSize: 10, total: 1 });
      await view.tap('#search-state >>> .state-retry');
      expect(view.doms('.hit')).toHaveLength(1);
    });
  });
});
