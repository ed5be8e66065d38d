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

function winners(poolId: string, page: number, total: number) {
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

describe('摇号结果', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('shows loading, then pool tabs in draw order and the first pool’s ranked winners', async () => {
    const answer = deferred<Envelope>();
    const wx = mockVoucherWx({
      'voucher.getCampaign': () => answer.promise,
      'voucher.results': ({ poolId, page }) => winners(String(poolId), Number(page), 25),
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
    expect(wx.calls()[1]).toEqual({
      name: 'voucher',
      data: { action: 'results', campaignId: 'c-2026-2', poolId: 'G5000', page: 1 },
    });
    expect(view.text('.published-at')).toBe('公布时间：2026-06-25 10:00');
    expect(view.text('.pool-count')).toBe('5,000 元券：2,000 份，中签 25 名');
    expect(view.texts('.winner__rank').slice(0, 2)).toEqual(['第 1 位', '第 2 位']);
    expect(view.texts('.winner__name')[0]).toBe('测试企业1有限公司');
    expect(view.doms('.winner')).toHaveLength(20);
  });

  it('pages at the bottom', async () => {
    const wx = mockVoucherWx({
      'voucher.getCampaign': detail(),
      'voucher.results': ({ poolId, page }) => winners(String(poolId), Number(page), 25),
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    view.instance.onReachBottom();
    await flush();
    expect(wx.calls()[2].data).toEqual({ action: 'results', campaignId: 'c-2026-2', poolId: 'G5000', page: 2 });
    expect(view.doms('.winner')).toHaveLength(25);
    expect(view.texts('.winner__rank').at(-1)).toBe('第 25 位');
    view.instance.onReachBottom();
    await flush();
    expect(wx.calls()).toHaveLength(3);
  });

  it('switches pools; persons come masked from the server', async () => {
    const wx = mockVoucherWx({
      'voucher.getCampaign': detail(),
      'voucher.results': ({ poolId, page }) => winners(String(poolId), Number(page), poolId === 'C1000' ? 2 : 25),
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
      'voucher.results': ({ poolId }) => winners(String(poolId), 1, 0),
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
        ++attempts === 1 ? fail('INTERNAL', '服务繁忙') : winners(String(poolId), Number(page), 3),
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
      'voucher.results': ({ poolId }) => winners(String(poolId), 1, 1),
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    await view.tap('.verify-link');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/verify/index?campaignId=c-2026-2' }),
    );
  });
});
