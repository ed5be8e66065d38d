import { paged } from '../../helpers/fixtures';
import { flush, renderPage } from '../../helpers/render';
import { fail, mockWx, ok } from '../../helpers/wx';

const claim = (overrides: Record<string, unknown> = {}) => ({
  claimId: 'claim-1',
  uscc: '91440606722473344C',
  claimedName: '佛山市顺德区美达电器有限公司',
  registeredName: '佛山市顺德区美达电器有限公司',
  hasOwner: true,
  note: '原经办人已离职',
  status: 'pending',
  resolution: null,
  createdAt: '2026-11-20T02:00:00.000Z',
  ...overrides,
});

const verification = (overrides: Record<string, unknown> = {}) => ({
  bindingId: 'o-claimant',
  uscc: '91440606722473344C',
  claimedName: '佛山市顺德区美达电器有限公司',
  registeredName: '佛山市顺德区美达电器有限公司',
  hasVerifiedOwner: false,
  licence: { fileID: 'cloud://e/enterprise-proofs/o-claimant/licence.jpg', url: 'https://tmp/licence.jpg' },
  authorization: { fileID: 'cloud://e/enterprise-proofs/o-claimant/letter.jpg', url: 'https://tmp/letter.jpg' },
  submittedAt: '2026-11-20T02:00:00.000Z',
  status: 'waiting',
  rejectionReason: null,
  reviewedAt: null,
  ...overrides,
});

