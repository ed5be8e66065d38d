import { flush, renderPage } from '../../helpers/render';
import { hospital } from '../../helpers/fixtures';
import { deferred, fail, ok, type Envelope } from '../../helpers/wx';
import { mockVoucherWx, voucher } from '../../helpers/voucher';

const NOW = Date.parse('2026-07-01T01:00:00Z');
const ROUTE = 'pages/voucher/voucher/index';
const HOSPITALS = [
  hospital({ services: ['commissioned'] }),
  hospital({ hospitalId: 'gd-toy', name: '广东省玩具产品医院', city: '汕头', services: ['ccc'] }),
  hospital({ hospitalId: 'gd-train', name: '广东省培训产品医院', city: '广州', services: ['training'] }),
];
const REDEEMED = voucher({
  status: 'redeemed',
  qrImage: null,
  qrPayload: null,
  redemption: {
    hospitalId: 'gd-cable',
    hospitalName: '广东省电线电缆产品医院',
    serviceType: 'commissioned',
    fee: 3200.5,
    offset: 3200.5,
    redeemedAt: '2026-06-20T02:30:00Z',
  },
});

async function open(routes: Parameters<typeof mockVoucherWx>[0], options: Parameters<typeof mockVoucherWx>[1] = {}) {
  const wx = mockVoucherWx({ 'voucher.listHospitals': ok(HOSPITALS), ...routes }, options);
  const view = await renderPage(ROUTE, { voucherId: 'V0000000000000001' });
  return { wx, view };
}

describe('检测券详情', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('shows loading, then the QR code large, value, validity, services and where to use it', async () => {
    const answer = deferred<Envelope>();
    const wx = mockVoucherWx({ 'voucher.getVoucher': () => answer.promise, 'voucher.listHospitals': ok(HOSPITALS) });
    const view = await renderPage(ROUTE, { voucherId: 'V0000000000000001' });
    expect(view.text('.state-loading')).toBe('正在加载检测券');
    answer.resolve(ok(voucher()));
    await flush();
    expect(wx.calls().find((c) => c.data.action === 'getVoucher')).toEqual({
      name: 'voucher',
      data: { action: 'getVoucher', voucherId: 'V0000000000000001' },
    });
    // The simulator does not render <image> attributes: the bound source is checked in data.
    expect(view.has('.qr')).toBe(true);
    expect(view.data.detail.qrImage).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(view.text('.qr__code')).toBe('YPT1.V0000000000000001.SIGNATURE');
    expect(view.text('.ticket__value')).toBe('5,000 元');
    expect(view.text('.ticket__status')).toBe('可使用');
    expect(view.text('.ticket__valid')).toBe('有效期至 2027年1月31日');
    expect(view.text('.holder')).toBe('佛山市顺德区美达电器有限公司');
    expect(view.text('.services')).toBe('CCC 认证检验、委托检测');
    // Only hospitals offering one of the voucher's services.
    expect(view.texts('.hospital__name')).toEqual(['广东省电线电缆产品医院', '广东省玩具产品医院']);
    expect(view.has('.redemption')).toBe(false);
    expect(view.has('.decline')).toBe(true);
  });

  it('shows the redemption record of a used voucher, without QR code or decline', async () => {
    const { view } = await open({ 'voucher.getVoucher': ok(REDEEMED) });
    expect(view.text('.ticket__status')).toBe('已核销');
    expect(view.has('.qr')).toBe(false);
    expect(view.has('.decline')).toBe(false);
    expect(view.text('.redemption__hospital')).toBe('广东省电线电缆产品医院');
    expect(view.text('.redemption__service')).toBe('委托检测');
    expect(view.text('.redemption__fee')).toBe('3,200.50 元');
    expect(view.text('.redemption__offset')).toBe('3,200.50 元');
    expect(view.text('.redemption__at')).toBe('2026-06-20 10:30');
  });

  it('explains an expired or void voucher', async () => {
    const expired = await open({
      'voucher.getVoucher': ok(voucher({ status: 'expired', qrImage: null, qrPayload: null })),
    });
    expect(expired.view.text('.ticket__notice_expired')).toBe('检测券已过有效期，不能再使用。');
    const dropped = await open({
      'voucher.getVoucher': ok(voucher({ status: 'void', qrImage: null, qrPayload: null })),
    });
    expect(dropped.view.text('.ticket__notice_void')).toContain('检测券已作废');
    expect(dropped.view.has('.qr')).toBe(false);
  });

  it('declines after confirmation and shows the voucher void', async () => {
    const { wx, view } = await open({
      'voucher.getVoucher': ok(voucher()),
      'voucher.declineVoucher': ok(voucher({ status: 'void', qrImage: null, qrPayload: null })),
    });
    await view.tap('.decline');
    expect(wx.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ title: '放弃使用检测券', confirmText: '放弃' }),
    );
    expect(wx.calls().at(-1)).toEqual({
      name: 'voucher',
      data: { action: 'declineVoucher', voucherId: 'V0000000000000001' },
    });
    expect(wx.lastToast()).toBe('已放弃');
    expect(view.text('.ticket__status')).toBe('已作废');
    expect(view.has('.qr')).toBe(false);
    expect(view.has('.decline')).toBe(false);
  });

  it('keeps the voucher when the decline is cancelled', async () => {
    const { wx, view } = await open({ 'voucher.getVoucher': ok(voucher()) }, { modal: false });
    await view.tap('.decline');
    expect(wx.calls().some((c) => c.data.action === 'declineVoucher')).toBe(false);
    expect(view.has('.qr')).toBe(true);
  });

  it('toasts a refused decline and shows the voucher as it now is', async () => {
    let reads = 0;
    const { wx, view } = await open({
      'voucher.getVoucher': () => ok(++reads === 1 ? voucher() : REDEEMED),
      'voucher.declineVoucher': fail('VOUCHER_ALREADY_REDEEMED', '检测券已核销，不能放弃'),
    });
    await view.tap('.decline');
    expect(wx.lastToast()).toBe('检测券已核销，不能放弃');
    expect(view.text('.ticket__status')).toBe('已核销');
  });

  it('still shows the QR code when the hospital list fails', async () => {
    const { view } = await open({
      'voucher.getVoucher': ok(voucher()),
      'voucher.listHospitals': fail('INTERNAL', '服务繁忙'),
    });
    expect(view.has('.qr')).toBe(true);
    expect(view.text('.hospitals-failed')).toBe('产品医院列表暂时无法加载');
  });

  it('someone else’s or a missing voucher is empty; failures show the error state', async () => {
    const missing = await open({ 'voucher.getVoucher': fail('NOT_FOUND', '检测券不存在') });
    expect(missing.view.text('.state-empty')).toBe('检测券不存在');
    const broken = await open({ 'voucher.getVoucher': fail('INTERNAL', '服务繁忙') });
    expect(broken.view.text('.state-error__text')).toBe('检测券加载失败');
    expect(broken.wx.lastToast()).toBe('服务繁忙');
  });
});
