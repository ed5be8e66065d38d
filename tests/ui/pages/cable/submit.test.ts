import { calendarDate } from '../../../../cloudfunctions/src/core/time';
import { flush, renderPage, type View } from '../../helpers/render';
import { deferred, fail, mockWx, ok, type Envelope, type WxMock } from '../../helpers/wx';
import { profile } from '../../helpers/fixtures';
import { deviceStorage, type DeviceStorage } from '../../helpers/storage';
import { waitUntil } from '../../../helpers/wait';
import {
  DAY,
  formOptions,
  HOSPITALS,
  MAKER_USCC,
  PHOTO_FOLDER,
  requestDoc,
  requesterView,
} from '../../helpers/cable-fixtures';

const ROUTE = 'pages/cable/submit/index';
const OPTIONS = formOptions();
const typeIndex = (code: string) => OPTIONS.cableTypes.findIndex((t) => t.code === code);
const crossSectionIndex = (code: string, size: number) =>
  OPTIONS.cableTypes.find((t) => t.code === code)!.crossSections.indexOf(size);
const TODAY = calendarDate(new Date());

/** Temporary files WeChat has removed (a draft's photos are checked against this). */
const gone = new Set<string>();
afterEach(() => gone.clear());

/** Extra wx APIs the form uses (photos, navigation after submit). */
function mockMedia(files: string[][] = [['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg']]) {
  let pick = 0;
  let upload = 0;
  const g = globalThis as unknown as { wx: Record<string, any> };
  const chooseMedia = jest.fn((o: { count: number; success: (r: object) => void }) =>
    o.success({ type: 'image', tempFiles: (files[pick++] ?? []).map((tempFilePath) => ({ tempFilePath, size: 1 })) }),
  );
  const uploadFile = jest.fn((o: { cloudPath: string; success: (r: object) => void; fail: (e: object) => void }) =>
    o.success({ fileID: `cloud://local.local-1300000000/${o.cloudPath}`, statusCode: 200, n: ++upload }),
  );
  g.wx.chooseMedia = chooseMedia;
  // Temporary files exist unless a test removes them (WeChat clears them some time after the app closes).
  g.wx.getImageInfo = jest.fn((o: { src: string; success: (r: object) => void; fail: (e: object) => void }) =>
    gone.has(o.src) ? o.fail({ errMsg: 'getImageInfo:fail file not found' }) : o.success({ width: 1, height: 1 }),
  );
  g.wx.previewImage = jest.fn();
  g.wx.redirectTo = jest.fn();
  g.wx.cloud.uploadFile = uploadFile;
  return { chooseMedia, uploadFile, previewImage: g.wx.previewImage, redirectTo: g.wx.redirectTo };
}

const VERIFIED = profile({ phoneVerified: true, phoneMasked: '138****8000' });

/** Opens the form as WeChat would; `storage` is the device's (shared by the renders of one test). */
async function open(routes: Parameters<typeof mockWx>[0] = {}, storage: DeviceStorage = deviceStorage()) {
  const wx = mockWx({
    'cable.formOptions': ok(OPTIONS),
    'voucher.listHospitals': ok(HOSPITALS),
    'user.login': ok(VERIFIED),
    ...routes,
  });
  storage.install();
  const media = mockMedia();
  const view = await renderPage(ROUTE);
  return { wx, view, storage, ...media };
}

async function agree(view: View) {
  await view.trigger('.privacy-gate__agree', 'agreeprivacyauthorization');
}

/** Fills every required field the way a user would (pickers, chips, inputs). */
async function fillValid(view: View) {
  await agree(view);
  await view.input('.name', ' 林晓雯 ');
  await view.input('.phone', '13800138000');
  await view.trigger('.city-picker', 'change', { value: OPTIONS.cities.indexOf('佛山市') });
  await view.trigger('.type-picker', 'change', { value: typeIndex('BVV') });
  await view.trigger('.cross-section-picker', 'change', { value: crossSectionIndex('BVV', 2.5) });
  await view.trigger('.cores-picker', 'change', { value: 2 });
  await view.input('.brand', '粤星');
  await view.input('.manufacturer', '东莞市粤星电线电缆有限公司');
  await view.trigger('.channel-picker', 'change', { value: 2 });
  await view.trigger('.date-picker', 'change', { value: calendarDate(Date.now() - 30 * DAY) });
  await view.input('.length', '100');
  await view.tap('.concern', 1);
}

