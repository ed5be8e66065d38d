/**
 * After a failed submit, every form page takes the user to the first field with a problem
 * (miniprogram/utils/form.ts): it scrolls to the field's anchor (`#field-<name>`) and, for a text box,
 * sets `focusField` so the box takes the focus. For the page's own check and for the server's
 * VALIDATION_FAILED (its `details.fields`).
 */
import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { flush, renderPage, type View } from '../helpers/render';
import { campaign, enterprise, profile } from '../helpers/fixtures';
import { mockWx, ok, type Envelope, type WxMock } from '../helpers/wx';
import { mockVoucherWx, voucher } from '../helpers/voucher';
import { deviceStorage } from '../helpers/storage';
import { DAY, formOptions, HOSPITALS, requestDoc, staffView } from '../helpers/cable-fixtures';

/** A VALIDATION_FAILED answer as the router sends it. */
const refused = (fields: { path: string; label: string; message: string }[]): Envelope => ({
  ok: false,
  code: 'VALIDATION_FAILED',
  message: `${fields[0].label}：${fields[0].message}`,
  details: { fields },
});

type Wx = Record<string, jest.Mock> & { cloud: Record<string, jest.Mock> };
const g = () => (globalThis as unknown as { wx: Wx }).wx;

/** wx.pageScrollTo (and what some pages need besides), as mocks to assert on. */
function mockScroll() {
  const pageScrollTo = jest.fn();
  Object.assign(g(), { pageScrollTo, redirectTo: jest.fn(), previewImage: jest.fn() });
  return pageScrollTo;
}

/** Where the page scrolled last and which text box it focused (the input's own `focus` property too). */
function landedOn(view: View, scroll: jest.Mock) {
  const selector = scroll.mock.calls.at(-1)?.[0]?.selector ?? '';
  return { selector, focusField: view.data.focusField as string };
}

/**
 * The anchor the text box at `selector` carries: `field-<name>` for the field `focusField` names (the
 * box's `focus="{{focusField === '<name>'}}"` binding is checked on every page's WXML by
 * tests/unit/shared/text-fields.test.ts; the simulator keeps no built-in's properties).
 */
const anchorOf = (view: View, selector: string) => view.idOf(selector);

describe('申领检测券 (voucher/apply)', () => {
  const NOW = Date.parse('2026-07-01T01:00:00Z');
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  async function open(apply: Envelope = ok({})) {
    const wx = mockVoucherWx({
      'voucher.getCampaign': ok({ campaign: campaign({}, NOW), hospitals: [], myApplication: null }),
      'user.login': ok(profile({ enterprise: enterprise() })),
      'voucher.apply': apply,
    });
    deviceStorage().install();
    const scroll = mockScroll();
    const view = await renderPage('pages/voucher/apply/index', { campaignId: 'c-2026-2' });
    return { wx, view, scroll };
  }

  it('the page’s own check: scrolls to the first field in the form’s order and focuses a text box', async () => {
    const { view, scroll } = await open();
    // Pools chosen, name fine, the phone typed with spaces but one digit short, consent missing.
    await view.tap('.pool', 0);
    await view.input('.contact-name', '陈志强');
    await view.input('.contact-phone', '139 2345 678');
    await view.tap('.submit');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-contactPhone', focusField: 'contactPhone' });
    expect(anchorOf(view, '.contact-phone')).toBe(`field-${view.data.focusField}`);

    // Nothing chosen: the pools come first; a choice list is scrolled to, not focused.
    await view.tap('.pool', 0);
    await view.tap('.submit');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-pools', focusField: 'contactPhone' });
    expect(view.idOf('.pools-title')).toBe('field-pools');
  });

  it('a spaced number is accepted and sent as its 11 digits', async () => {
    const { wx, view } = await open(refused([{ path: 'consent', label: '申领须知', message: '请阅读并同意申领须知' }]));
    await view.tap('.pool', 0);
    await view.input('.contact-name', '陈志强');
    await view.input('.contact-phone', '+86 139-2345-6789');
    await view.tap('.consent');
    await view.tap('.submit');
    await flush();
    const sent = wx.calls().find((c) => c.data.action === 'apply');
    expect(sent?.data.contact).toEqual({ name: '陈志强', phone: '13923456789' });
  });

  it('the server’s refusal: its field’s message beside the field, which gets the focus', async () => {
    const { view, scroll } = await open(
      refused([
        { path: 'contact.name', label: '联系人姓名', message: '姓名只能包含汉字、字母和间隔号' },
        { path: 'contact.phone', label: '联系人手机号', message: '请输入 11 位手机号' },
      ]),
    );
    await view.tap('.pool', 0);
    await view.input('.contact-name', '陈志强');
    await view.input('.contact-phone', '13923456789');
    await view.tap('.consent');
    await view.tap('.submit');
    await flush();
    expect(view.text('.name-error')).toBe('姓名只能包含汉字、字母和间隔号');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-contactName', focusField: 'contactName' });
    expect(anchorOf(view, '.contact-name')).toBe(`field-${view.data.focusField}`);
  });
});

