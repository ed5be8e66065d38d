import { flush, renderPage } from '../../helpers/render';
import { paged } from '../../helpers/fixtures';
import { deferred, fail, ok, type Envelope } from '../../helpers/wx';
import { mockVoucherWx, voucher } from '../../helpers/voucher';

const NOW = Date.parse('2026-07-01T01:00:00Z');
const ROUTE = 'pages/voucher/my-vouchers/index';

describe('我的检测券', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('shows loading, then each voucher with value, status and validity', async () => {
    const answer = deferred<Envelope>();
    const wx = mockVoucherWx({ 'voucher.myVouchers': () => answer.promise });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-loading')).toBe('正在加载检测券');
    answer.resolve(
      ok(
        paged([
          voucher(),
          voucher({
            voucherId: 'V2',
            faceValue: 500,
            status: 'redeemed',
            qrImage: null,
            qrPayload: null,
            redemption: {
              hospitalId: 'gd-cable',
              hospitalName: '广东省电线电缆产品医院',
              serviceType: 'ccc',
              fee: 300,
              offset: 300,
              redeemedAt: '2026-06-20T02:00:00Z',
            },
          }),
          voucher({ voucherId: 'V3', validUntil: '2026-06-30' }),
        ]),
      ),
    );
    await flush();
    expect(wx.calls()[0]).toEqual({ name: 'voucher', data: { action: 'myVouchers', page: 1 } });
    expect(view.texts('.voucher__value')).toEqual(['5,000 元', '500 元', '5,000 元']);
    expect(view.texts('.voucher__status')).toEqual(['可使用', '已核销', '已过期']);
    expect(view.texts('.voucher__valid')[0]).toBe('有效期至 2027年1月31日');
    expect(view.text('.voucher__redeemed')).toBe('已于 2026-06-20 在广东省电线电缆产品医院使用');
  });

  it('opens a voucher', async () => {
    const wx = mockVoucherWx({ 'voucher.myVouchers': ok(paged([voucher()])) });
    const view = await renderPage(ROUTE);
    await view.tap('.voucher');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/voucher/index?voucherId=V0000000000000001' }),
    );
  });

  it('empty and error states', async () => {
    let attempts = 0;
    const wx = mockVoucherWx({
      'voucher.myVouchers': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(paged([]))),
    });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-error__text')).toBe('检测券加载失败');
    expect(wx.lastToast()).toBe('服务繁忙');
    await view.tap('#state >>> .state-retry');
    expect(view.text('.state-empty')).toBe('暂无检测券。摇号中签后，检测券会显示在这里。');
    await view.tap('.to-applications');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/my-applications/index' }),
    );
  });

  it('pages at the bottom and refreshes when shown again', async () => {
    const many = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => voucher({ voucherId: `V${from + i}` }));
    let declined = false;
    const wx = mockVoucherWx({
      'voucher.myVouchers': ({ page }) =>
        ok(
          paged(
            page === 1
              ? many(20, 0).map((v, i) => (i === 0 && declined ? { ...v, status: 'void' as const } : v))
              : many(2, 20),
            Number(page),
            20,
            22,
          ),
        ),
    });
    const view = await renderPage(ROUTE);
    view.instance.onReachBottom();
    await flush();
    expect(view.doms('.voucher')).toHaveLength(22);
    declined = true;
    view.pageLifetime('show');
    await flush();
    expect(wx.calls().map((c) => c.data.page)).toEqual([1, 2, 1]);
    expect(view.texts('.voucher__status')[0]).toBe('已作废');
  });
});
