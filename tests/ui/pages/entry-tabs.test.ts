import { renderPage } from '../helpers/render';
import { mockWx } from '../helpers/wx';

// Minimal entry pages the domain subpackages replace: a title and an honest intro, no data of their
// own and no calls. (The 红榜 tab now shows the latest version: tests/ui/redlist/tab.test.ts.)
describe('筛查 tab', () => {
  it('筛查 states the free, unlimited quick-screen service', async () => {
    const wx = mockWx();
    const view = await renderPage('pages/cable-tab/index');
    expect(view.text('.page__title')).toBe('电线电缆快速筛查');
    expect(view.texts('.intro').join('')).toContain('不受名额限制');
    expect(wx.callFunction).not.toHaveBeenCalled();
  });
});
