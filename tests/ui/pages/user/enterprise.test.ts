import { makeUscc } from '../../../../cloudfunctions/src/core/uscc';
import { flush, renderPage } from '../../helpers/render';
import { enterprise, profile } from '../../helpers/fixtures';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';

const GD_USCC = makeUscc({ division: '440606', orgCode: '12345678' });
const BEIJING_USCC = makeUscc({ division: '110105', orgCode: '12345678' });
const NAME = '佛山市顺德区美达电器有限公司';
const BOUND = profile({ enterprise: enterprise({ uscc: GD_USCC, name: NAME }) });

const CLAIM = profile({
  enterprise: enterprise({ uscc: GD_USCC, name: NAME, verification: 'pending', verifiedBy: null }),
});

/** The picker, upload and image viewer the documents use. */
function mockMedia(picks: string[] = ['wxfile://tmp/licence.jpg', 'wxfile://tmp/letter.png']) {
  let pick = 0;
  const g = globalThis as unknown as { wx: Record<string, any> };
  g.wx.chooseMedia = jest.fn((o: { success: (r: object) => void }) =>
    o.success({ type: 'image', tempFiles: [{ tempFilePath: picks[pick++], size: 1 }] }),
  );
  g.wx.previewImage = jest.fn();
  g.wx.cloud.uploadFile = jest.fn((o: { cloudPath: string; success: (r: object) => void }) =>
    o.success({ fileID: `cloud://local.local-1300000000/${o.cloudPath}`, statusCode: 200 }),
  );
  return { chooseMedia: g.wx.chooseMedia, uploadFile: g.wx.cloud.uploadFile, previewImage: g.wx.previewImage };
}

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
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '绑定并验证成功' }));
    expect(view.text('.bound__name')).toBe(NAME);
    expect(view.text('.bound__state')).toBe('已验证');
    expect(view.text('.verified-by')).toBe('验证方式：微信手机号与企业登记的联系电话一致');
    expect(view.has('.way')).toBe(false);
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
    expect(view.text('.claim__title')).toBe('该企业已由其他微信账号绑定并验证');
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

  it('binds a public code and name as a claim: 待验证, and the two ways to verify', async () => {
    const { view } = await openForm({ 'user.bindEnterprise': ok(CLAIM) });
    await view.input('.uscc', GD_USCC);
    await view.input('.name', NAME);
    await view.tap('.submit');
    expect(view.text('.bound__state')).toBe('待验证');
    expect(view.text('.why-verify')).toContain('统一社会信用代码和企业名称是公开信息');
    expect(view.texts('.way .card__title')).toEqual([
      '方式一：手机号验证（即时完成）',
      '方式二：上传证明材料（人工审核）',
    ]);
    expect(view.has('.verify-phone')).toBe(true);
    expect(view.texts('.proof__choose')).toEqual(['上传营业执照', '上传授权委托书']);
  });

  it('with a verified phone that did not match, says so instead of offering the phone again', async () => {
    mockWx({ 'user.login': ok({ ...CLAIM, phoneVerified: true, phoneMasked: '138****8000' }) });
    const view = await renderPage('pages/user/enterprise/index');
    expect(view.has('.verify-phone')).toBe(false);
    expect(view.text('.phone-mismatch')).toBe(
      '您已验证的手机号 138****8000 与该企业登记的联系电话不一致（或登记信息中没有联系电话），请使用方式二。',
    );
  });

  it('opens phone verification, and shows the verified binding on return', async () => {
    let verified = false;
    const wx = mockWx({ 'user.login': () => ok(verified ? BOUND : CLAIM) });
    const view = await renderPage('pages/user/enterprise/index');
    await view.tap('.verify-phone');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/phone/index' }));
    verified = true;
    view.pageLifetime('show');
    await flush();
    expect(view.text('.bound__state')).toBe('已验证');
  });

  it('uploads both documents into the user’s own folder and submits them for review', async () => {
    const waiting = profile({
      enterprise: { ...CLAIM.enterprise!, documentsWaitingSince: '2026-11-20T02:00:00.000Z' },
    });
    const wx = mockWx({ 'user.login': ok(CLAIM), 'user.submitEnterpriseDocuments': ok(waiting) });
    const media = mockMedia();
    const view = await renderPage('pages/user/enterprise/index');

    await view.tap('.submit-documents');
    expect(wx.lastToast()).toBe('请上传营业执照和授权委托书');
    await view.tap('.proof__choose', 0);
    await view.tap('.proof__choose', 1);
    expect(view.texts('.proof__choose')).toEqual(['重新上传营业执照', '重新上传授权委托书']);
    await view.tap('.proof__image', 1);
    expect(media.previewImage).toHaveBeenCalledWith(expect.objectContaining({ current: 'wxfile://tmp/letter.png' }));

    await view.tap('.submit-documents');
    await flush();
    expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(
      expect.objectContaining({ tmplIds: ['CONFIG_SUBSCRIBE_TEMPLATE_ENTERPRISE_BINDING'] }),
    );
    const paths = media.uploadFile.mock.calls.map(([o]: [{ cloudPath: string }]) => o.cloudPath);
    expect(paths[0]).toMatch(/^enterprise-proofs\/o-test\/licence-[\w-]+\.jpg$/);
    expect(paths[1]).toMatch(/^enterprise-proofs\/o-test\/authorization-[\w-]+\.png$/);
    expect(wx.calls().at(-1)).toEqual({
      name: 'user',
      data: {
        action: 'submitEnterpriseDocuments',
        licenceFileID: `cloud://local.local-1300000000/${paths[0]}`,
        authorizationFileID: `cloud://local.local-1300000000/${paths[1]}`,
      },
    });
    expect(view.text('.waiting__title')).toBe('证明材料审核中');
    expect(view.text('.waiting__body')).toBe(
      '已于 2026-11-20 10:00 提交，管理员审核后会通知您。审核通过前暂不能以企业身份申领。',
    );
    expect(view.has('.way')).toBe(false);
    expect(view.text('.bound__state')).toBe('待验证');
  });

  it('keeps the chosen files and uploads each only once when the submission fails', async () => {
    let attempts = 0;
    const wx = mockWx({
      'user.login': ok(CLAIM),
      'user.submitEnterpriseDocuments': () =>
        ++attempts === 1 ? fail('FILE_NOT_FOUND', '营业执照文件不存在，请重新上传') : ok(CLAIM),
    });
    const media = mockMedia();
    const view = await renderPage('pages/user/enterprise/index');
    await view.tap('.proof__choose', 0);
    await view.tap('.proof__choose', 1);
    await view.tap('.submit-documents');
    await flush();
    expect(wx.lastToast()).toBe('营业执照文件不存在，请重新上传');
    expect(view.data.proofs.map((p: { path: string }) => p.path)).toEqual([
      'wxfile://tmp/licence.jpg',
      'wxfile://tmp/letter.png',
    ]);
    await view.tap('.submit-documents');
    await flush();
    expect(media.uploadFile).toHaveBeenCalledTimes(2);
    expect(attempts).toBe(2);
  });

  it('a rejection shows 被驳回 with the reason, and the documents can be sent again', async () => {
    mockWx({
      'user.login': ok(
        profile({
          enterprise: enterprise({
            uscc: GD_USCC,
            name: NAME,
            verification: 'rejected',
            verifiedBy: null,
            rejectionReason: '授权委托书未加盖企业公章',
          }),
        }),
      ),
    });
    const view = await renderPage('pages/user/enterprise/index');
    expect(view.text('.bound__state')).toBe('被驳回');
    expect(view.text('.rejected__reason')).toBe('驳回原因：授权委托书未加盖企业公章');
    expect(view.has('.submit-documents')).toBe(true);
  });

  it('an unverified binding can be changed to another enterprise, and the change cancelled', async () => {
    mockWx({ 'user.login': ok(CLAIM) });
    const view = await renderPage('pages/user/enterprise/index');
    await view.tap('.change');
    expect(view.has('.uscc')).toBe(true);
    await view.tap('.cancel-change');
    expect(view.text('.bound__state')).toBe('待验证');
    mockWx({ 'user.login': ok(BOUND) });
    const verified = await renderPage('pages/user/enterprise/index');
    expect(verified.has('.change')).toBe(false);
  });
});
