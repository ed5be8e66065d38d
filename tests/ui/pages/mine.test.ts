import { flush, renderPage } from '../helpers/render';
import { enterprise, profile } from '../helpers/fixtures';
import { deferred, fail, mockWx, ok, type Envelope } from '../helpers/wx';

const BOUND = profile({
  enterprise: enterprise({ uscc: '91440606MA4UXXXX1X' }),
  phoneVerified: true,
  phoneMasked: '138****8000',
});

describe('我的', () => {
  it('logs in while showing loading, then shows the profile', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'user.login': () => answer.promise });
    const view = await renderPage('pages/mine/index');
    expect(view.text('.state-loading')).toBe('正在登录');

    answer.resolve(ok(BOUND));
    await flush();
    expect(wx.calls()).toEqual([{ name: 'user', data: { action: 'login' } }]);
    expect(view.text('.profile__name')).toBe('佛山市顺德区美达电器有限公司');
    expect(view.text('.profile__uscc')).toBe('91440606MA4UXXXX1X');
    expect(view.text('.profile__phone')).toBe('手机号已验证：138****8000');
    expect(view.text('.row_enterprise .row__value')).toBe('佛山市顺德区美达电器有限公司');
    expect(view.text('.row_phone .row__value')).toBe('138****8000');
  });

  it('an unverified binding shows its state instead of the name in the menu', async () => {
    mockWx({ 'user.login': ok(profile({ enterprise: enterprise({ verification: 'pending', verifiedBy: null }) })) });
    const view = await renderPage('pages/mine/index');
    expect(view.text('.row_enterprise .row__value')).toBe('待验证');
  });

  it('prompts a new user to bind an enterprise and verify a phone', async () => {
    mockWx({ 'user.login': ok(profile()) });
    const view = await renderPage('pages/mine/index');
    expect(view.text('.profile__name')).toBe('尚未绑定企业');
    expect(view.text('.profile__hint')).toBe('企业申领检测券前，请先绑定企业');
    expect(view.text('.profile__phone')).toBe('手机号未验证');
    expect(view.text('.row_enterprise .row__value')).toBe('未绑定');
    expect(view.text('.row_phone .row__value')).toBe('未验证');
  });

  it('shows workbenches to hospital staff only, and 管理 to admins only', async () => {
    mockWx({ 'user.login': ok(profile()) });
    const user = await renderPage('pages/mine/index');
    expect(user.texts('.section')).toEqual(['账户', '我的业务', '其他']);
    expect(user.has('.row_redeem')).toBe(false);
    expect(user.has('.row_adminHome')).toBe(false);

    mockWx({
      'user.login': ok(profile({ roles: ['staff'], hospitalId: 'gd-cable', hospitalName: '广东省电线电缆产品医院' })),
    });
    const staff = await renderPage('pages/mine/index');
    expect(staff.texts('.section')).toEqual(['账户', '我的业务', '工作台', '其他']);
    expect(staff.text('.row_redeem .row__value')).toBe('广东省电线电缆产品医院');
    expect(staff.text('.row_screening .row__value')).toBe('广东省电线电缆产品医院');
    expect(staff.texts('.role')).toEqual(['产品医院工作人员']);
    expect(staff.has('.row_adminHome')).toBe(false);

    mockWx({ 'user.login': ok(profile({ roles: ['admin'] })) });
    const admin = await renderPage('pages/mine/index');
    expect(admin.texts('.section')).toEqual(['账户', '我的业务', '管理', '其他']);
    expect(admin.has('.row_redeem')).toBe(false);
    expect(admin.text('.row_adminHome .row__label')).toBe('管理后台');
  });

  it('each row opens its page', async () => {
    const wx = mockWx({ 'user.login': ok(profile({ roles: ['staff', 'admin'] })) });
    const view = await renderPage('pages/mine/index');
    const rows = view.doms('.row');
    for (let i = 0; i < rows.length; i++) await view.tap('.row', i);
    expect(wx.navigateTo.mock.calls.map(([o]) => o.url)).toEqual([
      '/pages/user/enterprise/index',
      '/pages/user/phone/index',
      '/pages/voucher/my-applications/index',
      '/pages/voucher/my-vouchers/index',
      '/pages/cable/my-requests/index',
      '/pages/hospital/redeem/index',
      '/pages/hospital/screening/index',
      '/pages/admin/index/index',
      '/pages/user/privacy/index',
      '/pages/user/about/index',
    ]);
  });

  it('tells the user when a page cannot be opened', async () => {
    const wx = mockWx({ 'user.login': ok(profile()) });
    wx.navigateTo.mockImplementation((o: { fail?: () => void }) => o.fail?.());
    const view = await renderPage('pages/mine/index');
    await view.tap('.row_applications');
    expect(wx.lastToast()).toBe('页面暂时无法打开，请稍后重试');
  });

  it('shows an error when login fails, and retries', async () => {
    let attempts = 0;
    const wx = mockWx({ 'user.login': () => (++attempts === 1 ? fail('INTERNAL', '登录服务繁忙') : ok(BOUND)) });
    const view = await renderPage('pages/mine/index');
    expect(view.text('.state-error__text')).toBe('登录失败');
    expect(wx.lastToast()).toBe('登录服务繁忙');
    await view.tap('#state >>> .state-retry');
    expect(wx.calls()).toHaveLength(2);
    expect(view.text('.profile__name')).toBe('佛山市顺德区美达电器有限公司');
  });

  it('a network failure reads as one', async () => {
    const wx = mockWx({});
    const view = await renderPage('pages/mine/index');
    expect(view.text('.state-error__text')).toBe('登录失败');
    expect(wx.lastToast()).toBe('网络异常，请检查网络后重试');
  });

  it('pull-down refresh logs in again rather than using the cached profile', async () => {
    let call = 0;
    const wx = mockWx({ 'user.login': () => ok(++call === 1 ? profile() : BOUND) });
    const view = await renderPage('pages/mine/index');
    await view.instance.onPullDownRefresh();
    expect(wx.calls()).toHaveLength(2);
    expect(view.text('.profile__name')).toBe('佛山市顺德区美达电器有限公司');
  });
});
