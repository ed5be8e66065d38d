import { flush, renderPage } from '../../helpers/render';
import { fail, ok } from '../../helpers/wx';
import { mockCreditWx, productDetail, scanStats } from '../../helpers/credit-fixtures';

const page1 = (items: unknown[]) => ({
  items,
  page: 1,
  pageSize: 20,
  total: items.length,
  enterpriseName: '佛山市顺德区美达电器有限公司',
  uploadFolder: 'credit-photos/abc',
});

describe('产品信用赋码', () => {
  it('lists the enterprise’s products with their counts, and the month’s scans by city', async () => {
    const { issuances: _, enterpriseName: __, ...product } = productDetail();
    const revoked = { ...product, productId: 'p-2', name: '电热水壶', status: 'revoked', statusLabel: '已撤销' };
    const wx = mockCreditWx({
      'credit.myProducts': ok(page1([product, revoked])),
      'credit.scanStats': ok(scanStats()),
    });
    const view = await renderPage('pages/credit/products/index');
    await flush();
    expect(view.text('.enterprise')).toBe('企业：佛山市顺德区美达电器有限公司');
    expect(view.texts('.product__status')).toEqual(['正常', '已撤销']);
    expect(view.texts('.product__counts')).toEqual(['信用码 2500 个 · 扫码 18 次', '信用码 2500 个 · 扫码 18 次']);
    expect(view.texts('.stats__city')).toEqual(['佛山市：20 次', '省外：9 次']);
    expect(view.text('.stats__total')).toBe('共 29 次');
    await view.tap('.product', 1);
    expect(wx.navigateTo.mock.calls.at(-1)?.[0].url).toBe('/pages/credit/product/index?productId=p-2');
    await view.tap('.register');
    expect(wx.navigateTo.mock.calls.at(-1)?.[0].url).toBe('/pages/credit/product-form/index');
  });

  it('without a verified enterprise, says what to do and opens 企业绑定', async () => {
    const wx = mockCreditWx({
      'credit.myProducts': fail('ENTERPRISE_NOT_VERIFIED', '企业绑定尚未验证：请在“企业绑定”中验证'),
    });
    const view = await renderPage('pages/credit/products/index');
    await flush();
    expect(view.text('.needs-binding')).toContain('企业绑定尚未验证');
    expect(view.has('.register')).toBe(false);
    expect(wx.calls().map((c) => c.data.action)).toEqual(['myProducts']);
    await view.tap('.bind');
    expect(wx.navigateTo.mock.calls.at(-1)?.[0].url).toBe('/pages/user/enterprise/index');
  });
});