describe('申请电线电缆快速筛查 (cable/submit)', () => {
  const OPTIONS = formOptions();
  async function open(submit: Envelope = ok({})) {
    const wx = mockWx({
      'cable.formOptions': ok(OPTIONS),
      'voucher.listHospitals': ok(HOSPITALS),
      'user.login': ok(profile({ phoneVerified: true, phoneMasked: '138****8000' })),
      'cable.submit': submit,
    });
    deviceStorage().install();
    const scroll = mockScroll();
    Object.assign(g(), {
      chooseMedia: jest.fn(),
      getImageInfo: jest.fn((o: { success: (r: object) => void }) => o.success({ width: 1, height: 1 })),
    });
    const view = await renderPage('pages/cable/submit/index');
    if (view.has('.privacy-gate__agree')) await view.trigger('.privacy-gate__agree', 'agreeprivacyauthorization');
    return { wx, view, scroll };
  }

  async function fillValid(view: View) {
    await view.input('.name', '林晓雯');
    await view.input('.phone', '138 0013 8000');
    await view.trigger('.city-picker', 'change', { value: OPTIONS.cities.indexOf('佛山市') });
    const type = OPTIONS.cableTypes.findIndex((t) => t.code === 'BVV');
    await view.trigger('.type-picker', 'change', { value: type });
    await view.trigger('.cross-section-picker', 'change', {
      value: OPTIONS.cableTypes[type].crossSections.indexOf(2.5),
    });
    await view.trigger('.cores-picker', 'change', { value: 2 });
    await view.input('.brand', '粤星');
    await view.input('.manufacturer', '东莞市粤星电线电缆有限公司');
    await view.trigger('.channel-picker', 'change', { value: 2 });
    await view.trigger('.date-picker', 'change', { value: calendarDate(Date.now() - 30 * DAY) });
    await view.input('.length', '100');
    await view.tap('.concern', 1);
  }

  it('the page’s own check: the first field with a problem in the form’s order', async () => {
    const { view, scroll } = await open();
    await fillValid(view);
    await view.input('.brand', '');
    await view.input('.description', '😀'.repeat(501));
    await view.tap('.submit');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-brand', focusField: 'brand' });
    expect(anchorOf(view, '.brand')).toBe(`field-${view.data.focusField}`);
    // A picker is scrolled to, and no text box keeps a stale focus request.
    await view.input('.brand', '粤星');
    await view.trigger('.channel-picker', 'change', { value: -1 });
    await view.input('.description', '');
    await view.input('.length', 'abc');
    await view.tap('.submit');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-length', focusField: 'length' });
  });

  it('a description of 500 emoji is 500 characters: accepted; 501 is refused by the page', async () => {
    const { view } = await open();
    await fillValid(view);
    await view.input('.description', '😀'.repeat(500));
    expect(view.data.errors.description).toBeUndefined();
    await view.input('.description', '😀'.repeat(501));
    expect(view.data.errors.description).toBe('问题描述不超过 500 字');
  });

  it('the server’s refusal: shown at its field, which is scrolled to and focused; the phone sent is 11 digits', async () => {
    const { wx, view, scroll } = await open(
      refused([{ path: 'cable.manufacturer', label: '生产厂家', message: '生产厂家不超过 100 个字' }]),
    );
    await fillValid(view);
    await view.tap('.submit');
    await flush();
    const sent = wx.calls().find((c) => c.data.action === 'submit');
    expect((sent?.data.contact as { phone: string }).phone).toBe('13800138000');
    expect(view.text('.manufacturer-error')).toBe('生产厂家不超过 100 个字');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-manufacturer', focusField: 'manufacturer' });
    expect(anchorOf(view, '.manufacturer')).toBe('field-manufacturer');
  });
});

describe('企业绑定 (user/enterprise)', () => {
  it('a name too long (in characters, emoji counted once) focuses the name; the server’s refusal too', async () => {
    const wx = mockWx({
      'user.login': ok(profile()),
      'user.bindEnterprise': refused([
        { path: 'uscc', label: '统一社会信用代码', message: '统一社会信用代码无效：校验位错误' },
      ]),
    });
    const scroll = mockScroll();
    const view = await renderPage('pages/user/enterprise/index');
    await view.input('.uscc', '91440606722473344C');
    await view.input('.name', '美达😀'.repeat(34)); // 102 characters
    await view.tap('.submit');
    expect(view.text('.name-error')).toBe('企业名称不超过 100 个字');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-name', focusField: 'name' });
    expect(anchorOf(view, '.name')).toBe(`field-${view.data.focusField}`);

    await view.input('.name', '美达😀'.repeat(33) + '司'); // 100 characters, 133 UTF-16 units: fits
    await view.tap('.submit');
    await flush();
    expect(wx.calls().at(-1)?.data.action).toBe('bindEnterprise');
    expect(view.text('.uscc-hint')).toBe('统一社会信用代码无效：校验位错误');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-uscc', focusField: 'uscc' });
  });
});

