import { flush, renderPage } from '../../helpers/render';
import { campaign, paged } from '../../helpers/fixtures';
import { deferred, fail, ok, type Envelope } from '../../helpers/wx';
import { application, mockVoucherWx } from '../../helpers/voucher';

const NOW = Date.parse('2026-07-01T01:00:00Z');
const ROUTE = 'pages/voucher/my-applications/index';
const OPEN = campaign({}, NOW);
const PUBLISHED = campaign(
  { campaignId: 'c-2026-1', status: 'published', opensAt: '2026-03-01T00:00:00Z', closesAt: '2026-04-01T00:00:00Z' },
  NOW,
);
const campaigns = (data: Record<string, unknown>) =>
  ok({ campaign: data.campaignId === 'c-2026-1' ? PUBLISHED : OPEN, hospitals: [], myApplication: null });

describe('我的申领', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('shows loading, then each application with its status, pools and contact', async () => {
    const answer = deferred<Envelope>();
    const wx = mockVoucherWx({ 'voucher.myApplications': () => answer.promise, 'voucher.getCampaign': campaigns });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-loading')).toBe('正在加载申领记录');
    answer.resolve(
      ok(
        paged([
          application(),
          application({
            applicationId: 'app-0',
            campaignId: 'c-2026-1',
            campaignTitle: '2026 年第一批广东省产品检测券',
            status: 'won',
            poolIds: ['G1000', 'G5000'],
            wonPoolIds: ['G1000'],
            waitlist: [{ poolId: 'G5000', rank: 3 }],
          }),
          application({
            applicationId: 'app-w',
            campaignId: 'c-2026-1',
            status: 'waitlisted',
            waitlist: [{ poolId: 'G2000', rank: 7 }],
          }),
          application({ applicationId: 'app-l', campaignId: 'c-2026-1', status: 'lost' }),
        ]),
      ),
    );
    await flush();
    expect(wx.calls()[0]).toEqual({ name: 'voucher', data: { action: 'myApplications', page: 1 } });
    // One campaign lookup per distinct campaign, for labels and the window.
    expect(wx.calls().filter((c) => c.data.action === 'getCampaign')).toHaveLength(2);
    expect(view.texts('.application__status')).toEqual(['已提交', '中签', '候补第7位', '未中签']);
    expect(view.texts('.application__pools')[0]).toBe('申领面值：5,000 元券、2,000 元券');
    expect(view.texts('.application__contact')[0]).toBe('联系人：陈志强 13912345678');
    expect(view.texts('.application__time')[0]).toBe('提交时间：2026-06-30 10:00');
    expect(view.texts('.application__services')[0]).toBe('计划使用：CCC 认证检验');
    expect(view.texts('.application__detail')).toEqual([
      '中签：1,000 元券',
      '候补：5,000 元券 第 3 位',
      '候补：2,000 元券 第 7 位',
    ]);
    // Withdrawal only for the open campaign's submitted application; vouchers for the winner.
    expect(view.doms('.withdraw')).toHaveLength(1);
    expect(view.doms('.to-vouchers')).toHaveLength(1);
    // Once drawn, each application leads to its tickets and places on the results page.
    expect(view.texts('.to-results')).toEqual(['签号与排名', '签号与排名', '签号与排名']);
  });

  it('opens the results page, with my tickets and places, of a drawn application', async () => {
    const wx = mockVoucherWx({
      'voucher.myApplications': ok(
        paged([application(), application({ applicationId: 'app-l', campaignId: 'c-2026-1', status: 'lost' })]),
      ),
      'voucher.getCampaign': campaigns,
    });
    const view = await renderPage(ROUTE);
    expect(view.doms('.to-results')).toHaveLength(1);
    await view.tap('.to-results');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/results/index?campaignId=c-2026-1' }),
    );
  });

  it('withdraws after confirmation and removes the application', async () => {
    const wx = mockVoucherWx({
      'voucher.myApplications': ok(paged([application()])),
      'voucher.getCampaign': campaigns,
      'voucher.withdraw': ok({ withdrawn: true }),
    });
    const view = await renderPage(ROUTE);
    await view.tap('.withdraw');
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤回申领', confirmText: '撤回' }));
    expect(wx.calls().at(-1)).toEqual({ name: 'voucher', data: { action: 'withdraw', applicationId: 'app-1' } });
    expect(wx.lastToast()).toBe('已撤回');
    expect(view.text('.state-empty')).toBe('暂无申领记录');
    expect(view.has('.go-apply')).toBe(true);
  });

  it('does nothing when the confirmation is cancelled', async () => {
    const wx = mockVoucherWx(
      { 'voucher.myApplications': ok(paged([application()])), 'voucher.getCampaign': campaigns },
      { modal: false },
    );
    const view = await renderPage(ROUTE);
    await view.tap('.withdraw');
    expect(wx.calls().some((c) => c.data.action === 'withdraw')).toBe(false);
    expect(view.doms('.application')).toHaveLength(1);
  });

  it('keeps the application and toasts the reason when withdrawal fails', async () => {
    const wx = mockVoucherWx({
      'voucher.myApplications': ok(paged([application()])),
      'voucher.getCampaign': campaigns,
      'voucher.withdraw': fail('CAMPAIGN_CLOSED', '申领已截止'),
    });
    const view = await renderPage(ROUTE);
    await view.tap('.withdraw');
    expect(wx.lastToast()).toBe('申领已截止');
    expect(view.doms('.application')).toHaveLength(1);
    expect(view.data.withdrawing).toBe('');
  });

  it('still lists applications when a campaign cannot be read (no withdrawal offered)', async () => {
    mockVoucherWx({
      'voucher.myApplications': ok(paged([application()])),
      'voucher.getCampaign': fail('INTERNAL', '服务繁忙'),
    });
    const view = await renderPage(ROUTE);
    expect(view.texts('.application__pools')[0]).toBe('申领面值：G2000、G5000');
    expect(view.has('.withdraw')).toBe(false);
  });

  it('empty, error and retry', async () => {
    let attempts = 0;
    const wx = mockVoucherWx({
      'voucher.myApplications': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(paged([]))),
    });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-error__text')).toBe('申领记录加载失败');
    expect(wx.lastToast()).toBe('服务繁忙');
    await view.tap('#state >>> .state-retry');
    expect(view.text('.state-empty')).toBe('暂无申领记录');
    await view.tap('.go-apply');
    expect(wx.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/voucher-tab/index' }));
  });

  it('loads the next page at the bottom', async () => {
    const many = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => application({ applicationId: `a${from + i}`, campaignId: 'c-2026-1' }));
    const wx = mockVoucherWx({
      'voucher.myApplications': ({ page }) => ok(paged(page === 1 ? many(20, 0) : many(3, 20), Number(page), 20, 23)),
      'voucher.getCampaign': campaigns,
    });
    const view = await renderPage(ROUTE);
    expect(view.doms('.application')).toHaveLength(20);
    view.instance.onReachBottom();
    await flush();
    expect(
      wx
        .calls()
        .filter((c) => c.data.action === 'myApplications')
        .map((c) => c.data.page),
    ).toEqual([1, 2]);
    expect(view.doms('.application')).toHaveLength(23);
    expect(view.text('.list-end')).toBe('没有更多了');
  });

  it('opens the campaign of an application', async () => {
    const wx = mockVoucherWx({
      'voucher.myApplications': ok(paged([application()])),
      'voucher.getCampaign': campaigns,
    });
    const view = await renderPage(ROUTE);
    await view.tap('.application__hd');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/campaign/index?campaignId=c-2026-2' }),
    );
  });
});
