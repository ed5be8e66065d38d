import { openPage, withQuery } from '../../../miniprogram/utils/nav';
import { mockWx } from '../helpers/wx';

describe('utils/nav', () => {
  it('switches to tab pages (without a query) and navigates to the rest', () => {
    const wx = mockWx();
    openPage('/pages/voucher-tab/index?from=home');
    openPage('/pages/user/phone/index?from=mine');
    expect(wx.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/voucher-tab/index' }));
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/phone/index?from=mine' }));
  });

  it('encodes query values', () => {
    expect(withQuery('/pages/a/index', { id: 'a b&c', n: '1' })).toBe('/pages/a/index?id=a%20b%26c&n=1');
    expect(withQuery('/pages/a/index', {})).toBe('/pages/a/index');
  });
});
