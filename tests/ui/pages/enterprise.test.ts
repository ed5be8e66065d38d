import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { flush, renderPage } from '../helpers/render';
import { profile } from '../helpers/fixtures';
import { deferred, fail, mockWx, ok, type Envelope } from '../helpers/wx';

const GD_USCC = makeUscc({ division: '440606', orgCode: '12345678' });
const BEIJING_USCC = makeUscc({ division: '110105', orgCode: '12345678' });
const NAME = '佛山市顺德区美达电器有限公司';
const BOUND = profile({ enterprise: { uscc: GD_USCC, name: NAME, city: '佛山市' } });

async function openForm(routes: Parameters<typeof mockWx>[0] = {}) {
  const wx = mockWx({ 'user.login': ok(profile()), ...routes });
  const view = await renderPage('pages/user/enterprise/index');
  return { wx, view };
}

describe('企业绑定', () => {
  it('loads the profile, then shows the form for an unbound user', async () => {
    const answer = deferred<Envelope>();
    mockWx({ 'user.login': () => answer.promise });
    const view = await renderPage('pages/user/enterprise/index');
    expect(view.text('.state-loading')).toBe('正在读取绑定信息');
    answer.resolve(ok(profile()));
    await flush();
    expect(view.has('.uscc')).toBe(true);
    expect(view.text('.uscc-hint')).toBe('请输入营业执照上的 18 位代码');
  });

  it('shows the bound enterprise instead of the form', async () => {
    mockWx({ 'user.login': ok(BOUND) });
    const view = await renderPage('pages/user/enterprise/index');
    expect(view.text('.bound__name')).toBe(NAME);
    expect(view.text('.bound__uscc')).toBe(GD_USCC);
    expect(view.has('.uscc')).toBe(false);
  });

  it('shows an error when the profile cannot be read, and retries', async () => {
    let attempts = 0;
    const wx = mockWx({ 'user.login': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(profile())) });
    const view = await renderPage('pages/user/enterprise/index');
    expect(view.text('.state-error__text')).toBe('绑定信息加载失败');
    await view.tap('#state >>> .state-retry');
    expect(wx.calls()).toHaveLength(2);
    expect(view.has('.uscc')).toBe(true);
  });

  it('checks the code as it is typed', async () => {
    const { view } = await openForm();
    await view.input('.uscc', GD_USCC.slice(0, 10));
    expect(view.text('.uscc-hint')).toBe('还需输入 8 位');
    await view.input('.uscc', 'ABCO');
    expect(view.text('.uscc-hint')).toBe('第4位“O”不合法：只能是数字或除 I、O、S、V、Z 以外的大写字母');
    const wrongCheck = GD_USCC.slice(0, 17) + (GD_USCC[17] === '0' ? '1' : '0');
    await view.input('.uscc', wrongCheck);
    expect(view.text('.uscc-hint')).toBe('校验位不符，请核对营业执照上的代码');
    expect(view.data.usccValid).toBe(false);
    await view.input('.uscc', BEIJING_USCC);
    expect(view.text('.uscc-hint')).toBe('仅限广东省内登记的企业（代码第 3–4 位为 44）');
    expect(view.data.usccValid).toBe(false);
    await view.input('.uscc', ` ${GD_USCC.slice(0, 9).toLowerCase()} ${GD_USCC.slice(9)}`);
    expect(view.text('.uscc-hint')).toBe('代码校验通过');
    expect(view.data.usccValid).toBe(true);
  });

  it('binds with the normalised code and trimmed name, then shows the binding', async () => {
    const { wx, view } = await openForm({ 'user.bindEnterprise': ok(BOUND) });
    await view.input('.uscc', GD_USCC.toLowerCase());
    await view.input('.name', `  ${NAME} `);
    await view.tap('.submit');
    expect(wx.calls()[1]).toEqual({ name: 'user', data: { action: 'bindEnterprise', uscc: GD_USCC, name: NAME } });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '绑定成功' }));
    expect(view.text('.bound__name')).toBe(NAME);
  });

  it('does not submit a name the server would reject, and says why', async () => {
    const { wx, view } = await openForm();
    await view.input('.uscc', GD_USCC);
    await view.input('.name', ' 美 ');
    await view.tap('.submit');
    expect(view.text('.name-error')).toBe('企业名称至少 2 个字');
    expect(wx.calls()).toHaveLength(1);
    await view.input('.name', '美达');
    expect(view.has('.name-error')).toBe(false);
  });

  it('does not submit an invalid code', async () => {
    const { wx, view } = await openForm();
    await view.input('.uscc', BEIJING_USCC);
    await view.input('.name', NAME);
    await view.tap('.submit');
    expect(wx.calls()).toHaveLength(1);
  });

  it('keeps what was typed and toasts the server’s reason when binding fails', async () => {
    const { wx, view } = await openForm({
      'user.bindEnterprise': fail('VALIDATION_FAILED', '企业名称与登记信息不符（登记名称：佛山市美达电器有限公司）'),
    });
    await view.input('.uscc', GD_USCC);
    await view.input('.name', NAME);
    await view.tap('.submit');
    expect(wx.lastToast()).toBe('企业名称与登记信息不符（登记名称：佛山市美达电器有限公司）');
    expect(view.data.uscc).toBe(GD_USCC);
    expect(view.data.name).toBe(NAME);
    expect(view.has('.submit')).toBe(true);
    expect(view.data.submitting).toBe(false);
  });

  it('offers a review by the administrator when another account holds the enterprise', async () => {
    const { wx, view } = await openForm({
      'user.bindEnterprise': fail('ENTERPRISE_CLAIMED', '该企业已由其他微信账号绑定'),
      'user.requestEnterpriseReview': ok({ claimId: 'claim-1', status: 'pending' }),
    });
    await view.input('.uscc', GD_USCC);
    await view.input('.name', NAME);
    await view.tap('.submit');
    expect(view.text('.claim__title')).toBe('该企业已由其他微信账号绑定');
    expect(view.has('.submit')).toBe(false);

    await view.input('.claim__note', ' 我是企业经办人王明 ');
    await view.tap('.request-review');
    expect(wx.calls()[2]).toEqual({
      name: 'user',
      data: { action: 'requestEnterpriseReview', uscc: GD_USCC, name: NAME, note: '我是企业经办人王明' },
    });
    expect(view.text('.review-sent')).toContain('复核申请已提交');
  });

  it('toasts a repeated review request and keeps the note', async () => {
    const { wx, view } = await openForm({
      'user.bindEnterprise': fail('ENTERPRISE_CLAIMED', '该企业已由其他微信账号绑定'),
      'user.requestEnterpriseReview': fail('CONFLICT', '您已提交过该企业的复核申请，请等待管理员处理'),
    });
    await view.input('.uscc', GD_USCC);
    await view.input('.name', NAME);
    await view.tap('.submit');
    await view.input('.claim__note', '说明');
    await view.tap('.request-review');
    expect(wx.lastToast()).toBe('您已提交过该企业的复核申请，请等待管理员处理');
    expect(view.data.note).toBe('说明');
    expect(view.has('.review-sent')).toBe(false);
  });

  it('editing the code after a claim goes back to the bind button', async () => {
    const { view } = await openForm({
      'user.bindEnterprise': fail('ENTERPRISE_CLAIMED', '该企业已由其他微信账号绑定'),
    });
    await view.input('.uscc', GD_USCC);
    await view.input('.name', NAME);
    await view.tap('.submit');
    expect(view.has('.claim')).toBe(true);
    await view.input('.uscc', GD_USCC.slice(0, 17));
    expect(view.has('.claim')).toBe(false);
    expect(view.has('.submit')).toBe(true);
  });
});
