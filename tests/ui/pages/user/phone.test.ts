import { flush, renderPage } from '../../helpers/render';
import { profile } from '../../helpers/fixtures';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';

const phoneEvent = (detail: object) => ['.verify', 'getphonenumber', detail] as const;

describe('手机号验证', () => {
  it('loads the profile, then shows that the phone is not verified yet', async () => {
    const answer = deferred<Envelope>();
    mockWx({ 'user.login': () => answer.promise });
    const view = await renderPage('pages/user/phone/index');
    expect(view.text('.state-loading')).toBe('正在读取验证状态');
    answer.resolve(ok(profile()));
    await flush();
    expect(view.text('.status__title')).toBe('尚未验证手机号');
    expect(view.text('.verify')).toBe('微信授权验证手机号');
  });

  it('shows the masked number of a verified phone and offers to verify again', async () => {
    mockWx({ 'user.login': ok(profile({ phoneVerified: true, phoneMasked: '138****8000' })) });
    const view = await renderPage('pages/user/phone/index');
    expect(view.text('.status__title')).toBe('手机号已验证');
    expect(view.text('.status__phone')).toBe('138****8000');
    expect(view.text('.verify')).toBe('重新验证');
  });

  it('sends the cloudID as wx.cloud.CloudID and shows the masked result', async () => {
    const wx = mockWx({
      'user.login': ok(profile()),
      'user.verifyPhone': ok({ phoneVerified: true, phoneMasked: '139****0001' }),
    });
    const view = await renderPage('pages/user/phone/index');
    await view.trigger(...phoneEvent({ errMsg: 'getPhoneNumber:ok', cloudID: 'cloud-id-1' }));
    expect(wx.cloud.CloudID).toHaveBeenCalledWith('cloud-id-1');
    expect(wx.calls()[1]).toEqual({ name: 'user', data: { action: 'verifyPhone', phone: { cloudID: 'cloud-id-1' } } });
    expect(view.text('.status__phone')).toBe('139****0001');
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '验证成功' }));
  });

  it('calls nothing when the user refuses, and says the phone stays unverified', async () => {
    const wx = mockWx({ 'user.login': ok(profile()) });
    const view = await renderPage('pages/user/phone/index');
    await view.trigger(...phoneEvent({ errMsg: 'getPhoneNumber:fail user deny' }));
    expect(wx.calls()).toHaveLength(1);
    expect(wx.lastToast()).toBe('未授权，手机号未验证');
    expect(view.text('.status__title')).toBe('尚未验证手机号');
  });

  it('says when WeChat gives no number for another reason', async () => {
    const wx = mockWx({ 'user.login': ok(profile()) });
    const view = await renderPage('pages/user/phone/index');
    await view.trigger(...phoneEvent({ errMsg: 'getPhoneNumber:fail no permission' }));
    expect(wx.lastToast()).toBe('暂时无法获取手机号，请稍后重试');
  });

  it('toasts the server’s message when verification fails and stays unverified', async () => {
    const wx = mockWx({
      'user.login': ok(profile()),
      'user.verifyPhone': fail('VALIDATION_FAILED', '手机号授权已失效，请重新授权'),
    });
    const view = await renderPage('pages/user/phone/index');
    await view.trigger(...phoneEvent({ cloudID: 'expired' }));
    expect(wx.lastToast()).toBe('手机号授权已失效，请重新授权');
    expect(view.text('.status__title')).toBe('尚未验证手机号');
    expect(view.data.verifying).toBe(false);
  });

  it('asks for privacy consent when WeChat pauses the phone button', async () => {
    const wx = mockWx({ 'user.login': ok(profile()) });
    const view = await renderPage('pages/user/phone/index');
    expect(view.has('.privacy-popup')).toBe(false);
    const resolve = wx.triggerPrivacy('button.getPhoneNumber');
    expect(view.text('.weui-half-screen-dialog__title')).toBe('个人信息保护提示');
    await view.trigger('#privacy-popup >>> .privacy-agree', 'agreeprivacyauthorization');
    expect(resolve).toHaveBeenLastCalledWith({ buttonId: 'privacy-agree', event: 'agree' });
  });

  it('shows an error when the profile cannot be read, and retries', async () => {
    let attempts = 0;
    const wx = mockWx({ 'user.login': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(profile())) });
    const view = await renderPage('pages/user/phone/index');
    expect(view.text('.state-error__text')).toBe('验证状态加载失败');
    await view.tap('#state >>> .state-retry');
    expect(wx.calls()).toHaveLength(2);
    expect(view.text('.status__title')).toBe('尚未验证手机号');
  });

  it('links to the privacy notice', async () => {
    const wx = mockWx({ 'user.login': ok(profile()) });
    const view = await renderPage('pages/user/phone/index');
    await view.tap('.notice-link');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/privacy/index' }));
  });
});
