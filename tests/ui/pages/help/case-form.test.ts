import { flush, renderPage } from '../../helpers/render';
import { enterprise, profile } from '../../helpers/fixtures';
import { caseView, helpFormOptions, UPLOAD_FOLDER } from '../../helpers/help-fixtures';
import { deviceStorage } from '../../helpers/storage';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';
import { PRODUCT_CATEGORIES } from '../../../../miniprogram/shared/product-categories';

const ROUTE = 'pages/help/case-form/index';
const VERIFIED = profile({ openid: 'o-ent', enterprise: enterprise() });

type Wx = Record<string, jest.Mock> & { cloud: Record<string, jest.Mock> };
const g = () => (globalThis as unknown as { wx: Wx }).wx;

/** The wx APIs the form uses besides the cloud: files, scrolling, navigation after submit. */
function mockForm() {
  const w = g();
  let upload = 0;
  Object.assign(w, {
    pageScrollTo: jest.fn(),
    redirectTo: jest.fn(),
    previewImage: jest.fn(),
    openDocument: jest.fn(),
    getImageInfo: jest.fn((o: { success: (r: object) => void }) => o.success({ width: 1, height: 1 })),
    chooseMedia: jest.fn((o: { success: (r: object) => void }) =>
      o.success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/label.jpg', size: 1 }] }),
    ),
    chooseMessageFile: jest.fn((o: { success: (r: object) => void }) =>
      o.success({ tempFiles: [{ path: 'wxfile://tmp/report', name: '检验报告.pdf', size: 1, type: 'file' }] }),
    ),
  });
  w.cloud.uploadFile = jest.fn((o: { cloudPath: string; success: (r: object) => void }) =>
    o.success({ fileID: `cloud://local.local-1300000000/${o.cloudPath}`, n: ++upload }),
  );
  return w;
}

async function open(
  query: Record<string, string> = {},
  routes: Record<string, Envelope | ((data: Record<string, unknown>) => Envelope | Promise<Envelope>)> = {},
) {
  const wx = mockWx({
    'helpdesk.formOptions': ok(helpFormOptions()),
    'user.login': ok(VERIFIED),
    'helpdesk.openCase': ok({
      created: true,
      case: caseView({ caseId: 'case-new', status: 'open', actions: ['withdraw'] }),
    }),
    ...routes,
  });
  wx.getPrivacySetting.mockImplementation((o: { success?: (r: object) => void }) =>
    o.success?.({ needAuthorization: false }),
  );
  const storage = deviceStorage();
  storage.install();
  const w = mockForm();
  const view = await renderPage(ROUTE, query);
  return { wx, w, view, storage };
}

/** Fills every required field as a user would. */
async function fill(view: Awaited<ReturnType<typeof open>>['view']) {
  await view.trigger('.category-picker', 'change', { value: PRODUCT_CATEGORIES.indexOf('家用电器') });
  await view.tap('.problem-type', 1); // 标准理解
  await view.input('.case-title', '电热水壶标准条款理解');
  await view.input('.description', '想确认 GB 4706.19 中泄漏电流的试验条件和限值要求。');
  await view.input('.contact-name', '李明');
  await view.input('.contact-phone', '137 1234 5678');
}

