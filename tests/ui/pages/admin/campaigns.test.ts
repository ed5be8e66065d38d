import { summarizeCampaign } from '../../../../miniprogram/utils/campaign';
import { campaign, paged } from '../../helpers/fixtures';
import { flush, renderPage } from '../../helpers/render';
import { fail, mockWx, ok } from '../../helpers/wx';

const DAY = 86_400_000;

describe('活动管理 page', () => {
  it('lists every campaign, drafts included, with the words applicants read for the same state', async () => {
    const now = Date.now();
    const campaigns = [
      campaign({ campaignId: 'c-draft', title: '草稿活动', status: 'draft' }),
      campaign({ campaignId: 'c-open', title: '申领中的活动', status: 'open' }),
      campaign({
        campaignId: 'c-late',
        title: '已过截止时间',
        status: 'open',
        opensAt: new Date(now - 3 * DAY).toISOString(),
        closesAt: new Date(now - DAY).toISOString(),
      }),
      campaign({ campaignId: 'c-closed', title: '已截止', status: 'closed', snapshotCount: 1234 }),
      campaign({ campaignId: 'c-pub', title: '已公布', status: 'published', snapshotCount: 41 }),
    ];
    const wx = mockWx({ 'admin.listCampaigns': ok(paged(campaigns)) });
    const view = await renderPage('pages/admin/campaigns/index');
    await flush();
    expect(wx.calls()).toEqual([{ name: 'admin', data: { action: 'listCampaigns', page: 1 } }]);
    const labels = view.texts('.campaign__status');
    expect(labels).toEqual(['草稿', '申领中', '申领已截止，等待摇号', '申领已截止，等待摇号', '结果已公布']);
    // One mapping: what the applicants' pages say (utils/campaign.ts summarizeCampaign) for the non-drafts.
    expect(labels.slice(1)).toEqual(campaigns.slice(1).map((c) => summarizeCampaign(c, now).phaseLabel));
    expect(view.texts('.campaign__figures')[0]).toBe('5 个奖池 · 共 20,000 份 · 封顶 5,000 元');
    expect(view.texts('.campaign__applicants')).toEqual(['截止时申领 1,234 份', '截止时申领 41 份']);
    expect(view.texts('.campaign__window')[0]).toMatch(/^申领时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2} 至 /);
  });

  it('opens the draft form and a campaign', async () => {
    const wx = mockWx({ 'admin.listCampaigns': ok(paged([campaign({ campaignId: 'c-1', status: 'draft' })])) });
    const view = await renderPage('pages/admin/campaigns/index');
    await flush();
    await view.tap('.create');
    await view.tap('.campaign');
    expect(wx.navigateTo.mock.calls.map(([o]) => o.url)).toEqual([
      '/pages/admin/campaign-form/index',
      '/pages/admin/campaign/index?campaignId=c-1',
    ]);
  });

  it('says so when there is no campaign yet, and shows the error state when refused', async () => {
    mockWx({ 'admin.listCampaigns': ok(paged([])) });
    const empty = await renderPage('pages/admin/campaigns/index');
    await flush();
    expect(empty.text('.state-empty')).toBe('还没有活动，点“新建活动”创建第一个草稿');
    // 新建活动 is there even with no campaign.
    expect(empty.text('.create')).toBe('新建活动');

    mockWx({ 'admin.listCampaigns': fail('FORBIDDEN', '需要管理员权限') });
    const denied = await renderPage('pages/admin/campaigns/index');
    await flush();
    expect(denied.data.state).toBe('error');
  });
});
