import { flush, renderPage, type View } from '../../helpers/render';
import { campaign, enterprise, profile } from '../../helpers/fixtures';
import { deferred, fail, ok, type Envelope } from '../../helpers/wx';
import { application, mockVoucherWx } from '../../helpers/voucher';
import { deviceStorage, type DeviceStorage } from '../../helpers/storage';

const NOW = Date.parse('2026-07-01T01:00:00Z');
const ROUTE = 'pages/voucher/apply/index';
const BOUND = profile({
  enterprise: enterprise(),
});
const VERIFIED = profile({ phoneVerified: true, phoneMasked: '138****8000' });

const open_ = () => ok({ campaign: campaign({}, NOW), hospitals: [], myApplication: null });

async function open(routes: Parameters<typeof mockVoucherWx>[0] = {}, who = BOUND) {
  const wx = mockVoucherWx({ 'voucher.getCampaign': open_(), 'user.login': ok(who), ...routes });
  const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
  return { wx, view };
}

/** Fills a valid enterprise application: two pools, one service, contact, consent. */
async function fill(view: View) {
  await view.tap('.pool', 0);
  await view.tap('.pool', 1);
  await view.tap('.service', 0);
  await view.input('.contact-name', ' 陈志强 ');
  await view.input('.contact-phone', '13912345678');
  await view.tap('.consent');
}

