import { flush, renderPage } from '../helpers/render';
import { campaign, paged } from '../helpers/fixtures';
import { caseSummary } from '../helpers/help-fixtures';
import { deferred, fail, mockWx, ok, type Envelope } from '../helpers/wx';

const COUNTS = ok({ enterprisesServed: 11212, problemsSolved: 4239, experts: 712 });
const NOT_BOUND = fail('ENTERPRISE_NOT_BOUND', '请先绑定企业');
const OFFER = {
  offerId: 'offer-1',
  productCategory: '家用电器',
  productName: '电热水壶',
  sampledAt: '2026-05-12',
  failedItems: '泄漏电流、输入功率',
  announcement: '2026 年广东省电热水壶产品质量监督抽查',
  caseId: null,
};

/** A consumer: no offers, no cases of their own. */
const consumer = (extra: Record<string, Envelope | (() => Promise<Envelope>)> = {}) =>
  mockWx({ 'helpdesk.counts': COUNTS, 'helpdesk.myOffers': NOT_BOUND, 'helpdesk.myCases': NOT_BOUND, ...extra });

describe('帮扶 tab', () => {
  it('shows the public counts once they load, and the four kinds of help at once', async () => {
    const counts = deferred<Envelope>();
    consumer({ 'helpdesk.counts': () => counts.promise });
    const view = await renderPage('pages/help-tab/index');
    expect(view.text('.state-loading')).toBe('正在统计帮扶数据');
    // The static parts do not wait for the counts.
    expect(view.text('.page__title')).toBe('质量帮扶');
    expect(view.texts('.open-case')).toEqual(['我要问诊']);
    expect(view.texts('.start-checkup')).toEqual(['开始质量体检']);
    expect(view.texts('.open-hospitals')).toEqual(['查看产品医院']);
    expect(view.texts('.apply')).toEqual(['申请筛查']);

    counts.resolve(COUNTS);
    await flush();
    expect(view.texts('.count')).toEqual(['11,212家已服务企业', '4,239个解决质量问题', '712名入驻专家']);
    expect(view.has('.offer')).toBe(false);
    expect(view.text('.my-cases')).toBe('我的问诊');
  });

  it('a failed count says so in place, keeps the rest, and retries', async () => {
    const wx = consumer({ 'helpdesk.counts': fail('INTERNAL', '服务繁忙') });
    const view = await renderPage('pages/help-tab/index');
    expect(view.text('.state-error__text')).toBe('帮扶数据暂时无法加载');
    expect(view.texts('.open-case')).toEqual(['我要问诊']);
    wx.callFunction.mockClear();
    await view.tap('#counts-state >>> .state-retry');
    expect(wx.calls()).toEqual([{ name: 'helpdesk', data: { action: 'counts' } }]);
  });

  it('an enterprise sees its failed-sampling offer, which opens the case form prefilled', async () => {
    const wx = consumer({
      'helpdesk.myOffers': ok({ items: [OFFER] }),
      'helpdesk.myCases': ok({ ...paged([caseSummary()]), openCount: 2 }),
    });
    const view = await renderPage('pages/help-tab/index');
    expect(view.text('.offer__title')).toBe('抽检不合格，可请专家帮忙整改');
    expect(view.text('.offer__body')).toBe('电热水壶（抽样日期 2026-05-12）在监督抽检中不合格。');
    expect(view.text('.offer__items')).toBe('不合格项目：泄漏电流、输入功率');
    expect(view.text('.my-cases')).toBe('我的问诊（处理中 2 个）');
    await view.tap('.offer__action');
    const url = wx.navigateTo.mock.calls.at(-1)?.[0].url as string;
    const [path, query] = url.split('?');
    expect(path).toBe('/pages/help/case-form/index');
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({
      productCategory: '家用电器',
      problemType: 'failed_sampling',
      title: '电热水壶抽检不合格整改',
      failedItems: '泄漏电流、输入功率',
      offerId: 'offer-1',
    });
  });

  it('an offer already answered by a case opens that case', async () => {
    const wx = consumer({ 'helpdesk.myOffers': ok({ items: [{ ...OFFER, caseId: 'case-9' }] }) });
    const view = await renderPage('pages/help-tab/index');
    expect(view.text('.offer__action')).toBe('已发起问诊，查看进度');
    await view.tap('.offer__action');
    expect(wx.navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: '/pages/help/case/index?caseId=case-9' }),
    );
  });

  it('opens 问诊, my cases, 体检 and the hospitals', async () => {
    const wx = consumer();
    const view = await renderPage('pages/help-tab/index');
    const urls: string[] = [];
    for (const selector of ['.open-case', '.my-cases', '.start-checkup', '.open-hospitals']) {
      await view.tap(selector);
      urls.push(wx.navigateTo.mock.calls.at(-1)?.[0].url);
    }
    expect(urls).toEqual([
      '/pages/help/case-form/index',
      '/pages/help/my-cases/index',
      '/pages/checkup/index/index',
      '/pages/home/hospitals/index',
    ]);
  });

  // The cable quick screen's front page, moved here from the former 筛查 tab.
  it('presents the free, unlimited cable quick screen and the common problems', async () => {
    consumer();
    const view = await renderPage('pages/help-tab/index');
    expect(view.text('.cable-title')).toBe('电线电缆快速筛查');
    expect(view.texts('.intro')[0]).toContain('免费');
    expect(view.texts('.intro')[0]).toContain('不受名额限制');
    expect(view.texts('.problem__title')).toEqual(['导体偏细（截面“缩水”）', '绝缘厚度不足', '标志缺失或与实物不符']);
    expect(view.texts('.step__title')).toEqual(['1. 在线申请', '2. 产品医院受理', '3. 快速筛查', '4. 查看结论和报告']);
  });

  it('opens the cable form, the requester’s list and the voucher tab', async () => {
    const wx = consumer();
    const view = await renderPage('pages/help-tab/index');
    await view.tap('.apply');
    expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/cable/submit/index' }));
    await view.tap('.my-requests');
    expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/cable/my-requests/index' }));
    await view.tap('.vouchers');
    expect(wx.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/voucher-tab/index' }));
  });

  it('the cable-voucher link opens the application form with the person pool of the campaign open now', async () => {
    const now = Date.now();
    const closed = campaign({ campaignId: 'c-past', status: 'published' }, now - 90 * 24 * 3600_000);
    const later = campaign({ campaignId: 'c-later', closesAt: new Date(now + 20 * 24 * 3600_000).toISOString() }, now);
    const sooner = campaign({ campaignId: 'c-sooner', closesAt: new Date(now + 3 * 24 * 3600_000).toISOString() }, now);
    const enterpriseOnly = campaign(
      { campaignId: 'c-firms', pools: campaign({}, now).pools.filter((p) => p.poolId !== 'C1000') },
      now,
    );
    const wx = consumer({ 'voucher.listCampaigns': ok(paged([enterpriseOnly, later, sooner, closed])) });
    const view = await renderPage('pages/help-tab/index');
    await view.tap('.vouchers');
    expect(wx.navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: '/pages/voucher/apply/index?campaignId=c-sooner&poolId=C1000' }),
    );
    expect(wx.switchTab).not.toHaveBeenCalled();
  });

  it('without a campaign for persons now (or without an answer) the link opens the 检测券 tab', async () => {
    const wx = consumer({ 'voucher.listCampaigns': ok(paged([campaign({ status: 'published' })])) });
    const view = await renderPage('pages/help-tab/index');
    await view.tap('.vouchers');
    expect(wx.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/voucher-tab/index' }));
    const offline = consumer({ 'voucher.listCampaigns': fail('INTERNAL', '服务繁忙') });
    const again = await renderPage('pages/help-tab/index');
    await again.tap('.vouchers');
    expect(offline.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/voucher-tab/index' }));
    expect(offline.navigateTo).not.toHaveBeenCalled();
  });
});
