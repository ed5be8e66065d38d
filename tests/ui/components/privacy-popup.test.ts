import { renderComponent } from '../helpers/render';
import { mockWx, type WxMock } from '../helpers/wx';

describe('privacy-popup', () => {
  let wx: WxMock;
  beforeEach(() => {
    wx = mockWx();
  });

  it('stays hidden until WeChat asks for consent', async () => {
    const view = await renderComponent('components/privacy-popup/index');
    expect(view.has('.privacy-popup')).toBe(false);
    expect(wx.onNeedPrivacyAuthorization).toHaveBeenCalledTimes(1);
  });

  it('appears when a privacy API is paused, and tells WeChat it is on screen', async () => {
    const view = await renderComponent('components/privacy-popup/index');
    const resolve = wx.triggerPrivacy();
    expect(view.text('.weui-half-screen-dialog__title')).toBe('个人信息保护提示');
    expect(view.text('.privacy-popup__body')).toContain('《粤品通小程序隐私保护指引》');
    expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' });
  });

  it('resolves agree with the agree button’s id, then hides', async () => {
    const view = await renderComponent('components/privacy-popup/index');
    const resolve = wx.triggerPrivacy();
    expect(view.idOf('.privacy-agree')).toBe('privacy-agree');
    await view.trigger('.privacy-agree', 'agreeprivacyauthorization');
    expect(resolve).toHaveBeenLastCalledWith({ buttonId: 'privacy-agree', event: 'agree' });
    expect(view.has('.privacy-popup')).toBe(false);
  });

  it('resolves disagree when the user refuses', async () => {
    const view = await renderComponent('components/privacy-popup/index');
    const resolve = wx.triggerPrivacy();
    await view.tap('.privacy-disagree');
    expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' });
    expect(view.has('.privacy-popup')).toBe(false);
  });

  it('answers every API that was waiting with the one answer', async () => {
    const view = await renderComponent('components/privacy-popup/index');
    const first = wx.triggerPrivacy('button.getPhoneNumber');
    const second = wx.triggerPrivacy('chooseMedia');
    await view.trigger('.privacy-agree', 'agreeprivacyauthorization');
    expect(first).toHaveBeenLastCalledWith({ buttonId: 'privacy-agree', event: 'agree' });
    expect(second).toHaveBeenLastCalledWith({ buttonId: 'privacy-agree', event: 'agree' });
  });

  it('opens the registered contract and the notice page', async () => {
    const view = await renderComponent('components/privacy-popup/index');
    wx.triggerPrivacy();
    await view.tap('.privacy-contract');
    expect(wx.openPrivacyContract).toHaveBeenCalledTimes(1);
    await view.tap('.privacy-notice');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/privacy/index' }));
  });

  it('once its page is gone, a paused API fails instead of waiting forever', async () => {
    const view = await renderComponent('components/privacy-popup/index');
    view.detach();
    const resolve = wx.triggerPrivacy();
    expect(resolve).toHaveBeenCalledWith({ event: 'disagree' });
  });

  it('stops answering while its page is hidden, and resumes when shown', async () => {
    const view = await renderComponent('components/privacy-popup/index');
    view.pageLifetime('hide');
    expect(wx.triggerPrivacy()).toHaveBeenCalledWith({ event: 'disagree' });
    view.pageLifetime('show');
    const resolve = wx.triggerPrivacy();
    expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' });
    expect(view.has('.privacy-popup')).toBe(true);
  });
});