const submitCalls = (wx: WxMock) => wx.calls().filter((c) => c.data.action === 'submit');

describe('申请电线电缆快速筛查 — loading', () => {
  it('shows loading, then the form with the server’s labels', async () => {
    const answer = deferred<Envelope>();
    mockWx({
      'cable.formOptions': () => answer.promise,
      'voucher.listHospitals': ok(HOSPITALS),
      'user.login': ok(VERIFIED),
    });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-loading')).toBe('正在加载申请表');
    answer.resolve(ok(OPTIONS));
    await flush();
    expect(view.texts('.requester-type')).toEqual(['消费者（终端用户）', '企业', '施工单位或装修公司']);
    expect(view.texts('.concern')).toHaveLength(11);
    expect(view.texts('.delivery')).toEqual(['自行送样', '上门取样']);
  });

  it('shows an error when the options cannot be loaded, and retries', async () => {
    let attempts = 0;
    const wx = mockWx({
      'cable.formOptions': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(OPTIONS)),
      'voucher.listHospitals': ok(HOSPITALS),
      'user.login': ok(VERIFIED),
    });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-error__text')).toBe('申请表加载失败');
    expect(wx.lastToast()).toBe('服务繁忙');
    await view.tap('#state >>> .state-retry');
    expect(view.has('.submit')).toBe(true);
  });

  it('still works when hospital addresses cannot be loaded', async () => {
    const { view } = await open({ 'voucher.listHospitals': fail('INTERNAL', '服务繁忙') });
    expect(view.has('.submit')).toBe(true);
    await view.trigger('.hospital-picker', 'change', { value: 1 });
    expect(view.text('.hospital-value')).toBe('广东省电线电缆产品医院（电线电缆专业）');
  });
});

describe('privacy authorisation before phone and photos', () => {
  it('hides the contact fields and refuses photos until the user agrees', async () => {
    const { view, chooseMedia } = await open();
    expect(view.has('.privacy-gate')).toBe(true);
    expect(view.has('.phone')).toBe(false);
    await view.tap('.add-photo');
    expect(chooseMedia).not.toHaveBeenCalled();
    expect(view.has('.photo__img')).toBe(false);

    await agree(view);
    expect(view.has('.privacy-gate')).toBe(false);
    expect(view.has('.phone')).toBe(true);
    await view.tap('.add-photo');
    expect(chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ count: 9, mediaType: ['image'] }));
  });

  it('skips the gate when WeChat says the user already agreed', async () => {
    const wx = mockWx({
      'cable.formOptions': ok(OPTIONS),
      'voucher.listHospitals': ok(HOSPITALS),
      'user.login': ok(VERIFIED),
    });
    wx.getPrivacySetting.mockImplementation((o: { success?: (r: object) => void }) =>
      o.success?.({ needAuthorization: false }),
    );
    const view = await renderPage(ROUTE);
    expect(view.has('.privacy-gate')).toBe(false);
    expect(view.has('.phone')).toBe(true);
  });

  it('links the privacy notice', async () => {
    const { wx, view } = await open();
    await view.tap('.privacy-link');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/privacy/index' }));
  });
});

