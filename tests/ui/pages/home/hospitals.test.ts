import { flush, renderPage } from '../../helpers/render';
import { hospital } from '../../helpers/fixtures';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';

const HOSPITALS = [
  hospital(),
  hospital({
    hospitalId: 'gd-appliance',
    name: '广东省家用电器产品医院',
    city: '佛山',
    specialties: ['家用电器', '电热水器'],
    phone: '020-80000002',
  }),
  hospital({
    hospitalId: 'gd-building',
    name: '广东省建筑材料产品医院',
    city: '广州',
    specialties: [],
    phone: '',
    address: '',
  }),
];

describe('产品医院', () => {
  it('shows loading, then every hospital with city, specialties, address and phone', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'voucher.listHospitals': () => answer.promise });
    const view = await renderPage('pages/home/hospitals/index');
    expect(view.text('.state-loading')).toBe('正在加载产品医院');

    answer.resolve(ok(HOSPITALS));
    await flush();
    expect(wx.calls()).toEqual([{ name: 'voucher', data: { action: 'listHospitals' } }]);
    expect(view.texts('.hospital__name')).toEqual([
      '广东省电线电缆产品医院',
      '广东省家用电器产品医院',
      '广东省建筑材料产品医院',
    ]);
    expect(view.texts('.hospital__specialties')).toEqual(['擅长：电线电缆', '擅长：家用电器、电热水器']);
    expect(view.text('.hospital')).toContain('地址：广州市（演示地址 1 号）');
    expect(view.texts('.hospital__phone')).toEqual(['拨打电话 020-80000001', '拨打电话 020-80000002']);
  });

  it('filters by city, and shows all again', async () => {
    mockWx({ 'voucher.listHospitals': ok(HOSPITALS) });
    const view = await renderPage('pages/home/hospitals/index');
    expect(view.texts('.city')).toEqual(['全部', '广州', '佛山']);
    await view.tap('.city', 2);
    expect(view.texts('.hospital__name')).toEqual(['广东省家用电器产品医院']);
    await view.tap('.city', 2);
    expect(view.doms('.hospital')).toHaveLength(3);
    await view.tap('.city', 1);
    expect(view.doms('.hospital')).toHaveLength(2);
    await view.tap('.city', 0);
    expect(view.doms('.hospital')).toHaveLength(3);
  });

  it('calls a hospital', async () => {
    const wx = mockWx({ 'voucher.listHospitals': ok(HOSPITALS) });
    const view = await renderPage('pages/home/hospitals/index');
    await view.tap('.hospital__phone', 1);
    expect(wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '020-80000002' });
  });

  it('says so when no hospital is active', async () => {
    mockWx({ 'voucher.listHospitals': ok([]) });
    const view = await renderPage('pages/home/hospitals/index');
    expect(view.text('.state-empty')).toBe('暂无可用的产品医院');
  });

  it('shows an error, and retries', async () => {
    let attempts = 0;
    const wx = mockWx({
      'voucher.listHospitals': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(HOSPITALS)),
    });
    const view = await renderPage('pages/home/hospitals/index');
    expect(view.text('.state-error__text')).toBe('产品医院加载失败');
    expect(wx.lastToast()).toBe('服务繁忙');
    await view.tap('#state >>> .state-retry');
    expect(view.doms('.hospital')).toHaveLength(3);
  });
});