describe('检测券核销 (hospital/redeem)', () => {
  const STAFF = profile({ roles: ['staff'], hospitalId: 'gd-cable', hospitalName: '广东省电线电缆产品医院' });

  async function lookedUp(redeem: Envelope = ok({})) {
    const wx = mockVoucherWx({
      'user.login': ok(STAFF),
      'voucher.listHospitals': ok([]),
      'hospital.lookupVoucher': ok(voucher({ qrPayload: null, qrImage: null, services: ['ccc', 'training'] })),
      'hospital.redeemVoucher': redeem,
    });
    const view = await renderPage('pages/hospital/redeem/index');
    await view.input('.manual', 'YPT1.V0000000000000001.SIGNATURE');
    await view.tap('.manual-submit');
    await flush();
    return { wx, view, scroll: wx.pageScrollTo as jest.Mock };
  }

  it('a short code focuses the code box', async () => {
    const wx = mockVoucherWx({ 'user.login': ok(STAFF), 'voucher.listHospitals': ok([]) });
    const view = await renderPage('pages/hospital/redeem/index');
    await view.input('.manual', 'YPT1');
    await view.tap('.manual-submit');
    expect(landedOn(view, wx.pageScrollTo as jest.Mock)).toEqual({ selector: '#field-manual', focusField: 'manual' });
  });

  it('no service chosen: scrolls to the picker; no fee: focuses the fee', async () => {
    const { view, scroll } = await lookedUp();
    await view.tap('.redeem');
    expect(view.text('.service-error')).toBe('请选择服务项目');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-service', focusField: '' });
    await view.trigger('.picker', 'change', { value: 0 });
    await view.tap('.redeem');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-fee', focusField: 'fee' });
    expect(anchorOf(view, '.fee')).toBe(`field-${view.data.focusField}`);
  });

  it('the server refuses the note: shown under the form, the note focused', async () => {
    const { view, scroll } = await lookedUp(refused([{ path: 'note', label: '备注', message: '备注不超过 200 字' }]));
    await view.trigger('.picker', 'change', { value: 0 });
    await view.input('.fee', '300');
    await view.input('.note', '报告编号 A-1');
    await view.tap('.redeem');
    await flush();
    expect(view.text('.note-error')).toBe('备注不超过 200 字');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-note', focusField: 'note' });
  });
});

describe('筛查 (hospital/screening-detail)', () => {
  async function open(update: Envelope = ok({}), status: 'screening' | 'accepted' = 'screening') {
    const wx: WxMock = mockWx({
      'hospital.getScreening': ok(staffView(requestDoc(status))),
      'hospital.updateScreening': update,
    });
    wx.showModal.mockImplementation((o: { success: (r: object) => void }) => o.success({ confirm: true }));
    const scroll = mockScroll();
    Object.assign(g(), {
      chooseMessageFile: jest.fn((o: { success: (r: object) => void }) =>
        o.success({ tempFiles: [{ path: 'wxfile://tmp/abc', name: '筛查报告.pdf', size: 10, type: 'file' }] }),
      ),
    });
    g().cloud.uploadFile = jest.fn((o: { cloudPath: string; success: (r: object) => void }) =>
      o.success({ fileID: `cloud://local.local-1300000000/${o.cloudPath}` }),
    );
    const view = await renderPage('pages/hospital/screening-detail/index', { requestId: 'a1b2c3d4e5f6a1b2c3d4e5f6' });
    return { wx, view, scroll };
  }

  it('completion without a verdict scrolls to the verdicts; without a report, to the report; a long note is focused', async () => {
    const { view, scroll } = await open();
    await view.tap('.action_completed');
    await view.tap('.submit-result');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-verdict', focusField: '' });
    await view.tap('.verdict', 0);
    await view.tap('.submit-result');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-report', focusField: '' });
    await view.tap('.choose-report-file');
    await flush();
    await view.input('.complete-form .note', '😀'.repeat(501));
    await view.tap('.submit-result');
    expect(view.text('.note-error')).toBe('说明不超过 500 字');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-note', focusField: 'note' });
    expect(anchorOf(view, '.complete-form .note')).toBe(`field-${view.data.focusField}`);
  });

  it('a rejection without a reason focuses the reason box', async () => {
    const { view, scroll } = await open(ok({}), 'accepted');
    await view.tap('.action_rejected');
    await view.tap('.confirm-reject');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-reason', focusField: 'reason' });
    expect(anchorOf(view, '.reason')).toBe(`field-${view.data.focusField}`);
  });

  it('the server refuses the report: the completion form scrolls to it', async () => {
    const { view, scroll } = await open(
      refused([{ path: 'reportFileID', label: '筛查报告', message: '筛查报告不是由当前账号上传的文件，请重新上传' }]),
    );
    await view.tap('.action_completed');
    await view.tap('.verdict', 0);
    await view.tap('.choose-report-file');
    await flush();
    await view.tap('.submit-result');
    await flush();
    expect(view.text('.completion-error')).toBe('筛查报告不是由当前账号上传的文件，请重新上传');
    expect(landedOn(view, scroll)).toEqual({ selector: '#field-report', focusField: '' });
  });
});
