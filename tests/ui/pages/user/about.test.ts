import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderPage } from '../../helpers/render';
import { mockWx } from '../../helpers/wx';

/** The version package.json names: what About must show outside a release. */
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as { version: string }
).version;

describe('关于粤品通', () => {
  it('names the operator', async () => {
    mockWx();
    const view = await renderPage('pages/user/about/index');
    expect(view.text('.operator')).toBe('广东省市场监督管理局');
  });

  it('a release shows the version WeChat reports', async () => {
    const wx = mockWx();
    wx.getAccountInfoSync.mockReturnValue({ miniProgram: { appId: 'wx1', envVersion: 'release', version: '1.2.0' } });
    const view = await renderPage('pages/user/about/index');
    expect(view.text('.version')).toBe('1.2.0');
  });

  it('development and trial builds show package.json’s version with the build kind (fails when they disagree)', async () => {
    mockWx();
    const develop = await renderPage('pages/user/about/index');
    expect(develop.text('.version')).toBe(`${PACKAGE_VERSION}（开发版）`);

    const wx = mockWx();
    wx.getAccountInfoSync.mockReturnValue({ miniProgram: { appId: 'wx1', envVersion: 'trial', version: '' } });
    const trial = await renderPage('pages/user/about/index');
    expect(trial.text('.version')).toBe(`${PACKAGE_VERSION}（体验版）`);
  });

  it('without account info, the package’s version alone', async () => {
    const wx = mockWx();
    wx.getAccountInfoSync.mockImplementation(() => {
      throw new Error('getAccountInfoSync:fail');
    });
    const view = await renderPage('pages/user/about/index');
    expect(view.text('.version')).toBe(PACKAGE_VERSION);
  });

  it('links to the privacy notice', async () => {
    const wx = mockWx();
    const view = await renderPage('pages/user/about/index');
    await view.tap('.privacy');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/privacy/index' }));
  });
});