describe('申领检测券', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('loads the campaign and the profile, then prefills the bound enterprise', async () => {
    const answer = deferred<Envelope>();
    mockVoucherWx({ 'voucher.getCampaign': () => answer.promise, 'user.login': ok(BOUND) });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(view.text('.state-loading')).toBe('正在加载申领表');
    answer.resolve(open_());
    await flush();
    expect(view.texts('.type__label')).toEqual(['企业', '个人']);
    expect(view.data.applicantType).toBe('enterprise');
    expect(view.text('.identity__name')).toBe('佛山市顺德区美达电器有限公司');
    expect(view.text('.identity__uscc')).toBe('91440606722473344C');
    // Enterprise pools only.
    expect(view.texts('.pool__label')).toEqual(['5,000 元券', '2,000 元券', '1,000 元券', '500 元券']);
    expect(view.text('.selected-sum')).toBe('尚未选择面值');
    expect(view.text('.cap-note')).toContain('中签金额最高不超过 5,000 元');
  });

  it('explains and links to binding when no enterprise is bound; the binding shows on return', async () => {
    let bound = false;
    const { wx, view } = await open({ 'user.login': () => ok(bound ? BOUND : profile()) });
    expect(view.text('.identity-missing_enterprise .card__title')).toBe('尚未绑定企业');
    await view.input('.contact-name', '陈志强');
    await view.tap('.bind');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/enterprise/index' }));
    // The user binds on the enterprise page and comes back.
    bound = true;
    view.pageLifetime('show');
    await flush();
    expect(view.text('.identity__name')).toBe('佛山市顺德区美达电器有限公司');
    expect(view.data.contactName).toBe('陈志强');
  });

  it('a person needs a verified phone and sees only the person pools', async () => {
    const { wx, view } = await open({}, profile());
    await view.tap('.type_person');
    expect(view.texts('.pool__label')).toEqual(['1,000 元券']);
    expect(view.text('.identity-missing_person .card__title')).toBe('尚未验证手机号');
    await view.tap('.verify');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/phone/index' }));
  });

  it('preselects 个人 for a verified phone without an enterprise', async () => {
    const { view } = await open({}, VERIFIED);
    expect(view.data.applicantType).toBe('person');
    expect(view.text('.identity__phone')).toBe('已验证手机号：138****8000');
    expect(view.has('.person-name-note')).toBe(true);
  });

  it('sums the selected face values against the cap (the cap limits winnings, not the selection)', async () => {
    const { view } = await open();
    await view.tap('.pool', 0);
    expect(view.text('.selected-sum')).toBe('已选面值合计 5,000 元');
    await view.tap('.pool', 1);
    expect(view.text('.selected-sum')).toBe(
      '已选面值合计 7,000 元（超过 5,000 元也可提交，中签金额不会超过 5,000 元）',
    );
    await view.tap('.pool', 0);
    expect(view.text('.selected-sum')).toBe('已选面值合计 2,000 元');
    expect(view.data.visiblePools.filter((p: { checked: boolean }) => p.checked)).toHaveLength(1);
  });

  it('checks name and phone as they are typed', async () => {
    const { view } = await open();
    await view.input('.contact-name', '陈');
    expect(view.text('.name-error')).toBe('姓名至少 2 个字');
    await view.input('.contact-name', '陈志强');
    expect(view.has('.name-error')).toBe(false);
    await view.input('.contact-name', '陈志强1');
    expect(view.text('.name-error')).toBe('姓名只能包含汉字、字母和间隔号');
    await view.input('.contact-phone', '1391');
    expect(view.text('.phone-hint')).toBe('还需输入 7 位');
    await view.input('.contact-phone', '12912345678');
    expect(view.text('.phone-hint')).toBe('手机号应以 13–19 开头');
    await view.input('.contact-phone', '13912345678');
    expect(view.text('.phone-hint')).toBe('手机号格式正确');
  });

  it('does not submit an incomplete form and marks what is missing', async () => {
    const { wx, view } = await open();
    await view.tap('.submit');
    expect(wx.calls().map((c) => `${c.name}.${c.data.action}`)).toEqual(['voucher.getCampaign', 'user.login']);
    expect(view.text('.pools-error')).toBe('请至少选择一种面值');
    expect(view.text('.name-error')).toBe('请填写联系人姓名');
    expect(view.text('.phone-hint')).toBe('请输入 11 位手机号');
    expect(view.text('.consent-error')).toBe('请阅读并同意申领须知');
    expect(wx.lastToast()).toBe('请至少选择一种面值');
    expect(wx.requestSubscribeMessage).not.toHaveBeenCalled();
  });

  it('shows the notice on request', async () => {
    const { view } = await open();
    expect(view.has('.notice')).toBe(false);
    await view.tap('.notice-link');
    expect(view.texts('.notice__item')).toHaveLength(5);
    expect(view.texts('.notice__item')[1]).toBe('2. 可同时选择多种面值参加摇号，中签金额合计最高不超过 5,000 元。');
  });

  it('asks for subscriptions, then applies with exactly the form’s data, and shows the success state', async () => {
    const { wx, view } = await open({
      'voucher.apply': ok(application({ poolIds: ['G2000', 'G5000'] })),
    });
    await fill(view);
    await view.tap('.submit');
    expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(
      expect.objectContaining({
        tmplIds: ['CONFIG_SUBSCRIBE_TEMPLATE_DRAW_RESULT', 'CONFIG_SUBSCRIBE_TEMPLATE_VOUCHER_EXPIRY'],
      }),
    );
    expect(wx.calls()[2]).toEqual({
      name: 'voucher',
      data: {
        action: 'apply',
        campaignId: 'c-2026-2',
        applicantType: 'enterprise',
        poolIds: ['G5000', 'G2000'],
        services: ['ccc'],
        contact: { name: '陈志强', phone: '13912345678' },
        consent: true,
      },
    });
    expect(view.text('.done__title')).toBe('申领已提交');
    expect(view.text('.done__summary')).toBe('佛山市顺德区美达电器有限公司申领了5,000 元券、2,000 元券。');
    await view.tap('.done-mine');
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/voucher/my-applications/index' });
  });

  it('proceeds even when the subscription is refused', async () => {
    const { wx, view } = await open({ 'voucher.apply': ok(application()) });
    wx.requestSubscribeMessage.mockImplementation((o: { success?: (r: object) => void; complete?: () => void }) => {
      o.success?.({ CONFIG_SUBSCRIBE_TEMPLATE_DRAW_RESULT: 'reject' });
      o.complete?.();
    });
    await fill(view);
    await view.tap('.submit');
    expect(view.text('.done__title')).toBe('申领已提交');
  });

  it('keeps every input and toasts the server’s message when applying fails', async () => {
    let attempts = 0;
    const { wx, view } = await open({
      'voucher.apply': () => (++attempts === 1 ? fail('CAMPAIGN_CLOSED', '申领已截止') : ok(application())),
    });
    await fill(view);
    await view.tap('.submit');
    expect(wx.lastToast()).toBe('申领已截止');
    expect(view.has('.done')).toBe(false);
    expect(view.data.contactName).toBe(' 陈志强 ');
    expect(view.data.contactPhone).toBe('13912345678');
    expect(view.data.consent).toBe(true);
    expect(
      view.data.visiblePools.filter((p: { checked: boolean }) => p.checked).map((p: { poolId: string }) => p.poolId),
    ).toEqual(['G5000', 'G2000']);
    expect(
      view.data.form.services.filter((s: { checked: boolean }) => s.checked).map((s: { code: string }) => s.code),
    ).toEqual(['ccc']);
    expect(view.data.submitting).toBe(false);
    // The same input goes again.
    await view.tap('.submit');
    expect(wx.calls()[3].data).toEqual(wx.calls()[2].data);
    expect(view.text('.done__title')).toBe('申领已提交');
  });

  it('goes to my applications on ALREADY_APPLIED', async () => {
    const { wx, view } = await open({
      'voucher.apply': fail('ALREADY_APPLIED', '您已申领过本次活动，每个申领人限申领一次'),
    });
    await fill(view);
    await view.tap('.submit');
    expect(wx.lastToast()).toBe('您已申领过本次活动，每个申领人限申领一次');
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/voucher/my-applications/index' });
  });

  it('refreshes the identity when the server says the enterprise is not bound', async () => {
    let logins = 0;
    const { wx, view } = await open({
      'user.login': () => ok(++logins === 1 ? BOUND : profile()),
      'voucher.apply': fail('ENTERPRISE_NOT_BOUND', '企业绑定状态异常，请重新绑定'),
    });
    await fill(view);
    await view.tap('.submit');
    expect(wx.lastToast()).toBe('企业绑定状态异常，请重新绑定');
    expect(view.has('.identity-missing_enterprise')).toBe(true);
    expect(view.data.contactName).toBe(' 陈志强 ');
  });

  it('explains why an unverified enterprise cannot apply yet, and does not submit for it', async () => {
    const claim = profile({ enterprise: enterprise({ verification: 'pending', verifiedBy: null }) });
    const { wx, view } = await open({}, claim);
    expect(view.text('.identity__name')).toBe('佛山市顺德区美达电器有限公司');
    expect(view.text('.identity-unverified .card__title')).toBe('企业尚未验证');
    expect(view.text('.identity-unverified__body')).toContain('统一社会信用代码和企业名称是公开信息');
    expect(view.text('.identity-unverified__body')).toContain('上传营业执照和授权委托书');
    await fill(view);
    await view.tap('.submit');
    expect(view.text('.identity-error')).toBe('企业验证通过后才能申领');
    expect(wx.calls().some((c) => c.data.action === 'apply')).toBe(false);
    await view.tap('.verify-enterprise');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/enterprise/index' }));
  });

  it('names the review in progress, or the reason documents were refused', async () => {
    const waiting = profile({
      enterprise: enterprise({
        verification: 'pending',
        verifiedBy: null,
        documentsWaitingSince: '2026-06-30T02:00:00Z',
      }),
    });
    expect((await open({}, waiting)).view.text('.identity-unverified__body')).toBe(
      '企业的证明材料正在审核，审核通过后即可以企业身份申领。',
    );
    const rejected = profile({
      enterprise: enterprise({ verification: 'rejected', verifiedBy: null, rejectionReason: '营业执照不清晰' }),
    });
    expect((await open({}, rejected)).view.text('.identity-unverified__body')).toBe(
      '企业的证明材料未通过审核（营业执照不清晰），请在“企业绑定”中补正后重新提交。',
    );
  });

  it('shows the verified enterprise on return when the server said it was not verified', async () => {
    let logins = 0;
    const claim = profile({ enterprise: enterprise({ verification: 'pending', verifiedBy: null }) });
    const { wx, view } = await open({
      // Verified elsewhere after the page loaded: the server refuses the stale form's identity first.
      'user.login': () => ok(++logins === 1 ? BOUND : claim),
      'voucher.apply': fail('ENTERPRISE_NOT_VERIFIED', '企业绑定尚未验证'),
    });
    await fill(view);
    await view.tap('.submit');
    expect(wx.lastToast()).toBe('企业绑定尚未验证');
    expect(view.has('.identity-unverified')).toBe(true);
  });

  it('a person applies as a person, to the person pool', async () => {
    const { wx, view } = await open(
      { 'voucher.apply': ok(application({ applicantType: 'person', applicantName: '林晓雯', poolIds: ['C1000'] })) },
      VERIFIED,
    );
    await view.tap('.pool', 0);
    await view.input('.contact-name', '林晓雯');
    await view.input('.contact-phone', '13800138000');
    await view.tap('.consent');
    await view.tap('.submit');
    expect(wx.calls()[2].data).toMatchObject({ applicantType: 'person', poolIds: ['C1000'], services: [] });
    expect(view.text('.done__summary')).toBe('林晓雯申领了1,000 元券。');
  });

  it('switching type drops pools the new type cannot apply for', async () => {
    const { wx, view } = await open(
      { 'voucher.apply': ok(application()) },
      profile({ ...BOUND, phoneVerified: true, phoneMasked: '138****8000' }),
    );
    await view.tap('.pool', 0);
    await view.tap('.type_person');
    await view.tap('.pool', 0);
    await view.input('.contact-name', '林晓雯');
    await view.input('.contact-phone', '13800138000');
    await view.tap('.consent');
    await view.tap('.submit');
    expect(wx.calls()[2].data.poolIds).toEqual(['C1000']);
  });

  it('says so when the campaign is not accepting applications', async () => {
    const { view } = await open({
      'voucher.getCampaign': ok({
        campaign: campaign(
          { status: 'closed', opensAt: '2026-06-01T01:00:00Z', closesAt: '2026-06-20T10:00:00Z' },
          NOW,
        ),
        hospitals: [],
        myApplication: null,
      }),
    });
    expect(view.text('.blocked__title')).toBe('当前不在申领时间内');
    expect(view.text('.blocked_not-open .weui-msg__desc')).toBe('申领时间：2026-06-01 09:00 至 2026-06-20 18:00。');
    expect(view.has('.submit')).toBe(false);
  });

  it('says so when the caller already applied', async () => {
    const { wx, view } = await open({
      'voucher.getCampaign': ok({ campaign: campaign({}, NOW), hospitals: [], myApplication: application() }),
    });
    expect(view.text('.blocked__title')).toBe('您已申领本次活动');
    await view.tap('.view-mine');
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/voucher/my-applications/index' });
  });

  it('error and empty states', async () => {
    const { wx, view } = await open({ 'voucher.getCampaign': fail('INTERNAL', '服务繁忙') });
    expect(view.text('.state-error__text')).toBe('申领表加载失败');
    expect(wx.lastToast()).toBe('服务繁忙');
    const missing = await open({ 'voucher.getCampaign': fail('NOT_FOUND', '活动不存在') });
    expect(missing.view.text('.state-empty')).toBe('活动不存在或尚未发布');
  });
});

