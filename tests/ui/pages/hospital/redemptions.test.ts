import { flush, renderPage } from '../../helpers/render';
import { paged } from '../../helpers/fixtures';
import { deferred, fail, ok, type Envelope } from '../../helpers/wx';
import { mockVoucherWx, voucher } from '../../helpers/voucher';

const NOW = Date.parse('2026-07-15T03:00:00Z');
const ROUTE = 'pages/hospital/redemptions/index';

function redeemed(i: number) {
  return voucher({
    voucherId: `V${i}`,
    status: 'redeemed',
    qrPayload: null,
    qrImage: null,
    faceValue: 2000,
    holderName: `测试企业${i}有限公司`,
    redemption: {
      hospitalId: 'gd-cable',
      hospitalName: '广东省电线电缆产品医院',
      serviceType: 'commissioned',
      fee: 2500,
      offset: 2000,
      redeemedAt: '2026-07-14T06:30:00Z',
    },
  });
}

const report = ok({
  from: '2026-07-01',
  to: '2026-07-15',
  rows: [
    {
      hospitalId: 'gd-cable',
      hospitalName: '广东省电线电缆产品医院',
      count: 23,
      totalFee: 57500.5,
      totalOffset: 46000,
    },
  ],
  csv: null,
});

describe('核销记录', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('shows loading, then this month’s totals and the redemptions, newest first', async () => {
    const answer = deferred<Envelope>();
    const wx = mockVoucherWx({
      'hospital.myRedemptions': () => answer.promise,
      'hospital.settlementReport': report,
    });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-loading')).toBe('正在加载核销记录');
    answer.resolve(ok(paged([redeemed(1), redeemed(2)])));
    await flush();
    expect(wx.calls().map((c) => c.data)).toEqual([
      { action: 'myRedemptions', page: 1 },
      { action: 'settlementReport', from: '2026-07-01', to: '2026-07-15' },
    ]);
    expect(view.text('.summary__title')).toBe('本月结算（2026年7月1日 — 2026年7月15日）');
    expect(view.text('.summary__count')).toBe('23 张');
    expect(view.text('.summary__fee')).toBe('57,500.50 元');
    expect(view.text('.summary__offset')).toBe('46,000 元');
    expect(view.texts('.row__holder')).toEqual(['测试企业1有限公司', '测试企业2有限公司']);
    expect(view.texts('.row__service')[0]).toBe('服务：委托检测');
    expect(view.texts('.row__amounts')[0]).toBe('费用 2,500 元，抵扣 2,000 元');
    expect(view.texts('.row__at')[0]).toBe('2026-07-14 14:30');
  });

  it('pages at the bottom', async () => {
    const wx = mockVoucherWx({
      'hospital.myRedemptions': ({ page }) =>
        ok(
          paged(
            Array.from({ length: page === 1 ? 20 : 3 }, (_, i) => redeemed((Number(page) - 1) * 20 + i)),
            Number(page),
            20,
            23,
          ),
        ),
      'hospital.settlementReport': report,
    });
    const view = await renderPage(ROUTE);
    expect(view.doms('.row')).toHaveLength(20);
    view.instance.onReachBottom();
    await flush();
    expect(wx.calls().at(-1)?.data).toEqual({ action: 'myRedemptions', page: 2 });
    expect(view.doms('.row')).toHaveLength(23);
    expect(view.text('.list-end')).toBe('没有更多了');
  });

  it('empty, forbidden and error states', async () => {
    const wx = mockVoucherWx({
      'hospital.myRedemptions': ok(paged([])),
      'hospital.settlementReport': ok({ from: '2026-07-01', to: '2026-07-15', rows: [], csv: null }),
    });
    const empty = await renderPage(ROUTE);
    expect(empty.text('.state-empty')).toBe('本院暂无核销记录');
    await empty.tap('.to-redeem');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/hospital/redeem/index' }));

    mockVoucherWx({
      'hospital.myRedemptions': fail('FORBIDDEN', '需要产品医院工作人员权限'),
      'hospital.settlementReport': fail('FORBIDDEN', '需要产品医院工作人员权限'),
    });
    const forbidden = await renderPage(ROUTE);
    expect(forbidden.text('.state-empty')).toBe('需要产品医院工作人员权限');
    expect(forbidden.has('.to-redeem')).toBe(false);

    let attempts = 0;
    const failing = mockVoucherWx({
      'hospital.myRedemptions': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(paged([redeemed(1)]))),
      'hospital.settlementReport': report,
    });
    const errored = await renderPage(ROUTE);
    expect(errored.text('.state-error__text')).toBe('核销记录加载失败');
    expect(failing.lastToast()).toBe('服务繁忙');
    await errored.tap('#state >>> .state-retry');
    expect(errored.doms('.row')).toHaveLength(1);
  });
});