describe('validation as you type', () => {
  it('checks the contact as it is typed', async () => {
    const { view } = await open();
    await agree(view);
    expect(view.has('.name-error')).toBe(false);
    await view.input('.name', '林');
    expect(view.text('.name-error')).toBe('姓名至少 2 个字');
    await view.input('.name', '林2');
    expect(view.text('.name-error')).toBe('姓名只能包含汉字、字母和间隔号');
    await view.input('.name', '林晓雯');
    expect(view.has('.name-error')).toBe(false);

    await view.input('.phone', '1380013');
    expect(view.text('.phone-error')).toBe('请输入 11 位手机号（还差 4 位）');
    await view.input('.phone', '12800138000');
    expect(view.text('.phone-error')).toBe('请输入 11 位手机号');
    await view.input('.phone', '13800138000');
    expect(view.has('.phone-error')).toBe(false);
  });

  it('checks the manufacturer’s credit code as it is typed; empty is fine', async () => {
    const { view } = await open();
    expect(view.text('.uscc-hint')).toBe('生产厂家的统一社会信用代码，选填。填写后可同时查看该厂家是否在红榜上');
    await view.input('.uscc', MAKER_USCC.slice(0, 10));
    expect(view.text('.uscc-hint')).toBe('还需输入 8 位（不清楚可不填）');
    const wrongCheck = MAKER_USCC.slice(0, 17) + (MAKER_USCC[17] === '0' ? '1' : '0');
    await view.input('.uscc', wrongCheck);
    expect(view.text('.uscc-hint')).toBe('校验位不符，请核对营业执照上的代码');
    await view.input('.uscc', MAKER_USCC.toLowerCase());
    expect(view.text('.uscc-hint')).toBe('代码校验通过');
  });

  it('checks length, the pickup address and the organisation', async () => {
    const { view } = await open();
    await view.input('.length', '0');
    expect(view.text('.length-error')).toBe('长度必须大于 0 米');
    await view.input('.length', 'abc');
    expect(view.text('.length-error')).toBe('长度应为数字（米）');
    await view.input('.length', '100001');
    expect(view.text('.length-error')).toBe('长度不超过 100000 米');
    await view.input('.length', '12.5');
    expect(view.has('.length-error')).toBe(false);

    expect(view.has('.pickup-address')).toBe(false);
    await view.tap('.delivery', 1);
    await view.input('.pickup-address', '广州');
    expect(view.text('.pickup-error')).toBe('选择上门取样时请填写取样地址（至少 5 个字）');
    await view.input('.pickup-address', '广州市天河区体育西路 1 号');
    expect(view.has('.pickup-error')).toBe(false);

    expect(view.has('.organization')).toBe(false);
    await view.tap('.requester-type', 2);
    await view.input('.organization', '企'.repeat(101));
    expect(view.text('.organization-error')).toBe('单位名称不超过 100 个字');
  });

  it('offers only the cross-sections and cores the chosen type is made in', async () => {
    const { view } = await open();
    expect(view.text('.cross-section-value')).toBe('请先选择型号');
    await view.trigger('.type-picker', 'change', { value: typeIndex('RVV') });
    expect(view.data.picker.crossSectionLabels).toEqual(
      ['0.5', '0.75', '1', '1.5', '2.5', '4', '6', '10', '16', '25', '35'].map((s) => `${s} mm²`),
    );
    expect(view.data.picker.coresLabels).toEqual(['1 芯', '2 芯', '3 芯', '4 芯', '5 芯']);
    await view.trigger('.cross-section-picker', 'change', { value: crossSectionIndex('RVV', 35) });
    await view.trigger('.cores-picker', 'change', { value: 3 });
    expect(view.text('.cross-section-value')).toBe('35 mm²');
    expect(view.text('.cores-value')).toBe('4 芯');

    // BV is single-core up to 240 mm²: the size stays, the cores become 1.
    await view.trigger('.type-picker', 'change', { value: typeIndex('BV') });
    expect(view.text('.type-value')).toBe('BV · 铜芯聚氯乙烯绝缘电线（硬线）');
    expect(view.text('.cross-section-value')).toBe('35 mm²');
    expect(view.text('.cores-value')).toBe('1 芯');
    // RVB is made up to 2.5 mm² with 2 cores: 35 mm² is cleared.
    await view.trigger('.type-picker', 'change', { value: typeIndex('RVB') });
    expect(view.text('.cross-section-value')).toBe('请选择');
    expect(view.text('.cores-value')).toBe('2 芯');
  });

  it('limits the purchase date to today and refuses a later one', async () => {
    const { view } = await open();
    expect(view.data.today).toBe(TODAY);
    await view.trigger('.date-picker', 'change', { value: calendarDate(Date.now() + DAY) });
    expect(view.text('.date-error')).toBe('购买日期不能晚于今天');
    await view.trigger('.date-picker', 'change', { value: TODAY });
    expect(view.has('.date-error')).toBe(false);
  });

  it('does not submit an incomplete form and marks every problem', async () => {
    const { wx, view } = await open();
    await agree(view);
    await view.input('.name', '林晓雯');
    await view.tap('.submit');
    expect(submitCalls(wx)).toHaveLength(0);
    expect(wx.lastToast()).toBe('请检查标红的项目');
    expect(view.has('.name-error')).toBe(false);
    expect(view.text('.phone-error')).toBe('请填写联系手机号');
    expect(view.text('.city-error')).toBe('请选择所在城市');
    expect(view.text('.type-error')).toBe('请选择电线电缆型号');
    expect(view.text('.concerns-error')).toBe('请至少选择一项疑似问题');
    expect(view.text('.date-error')).toBe('请选择购买日期，不清楚请选“不清楚”');
  });
});

