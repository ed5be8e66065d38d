import { flush, renderPage } from '../helpers/render';
import { campaign, DAY, paged } from '../helpers/fixtures';
import { deferred, fail, mockWx as mockCloud, ok, type Envelope, type WxMock } from '../helpers/wx';

const COUNTS = ok({ enterprisesServed: 11212, problemsSolved: 4239, experts: 712 });
/** The home page also asks for the help desk's public counts (their own tests are at the end). */
const mockWx = (routes: Parameters<typeof mockCloud>[0] = {}) => mockCloud({ 'helpdesk.counts': COUNTS, ...routes });
const voucherCalls = (wx: WxMock) => wx.calls().filter((c) => c.name === 'voucher');

// 2026-07-01 09:00 in Guangdong.
const NOW = Date.parse('2026-07-01T01:00:00Z');

describe('首页', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('shows loading, then the open campaign with a countdown to its deadline in Beijing time', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'voucher.listCampaigns': () => answer.promise });
    const view = await renderPage('pages/home/index');
    expect(view.text('.state-loading')).toBe('正在查询申领活动');

    answer.resolve(ok(paged([campaign({ closesAt: '2026-07-15T10:00:00Z' }, NOW)])));
    await flush();
    expect(voucherCalls(wx)).toEqual([{ name: 'voucher', data: { action: 'listCampaigns', page: 1 } }]);
    expect(view.text('.campaign__title')).toBe('2026 年第二批广东省产品检测券（20000 份）');
    expect(view.text('.campaign__phase')).toBe('申领中');
    expect(view.text('.campaign__countdown')).toBe('距申领截止还有 14天9小时0分');
    expect(view.text('.campaign')).toContain('截止时间：2026-07-15 18:00');
  });

  it('features the campaign accepting applications over a newer published one', async () => {
    mockWx({
      'voucher.listCampaigns': ok(
        paged([
          campaign(
            {
              campaignId: 'later',
              title: '即将开始的一期',
              opensAt: new Date(NOW + DAY).toISOString(),
              closesAt: new Date(NOW + 20 * DAY).toISOString(),
            },
            NOW,
          ),
          campaign({ campaignId: 'now', title: '正在申领的一期' }, NOW),
          campaign({ campaignId: 'old', title: '已公布的一期', status: 'published' }, NOW),
        ]),
      ),
    });
    const view = await renderPage('pages/home/index');
    expect(view.text('.campaign__title')).toBe('正在申领的一期');
  });

  it('shows an upcoming campaign with its opening time and no countdown', async () => {
    mockWx({
      'voucher.listCampaigns': ok(
        paged([campaign({ opensAt: '2026-07-02T01:30:00Z', closesAt: '2026-07-20T10:00:00Z' }, NOW)]),
      ),
    });
    const view = await renderPage('pages/home/index');
    expect(view.text('.campaign__phase')).toBe('即将开始');
    expect(view.text('.campaign')).toContain('开始时间：2026-07-02 09:30');
    expect(view.has('.campaign__countdown')).toBe(false);
  });

  it('shows the latest campaign’s outcome when none is open', async () => {
    mockWx({
      'voucher.listCampaigns': ok(
        paged([
          campaign({ status: 'published', opensAt: '2026-05-01T01:00:00Z', closesAt: '2026-05-21T10:00:00Z' }, NOW),
        ]),
      ),
    });
    const view = await renderPage('pages/home/index');
    expect(view.text('.campaign__phase')).toBe('结果已公布');
    expect(view.text('.campaign')).toContain('申领时间：2026-05-01 09:00 至 2026-05-21 18:00');
  });

  it('says so when there is no campaign at all', async () => {
    mockWx({ 'voucher.listCampaigns': ok(paged([])) });
    const view = await renderPage('pages/home/index');
    expect(view.text('.state-empty')).toBe('暂无检测券申领活动');
    expect(view.has('.campaign')).toBe(false);
  });

  it('shows an error with the server’s message, and retries', async () => {
    let attempts = 0;
    const wx = mockWx({
      'voucher.listCampaigns': () =>
        ++attempts === 1 ? fail('INTERNAL', '服务繁忙，请稍后重试') : ok(paged([campaign({}, NOW)])),
    });
    const view = await renderPage('pages/home/index');
    expect(view.text('.state-error__text')).toBe('申领活动加载失败');
    expect(wx.lastToast()).toBe('服务繁忙，请稍后重试');

    await view.tap('#state >>> .state-retry');
    expect(voucherCalls(wx)).toHaveLength(2);
    expect(view.text('.campaign__phase')).toBe('申领中');
  });

  it('reloads when the countdown runs out, and shows that applications closed', async () => {
    const closesAt = new Date(NOW + 3 * 1000).toISOString();
    const wx = mockWx({ 'voucher.listCampaigns': ok(paged([campaign({ closesAt }, NOW)])) });
    const view = await renderPage('pages/home/index');
    expect(view.text('.campaign__countdown')).toBe('距申领截止还有 0分3秒');

    jest.advanceTimersByTime(3000);
    await flush();
    expect(voucherCalls(wx)).toHaveLength(2);
    expect(view.text('.campaign__phase')).toBe('申领已截止，等待摇号');
  });

  it('opens the campaign’s detail page (voucher subpackage) with its id', async () => {
    const wx = mockWx({ 'voucher.listCampaigns': ok(paged([campaign({ campaignId: 'c 1' }, NOW)])) });
    const view = await renderPage('pages/home/index');
    await view.tap('.campaign');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/campaign/index?campaignId=c%201' }),
    );
  });

  it('service entries switch to their tab, or open the hospital list', async () => {
    const wx = mockWx({ 'voucher.listCampaigns': ok(paged([])) });
    const view = await renderPage('pages/home/index');
    expect(view.texts('.entry__label')).toEqual([
      '检测券申领',
      '红榜查询',
      '质量帮扶',
      '产品医院',
      '质量培训',
      '培训证书查验',
      '产品信用码查询',
    ]);
    await view.tap('.entry', 0);
    await view.tap('.entry', 1);
    await view.tap('.entry', 2);
    expect(wx.switchTab.mock.calls.map(([o]) => o.url)).toEqual([
      '/pages/voucher-tab/index',
      '/pages/redlist-tab/index',
      '/pages/help-tab/index',
    ]);
    await view.tap('.entry', 3);
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/home/hospitals/index' }));
    await view.tap('.entry', 4);
    await view.tap('.entry', 5);
    await view.tap('.entry', 6);
    expect(wx.navigateTo.mock.calls.slice(-3).map(([o]) => o.url)).toEqual([
      '/pages/training/list/index',
      '/pages/training/verify/index',
      '/pages/credit/scan/index',
    ]);
  });

  it('lists the announced facts as notices', async () => {
    mockWx({ 'voucher.listCampaigns': ok(paged([])) });
    const view = await renderPage('pages/home/index');
    const notices = view.texts('.notice').join('\n');
    expect(notices).toContain('20000 份产品检测券');
    expect(notices).toContain('5000 元、2000 元、1000 元、500 元');
    expect(notices).toContain('1000 份电线电缆专用检测券');
    expect(notices).toContain('不受名额限制');
  });

  it('pull-down refresh reloads and ends the refresh animation', async () => {
    const wx = mockWx({ 'voucher.listCampaigns': ok(paged([campaign({}, NOW)])) });
    const view = await renderPage('pages/home/index');
    await view.instance.onPullDownRefresh();
    expect(voucherCalls(wx)).toHaveLength(2);
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  });

  it('shows the help desk’s public counts, computed live', async () => {
    const counts = deferred<Envelope>();
    const wx = mockWx({ 'voucher.listCampaigns': ok(paged([])), 'helpdesk.counts': () => counts.promise });
    const view = await renderPage('pages/home/index');
    expect(view.texts('.state-loading')).toEqual(['正在统计帮扶数据']);
    counts.resolve(COUNTS);
    await flush();
    expect(view.texts('.count__label')).toEqual(['已服务企业', '解决质量问题', '入驻专家']);
    expect(view.texts('.count__value')).toEqual(['11,212家', '4,239个', '712名']);
    expect(view.data.counts.map((c: { ariaLabel: string }) => c.ariaLabel)).toEqual([
      '已服务企业 11,212 家',
      '解决质量问题 4,239 个',
      '入驻专家 712 名',
    ]);
    expect(wx.calls().filter((c) => c.name === 'helpdesk')).toEqual([{ name: 'helpdesk', data: { action: 'counts' } }]);
  });

  it('a failure of the counts is said in place, toasts nothing, leaves the campaign, and retries', async () => {
    let attempts = 0;
    const wx = mockWx({
      'voucher.listCampaigns': ok(paged([campaign({}, NOW)])),
      'helpdesk.counts': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : COUNTS),
    });
    const view = await renderPage('pages/home/index');
    expect(view.text('.state-error__text')).toBe('帮扶数据暂时无法加载');
    expect(wx.showToast).not.toHaveBeenCalled();
    expect(view.text('.campaign__phase')).toBe('申领中');
    await view.tap('#counts-state >>> .state-retry');
    expect(view.texts('.count__value')).toEqual(['11,212家', '4,239个', '712名']);
  });
});