describe('管理 page', () => {
  it('opens the programme’s pages: 活动管理, 数据看板, 导入与红榜, 信用赋码管理 (no campaign rows of its own)', async () => {
    const wx = mockWx({ 'admin.listEnterpriseClaims': ok(paged([])) });
    const view = await renderPage('pages/admin/index/index');
    await flush();
    expect(view.text('.run-title')).toBe('活动与数据');
    expect(view.texts('.run-link__label')).toEqual(['活动管理', '数据看板', '导入与红榜', '信用赋码管理']);
    for (let i = 0; i < 4; i++) await view.tap('.run-link', i);
    expect(wx.navigateTo.mock.calls.map(([o]) => o.url)).toEqual([
      '/pages/admin/campaigns/index',
      '/pages/admin/dashboard/index',
      '/pages/admin/imports/index',
      '/pages/admin/credit/index',
    ]);
    // The campaigns live on 活动管理 now: the home asks for none and opens on the claims.
    expect(wx.calls().map((c) => c.data.action)).toEqual(['listEnterpriseClaims']);
    expect(view.texts('.tabs__item')).toEqual(['企业绑定复核', '企业材料审核']);
  });

  it('links to the help desk’s pages: 帮扶督办, 专家库, 帮扶统计', async () => {
    const wx = mockWx({ 'admin.listEnterpriseClaims': ok(paged([])) });
    const view = await renderPage('pages/admin/index/index');
    expect(view.text('.help-title')).toBe('质量帮扶');
    expect(view.texts('.help-link')).toEqual(['帮扶督办', '专家库', '帮扶统计']);
    for (let i = 0; i < 3; i++) await view.tap('.help-link', i);
    expect(wx.navigateTo.mock.calls.map(([o]) => o.url)).toEqual([
      '/pages/admin/help-escalations/index',
      '/pages/admin/experts/index',
      '/pages/admin/help-stats/index',
    ]);
  });

  it('shows the empty state when no claim waits, and the error state when loading fails', async () => {
    mockWx({ 'admin.listEnterpriseClaims': ok(paged([])) });
    const view = await renderPage('pages/admin/index/index');
    await flush();
    expect(view.text('.state-empty')).toBe('没有待处理的复核申请');

    mockWx({ 'admin.listEnterpriseClaims': fail('FORBIDDEN', '需要管理员权限') });
    const denied = await renderPage('pages/admin/index/index');
    await flush();
    expect(denied.data.state).toBe('error');
  });

  it('approves a claim after confirmation, and a rejection needs a reason', async () => {
    const wx = mockWx({
      'admin.listEnterpriseClaims': ok(paged([claim(), claim({ claimId: 'claim-2', uscc: '91441300195971850Y' })])),
      'admin.resolveEnterpriseClaim': (data) =>
        ok(claim({ claimId: data.claimId, status: data.decision === 'approve' ? 'approved' : 'rejected' })),
    });
    const view = await renderPage('pages/admin/index/index');
    await flush();
    expect(view.texts('.claim .card__title')).toEqual(['91440606722473344C', '91441300195971850Y']);

    wx.showModal.mockResolvedValueOnce({ confirm: false });
    await view.tap('.claim__approve', 0);
    await flush();
    expect(wx.calls().some((c) => c.data.action === 'resolveEnterpriseClaim')).toBe(false);

    wx.showModal.mockResolvedValueOnce({ confirm: true });
    await view.tap('.claim__approve', 0);
    await flush();
    expect(wx.calls().at(-1)).toEqual({
      name: 'admin',
      data: { action: 'resolveEnterpriseClaim', claimId: 'claim-1', decision: 'approve', note: '' },
    });
    expect(view.texts('.claim .card__title')).toEqual(['91441300195971850Y']);

    // An empty reason: the modal opens again (its text box focused), titled with what is missing.
    wx.showModal.mockResolvedValueOnce({ confirm: true, content: '  ' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, content: '材料不全' });
    await view.tap('.claim__reject', 0);
    await flush();
    expect(wx.showModal.mock.calls.at(-1)?.[0]).toMatchObject({ title: '请填写驳回原因', editable: true });
    expect(wx.calls().at(-1)).toEqual({
      name: 'admin',
      data: { action: 'resolveEnterpriseClaim', claimId: 'claim-2', decision: 'reject', note: '材料不全' },
    });
    expect(view.data.state).toBe('empty');
  });

  it('reviews enterprise documents: views the scans, approves after confirmation, rejects with a reason', async () => {
    const wx = mockWx({
      'admin.listEnterpriseClaims': ok(paged([])),
      'admin.listEnterpriseVerifications': ok(
        paged([
          verification(),
          verification({ bindingId: 'o-second', uscc: '91441300195971850Y', registeredName: null }),
          verification({ bindingId: 'o-late', uscc: '91440400192548256N', hasVerifiedOwner: true }),
        ]),
      ),
      'admin.reviewEnterpriseVerification': (data) =>
        ok(verification({ bindingId: data.bindingId, status: data.decision === 'approve' ? 'approved' : 'rejected' })),
    });
    (globalThis as any).wx.previewImage = jest.fn();
    const view = await renderPage('pages/admin/index/index');
    await flush();
    await view.tap('.tabs__item', 1);
    await flush();
    expect(wx.calls().at(-1)).toEqual({
      name: 'admin',
      data: { action: 'listEnterpriseVerifications', status: 'waiting', page: 1 },
    });
    expect(view.texts('.verification .card__title')).toEqual([
      '91440606722473344C',
      '91441300195971850Y',
      '91440400192548256N',
    ]);
    expect(view.text('.verification__unregistered')).toBe('登记信息中无此企业，请以营业执照为准');
    expect(view.text('.verification__owner')).toBe('该企业已由其他账号完成验证，不能通过此申请');

    await view.tap('.document__image_authorization', 0);
    expect((globalThis as any).wx.previewImage).toHaveBeenCalledWith({
      urls: ['https://tmp/licence.jpg', 'https://tmp/letter.jpg'],
      current: 'https://tmp/letter.jpg',
    });

    wx.showModal.mockResolvedValueOnce({ confirm: false });
    await view.tap('.verification__approve', 0);
    await flush();
    expect(wx.calls().some((c) => c.data.action === 'reviewEnterpriseVerification')).toBe(false);
    wx.showModal.mockResolvedValueOnce({ confirm: true });
    await view.tap('.verification__approve', 0);
    await flush();
    expect(wx.calls().at(-1)).toEqual({
      name: 'admin',
      data: { action: 'reviewEnterpriseVerification', bindingId: 'o-claimant', decision: 'approve', reason: '' },
    });
    expect(view.texts('.verification .card__title')).toEqual(['91441300195971850Y', '91440400192548256N']);

    // Empty, then too long (counted as the server counts: 201 emoji are 201 characters): each time the
    // modal opens again with what was typed and the problem as its title; nothing is sent until it fits.
    const tooLong = '😀'.repeat(201);
    wx.showModal.mockResolvedValueOnce({ confirm: true, content: ' ' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, content: tooLong });
    wx.showModal.mockResolvedValueOnce({ confirm: true, content: ' 营业执照不清晰 ' });
    const before = wx.calls().length;
    await view.tap('.verification__reject', 0);
    await flush();
    const asked = wx.showModal.mock.calls.slice(-3).map(([o]) => ({ title: o.title, content: o.content }));
    expect(asked).toEqual([
      { title: '驳回原因（将告知申请人）', content: '' },
      { title: '请填写驳回原因', content: ' ' },
      { title: '驳回原因不超过 200 字', content: tooLong },
    ]);
    expect(wx.calls().length).toBe(before + 1);
    expect(wx.calls().at(-1)).toEqual({
      name: 'admin',
      data: {
        action: 'reviewEnterpriseVerification',
        bindingId: 'o-second',
        decision: 'reject',
        reason: '营业执照不清晰',
      },
    });
    // Another account is verified already: approving is refused on the page (and by the server).
    const calls = wx.calls().length;
    await view.tap('.verification__approve', 0);
    await flush();
    expect(wx.lastToast()).toBe('该企业已由其他账号完成验证，不能通过此申请');
    expect(wx.calls()).toHaveLength(calls);
  });

  it('says so when no documents wait for review', async () => {
    mockWx({ 'admin.listEnterpriseClaims': ok(paged([])), 'admin.listEnterpriseVerifications': ok(paged([])) });
    const view = await renderPage('pages/admin/index/index');
    await flush();
    await view.tap('.tabs__item', 1);
    await flush();
    expect(view.text('.state-empty')).toBe('没有待审核的证明材料');
  });
});
