import { campaign } from '../../helpers/fixtures';
import { flush, renderPage } from '../../helpers/render';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';

type Routes = Parameters<typeof mockWx>[0];

function pool(overrides: Record<string, unknown> = {}) {
  return {
    poolId: 'G500',
    label: null,
    faceValue: 500,
    quantity: 4,
    applied: 30,
    issued: 0,
    redeemed: 0,
    expired: 0,
    void: 0,
    winners: null,
    waitlist: null,
    promotable: false,
    ...overrides,
  };
}

function detail(overrides: Record<string, unknown> = {}, campaignOverrides: Record<string, unknown> = {}) {
  return {
    campaign: campaign({
      campaignId: 'c-1',
      title: '页面管理的活动',
      status: 'draft',
      commitment: null,
      pools: [{ poolId: 'G500', faceValue: 500, quantity: 4, applicantTypes: ['enterprise'] }],
      ...campaignOverrides,
    }),
    beaconChoice: null,
    applications: 30,
    pools: [pool()],
    drawJob: null,
    overdue: false,
    nextActions: ['updateCampaign', 'openCampaign'],
    ...overrides,
  };
}

const drandSource = {
  type: 'drand',
  chain: 'quicknet',
  test: false,
  chainHash: 'ab'.repeat(32),
  round: 12345678,
  roundTime: '2026-12-20T09:10:00.000Z',
  randomness: null,
};

function mockAdminWx(routes: Routes) {
  const wx = mockWx(routes);
  const extra = {
    setNavigationBarTitle: jest.fn(),
    redirectTo: jest.fn(),
    navigateBack: jest.fn(),
    pageScrollTo: jest.fn(),
  };
  Object.assign((globalThis as unknown as { wx: object }).wx, extra);
  return { ...wx, ...extra, actions: () => wx.calls().map((c) => c.data.action) };
}

