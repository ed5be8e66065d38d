import { flush, renderPage, type View } from '../../helpers/render';
import { hospital, profile } from '../../helpers/fixtures';
import { deferred, fail, ok, type Envelope } from '../../helpers/wx';
import { mockVoucherWx, voucher } from '../../helpers/voucher';

const NOW = Date.parse('2026-07-01T01:00:00Z');
const ROUTE = 'pages/hospital/redeem/index';
const PAYLOAD = 'YPT1.V0000000000000001.SIGNATURE';
const STAFF = profile({ roles: ['staff'], hospitalId: 'gd-cable', hospitalName: '广东省电线电缆产品医院' });
const HOSPITALS = [hospital({ services: ['ccc', 'commissioned', 'training'] })];
const LOOKED = voucher({ qrPayload: null, qrImage: null, holderName: '佛山市顺德区美达电器有限公司' });

type Routes = Parameters<typeof mockVoucherWx>[0];

async function open(routes: Routes = {}, options: Parameters<typeof mockVoucherWx>[1] = {}) {
  const wx = mockVoucherWx(
    {
      'user.login': ok(STAFF),
      'voucher.listHospitals': ok(HOSPITALS),
      'hospital.lookupVoucher': ok(LOOKED),
      ...routes,
    },
    options,
  );
  const view = await renderPage(ROUTE);
  return { wx, view };
}

async function manual(view: View, payload = PAYLOAD) {
  await view.input('.manual', payload);
  await view.tap('.manual-submit');
}

