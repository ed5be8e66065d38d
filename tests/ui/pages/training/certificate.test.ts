import { flush, renderPage } from '../../helpers/render';
import { fail, mockWx, ok } from '../../helpers/wx';

describe('结业证明', () => {
  it('shows the certificate’s words and code (the canvas image is extra)', async () => {
    Object.assign((globalThis as unknown as { wx: object }).wx, { nextTick: (fn: () => void) => fn() });
    mockWx({
      'training.certificate': ok({
        code: 'ZS-AAAA-BBBB-CCCC',
        holderName: '陈建国',
        enterpriseName: '佛山市顺德区美达电器有限公司',
        sessionTitle: '质量管理体系认证实务',
        organiserName: '广东省质量技术培训中心',
        programmeName: '2026 年质量提升行动',
        formatLabel: '现场培训',
        city: '佛山市',
        startAt: '2026-11-10T01:00:00.000Z',
        endAt: '2026-11-10T04:00:00.000Z',
        hours: 3,
        issuedAt: '2026-11-10T04:00:00.000Z',
        verifyPath: 'pages/training/verify/index?code=ZSAAAABBBBCCCC',
      }),
    });
    Object.assign((globalThis as unknown as { wx: object }).wx, { nextTick: (fn: () => void) => fn() });
    const view = await renderPage('pages/training/certificate/index', { signupId: 'su-1' });
    await flush();
    expect(view.text('.certificate__body')).toBe(
      '陈建国（佛山市顺德区美达电器有限公司）参加了广东省质量技术培训中心主办的“质量管理体系认证实务”培训（现场培训，2026-11-10 09:00–12:00，共 3 学时），特此证明。',
    );
    expect(view.text('.certificate__programme')).toBe('所属计划：2026 年质量提升行动');
    expect(view.text('.certificate__code')).toBe('证书编号：ZS-AAAA-BBBB-CCCC');
  });

  it('before the session ends: the reason', async () => {
    mockWx({ 'training.certificate': fail('SESSION_STATE', '培训结束后可领取结业证明') });
    const view = await renderPage('pages/training/certificate/index', { signupId: 'su-1' });
    await flush();
    expect(view.text('.state-error')).toContain('结业证明加载失败');
  });
});