describe('活动 page (admin)', () => {
  it('shows a draft’s settings and only the actions the server allows; 发布 says what it does and asks first', async () => {
    let current = detail();
    const wx = mockAdminWx({
      'admin.campaignDetail': () => ok(current),
      'admin.openCampaign': () => {
        current = detail(
          { nextActions: ['closeCampaign'] },
          { status: 'open', commitment: 'c'.repeat(64), beaconSource: drandSource },
        );
        return ok({ campaignId: 'c-1', commitment: 'c'.repeat(64), beaconSource: {} });
      },
    });
    const view = await renderPage('pages/admin/campaign/index', { campaignId: 'c-1' });
    await flush();
    expect(wx.calls()[0]).toEqual({ name: 'admin', data: { action: 'campaignDetail', campaignId: 'c-1' } });
    expect(view.text('.campaign-status')).toBe('草稿');
    expect(view.text('.setting_beacon')).toBe('未选择（默认 drand quicknet）');
    expect(view.texts('.step__mark')).toEqual(['下一步']);
    expect(view.texts('.step-action')).toEqual(['发布活动']);
    expect(view.has('.edit')).toBe(true);
    await view.tap('.edit');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/admin/campaign-form/index?campaignId=c-1' }),
    );

    wx.showModal.mockResolvedValueOnce({ confirm: false });
    await view.tap('.step-action');
    await flush();
    expect(wx.showModal.mock.calls[0][0].content).toContain('发布后将锁定公开随机数来源并公开承诺值，草稿不能再修改');
    expect(wx.actions()).not.toContain('openCampaign');

    wx.showModal.mockResolvedValueOnce({ confirm: true });
    await view.tap('.step-action');
    await flush();
    expect(wx.actions().slice(-2)).toEqual(['openCampaign', 'campaignDetail']);
    expect(view.text('.campaign-status')).toBe('申领中');
    expect(view.texts('.step-action')).toEqual(['截止申领']);
    expect(view.has('.edit')).toBe(false);
    expect(view.text('.setting_beacon')).toBe('drand quicknet 第 12345678 轮（约 2026-12-20 17:10 产生）');
    expect(view.text('.setting_commitment')).toBe('c'.repeat(64));
  });

  it('closing before the closing time says it is early; no button the server did not name', async () => {
    const wx = mockAdminWx({
      'admin.campaignDetail': ok(detail({ nextActions: ['closeCampaign'] }, { status: 'open' })),
      'admin.closeCampaign': ok({ campaignId: 'c-1', snapshotHash: 'f'.repeat(64), snapshotCount: 30 }),
    });
    const view = await renderPage('pages/admin/campaign/index', { campaignId: 'c-1' });
    await flush();
    expect(view.texts('.step-action')).toEqual(['截止申领']);
    wx.showModal.mockResolvedValueOnce({ confirm: true });
    await view.tap('.step-action');
    await flush();
    const content = wx.showModal.mock.calls[0][0].content as string;
    expect(content).toMatch(/^现在尚未到截止时间（.+），提前截止将缩短申领时间。/);
    expect(content).toContain('目前 30 份申领');
    expect(wx.actions()).toContain('closeCampaign');

    // Whatever the status, only what nextActions lists is shown: none here.
    mockAdminWx({ 'admin.campaignDetail': ok(detail({ nextActions: [] }, { status: 'open' })) });
    const none = await renderPage('pages/admin/campaign/index', { campaignId: 'c-1' });
    await flush();
    expect(none.has('.step-action')).toBe(false);
  });

  it('draws with a progress bar, calling draw again while it answers running', async () => {
    const answers = [1, 2, 3].map(() => deferred<Envelope>());
    let calls = 0;
    let current = detail({ nextActions: ['draw'] }, { status: 'closed', beaconSource: drandSource });
    const wx = mockAdminWx({
      'admin.campaignDetail': () => ok(current),
      'admin.draw': () => answers[calls++].promise,
    });
    const view = await renderPage('pages/admin/campaign/index', { campaignId: 'c-1' });
    await flush();
    expect(view.texts('.step-action')).toEqual(['开始摇号']);
    wx.showModal.mockResolvedValueOnce({ confirm: true });
    await view.tap('.step-action');
    await flush();
    expect(wx.showModal.mock.calls[0][0].content).toContain('drand quicknet 第 12345678 轮');
    expect(view.text('.draw-progress__text')).toBe('正在摇号：准备中…');
    expect(wx.calls().at(-1)).toEqual({ name: 'admin', data: { action: 'draw', campaignId: 'c-1' } });

    answers[0].resolve(ok({ status: 'running', jobId: 'draw-c-1', progress: { done: 1, total: 4 } }));
    await flush();
    expect(view.text('.draw-progress__text')).toBe('正在摇号：1 / 4 批');
    expect(view.data.drawPercent).toBe(25);
    expect(view.data.drawing).toBe(true);
    answers[1].resolve(ok({ status: 'running', jobId: 'draw-c-1', progress: { done: 3, total: 4 } }));
    await flush();
    expect(view.text('.draw-progress__text')).toBe('正在摇号：3 / 4 批');
    current = detail({ nextActions: ['publishResults'] }, { status: 'drawn', beaconSource: drandSource });
    answers[2].resolve(
      ok({ status: 'done', jobId: 'draw-c-1', progress: { done: 4, total: 4 }, resultDigest: 'd'.repeat(64) }),
    );
    await flush();
    expect(calls).toBe(3);
    expect(wx.lastToast()).toBe('摇号完成');
    expect(view.has('.draw-progress')).toBe(false);
    expect(view.text('.campaign-status')).toBe('已摇号，结果待公布');
    expect(view.texts('.step-action')).toEqual(['公布结果']);
  });

  it('reopened while its draw job runs, resumes the draw without asking; leaving stops the calls', async () => {
    const pending = deferred<Envelope>();
    let calls = 0;
    const wx = mockAdminWx({
      'admin.campaignDetail': ok(
        detail(
          {
            nextActions: ['draw'],
            drawJob: {
              jobId: 'draw-c-1',
              kind: 'draw',
              status: 'running',
              progress: { done: 2, total: 5 },
              message: null,
            },
          },
          { status: 'closed', beaconSource: drandSource },
        ),
      ),
      'admin.draw': () => {
        calls++;
        return pending.promise;
      },
    });
    const view = await renderPage('pages/admin/campaign/index', { campaignId: 'c-1' });
    await flush();
    expect(wx.showModal).not.toHaveBeenCalled();
    expect(calls).toBe(1);
    expect(view.text('.draw-progress__text')).toBe('正在摇号：2 / 5 批');
    expect(view.texts('.step-action')).toEqual(['继续摇号']);
    view.detach();
    pending.resolve(ok({ status: 'running', jobId: 'draw-c-1', progress: { done: 3, total: 5 } }));
    await flush();
    expect(calls).toBe(1);
  });

  it('an announced-lottery draw asks for the numbers and sends them with the pinned issue', async () => {
    const wx = mockAdminWx({
      'admin.campaignDetail': ok(
        detail(
          { nextActions: ['draw'] },
          {
            status: 'closed',
            beaconSource: { type: 'announced', issue: '福彩3D 第2026340期', drawDate: '2026-12-21', numbers: null },
          },
        ),
      ),
      'admin.draw': ok({ status: 'done', jobId: 'draw-c-1', progress: { done: 3, total: 3 } }),
    });
    const view = await renderPage('pages/admin/campaign/index', { campaignId: 'c-1' });
    await flush();
    expect(view.text('.setting_beacon')).toBe('福彩3D 第2026340期（开奖日期 2026-12-21）');
    wx.showModal.mockResolvedValueOnce({ confirm: true });
    wx.showModal.mockResolvedValueOnce({ confirm: true, content: ' ' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, content: '5 0 8' });
    await view.tap('.step-action');
    await flush();
    expect(wx.showModal.mock.calls[1][0]).toMatchObject({
      title: '请输入 福彩3D 第2026340期 的开奖号码',
      editable: true,
    });
    expect(wx.showModal.mock.calls[2][0].title).toBe('请输入开奖号码');
    const draws = wx.calls().filter((c) => c.data.action === 'draw');
    expect(draws).toEqual([
      {
        name: 'admin',
        data: { action: 'draw', campaignId: 'c-1', announced: { issue: '福彩3D 第2026340期', numbers: '5 0 8' } },
      },
    ]);
  });

  it('after publishing: per-pool figures, the result notices’ counts, and 递补 only for the pools the server names', async () => {
    const published = detail(
      {
        nextActions: ['promoteWaitlist'],
        pools: [
          pool({
            poolId: 'G2000',
            faceValue: 2000,
            quantity: 3,
            applied: 30,
            issued: 2,
            redeemed: 1,
            winners: 3,
            waitlist: 12,
          }),
          pool({ label: '小额券', applied: 60, issued: 3, void: 1, winners: 4, waitlist: 40, promotable: true }),
        ],
      },
      { status: 'published', beaconSource: drandSource },
    );
    const wx = mockAdminWx({
      'admin.campaignDetail': ok(published),
      'admin.noticeStatus': ok({
        campaignId: 'c-1',
        queueing: { status: 'done', done: 60, total: 60 },
        queued: 60,
        sent: 41,
        skipped: 15,
        failed: 1,
        pending: 3,
        perRun: 200,
        runEveryMinutes: 1,
      }),
      'admin.promoteWaitlist': ok({ campaignId: 'c-1', poolId: 'G500', free: 1, promoted: ['a-9'], exhausted: false }),
    });
    const view = await renderPage('pages/admin/campaign/index', { campaignId: 'c-1' });
    await flush();
    expect(view.text('.campaign-status')).toBe('结果已公布');
    expect(view.texts('.pool__title')).toEqual(['G2000 · 面值 2,000 元', '小额券（G500） · 面值 500 元']);
    expect(view.texts('.pool__applied')).toEqual(['申领 30 / 名额 3', '申领 60 / 名额 4']);
    expect(view.texts('.pool__drawn')).toEqual(['中签 3 · 候补 12', '中签 4 · 候补 40']);
    expect(view.texts('.pool__vouchers')[1]).toBe('已发券 3 · 已核销 0 · 已过期 0 · 已作废 1');
    expect(view.texts('.notice-count .stats__value')).toEqual(['60', '41', '15', '1', '3']);
    expect(view.texts('.notice-count .stats__label')).toEqual(['已生成', '已发送', '未订阅跳过', '发送失败', '待发送']);
    expect(view.has('.step-action')).toBe(false);
    expect(view.texts('.pool__promote')).toEqual(['递补 小额券（G500）']);
    expect(view.has('.nothing-to-promote')).toBe(false);

    wx.showModal.mockResolvedValueOnce({ confirm: true });
    await view.tap('.pool__promote');
    await flush();
    expect(wx.showModal.mock.calls[0][0].content).toContain('空余名额（1 个）');
    expect(wx.calls().find((c) => c.data.action === 'promoteWaitlist')).toEqual({
      name: 'admin',
      data: { action: 'promoteWaitlist', campaignId: 'c-1', poolId: 'G500' },
    });
    expect(wx.lastToast()).toBe('已递补 1 人');
  });

  it('keeps the page when the notices’ counts are not available, and shows the error state when refused', async () => {
    mockAdminWx({
      'admin.campaignDetail': ok(detail({ nextActions: [] }, { status: 'published' })),
      'admin.noticeStatus': fail('INTERNAL', '服务暂不可用'),
    });
    const view = await renderPage('pages/admin/campaign/index', { campaignId: 'c-1' });
    await flush();
    expect(view.text('.notices__failed')).toBe('通知统计暂不可用');
    expect(view.text('.nothing-to-promote')).toMatch(/^暂无可递补的名额/);
    expect(view.text('.campaign-status')).toBe('结果已公布');

    mockAdminWx({ 'admin.campaignDetail': fail('FORBIDDEN', '需要管理员权限') });
    const denied = await renderPage('pages/admin/campaign/index', { campaignId: 'c-1' });
    await flush();
    expect(denied.data.state).toBe('error');
  });
});
