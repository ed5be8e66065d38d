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
    address: '佛山市顺德区大良街道德民路 36 号',
    phone: '0757-22386002',
    latitude: 22.8405,
    longitude: 113.2497,
  }),
  hospital({
    hospitalId: 'gd-building',
    name: '广东省建筑材料产品医院',
    city: '广州',
    specialties: [],
    phone: '',
    address: '',
    latitude: null,
    longitude: null,
  }),
];

/** 佛山市顺德区 (near the appliance hospital, ~44 km from Huangpu). */
const SHUNDE = { latitude: 22.81, longitude: 113.27 };

type Callbacks = { success?: (r: object) => void; fail?: (e: { errMsg: string }) => void };

/** The location APIs of WeChat, with the user's past answer (`allowed`) and this time's answer. */
function mockLocation(options: { allowed?: boolean; answer?: 'allow' | 'deny' | 'off'; afterSetting?: boolean } = {}) {
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  const mocks = {
    getSetting: jest.fn((o: Callbacks) =>
      o.success?.({ authSetting: options.allowed === undefined ? {} : { 'scope.userLocation': options.allowed } }),
    ),
    getLocation: jest.fn((o: Callbacks) => {
      const answer = options.answer ?? (options.allowed === false ? 'deny' : 'allow');
      if (answer === 'allow') o.success?.({ ...SHUNDE, speed: 0, accuracy: 30 });
      else if (answer === 'deny') o.fail?.({ errMsg: 'getLocation:fail auth deny' });
      else o.fail?.({ errMsg: 'getLocation:fail system permission denied' });
    }),
    openSetting: jest.fn((o: Callbacks) => {
      if (options.afterSetting) options.answer = 'allow';
      o.success?.({ authSetting: { 'scope.userLocation': !!options.afterSetting } });
    }),
    openLocation: jest.fn(),
  };
  Object.assign(wx, mocks);
  return mocks;
}

describe('产品医院', () => {
  it('shows loading, then every hospital with city, specialties, address and phone', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'voucher.listHospitals': () => answer.promise });
    mockLocation();
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
    expect(view.texts('.hospital__address')).toEqual([
      '地址：广州市黄埔区科学大道 118 号',
      '地址：佛山市顺德区大良街道德民路 36 号',
    ]);
    expect(view.texts('.hospital__phone')).toEqual(['拨打电话 020-32296001', '拨打电话 0757-22386002']);
    // A hospital without coordinates offers no map.
    expect(view.doms('.hospital__map')).toHaveLength(2);
  });

  it('filters by city, and shows all again', async () => {
    mockWx({ 'voucher.listHospitals': ok(HOSPITALS) });
    mockLocation();
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
    mockLocation();
    const view = await renderPage('pages/home/hospitals/index');
    await view.tap('.hospital__phone', 1);
    expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '0757-22386002' }));
  });

  it('opens the hospital in WeChat’s map with its name and address', async () => {
    mockWx({ 'voucher.listHospitals': ok(HOSPITALS) });
    const location = mockLocation();
    const view = await renderPage('pages/home/hospitals/index');
    await view.tap('.hospital__map', 1);
    expect(location.openLocation).toHaveBeenCalledWith(
      expect.objectContaining({
        latitude: 22.8405,
        longitude: 113.2497,
        name: '广东省家用电器产品医院',
        address: '佛山市顺德区大良街道德民路 36 号',
      }),
    );
  });

  it('asks for the location only when the user taps, then lists the nearest first with distances', async () => {
    mockWx({ 'voucher.listHospitals': ok(HOSPITALS) });
    const location = mockLocation();
    const view = await renderPage('pages/home/hospitals/index');
    expect(location.getLocation).not.toHaveBeenCalled();
    expect(view.text('.hospital__distance')).toBe('');

    await view.tap('.locate__button');
    expect(location.getLocation).toHaveBeenCalledWith(expect.objectContaining({ type: 'gcj02' }));
    expect(view.texts('.hospital__name')).toEqual([
      '广东省家用电器产品医院',
      '广东省电线电缆产品医院',
      // No coordinates: after the measured ones.
      '广东省建筑材料产品医院',
    ]);
    expect(view.texts('.hospital__distance')).toEqual(['距你约 4.0 公里', '距你约 44 公里']);
    expect(view.text('.locate__sorted')).toBe('已按离你的距离由近到远排序');
    expect(view.doms('.locate__button')).toHaveLength(0);
    // The city filter keeps the distance order.
    await view.tap('.city', 1);
    expect(view.texts('.hospital__name')).toEqual(['广东省电线电缆产品医院', '广东省建筑材料产品医院']);
  });

  it('sorts at once when the user allowed the location before', async () => {
    mockWx({ 'voucher.listHospitals': ok(HOSPITALS) });
    const location = mockLocation({ allowed: true });
    const view = await renderPage('pages/home/hospitals/index');
    expect(location.getLocation).toHaveBeenCalledTimes(1);
    expect(view.texts('.hospital__name')[0]).toBe('广东省家用电器产品医院');
  });

  it('keeps the default order on refusal, says how to allow it, and sorts once allowed in the settings', async () => {
    mockWx({ 'voucher.listHospitals': ok(HOSPITALS) });
    const location = mockLocation({ allowed: false, afterSetting: true });
    const view = await renderPage('pages/home/hospitals/index');
    // Refused before: not asked again on load.
    expect(location.getLocation).not.toHaveBeenCalled();
    await view.tap('.locate__button');
    expect(view.texts('.hospital__name')[0]).toBe('广东省电线电缆产品医院');
    expect(view.text('.locate__denied')).toContain('未获得位置授权，仍按默认顺序显示');
    expect(view.text('.locate__denied')).toContain('去设置');

    await view.tap('.locate__setting');
    expect(location.openSetting).toHaveBeenCalled();
    expect(view.texts('.hospital__name')[0]).toBe('广东省家用电器产品医院');
    expect(view.doms('.locate__denied')).toHaveLength(0);
  });

  it('says so when the phone cannot locate, and keeps the default order', async () => {
    mockWx({ 'voucher.listHospitals': ok(HOSPITALS) });
    mockLocation({ answer: 'off' });
    const view = await renderPage('pages/home/hospitals/index');
    await view.tap('.locate__button');
    expect(view.text('.locate__failed')).toContain('暂时无法获取你的位置');
    expect(view.texts('.hospital__name')[0]).toBe('广东省电线电缆产品医院');
    // The button stays, to try again.
    expect(view.doms('.locate__button')).toHaveLength(1);
  });

  it('says so when no hospital is active', async () => {
    mockWx({ 'voucher.listHospitals': ok([]) });
    mockLocation();
    const view = await renderPage('pages/home/hospitals/index');
    expect(view.text('.state-empty')).toBe('暂无可用的产品医院');
  });

  it('shows an error, and retries', async () => {
    let attempts = 0;
    const wx = mockWx({
      'voucher.listHospitals': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(HOSPITALS)),
    });
    mockLocation();
    const view = await renderPage('pages/home/hospitals/index');
    expect(view.text('.state-error__text')).toBe('产品医院加载失败');
    expect(wx.lastToast()).toBe('服务繁忙');
    await view.tap('#state >>> .state-retry');
    expect(view.doms('.hospital')).toHaveLength(3);
  });
});
