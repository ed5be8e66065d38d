import { flush, renderPage } from '../helpers/render';
import { campaign, paged } from '../helpers/fixtures';
import { deferred, fail, mockWx, ok, type Envelope } from '../helpers/wx';

const NOW = Date.parse('2026-07-01T01:00:00Z');

function campaigns(count: number, from = 0) {
  return Array.from({ length: count }, (_, i) =>
    campaign({ campaignId: `c${from + i}`, title: `第 ${from + i + 1} 期`, status: 'published' }, NOW),
  );
}

describe('检测券 tab', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('shows loading, then each campaign with its window in Beijing time, face values and total', async () => {
    const answer = deferred<Envelope>();
    mockWx({ 'voucher.listCampaigns': () => answer.promise });
    const view = await renderPage('pages/voucher-tab/index');
    expect(view.text('.state-loading')).toBe('正在加载申领活动');

    answer.resolve(ok(paged([campaign({ opensAt: '2026-06-29T01:00:00Z', closesAt: '2026-07-15T10:00:00Z' }, NOW)])));
    await flush();
    expect(view.text('.campaign__title')).toBe('2026 年第二批广东省产品检测券（20000 份）');
    expect(view.text('.campaign__phase')).toBe('申领中');
    expect(view.text('.campaign__window')).toBe('申领时间：2026-06-29 09:00 至 2026-07-15 18:00');
    expect(view.text('.campaign__values')).toBe('面值：5,000 / 2,000 / 1,000 / 500 元');
    expect(view.text('.campaign__quantity')).toBe('总数：20,000 份');
    expect(view.text('.list-end')).toBe('没有更多了');
  });

  it('says so when there are no campaigns', async () => {
    mockWx({ 'voucher.listCampaigns': ok(paged([])) });
    const view = await renderPage('pages/voucher-tab/index');
    expect(view.text('.state-empty')).toBe('暂无申领活动，新一期活动发布后会在这里显示');
  });

  it('shows an error and the server’s message, and retries', async () => {
    let attempts = 0;
    const wx = mockWx({
      'voucher.listCampaigns': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(paged(campaigns(1)))),
    });
    const view = await renderPage('pages/voucher-tab/index');
    expect(view.text('.state-error__text')).toBe('申领活动加载失败');
    expect(wx.lastToast()).toBe('服务繁忙');
    await view.tap('#state >>> .state-retry');
    expect(view.texts('.campaign__title')).toEqual(['第 1 期']);
  });

  it('loads the next page at the bottom and appends it', async () => {
    const wx = mockWx({
      'voucher.listCampaigns': ({ page }) =>
        ok(paged(page === 1 ? campaigns(20) : campaigns(5, 20), Number(page), 20, 25)),
    });
    const view = await renderPage('pages/voucher-tab/index');
    expect(view.doms('.campaign')).toHaveLength(20);
    expect(view.text('.more')).toBe('加载更多');

    view.instance.onReachBottom();
    await flush();
    expect(wx.calls()[1]).toEqual({ name: 'voucher', data: { action: 'listCampaigns', page: 2 } });
    expect(view.doms('.campaign')).toHaveLength(25);
    expect(view.texts('.campaign__title').at(-1)).toBe('第 25 期');
    expect(view.has('.more')).toBe(false);

    view.instance.onReachBottom();
    await flush();
    expect(wx.calls()).toHaveLength(2);
  });

  it('keeps the list when the next page fails, so the user can try again', async () => {
    let failNext = true;
    const wx = mockWx({
      'voucher.listCampaigns': ({ page }) => {
        if (page === 1) return ok(paged(campaigns(20), 1, 20, 21));
        if (failNext) {
          failNext = false;
          return fail('INTERNAL', '网络不稳定');
        }
        return ok(paged(campaigns(1, 20), 2, 20, 21));
      },
    });
    const view = await renderPage('pages/voucher-tab/index');
    await view.tap('.more');
    expect(wx.lastToast()).toBe('网络不稳定');
    expect(view.doms('.campaign')).toHaveLength(20);
    await view.tap('.more');
    expect(view.doms('.campaign')).toHaveLength(21);
  });

  it('opens a campaign’s detail page with its id', async () => {
    const wx = mockWx({ 'voucher.listCampaigns': ok(paged(campaigns(3))) });
    const view = await renderPage('pages/voucher-tab/index');
    await view.tap('.campaign', 2);
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/campaign/index?campaignId=c2' }),
    );
  });

  it('pull-down refresh starts again from page 1', async () => {
    const wx = mockWx({ 'voucher.listCampaigns': ok(paged(campaigns(2))) });
    const view = await renderPage('pages/voucher-tab/index');
    await view.instance.onPullDownRefresh();
    expect(wx.calls().map((c) => c.data.page)).toEqual([1, 1]);
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
  });

  it('names the 电线电缆专用券 on the card and says whether I applied', async () => {
    const pools = campaign({}, NOW).pools.map((p) => (p.poolId === 'C1000' ? { ...p, label: '电线电缆专用券' } : p));
    mockWx({
      'voucher.listCampaigns': ok(
        paged([
          { ...campaign({ campaignId: 'c-applied', pools }, NOW), applied: true },
          {
            ...campaign({ campaignId: 'c-not', pools: pools.filter((p) => p.poolId !== 'C1000') }, NOW),
            applied: false,
          },
        ]),
      ),
    });
    const view = await renderPage('pages/voucher-tab/index');
    expect(view.texts('.campaign__person-pool')).toEqual(['电线电缆专用券：1,000 元 × 1,000 份（个人申领）']);
    expect(view.texts('.campaign__applied')).toEqual(['已申领']);
    expect(view.data.items.map((c: { applied: boolean }) => c.applied)).toEqual([true, false]);
    expect(view.data.items[0].ariaLabel).toContain('已申领');
  });
});
