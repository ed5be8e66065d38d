import { flush, renderPage } from '../helpers/render';
import { enterprise, profile } from '../helpers/fixtures';
import { deferred, fail, mockWx, ok, type Envelope } from '../helpers/wx';

const BOUND = profile({
  enterprise: enterprise({ uscc: '91440606MA4UXXXX1X' }),
  phoneVerified: true,
  phoneMasked: '138****8000',
});
const CONSUMER = profile({ phoneVerified: true, phoneMasked: '139****5678' });
const STAFF = profile({ roles: ['staff'], hospitalId: 'gd-cable', hospitalName: '广东省电线电缆产品医院' });
const ADMIN = profile({ roles: ['admin'] });
const EXPERT = profile({ roles: ['expert'], expertId: 'e-1' });
const NO_COUNTS = ok({ usableVouchers: 0, openCableRequests: 0 });

describe('我的', () => {
  it('logs in while showing loading, then shows the enterprise account with its binding', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'user.login': () => answer.promise, 'user.summary': NO_COUNTS });
    const view = await renderPage('pages/mine/index');
    expect(view.text('.state-loading')).toBe('正在登录');

    answer.resolve(ok(BOUND));
    await flush();
    expect(wx.calls()).toEqual([
      { name: 'user', data: { action: 'login' } },
      { name: 'user', data: { action: 'summary' } },
    ]);
    expect(view.text('.profile__name')).toBe('佛山市顺德区美达电器有限公司');
    expect(view.text('.profile__uscc')).toBe('91440606MA4UXXXX1X');
    expect(view.text('.profile__phone')).toBe('手机号已验证：138****8000');
    expect(view.texts('.section')).toEqual(['我的业务', '账户', '其他']);
    expect(view.texts('.cells_account .row__label')).toEqual(['企业绑定', '手机号验证']);
    expect(view.text('.row_enterprise .row__value')).toBe('佛山市顺德区美达电器有限公司');
    expect(view.text('.row_phone .row__value')).toBe('138****8000');
    expect(view.has('.row_asEnterprise')).toBe(false);
  });

  it('an unverified binding shows its state instead of the name in the menu', async () => {
    mockWx({
      'user.login': ok(profile({ enterprise: enterprise({ verification: 'pending', verifiedBy: null }) })),
      'user.summary': NO_COUNTS,
    });
    const view = await renderPage('pages/mine/index');
    expect(view.text('.row_enterprise .row__value')).toBe('待验证');
  });

  it('a consumer is greeted, not told to bind an enterprise; 我是企业 is offered last in the account section', async () => {
    const wx = mockWx({ 'user.login': ok(CONSUMER), 'user.summary': NO_COUNTS });
    const view = await renderPage('pages/mine/index');
    expect(view.text('.profile__name')).toBe('你好');
    expect(view.text('.profile')).not.toMatch(/绑定企业|尚未绑定/);
    expect(view.has('.profile__uscc')).toBe(false);
    expect(view.text('.profile__phone')).toBe('手机号已验证：139****5678');
    expect(view.texts('.section')).toEqual(['我的业务', '账户', '其他']);
    expect(view.texts('.cells_business .row__label')).toEqual(['我的申领', '我的检测券', '我的筛查申请', '我的培训']);
    expect(view.texts('.cells_account .row__label')).toEqual(['手机号验证', '我是企业']);
    expect(view.has('.row_enterprise')).toBe(false);
    await view.tap('.row_asEnterprise');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/enterprise/index' }));
  });

  it('a new user without a verified phone is told so, and nothing else', async () => {
    mockWx({ 'user.login': ok(profile()), 'user.summary': NO_COUNTS });
    const view = await renderPage('pages/mine/index');
    expect(view.text('.profile__name')).toBe('你好');
    expect(view.text('.profile__phone')).toBe('手机号未验证');
    expect(view.text('.row_phone .row__value')).toBe('未验证');
  });

  it('hospital staff see their workbench first, with the hospital', async () => {
    mockWx({ 'user.login': ok(STAFF), 'user.summary': NO_COUNTS });
    const view = await renderPage('pages/mine/index');
    expect(view.texts('.section')).toEqual(['工作台', '我的业务', '账户', '其他']);
    expect(view.texts('.row__label').slice(0, 2)).toEqual(['核销工作台', '筛查工作台']);
    expect(view.text('.row_redeem .row__value')).toBe('广东省电线电缆产品医院');
    expect(view.text('.row_screening .row__value')).toBe('广东省电线电缆产品医院');
    expect(view.texts('.role')).toEqual(['产品医院工作人员']);
    expect(view.text('.profile__hospital')).toBe('广东省电线电缆产品医院');
    expect(view.has('.row_adminHome')).toBe(false);
  });

  it('admins see 管理 first; staff who are also admins see the workbench, then 管理', async () => {
    mockWx({ 'user.login': ok(ADMIN), 'user.summary': NO_COUNTS });
    const admin = await renderPage('pages/mine/index');
    expect(admin.texts('.section')).toEqual(['管理', '我的业务', '账户', '其他']);
    expect(admin.texts('.row__label')[0]).toBe('管理后台');
    expect(admin.has('.row_redeem')).toBe(false);

    mockWx({ 'user.login': ok({ ...STAFF, roles: ['staff', 'admin'] }), 'user.summary': NO_COUNTS });
    const both = await renderPage('pages/mine/index');
    expect(both.texts('.section')).toEqual(['工作台', '管理', '我的业务', '账户', '其他']);
  });

  it('experts see 专家工作台 first: 待接单问诊 and 我的问诊; admins get the help desk’s pages under 管理', async () => {
    const wx = mockWx({ 'user.login': ok(EXPERT), 'user.summary': NO_COUNTS });
    const expert = await renderPage('pages/mine/index');
    expect(expert.texts('.section')).toEqual(['专家工作台', '我的业务', '账户', '其他']);
    expect(expert.texts('.cells_expert .row__label')).toEqual(['待接单问诊', '我的问诊']);
    expect(expert.texts('.role')).toEqual(['帮扶专家']);
    expect(expert.has('.row_helpEscalations')).toBe(false);
    await expert.tap('.row_expertOffers');
    await expert.tap('.row_expertCases');
    expect(wx.navigateTo.mock.calls.map(([o]) => o.url)).toEqual([
      '/pages/expert/offers/index',
      '/pages/expert/cases/index',
    ]);

    // The role without a bound expert record is no expert (the server refuses its actions too).
    mockWx({ 'user.login': ok({ ...EXPERT, expertId: null }), 'user.summary': NO_COUNTS });
    const unbound = await renderPage('pages/mine/index');
    expect(unbound.has('.cells_expert')).toBe(false);

    mockWx({ 'user.login': ok(ADMIN), 'user.summary': NO_COUNTS });
    const admin = await renderPage('pages/mine/index');
    expect(admin.texts('.cells_admin .row__label')).toEqual(['管理后台', '帮扶督办', '专家库', '帮扶统计', '培训管理']);
    expect(admin.has('.cells_expert')).toBe(false);
  });

  it('shows my usable vouchers and open requests on their entries', async () => {
    mockWx({ 'user.login': ok(CONSUMER), 'user.summary': ok({ usableVouchers: 2, openCableRequests: 1 }) });
    const view = await renderPage('pages/mine/index');
    expect(view.text('.row_vouchers .row__value')).toBe('2 张可用');
    expect(view.text('.row_cableRequests .row__value')).toBe('1 项进行中');
    expect(view.has('.row_vouchers .row__value_count')).toBe(true);
    expect(view.text('.row_applications .row__value')).toBe('');
  });

  it('counts are fetched again when the user comes back, and their failure hides them quietly', async () => {
    let answer = ok({ usableVouchers: 1, openCableRequests: 0 });
    const wx = mockWx({ 'user.login': ok(CONSUMER), 'user.summary': () => answer });
    const view = await renderPage('pages/mine/index');
    expect(view.text('.row_vouchers .row__value')).toBe('1 张可用');
    expect(view.text('.row_cableRequests .row__value')).toBe('');

    answer = ok({ usableVouchers: 0, openCableRequests: 3 });
    view.instance.onShow();
    await flush();
    expect(view.text('.row_vouchers .row__value')).toBe('');
    expect(view.text('.row_cableRequests .row__value')).toBe('3 项进行中');
    // Back again, the counts cannot be fetched: the menu stays, no error toast.
    answer = fail('INTERNAL', '服务繁忙');
    view.instance.onShow();
    await flush();
    expect(view.text('.row_cableRequests .row__value')).toBe('3 项进行中');
    expect(wx.showToast).not.toHaveBeenCalled();
    expect(wx.calls().filter((c) => c.data.action === 'login')).toHaveLength(1);
  });

  it('each row opens its page', async () => {
    const wx = mockWx({ 'user.login': ok({ ...BOUND, roles: ['staff', 'admin'] }), 'user.summary': NO_COUNTS });
    const view = await renderPage('pages/mine/index');
    const rows = view.doms('.row');
    for (let i = 0; i < rows.length; i++) await view.tap('.row', i);
    expect(wx.navigateTo.mock.calls.map(([o]) => o.url)).toEqual([
      '/pages/hospital/redeem/index',
      '/pages/hospital/screening/index',
      '/pages/admin/index/index',
      '/pages/admin/help-escalations/index',
      '/pages/admin/experts/index',
      '/pages/admin/help-stats/index',
      '/pages/admin/training/index',
      '/pages/voucher/my-applications/index',
      '/pages/voucher/my-vouchers/index',
      '/pages/cable/my-requests/index',
      '/pages/training/my-signups/index',
      '/pages/credit/products/index',
      '/pages/user/enterprise/index',
      '/pages/user/phone/index',
      '/pages/user/privacy/index',
      '/pages/user/about/index',
    ]);
  });

  it('trainers see 培训签到 only with an organiser bound, as the server requires', async () => {
    mockWx({ 'user.login': ok(profile({ roles: ['trainer'], organiserId: 'org-1' })), 'user.summary': NO_COUNTS });
    const trainer = await renderPage('pages/mine/index');
    expect(trainer.texts('.cells_trainer .row__label')).toEqual(['培训签到']);
    mockWx({ 'user.login': ok(profile({ roles: ['trainer'], organiserId: null })), 'user.summary': NO_COUNTS });
    const unbound = await renderPage('pages/mine/index');
    expect(unbound.has('.cells_trainer')).toBe(false);
  });

  it('tells the user when a page cannot be opened', async () => {
    const wx = mockWx({ 'user.login': ok(profile()), 'user.summary': NO_COUNTS });
    wx.navigateTo.mockImplementation((o: { fail?: () => void }) => o.fail?.());
    const view = await renderPage('pages/mine/index');
    await view.tap('.row_applications');
    expect(wx.lastToast()).toBe('页面暂时无法打开，请稍后重试');
  });

  it('shows an error when login fails, and retries', async () => {
    let attempts = 0;
    const wx = mockWx({
      'user.login': () => (++attempts === 1 ? fail('INTERNAL', '登录服务繁忙') : ok(BOUND)),
      'user.summary': NO_COUNTS,
    });
    const view = await renderPage('pages/mine/index');
    expect(view.text('.state-error__text')).toBe('登录失败');
    expect(wx.lastToast()).toBe('登录服务繁忙');
    await view.tap('#state >>> .state-retry');
    expect(wx.calls().filter((c) => c.data.action === 'login')).toHaveLength(2);
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
    const wx = mockWx({ 'user.login': () => ok(++call === 1 ? profile() : BOUND), 'user.summary': NO_COUNTS });
    const view = await renderPage('pages/mine/index');
    await view.instance.onPullDownRefresh();
    expect(wx.calls().filter((c) => c.data.action === 'login')).toHaveLength(2);
    expect(view.text('.profile__name')).toBe('佛山市顺德区美达电器有限公司');
  });
});
