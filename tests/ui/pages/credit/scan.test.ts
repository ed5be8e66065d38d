import { flush, renderPage } from '../../helpers/render';
import { fail, ok } from '../../helpers/wx';
import { mockCreditWx, scanView } from '../../helpers/credit-fixtures';

const LINK = 'https://ypt.example.gov.cn/c/7K3M9QXA2BCD';

describe('产品信用码查询', () => {
  it('opened from a label’s QR link: looks the code up with the city-level location and shows warnings first', async () => {
    const view = scanView({
      warnings: [
        {
          code: 'failedSampling',
          title: '生产企业近 12 个月内有电线电缆抽检不合格',
          text: '2026-08-01 抽检不合格，不合格项目：导体电阻。',
        },
        { code: 'copied', title: '此码可能被复制', text: '此码是一物一码，却已在 7 个不同城市被扫描。' },
      ],
    });
    const wx = mockCreditWx({ 'credit.scan': ok(view) }, { location: { latitude: 23.02, longitude: 113.12 } });
    const page = await renderPage('pages/credit/scan/index', { q: encodeURIComponent(LINK) });
    await flush();
    expect(wx.calls()).toEqual([
      {
        name: 'credit',
        data: { action: 'scan', code: '7K3M9QXA2BCD', location: { latitude: 23.02, longitude: 113.12 } },
      },
    ]);
    expect(page.texts('.warning__title')).toEqual(['生产企业近 12 个月内有电线电缆抽检不合格', '此码可能被复制']);
    expect(page.text('.product__name')).toBe('电源线组件');
    expect(page.text('.product__row_standard')).toBe('执行标准：GB/T 5023.5-2008');
    expect(page.text('.product__row_serial')).toBe('产品序号：1');
    expect(page.text('.badge')).toBe('红榜五年榜：连续 6 年监督抽查无不合格（2026-11 期）');
    expect(page.text('.product__scans')).toBe('此码已被查询 8 次');
    expect(page.text('.sampling__items')).toBe('不合格项目：导体电阻');
    await page.tap('.cable-link');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: view.cableScreenPath }));
    await page.tap('.redlist-link');
    expect(wx.navigateTo.mock.calls.at(-1)?.[0].url).toBe('/pages/redlist/detail/index?uscc=91440606722473344C');
  });

  it('a typed code without location; an unknown code says it may be fake; nothing else is shown', async () => {
    const wx = mockCreditWx({
      'credit.scan': ok(
        scanView({
          found: false,
          warnings: [
            { code: 'unknown', title: '未查到此码，可能是假冒产品', text: '此码不是粤品通发放的产品信用码。' },
          ],
          product: null,
          maker: null,
          issue: null,
          sampling: [],
          scanCount: 0,
          cableScreenPath: null,
        }),
      ),
    });
    const page = await renderPage('pages/credit/scan/index');
    await page.tap('.check');
    expect(page.text('.code-error')).toBe('请输入产品信用码');
    expect(wx.calls()).toEqual([]);
    await page.input('.code-input', '0000-0000-00ab');
    await page.tap('.check');
    await flush();
    expect(wx.calls()).toEqual([{ name: 'credit', data: { action: 'scan', code: '0000-0000-00ab' } }]);
    expect(page.texts('.warning__title')).toEqual(['未查到此码，可能是假冒产品']);
    expect(page.has('.product')).toBe(false);
    expect(page.has('.cable-link')).toBe(false);
  });

  it('the server’s refusal of a malformed code shows under the box; a QR that is not ours is not sent', async () => {
    const wx = mockCreditWx(
      {
        'credit.scan': () => ({
          ...fail('VALIDATION_FAILED', '产品信用码：产品信用码应为 12 位字母和数字，例如 7K3M-9QXA-2BCD'),
          details: { fields: [{ path: 'code', label: '产品信用码', message: '产品信用码应为 12 位字母和数字' }] },
        }),
      },
      { scan: 'YPTT1.abc.def' },
    );
    const page = await renderPage('pages/credit/scan/index');
    await page.tap('.scan');
    expect(page.text('.code-error')).toBe('这不是粤品通产品信用码，请扫描标签上的二维码或手动输入');
    expect(wx.calls()).toEqual([]);
    await page.input('.code-input', '12345');
    await page.tap('.check');
    await flush();
    expect(page.text('.code-error')).toBe('产品信用码：产品信用码应为 12 位字母和数字，例如 7K3M-9QXA-2BCD');
  });
});
