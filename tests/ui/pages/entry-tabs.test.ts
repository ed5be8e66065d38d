import { renderPage } from '../helpers/render';
import { mockWx } from '../helpers/wx';

// Minimal entry pages the red-list and cable subpackages will replace: a title and an honest intro,
// no data of their own and no calls.
describe('红榜 and 筛查 tabs', () => {
  it('红榜 states what the list is, without calling the cloud', async () => {
    const wx = mockWx();
    const view = await renderPage('pages/redlist-tab/index');
    expect(view.text('.page__title')).toBe('红榜 · 广东省工业产品质量信用优良企业榜单');
    expect(view.text('.intro')).toContain('连续 3 年及以上');
    expect(view.texts('.intro').join('')).toContain('“十年榜”“五年榜”“三年榜”');
    expect(wx.callFunction).not.toHaveBeenCalled();
  });

  it('筛查 states the free, unlimited quick-screen service', async () => {
    const wx = mockWx();
    const view = await renderPage('pages/cable-tab/index');
    expect(view.text('.page__title')).toBe('电线电缆快速筛查');
    expect(view.texts('.intro').join('')).toContain('不受名额限制');
    expect(wx.callFunction).not.toHaveBeenCalled();
  });
});
