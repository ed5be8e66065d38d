import { renderPage } from '../helpers/render';
import { mockWx } from '../helpers/wx';

describe('个人信息保护指引', () => {
  it('says what is collected, why, how it is shown, and whom to contact', async () => {
    const wx = mockWx();
    const view = await renderPage('pages/user/privacy/index');
    expect(view.text('.page__title')).toBe('粤品通个人信息保护指引');
    expect(view.text('.section_collect')).toContain('手机号');
    expect(view.text('.section_collect')).toContain('联系人姓名和手机号');
    expect(view.text('.section_collect')).toContain('照片');
    expect(view.text('.section_purpose')).toContain('核验申领资格');
    expect(view.text('.section_display')).toContain('138****8000');
    expect(view.text('.section_display')).toContain('张*');
    expect(view.text('.section_retention')).toContain('保存期限');
    expect(view.text('.section_contact')).toContain('广东省市场监督管理局');
    expect(wx.callFunction).not.toHaveBeenCalled();
  });

  it('opens the contract registered with WeChat', async () => {
    const wx = mockWx();
    const view = await renderPage('pages/user/privacy/index');
    await view.tap('.contract');
    expect(wx.openPrivacyContract).toHaveBeenCalledTimes(1);
  });
});

// 关于粤品通: tests/ui/pages/user/about.test.ts (the page's own file).
