import { renderPage } from '../helpers/render';
import { campaign, paged } from '../helpers/fixtures';
import { fail, mockWx, ok } from '../helpers/wx';

describe('筛查 tab', () => {
  it('presents the free, unlimited service and the common problems without calling the cloud', async () => {
    const wx = mockWx();
    const view = await renderPage('pages/cable-tab/index');
    expect(view.text('.page__title')).toBe('电线电缆快速筛查');
    expect(view.texts('.intro')[0]).toContain('免费');
    expect(view.texts('.intro')[0]).toContain('不受名额限制');
    expect(view.texts('.problem__title')).toEqual(['导体偏细（截面“缩水”）', '绝缘厚度不足', '标志缺失或与实物不符']);
    expect(view.texts('.step__title')).toEqual(['1. 在线申请', '2. 产品医院受理', '3. 快速筛查', '4. 查看结论和报告']);
    expect(wx.callFunction).not.toHaveBeenCalled();
  });

  it('opens the form, the requester’s list and the voucher tab', async () => {
    const wx = mockWx();
    const view = await renderPage('pages/cable-tab/index');
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
    const wx = mockWx({ 'voucher.listCampaigns': ok(paged([enterpriseOnly, later, sooner, closed])) });
    const view = await renderPage('pages/cable-tab/index');
    await view.tap('.vouchers');
    expect(wx.navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: '/pages/voucher/apply/index?campaignId=c-sooner&poolId=C1000' }),
    );
    expect(wx.switchTab).not.toHaveBeenCalled();
  });

  it('without a campaign for persons now (or without an answer) the link opens the 检测券 tab', async () => {
    const wx = mockWx({ 'voucher.listCampaigns': ok(paged([campaign({ status: 'published' })])) });
    const view = await renderPage('pages/cable-tab/index');
    await view.tap('.vouchers');
    expect(wx.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/voucher-tab/index' }));
    const offline = mockWx({ 'voucher.listCampaigns': fail('INTERNAL', '服务繁忙') });
    const again = await renderPage('pages/cable-tab/index');
    await again.tap('.vouchers');
    expect(offline.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/voucher-tab/index' }));
    expect(offline.navigateTo).not.toHaveBeenCalled();
  });
});