describe('photos', () => {
  it('adds photos, previews and deletes them, at most 9', async () => {
    const { view, chooseMedia, previewImage } = await open();
    mockMedia([
      ['wxfile://a.jpg', 'wxfile://b.jpg', 'wxfile://c.jpg'],
      Array.from({ length: 8 }, (_, i) => `wxfile://more-${i}.jpg`),
    ]);
    await agree(view);
    await view.tap('.add-photo');
    expect(view.doms('.photo__img')).toHaveLength(3);
    await view.tap('.photo__img', 1);
    expect((globalThis as any).wx.previewImage).toHaveBeenCalledWith({
      urls: ['wxfile://a.jpg', 'wxfile://b.jpg', 'wxfile://c.jpg'],
      current: 'wxfile://b.jpg',
    });
    await view.tap('.photo__delete', 0);
    expect(view.data.photos.map((p: { path: string }) => p.path)).toEqual(['wxfile://b.jpg', 'wxfile://c.jpg']);

    await view.tap('.add-photo');
    expect((globalThis as any).wx.chooseMedia).toHaveBeenLastCalledWith(expect.objectContaining({ count: 7 }));
    expect(view.doms('.photo__img')).toHaveLength(9);
    expect(view.has('.add-photo')).toBe(false);
    expect(chooseMedia).not.toHaveBeenCalled();
    expect(previewImage).not.toHaveBeenCalled();
  });
});