describe('the cable voucher for a person', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('a link with poolId opens that pool chosen, as the applicant type it is for', async () => {
    // An enterprise-bound user with a verified phone would get 企业 by default; the link asks for the person pool.
    mockVoucherWx({
      'voucher.getCampaign': open_(),
      'user.login': ok(profile({ ...BOUND, phoneVerified: true, phoneMasked: '138****8000' })),
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2', poolId: 'C1000' });
    expect(view.data.applicantType).toBe('person');
    expect(view.data.visiblePools.map((p: { poolId: string; checked: boolean }) => [p.poolId, p.checked])).toEqual([
      ['C1000', true],
    ]);
  });

  it('the person form preselects its only pool and says nothing about several face values or the cap', async () => {
    const { view } = await open({}, VERIFIED);
    expect(view.data.applicantType).toBe('person');
    expect(view.text('.pools-title')).toBe('申领的检测券');
    expect(view.data.visiblePools[0].checked).toBe(true);
    // A tap cannot leave the applicant with nothing chosen.
    await view.tap('.pool', 0);
    expect(view.data.visiblePools[0].checked).toBe(true);
    expect(view.has('.cap-note')).toBe(false);
    expect(view.has('.selected-sum')).toBe(false);
    await view.tap('.notice-link');
    expect(view.texts('.notice__item').join()).not.toContain('多种面值');
    // The enterprise form keeps its choices and explanations.
    await view.tap('.type_enterprise');
    expect(view.text('.pools-title')).toBe('申领面值（可多选）');
    expect(view.text('.cap-note')).toContain('中签金额最高不超过 5,000 元');
    expect(view.texts('.notice__item').join()).toContain('多种面值');
  });
});

describe('the draft survives the app being closed', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  async function openWith(storage: DeviceStorage, routes: Parameters<typeof mockVoucherWx>[0] = {}, who = BOUND) {
    const wx = mockVoucherWx({ 'voucher.getCampaign': open_(), 'user.login': ok(who), ...routes });
    storage.install();
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    return { wx, view };
  }

  it('keeps choices and contact as they are typed (not the consent) and puts them back', async () => {
    const storage = deviceStorage();
    const first = await openWith(storage);
    await fill(first.view);
    jest.advanceTimersByTime(1000);
    expect(storage.keys('draft:')).toEqual(['draft:voucher-apply:o-test:c-2026-2']);
    first.view.detach();

    const again = await openWith(storage);
    expect(again.view.text('.draft-note__text')).toBe('已为你恢复上次未提交的内容');
    expect(again.view.data.contactName).toBe(' 陈志强 ');
    expect(again.view.data.contactPhone).toBe('13912345678');
    expect(again.view.data.visiblePools.filter((p: { checked: boolean }) => p.checked)).toHaveLength(2);
    expect(again.view.data.form.services[0].checked).toBe(true);
    expect(again.view.data.consent).toBe(false);
  });

  it('is cleared after a successful application', async () => {
    const storage = deviceStorage();
    const first = await openWith(storage, { 'voucher.apply': ok(application({ poolIds: ['G2000', 'G5000'] })) });
    await fill(first.view);
    await first.view.tap('.submit');
    expect(first.view.has('.done')).toBe(true);
    first.view.detach();
    expect(storage.keys('draft:')).toEqual([]);
  });

  it('清空 empties the form and forgets the draft', async () => {
    const storage = deviceStorage();
    const first = await openWith(storage);
    await fill(first.view);
    first.view.detach();
    const again = await openWith(storage);
    await again.view.tap('.draft-note__clear');
    expect(again.view.has('.draft-note')).toBe(false);
    expect(again.view.data.contactName).toBe('');
    expect(again.view.data.visiblePools.some((p: { checked: boolean }) => p.checked)).toBe(false);
    expect(storage.keys('draft:')).toEqual([]);
  });

  it('belongs to one user and one campaign', async () => {
    const storage = deviceStorage();
    const first = await openWith(storage);
    await fill(first.view);
    first.view.detach();
    const other = await openWith(storage, {}, profile({ openid: 'o-other', enterprise: enterprise() }));
    expect(other.view.has('.draft-note')).toBe(false);
    expect(other.view.data.contactName).toBe('');
    other.view.detach();
    mockVoucherWx({
      'voucher.getCampaign': ok({
        campaign: campaign({ campaignId: 'c-2026-3' }, NOW),
        hospitals: [],
        myApplication: null,
      }),
      'user.login': ok(BOUND),
    });
    storage.install();
    const elsewhere = await renderPage(ROUTE, { campaignId: 'c-2026-3' });
    expect(elsewhere.has('.draft-note')).toBe(false);
  });
});
