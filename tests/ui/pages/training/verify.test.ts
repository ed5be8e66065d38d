import { flush, renderPage } from '../../helpers/render';
import { mockWx, ok } from '../../helpers/wx';

const VALID = {
  valid: true,
  code: 'ZS-AAAA-BBBB-CCCC',
  holderName: '陈**',
  enterpriseName: '佛山市顺德区美达电器有限公司',
  sessionTitle: '质量管理体系认证实务',
  organiserName: '广东省质量技术培训中心',
  programmeName: null,
  formatLabel: '现场培训',
  city: '佛山市',
  startAt: '2026-11-10T01:00:00.000Z',
  endAt: '2026-11-10T04:00:00.000Z',
  hours: 3,
  issuedAt: '2026-11-10T04:00:00.000Z',
};

describe('培训证书查验', () => {
  it('opened with ?code= checks at once and shows the masked holder', async () => {
    const wx = mockWx({ 'training.verifyCertificate': ok(VALID) });
    const view = await renderPage('pages/training/verify/index', { code: 'ZS-AAAA-BBBB-CCCC' });
    await flush();
    expect(wx.calls()).toEqual([
      { name: 'training', data: { action: 'verifyCertificate', code: 'ZS-AAAA-BBBB-CCCC' } },
    ]);
    expect(view.text('.result__title')).toBe('证书有效');
    expect(view.text('.result__row_holder')).toBe('持证人：陈**');
    expect(view.text('.result__row_hours')).toBe('学时：3 学时');
  });

  it('a typed code that is not found says so; an empty one is not sent', async () => {
    const wx = mockWx({
      'training.verifyCertificate': ok({
        valid: false,
        code: 'ZS-0000-0000-0000',
        reason: '未查到该证书：请核对证书编号',
      }),
    });
    const view = await renderPage('pages/training/verify/index');
    await view.tap('.check');
    expect(view.text('.code-error')).toBe('请输入证书编号');
    expect(wx.calls()).toEqual([]);
    await view.input('.code-input', 'zs 0000 0000 0000');
    await view.tap('.check');
    await flush();
    expect(view.text('.result__title')).toBe('未查到该证书');
    expect(view.text('.result__reason')).toBe('未查到该证书：请核对证书编号');
  });
});