describe('submitting', () => {
  it('uploads the photos into the user’s own photo folder, submits the request once and opens it', async () => {
    const created = requesterView(requestDoc('submitted', { id: 'req-new-1' }));
    const { wx, view, uploadFile, redirectTo } = await open({
      'cable.submit': ok({ created: true, request: created }),
    });
    await fillValid(view);
    await view.tap('.add-photo');
    await view.trigger('.hospital-picker', 'change', { value: 1 });
    expect(view.text('.drop-off__address')).toBe('送样地点：广州市黄埔区科学大道 118 号');
    await view.input('.uscc', ` ${MAKER_USCC.toLowerCase()} `);
    await view.tap('.submit');

    expect(uploadFile).toHaveBeenCalledTimes(2);
    const paths = uploadFile.mock.calls.map(([o]) => o.cloudPath);
    // The folder formOptions named (the only one submit accepts photos from), never the openid.
    for (const path of paths) expect(path.startsWith(`${PHOTO_FOLDER}/`)).toBe(true);
    for (const path of paths) expect(path.slice(PHOTO_FOLDER.length)).toMatch(/^\/[A-Za-z0-9_-]+\.jpg$/);
    expect(paths.join()).not.toContain('o-test');
    expect(new Set(paths).size).toBe(2);

    const [call] = submitCalls(wx);
    expect(call).toEqual({
      name: 'cable',
      data: {
        action: 'submit',
        requesterType: 'consumer',
        organization: '',
        contact: { name: '林晓雯', phone: '13800138000' },
        city: '佛山市',
        cable: {
          type: 'BVV',
          crossSection: 2.5,
          cores: 3,
          brand: '粤星',
          manufacturer: '东莞市粤星电线电缆有限公司',
          manufacturerUscc: MAKER_USCC,
          purchaseChannel: OPTIONS.purchaseChannels[2].code,
          purchaseChannelDetail: '',
          purchaseDate: calendarDate(Date.now() - 30 * DAY),
          length: 100,
        },
        concerns: ['thin_conductor'],
        description: '',
        photos: paths.map((p) => `cloud://local.local-1300000000/${p}`),
        preferredHospitalId: 'gd-cable',
        sampleDelivery: 'drop-off',
        pickupAddress: '',
        clientRequestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      },
    });
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/cable/request/index?requestId=req-new-1' });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交' }));
  });

  it('asks to allow status messages inside the tap before anything else, and submits whatever the answer', async () => {
    const created = requesterView(requestDoc('submitted', { id: 'req-sub-1' }));
    const { wx, view, uploadFile, redirectTo } = await open({
      'cable.submit': ok({ created: true, request: created }),
    });
    const order: string[] = [];
    wx.requestSubscribeMessage.mockImplementation((o: { success?: (r: object) => void; complete?: () => void }) => {
      order.push('subscribe');
      o.success?.({ CONFIG_SUBSCRIBE_TEMPLATE_CABLE_STATUS: 'reject' });
      o.complete?.();
    });
    const upload = uploadFile.getMockImplementation()!;
    uploadFile.mockImplementation((o) => {
      order.push('upload');
      return upload(o);
    });
    await fillValid(view);
    await view.tap('.add-photo');
    await view.tap('.submit');
    expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(
      expect.objectContaining({ tmplIds: ['CONFIG_SUBSCRIBE_TEMPLATE_CABLE_STATUS'] }),
    );
    expect(order[0]).toBe('subscribe');
    expect(order.slice(1)).toEqual(['upload', 'upload']);
    expect(submitCalls(wx)).toHaveLength(1);
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/cable/request/index?requestId=req-sub-1' });
  });

  it('keeps the input after a failure, and a retry sends the same request id without uploading again', async () => {
    let attempts = 0;
    const request = requesterView(requestDoc('submitted', { id: 'req-retry' }));
    const { wx, view, uploadFile, redirectTo } = await open({
      'cable.submit': () =>
        ++attempts === 1 ? fail('INTERNAL', '服务繁忙，请稍后重试') : ok({ created: false, request }),
    });
    await fillValid(view);
    await view.tap('.add-photo');
    await view.tap('.submit');
    expect(wx.lastToast()).toBe('服务繁忙，请稍后重试');
    expect(redirectTo).not.toHaveBeenCalled();
    expect(view.data.form.name).toBe(' 林晓雯 ');
    expect(view.data.form.type).toBe('BVV');
    expect(view.doms('.photo__img')).toHaveLength(2);
    expect(view.text('.submit')).toBe('提交申请');

    await view.tap('.submit');
    const [first, second] = submitCalls(wx);
    expect(second.data.clientRequestId).toBe(first.data.clientRequestId);
    expect(second.data.photos).toEqual(first.data.photos);
    expect(uploadFile).toHaveBeenCalledTimes(2);
    expect(wx.lastToast()).toBe('该申请已提交过');
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/cable/request/index?requestId=req-retry' });
  });

  it('uploads the photos again after the server refuses them (e.g. gone from storage)', async () => {
    let attempts = 0;
    const request = requesterView(requestDoc('submitted', { id: 'req-reupload' }));
    const { wx, view, uploadFile, redirectTo } = await open({
      'cable.submit': () =>
        ++attempts === 1
          ? fail('VALIDATION_FAILED', '第 1 张照片文件不存在或已删除，请重新上传')
          : ok({ created: true, request }),
    });
    await fillValid(view);
    await view.tap('.add-photo');
    await view.tap('.submit');
    expect(wx.lastToast()).toBe('第 1 张照片文件不存在或已删除，请重新上传');
    expect(view.doms('.photo__img')).toHaveLength(2);
    await view.tap('.submit');
    expect(uploadFile).toHaveBeenCalledTimes(4);
    const [first, second] = submitCalls(wx);
    expect(second.data.photos).not.toEqual(first.data.photos);
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/cable/request/index?requestId=req-reupload' });
  });

  it('sends one request for a double tap', async () => {
    const answer = deferred<Envelope>();
    const { wx, view } = await open({ 'cable.submit': () => answer.promise });
    await fillValid(view);
    await view.tap('.submit');
    await view.tap('.submit');
    expect(submitCalls(wx)).toHaveLength(1);
    expect(view.text('.submit')).toBe('正在提交…');
    answer.resolve(ok({ created: true, request: requesterView(requestDoc()) }));
    await flush();
    expect(submitCalls(wx)).toHaveLength(1);
  });

  it('does not submit when a photo fails to upload, and keeps the form', async () => {
    const { wx, view, uploadFile } = await open();
    await fillValid(view);
    await view.tap('.add-photo');
    uploadFile.mockImplementation((o: { fail: (e: object) => void }) => o.fail({ errMsg: 'uploadFile:fail' }));
    await view.tap('.submit');
    expect(submitCalls(wx)).toHaveLength(0);
    expect(wx.lastToast()).toBe('照片上传失败，请检查网络后重试');
    expect(view.doms('.photo__img')).toHaveLength(2);
    expect(view.data.submitting).toBe(false);
  });

  it('explains the open-request limit and links the requester’s list', async () => {
    const message = '您已有 5 个筛查申请正在处理，最多同时 5 个；请等待已有申请完成或撤销后再提交';
    const { wx, view } = await open({ 'cable.submit': fail('TOO_MANY_OPEN_REQUESTS', message) });
    await fillValid(view);
    await view.tap('.submit');
    expect(view.text('.too-many__message')).toBe(message);
    await view.tap('.too-many__link');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/cable/my-requests/index' }));
    // Editing the form clears the notice.
    await view.input('.brand', '南洋');
    expect(view.has('.too-many')).toBe(false);
  });

  it('sends the pickup address and organisation only when they apply', async () => {
    const { wx, view } = await open({
      'cable.submit': ok({ created: true, request: requesterView(requestDoc()) }),
    });
    await fillValid(view);
    await view.tap('.requester-type', 1);
    await view.input('.organization', ' 美达电器 ');
    await view.tap('.delivery', 1);
    await view.input('.pickup-address', ' 佛山市顺德区北滘镇 8 号 ');
    await view.tap('.submit');
    expect(submitCalls(wx)[0].data).toMatchObject({
      requesterType: 'enterprise',
      organization: '美达电器',
      sampleDelivery: 'pickup',
      pickupAddress: '佛山市顺德区北滘镇 8 号',
      preferredHospitalId: null,
    });
  });
});