describe('我要问诊 (help/case-form)', () => {
  it('shows loading, then the form with the categories, problem types and urgencies of formOptions', async () => {
    const options = deferred<Envelope>();
    mockWx({ 'helpdesk.formOptions': () => options.promise, 'user.login': ok(VERIFIED) });
    deviceStorage().install();
    mockForm();
    const view = await renderPage(ROUTE);
    expect(view.text('.state-loading')).toBe('正在加载问诊表');
    options.resolve(ok(helpFormOptions()));
    await flush();
    expect(view.texts('.problem-type')).toEqual([
      '抽检不合格整改',
      '标准理解',
      '检测认证',
      '生产工艺',
      '出口技术壁垒',
      '其他',
    ]);
    expect(view.texts('.urgency')).toEqual(['一般', '紧急（影响生产或出货）']);
    expect(view.text('.category-value')).toBe('请选择');
    expect(view.text('.city-value')).toBe('不限');
    expect(view.has('.failed-items')).toBe(false);
    expect(view.has('.blocked')).toBe(false);
  });

  it('a failed load says so and retries', async () => {
    let attempts = 0;
    const { wx, view } = await open(
      {},
      {
        'helpdesk.formOptions': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(helpFormOptions())),
      },
    );
    expect(view.text('.state-error__text')).toBe('问诊表加载失败');
    await view.tap('#state >>> .state-retry');
    expect(view.texts('.problem-type')).toHaveLength(6);
    expect(wx.calls().filter((c) => c.data.action === 'formOptions')).toHaveLength(2);
  });

  it('a failed-sampling offer prefills category, problem type, title and failed items (and sends the offer)', async () => {
    const { wx, view } = await open({
      productCategory: encodeURIComponent('家用电器'),
      problemType: 'failed_sampling',
      title: encodeURIComponent('电热水壶抽检不合格整改'),
      failedItems: encodeURIComponent('泄漏电流、输入功率'),
      offerId: 'offer-1',
    });
    expect(view.text('.category-value')).toBe('家用电器');
    expect(view.texts('.problem-types .chip_selected')).toEqual(['抽检不合格整改']);
    expect(view.data.form.title).toBe('电热水壶抽检不合格整改');
    expect(view.data.form.failedItems).toBe('泄漏电流、输入功率');
    expect(view.text('.failed-items-count')).toBe('9/200');
    expect(view.text('.offer-note')).toContain('预先填写');

    await view.input('.description', '抽检报告显示泄漏电流超标，想请专家分析原因、给出整改办法。');
    await view.input('.contact-name', '李明');
    await view.input('.contact-phone', '13712345678');
    await view.tap('.submit');
    const sent = wx.calls().find((c) => c.data.action === 'openCase')!.data;
    expect(sent).toMatchObject({
      productCategory: '家用电器',
      problemType: 'failed_sampling',
      title: '电热水壶抽检不合格整改',
      failedItems: '泄漏电流、输入功率',
      offerId: 'offer-1',
      urgency: 'normal',
      contact: { name: '李明', phone: '13712345678' },
      files: [],
    });
    expect(sent.preferredCity).toBeUndefined();
  });

  it('an unknown category or problem type in the link is left for the user to choose', async () => {
    const { view } = await open({ productCategory: '火箭', problemType: 'magic' });
    expect(view.text('.category-value')).toBe('请选择');
    expect(view.has('.problem-types .chip_selected')).toBe(false);
  });

  it('counts the description live as the server counts it (code points)', async () => {
    const { view } = await open();
    await view.input('.description', '漏电😀');
    expect(view.text('.description-count')).toBe('3/1000');
  });

  it('submitting with problems shows every message and scrolls to the first field with one', async () => {
    const { wx, w, view } = await open();
    await view.input('.case-title', '电热水壶标准条款理解');
    await view.tap('.submit');
    expect(view.text('.category-error')).toBe('请选择产品类别');
    expect(view.text('.problem-type-error')).toBe('请选择问题类型');
    expect(view.text('.description-error')).toBe('请描述遇到的问题');
    expect(view.text('.contact-phone-error')).toBe('请输入 11 位手机号');
    expect(w.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-productCategory' }));
    expect(wx.calls().some((c) => c.data.action === 'openCase')).toBe(false);

    // Fixing the pickers moves the first problem down to a text box, which takes the focus.
    await view.trigger('.category-picker', 'change', { value: 0 });
    await view.tap('.problem-type', 0);
    await view.tap('.submit');
    expect(w.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-description' }));
    expect(view.data.focusField).toBe('description');
    expect(view.idOf('.description')).toBe('field-description');
  });

  it('a title under 4 characters is refused as the server would', async () => {
    const { view } = await open();
    await view.input('.case-title', '漏电');
    expect(view.text('.title-error')).toBe('标题至少 4 个字');
  });

  it('uploads photos and PDFs into the caller’s folder, then opens the case and goes to it', async () => {
    const { wx, w, view, storage } = await open();
    await fill(view);
    await view.tap('.add-photo');
    await view.tap('.add-pdf');
    expect(view.texts('.file-pdf__name')).toEqual(['检验报告.pdf']);
    await view.tap('.urgency', 1);
    await view.trigger('.city-picker', 'change', { value: 1 }); // the first city after 不限
    await view.tap('.submit');
    const paths = w.cloud.uploadFile.mock.calls.map(([o]) => o.cloudPath as string);
    expect(paths).toHaveLength(2);
    expect(paths[0]).toMatch(new RegExp(`^${UPLOAD_FOLDER}/[A-Za-z0-9_-]+\\.jpg$`));
    expect(paths[1]).toMatch(new RegExp(`^${UPLOAD_FOLDER}/[A-Za-z0-9_-]+\\.pdf$`));
    const sent = wx.calls().find((c) => c.data.action === 'openCase')!.data;
    expect(sent.files).toEqual(paths.map((p) => `cloud://local.local-1300000000/${p}`));
    expect(sent).toMatchObject({
      urgency: 'urgent',
      preferredCity: helpFormOptions().cities[0],
      contact: { phone: '13712345678' },
    });
    expect(sent.clientRequestId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(w.redirectTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/help/case/index?caseId=case-new' }),
    );
    expect(storage.keys('draft:')).toEqual([]);
  });

  it('a retry after a failure sends the same request id and uploads nothing twice', async () => {
    let attempts = 0;
    const { wx, w, view } = await open(
      {},
      {
        'helpdesk.openCase': () =>
          ++attempts === 1
            ? fail('INTERNAL', '服务繁忙')
            : ok({ created: false, case: caseView({ caseId: 'case-new' }) }),
      },
    );
    await fill(view);
    await view.tap('.add-photo');
    await view.tap('.submit');
    expect(wx.lastToast()).toBe('服务繁忙');
    await view.tap('.submit');
    const ids = wx
      .calls()
      .filter((c) => c.data.action === 'openCase')
      .map((c) => c.data.clientRequestId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(w.cloud.uploadFile).toHaveBeenCalledTimes(1);
    expect(wx.lastToast()).toBe('该问诊已提交过');
  });

  it('the server’s refusal is shown beside its field and scrolled to', async () => {
    const refused: Envelope = {
      ok: false,
      code: 'VALIDATION_FAILED',
      message: '联系人手机号：请输入 11 位手机号',
      details: { fields: [{ path: 'contact.phone', label: '联系人手机号', message: '请输入 11 位手机号' }] },
    };
    const { w, view } = await open({}, { 'helpdesk.openCase': refused });
    await fill(view);
    await view.tap('.submit');
    expect(view.text('.contact-phone-error')).toBe('请输入 11 位手机号');
    expect(w.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-contactPhone' }));
    expect(view.data.focusField).toBe('contactPhone');
  });

  it('an unverified enterprise is told why, with the way out, and nothing is sent', async () => {
    const reason = '请先验证企业绑定：工商登记联系电话与本人手机号一致，或提交证明材料';
    const { wx, view } = await open(
      {},
      {
        'helpdesk.formOptions': ok(helpFormOptions({ blockedReason: reason })),
        'user.login': ok(profile({ enterprise: enterprise({ verification: 'pending' }) })),
      },
    );
    expect(view.text('.blocked__reason')).toBe(reason);
    await view.tap('.blocked__enterprise');
    expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/user/enterprise/index' }));
    await fill(view);
    await view.tap('.submit');
    expect(wx.lastToast()).toBe(reason);
    expect(wx.calls().some((c) => c.data.action === 'openCase')).toBe(false);
  });

  it('a verified enterprise with too many open cases is sent to its cases', async () => {
    const { wx, view } = await open(
      {},
      {
        'helpdesk.formOptions': ok(helpFormOptions({ blockedReason: '您的企业已有 5 个问诊正在处理，最多同时 5 个' })),
      },
    );
    expect(view.has('.blocked__enterprise')).toBe(false);
    await view.tap('.blocked__my-cases');
    expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/help/my-cases/index' }));
  });

  it('refused at submit because the binding is not verified: the reason and the way out appear', async () => {
    const { view } = await open(
      {},
      {
        'helpdesk.openCase': fail('ENTERPRISE_NOT_VERIFIED', '企业绑定尚未验证，请先验证后再发起问诊'),
      },
    );
    await fill(view);
    await view.tap('.submit');
    expect(view.text('.blocked__reason')).toBe('企业绑定尚未验证，请先验证后再发起问诊');
    expect(view.has('.blocked__enterprise')).toBe(true);
  });

  it('keeps what was typed as a draft and offers it back when the form opens again', async () => {
    jest.useFakeTimers();
    try {
      const { view, storage } = await open();
      await view.input('.case-title', '电热水壶标准条款理解');
      jest.advanceTimersByTime(1000);
      expect(storage.keys('draft:help-case:o-ent')).toHaveLength(1);
      view.detach();

      mockWx({ 'helpdesk.formOptions': ok(helpFormOptions()), 'user.login': ok(VERIFIED) });
      storage.install();
      mockForm();
      const again = await renderPage(ROUTE);
      expect(again.data.form.title).toBe('电热水壶标准条款理解');
      expect(again.text('.draft-note__text')).toBe('已为你恢复上次未提交的内容');
      await again.tap('.draft-note__clear');
      expect(again.data.form.title).toBe('');
      expect(storage.keys('draft:')).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });
});