describe('检测券核销', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('loads the staff profile, then offers scanning and manual entry', async () => {
    const answer = deferred<Envelope>();
    mockVoucherWx({ 'user.login': () => answer.promise, 'voucher.listHospitals': ok(HOSPITALS) });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-loading')).toBe('正在读取工作人员信息');
    answer.resolve(ok(STAFF));
    await flush();
    expect(view.text('.hospital-name')).toBe('所属产品医院：广东省电线电缆产品医院');
    expect(view.text('.scan')).toBe('扫码核销');
    expect(view.has('.manual')).toBe(true);
  });

  it('is not for users without the staff role', async () => {
    const { wx, view } = await open({ 'user.login': ok(profile()) });
    expect(view.text('.state-empty')).toBe('需要产品医院工作人员权限。如您是产品医院工作人员，请联系管理员开通。');
    expect(wx.calls().map((c) => `${c.name}.${c.data.action}`)).toEqual(['user.login']);
  });

  it('scans a code and looks the voucher up with exactly that payload', async () => {
    const { wx, view } = await open({}, { scan: PAYLOAD });
    await view.tap('.scan');
    expect(wx.scanCode).toHaveBeenCalledWith(expect.objectContaining({ scanType: ['qrCode'] }));
    expect(wx.calls().at(-1)).toEqual({ name: 'hospital', data: { action: 'lookupVoucher', payload: PAYLOAD } });
    expect(view.text('.voucher__value')).toBe('5,000 元');
    expect(view.text('.voucher__holder')).toBe('佛山市顺德区美达电器有限公司');
    expect(view.text('.voucher__valid')).toBe('2027年1月31日');
    expect(view.text('.voucher__services')).toBe('CCC 认证检验、委托检测');
    expect(view.text('.voucher__status')).toBe('可使用');
    // The picker offers the voucher's services this hospital provides.
    expect(view.data.serviceLabels).toEqual(['CCC 认证检验', '委托检测']);
  });

  it('a cancelled scan does nothing', async () => {
    const { wx, view } = await open({}, { scan: null });
    await view.tap('.scan');
    expect(wx.calls().some((c) => c.data.action === 'lookupVoucher')).toBe(false);
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  it('redeems after confirming the offset min(face value, fee), then shows the result', async () => {
    const { wx, view } = await open({
      'hospital.redeemVoucher': ({ fee, serviceType }) =>
        ok(
          voucher({
            status: 'redeemed',
            qrPayload: null,
            qrImage: null,
            redemption: {
              hospitalId: 'gd-cable',
              hospitalName: '广东省电线电缆产品医院',
              serviceType: serviceType as 'commissioned',
              fee: Number(fee),
              offset: Math.min(5000, Number(fee)),
              redeemedAt: '2026-07-01T01:00:00Z',
            },
          }),
        ),
    });
    await manual(view);
    await view.trigger('.picker', 'change', { value: '1' });
    expect(view.text('.service-value')).toBe('委托检测');
    await view.input('.fee', '5300.5');
    expect(view.text('.offset-preview')).toBe('本券抵扣 5,000 元，持券人另付 300.50 元');
    await view.input('.note', ' 报告 2026-001 ');
    await view.tap('.redeem');
    const modal = wx.showModal.mock.calls[0][0] as { title: string; content: string };
    expect(modal.title).toBe('确认核销');
    expect(modal.content).toContain('服务项目：委托检测');
    expect(modal.content).toContain('服务费用：5,300.50 元');
    expect(modal.content).toContain('抵扣金额：5,000 元');
    expect(modal.content).toContain('持券人另付：300.50 元');
    expect(wx.calls().at(-1)).toEqual({
      name: 'hospital',
      data: {
        action: 'redeemVoucher',
        payload: PAYLOAD,
        serviceType: 'commissioned',
        fee: 5300.5,
        note: '报告 2026-001',
      },
    });
    expect(view.text('.done__title')).toBe('核销成功');
    expect(view.text('.done__offset')).toBe('5,000 元');
    expect(view.text('.done__payable')).toBe('300.50 元');
    expect(view.text('.done__at')).toBe('2026-07-01 09:00');
    await view.tap('.next');
    expect(view.has('.scan')).toBe(true);
  });

  it('a fee below the face value is offset in full', async () => {
    const { wx, view } = await open();
    await manual(view);
    await view.trigger('.picker', 'change', { value: '0' });
    await view.input('.fee', '1200');
    expect(view.text('.offset-preview')).toBe('本券抵扣 1,200 元，持券人另付 0 元');
    wx.showModal.mockImplementation((o: { success?: (r: object) => void }) => o.success?.({ confirm: false }));
    await view.tap('.redeem');
    expect(wx.calls().some((c) => c.data.action === 'redeemVoucher')).toBe(false);
    expect(view.has('.redeem')).toBe(true);
  });

  it('checks the fee and the service before asking', async () => {
    const { wx, view } = await open();
    await manual(view);
    await view.input('.fee', '12.345');
    expect(view.text('.fee-error')).toBe('费用为数字，最多两位小数');
    await view.tap('.redeem');
    expect(wx.showModal).not.toHaveBeenCalled();
    await view.input('.fee', '100');
    await view.tap('.redeem');
    expect(wx.lastToast()).toBe('请选择服务项目');
    expect(wx.showModal).not.toHaveBeenCalled();
  });

  it.each([
    ['VOUCHER_ALREADY_REDEEMED', '该检测券已核销，不能重复使用', '该检测券已核销'],
    ['VOUCHER_EXPIRED', '该检测券已于 2026-06-30 过期', '该检测券已过期'],
    ['VOUCHER_INVALID', '券码无效或已被篡改，请让持券人出示小程序中的检测券二维码', '券码无效'],
  ] as const)('shows %s from redeem as a clear refusal', async (code, message, title) => {
    const { view } = await open({ 'hospital.redeemVoucher': fail(code, message) });
    await manual(view);
    await view.trigger('.picker', 'change', { value: '0' });
    await view.input('.fee', '100');
    await view.tap('.redeem');
    expect(view.text('.refusal__title')).toBe(title);
    expect(view.text('.refusal__message')).toBe(message);
    expect(view.has('.redeem')).toBe(false);
    expect(view.has('.scan')).toBe(true);
  });

  it('shows an invalid code from lookup as a refusal', async () => {
    const { view } = await open({
      'hospital.lookupVoucher': fail('VOUCHER_INVALID', '券码无效或已被篡改，请让持券人出示小程序中的检测券二维码'),
    });
    await manual(view, 'YPT1.FORGED.CODE');
    expect(view.text('.refusal__title')).toBe('券码无效');
    expect(view.has('.voucher')).toBe(false);
  });

  it('keeps the input when the server refuses the service (e.g. not offered here)', async () => {
    const { wx, view } = await open({
      'hospital.redeemVoucher': fail('VALIDATION_FAILED', '本院未开通“委托检测”服务'),
    });
    await manual(view);
    await view.trigger('.picker', 'change', { value: '1' });
    await view.input('.fee', '800');
    await view.tap('.redeem');
    expect(wx.lastToast()).toBe('本院未开通“委托检测”服务');
    expect(view.data.fee).toBe('800');
    expect(view.data.serviceIndex).toBe(1);
    expect(view.has('.redeem')).toBe(true);
  });

  it('a looked-up voucher that was already used shows its record and no form', async () => {
    const { view } = await open({
      'hospital.lookupVoucher': ok(
        voucher({
          status: 'redeemed',
          qrPayload: null,
          qrImage: null,
          redemption: {
            hospitalId: 'gd-toy',
            hospitalName: '广东省玩具产品医院',
            serviceType: 'ccc',
            fee: 6000,
            offset: 5000,
            redeemedAt: '2026-06-20T02:00:00Z',
          },
        }),
      ),
    });
    await manual(view);
    expect(view.text('.voucher__status')).toBe('已核销');
    expect(view.text('.voucher__refusal')).toBe(
      '已于 2026-06-20 10:00 在广东省玩具产品医院核销（CCC 认证检验，抵扣 5,000 元）',
    );
    expect(view.has('.redeem')).toBe(false);
  });

  it('an expired voucher (by date) gets no form', async () => {
    const { view } = await open({ 'hospital.lookupVoucher': ok(voucher({ validUntil: '2026-06-30' })) });
    await manual(view);
    expect(view.text('.voucher__status')).toBe('已过期');
    expect(view.text('.voucher__refusal')).toBe('该检测券已过期');
    expect(view.has('.redeem')).toBe(false);
  });

  it('asks for a full code before looking up by hand', async () => {
    const { wx, view } = await open();
    await manual(view, 'YPT1');
    expect(view.text('.manual-error')).toBe('请输入完整的券码（以 YPT1. 开头）');
    expect(wx.calls().some((c) => c.data.action === 'lookupVoucher')).toBe(false);
  });

  it('error state with retry; link to the history', async () => {
    let attempts = 0;
    const { wx, view } = await open({
      'voucher.listHospitals': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(HOSPITALS)),
    });
    expect(view.text('.state-error__text')).toBe('工作人员信息加载失败');
    expect(wx.lastToast()).toBe('服务繁忙');
    await view.tap('#state >>> .state-retry');
    expect(view.has('.scan')).toBe(true);
    await view.tap('.history');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/hospital/redemptions/index' }));
  });
});