describe('photos lead the form', () => {
  it('shows the photo section before the requester, the contact and the cable fields', async () => {
    const { view } = await open();
    await agree(view);
    const sections = ['.add-photo', '.requester-type', '.name', '.type-picker', '.manufacturer'].map((s) =>
      view.dom(s)!,
    );
    for (let i = 1; i < sections.length; i++) {
      // Each comes after the one before it in the page.
      expect(sections[i - 1].compareDocumentPosition(sections[i]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    }
  });
});

describe('不清楚: manufacturer, purchase date and length', () => {
  it('sends null for each field answered 不清楚, and shows 不清楚 in its place', async () => {
    const { wx, view } = await open({ 'cable.submit': ok({ created: true, request: requesterView(requestDoc()) }) });
    await fillValid(view);
    await view.input('.manufacturer', '');
    await view.tap('.manufacturer-unknown');
    await view.tap('.purchase-date-unknown');
    await view.tap('.length-unknown');
    expect(view.has('.manufacturer')).toBe(false);
    expect(view.text('.manufacturer-unknown-value')).toBe('不清楚');
    expect(view.text('.date-value')).toBe('不清楚');
    expect(view.text('.length-unknown-value')).toBe('不清楚');
    expect(view.data.form).toMatchObject({ manufacturerUnknown: true, purchaseDateUnknown: true, lengthUnknown: true });
    expect(view.has('.manufacturer-error') || view.has('.date-error') || view.has('.length-error')).toBe(false);
    await view.tap('.submit');
    expect(submitCalls(wx)[0].data.cable).toMatchObject({ manufacturer: null, purchaseDate: null, length: null });
  });

  it('asks for each of them, offering 不清楚, when left empty; picking a date makes it known again', async () => {
    const { wx, view } = await open();
    await agree(view);
    await view.tap('.submit');
    expect(submitCalls(wx)).toHaveLength(0);
    expect(view.text('.manufacturer-error')).toBe('请填写生产厂家，不清楚请选“不清楚”');
    expect(view.text('.date-error')).toBe('请选择购买日期，不清楚请选“不清楚”');
    expect(view.text('.length-error')).toBe('请填写长度（米），不清楚请选“不清楚”');
    await view.tap('.purchase-date-unknown');
    expect(view.has('.date-error')).toBe(false);
    await view.trigger('.date-picker', 'change', { value: TODAY });
    expect(view.data.form.purchaseDateUnknown).toBe(false);
    expect(view.text('.date-value')).toBe(TODAY);
    // Switching 不清楚 off again keeps what was typed.
    await view.input('.length', '50');
    await view.tap('.length-unknown');
    await view.tap('.length-unknown');
    expect(view.data.form.length).toBe('50');
  });
});

describe('the verified phone', () => {
  it('a user without a verified phone is told what verification is for, linked to it, and cannot submit', async () => {
    const { wx, view } = await open({ 'user.login': ok(profile()) });
    expect(view.text('.verify-phone__title')).toBe('提交前请先验证手机号');
    expect(view.text('.verify-phone__body')).toContain('提交快速筛查申请需要验证本人微信绑定的手机号');
    expect(view.text('.verify-phone__body')).toContain('只保存手机号的加密摘要和掩码');
    await fillValid(view);
    await view.tap('.submit');
    expect(submitCalls(wx)).toHaveLength(0);
    expect(view.text('.verify-error')).toBe('提交快速筛查申请需先验证本人微信绑定的手机号，请先到“手机号验证”完成验证');
    expect(wx.lastToast()).toBe('提交快速筛查申请需先验证本人微信绑定的手机号，请先到“手机号验证”完成验证');
    await view.tap('.verify-phone__link');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/phone/index' }));
  });

  it('after verifying on the phone page, the form (still filled in) can be sent', async () => {
    let verified = false;
    const { wx, view } = await open({
      'user.login': () => ok(verified ? VERIFIED : profile()),
      'cable.submit': ok({ created: true, request: requesterView(requestDoc()) }),
    });
    await fillValid(view);
    verified = true;
    view.pageLifetime('show');
    await flush();
    expect(view.has('.verify-phone')).toBe(false);
    expect(view.text('.verified-phone__text')).toBe('已验证手机号 138****8000');
    await view.tap('.submit');
    expect(submitCalls(wx)).toHaveLength(1);
  });

  it('fills the contact phone with the verified number (WeChat’s phone button, checked by user.verifyPhone)', async () => {
    const { wx, view } = await open({
      'user.verifyPhone': (data) =>
        (data.phone as { cloudID: string }).cloudID === 'cid-1'
          ? ok({ phoneVerified: true, phoneMasked: '139****5678', phone: '13912345678' })
          : fail('VALIDATION_FAILED', '手机号授权已失效，请重新授权'),
    });
    await agree(view);
    await view.trigger('.fill-phone', 'getphonenumber', { cloudID: 'cid-1', errMsg: 'getPhoneNumber:ok' });
    expect(view.data.form.phone).toBe('13912345678');
    expect(view.text('.verified-phone__text')).toBe('已验证手机号 139****5678');
    await view.trigger('.fill-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:fail user deny' });
    expect(wx.lastToast()).toBe('未授权，请手动填写手机号');
    expect(view.data.form.phone).toBe('13912345678');
  });

  it('the server’s PHONE_NOT_VERIFIED (verification lost meanwhile) shows the note and keeps the form', async () => {
    const message = '提交快速筛查申请需先验证本人微信绑定的手机号，请先到“手机号验证”完成验证';
    const { view } = await open({ 'cable.submit': fail('PHONE_NOT_VERIFIED', message) });
    await fillValid(view);
    await view.tap('.submit');
    expect(view.text('.verify-error')).toBe(message);
    expect(view.has('.verify-phone')).toBe(true);
    expect(view.data.form.brand).toBe('粤星');
  });
});

describe('the draft survives the app being closed', () => {
  it('keeps what was typed as the user types, and puts it back when the form opens again', async () => {
    const storage = deviceStorage();
    const first = await open({}, storage);
    await fillValid(first.view);
    await first.view.tap('.add-photo');
    await first.view.tap('.length-unknown');
    // Saved after a pause in typing, without leaving the page.
    await waitUntil(() => storage.keys('draft:').length === 1, { what: 'the draft to be saved' });
    first.view.detach();
    expect(storage.keys('draft:')).toEqual(['draft:cable-request:o-test']);

    const again = await open({}, storage);
    expect(again.view.text('.draft-note__text')).toBe('已为你恢复上次未提交的内容');
    expect(again.view.data.form).toMatchObject({
      name: ' 林晓雯 ',
      phone: '13800138000',
      type: 'BVV',
      lengthUnknown: true,
    });
    expect(again.view.text('.type-value')).toBe('BVV · 铜芯聚氯乙烯绝缘聚氯乙烯护套电线');
    expect(again.view.doms('.photo__img')).toHaveLength(2);
    expect(again.view.data.clientRequestId).toBe(first.view.data.clientRequestId);
  });

  it('saves on leaving the page even within the typing pause', async () => {
    const storage = deviceStorage();
    const first = await open({}, storage);
    await agree(first.view);
    await first.view.input('.brand', '南洋');
    first.view.detach();
    const again = await open({}, storage);
    expect(again.view.data.form.brand).toBe('南洋');
  });

  it('drops photos whose temporary files are gone and says so', async () => {
    const storage = deviceStorage();
    const first = await open({}, storage);
    await agree(first.view);
    await first.view.tap('.add-photo');
    first.view.detach();
    gone.add('wxfile://tmp/b.jpg');
    const again = await open({}, storage);
    expect(again.view.data.photos.map((p: { path: string }) => p.path)).toEqual(['wxfile://tmp/a.jpg']);
    expect(again.view.text('.photos-lost')).toBe('1 张照片已失效（关闭小程序后临时文件会被清理），请重新添加');
  });

  it('is cleared after a successful submit: the next form starts empty', async () => {
    const storage = deviceStorage();
    const first = await open({ 'cable.submit': ok({ created: true, request: requesterView(requestDoc()) }) }, storage);
    await fillValid(first.view);
    await first.view.tap('.submit');
    expect(submitCalls(first.wx)).toHaveLength(1);
    first.view.detach();
    expect(storage.keys('draft:')).toEqual([]);
    const again = await open({}, storage);
    expect(again.view.has('.draft-note')).toBe(false);
    expect(again.view.data.form.brand).toBe('');
  });

  it('清空 empties the form, forgets the draft and starts a new request', async () => {
    const storage = deviceStorage();
    const first = await open({}, storage);
    await fillValid(first.view);
    first.view.detach();
    const again = await open({}, storage);
    const restoredId = again.view.data.clientRequestId;
    await again.view.tap('.draft-note__clear');
    expect(again.view.has('.draft-note')).toBe(false);
    expect(again.view.data.form.name).toBe('');
    expect(again.view.has('.name-error')).toBe(false);
    expect(again.view.data.clientRequestId).not.toBe(restoredId);
    expect(storage.keys('draft:')).toEqual([]);
    again.view.detach();
    const third = await open({}, storage);
    expect(third.view.has('.draft-note')).toBe(false);
  });

  it('another user of the phone does not see the draft', async () => {
    const storage = deviceStorage();
    const first = await open({}, storage);
    await fillValid(first.view);
    first.view.detach();
    const other = await open({ 'user.login': ok(profile({ openid: 'o-other', phoneVerified: true })) }, storage);
    expect(other.view.has('.draft-note')).toBe(false);
    expect(other.view.data.form.name).toBe('');
    // Even a draft stored under their key but written for someone else is ignored.
    storage.store.set('draft:cable-request:o-third', {
      ...(storage.get('draft:cable-request:o-test') as object),
      owner: 'o-test',
    });
    other.view.detach();
    const third = await open({ 'user.login': ok(profile({ openid: 'o-third', phoneVerified: true })) }, storage);
    expect(third.view.has('.draft-note')).toBe(false);
  });
});
