import { mockWx } from '../helpers/wx';

type Privacy = typeof import('../../../miniprogram/services/privacy');

function freshPrivacy(): Privacy {
  let privacy!: Privacy;
  jest.isolateModules(() => {
    privacy = require('../../../miniprogram/services/privacy');
  });
  return privacy;
}

describe('services/privacy', () => {
  it('reports whether the user still has to agree', async () => {
    const wx = mockWx();
    const privacy = freshPrivacy();
    await expect(privacy.needsAuthorization()).resolves.toBe(true);
    wx.getPrivacySetting.mockImplementation((o: { success?: (r: object) => void }) =>
      o.success?.({ needAuthorization: false }),
    );
    await expect(privacy.needsAuthorization()).resolves.toBe(false);
  });

  it('registers one WeChat listener however many popups register', () => {
    const wx = mockWx();
    const privacy = freshPrivacy();
    privacy.registerPrompt({ show: jest.fn() });
    privacy.registerPrompt({ show: jest.fn() });
    expect(wx.onNeedPrivacyAuthorization).toHaveBeenCalledTimes(1);
  });

  it('prompts through the most recently registered popup, then the previous one once it leaves', () => {
    const wx = mockWx();
    const privacy = freshPrivacy();
    const first = { show: jest.fn() };
    const second = { show: jest.fn() };
    privacy.registerPrompt(first);
    const leave = privacy.registerPrompt(second);
    wx.triggerPrivacy();
    expect(second.show).toHaveBeenCalledWith('button.getPhoneNumber');
    expect(first.show).not.toHaveBeenCalled();
    privacy.answer(false, 'agree');
    leave();
    wx.triggerPrivacy('chooseMedia');
    expect(first.show).toHaveBeenCalledWith('chooseMedia');
  });
});
