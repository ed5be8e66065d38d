import { flush, renderPage } from '../../helpers/render';
import { sessionView, signupView } from '../../helpers/training-fixtures';
import { mockWx, ok } from '../../helpers/wx';

function withClipboard() {
  const setClipboardData = jest.fn((o: { success?: () => void }) => o.success?.());
  Object.assign((globalThis as unknown as { wx: object }).wx, { setClipboardData });
  return setClipboardData;
}

describe('报名凭证', () => {
  it('shows the check-in QR code; cancelling asks first, then shows the cancelled sign-up', async () => {
    const wx = mockWx({
      'training.getSignup': ok(signupView()),
      'training.cancelSignup': ok(
        signupView({
          status: 'cancelled',
          statusLabel: '已取消',
          checkInQrImage: null,
          checkInCode: null,
          canCancel: false,
        }),
      ),
    });
    const view = await renderPage('pages/training/ticket/index', { signupId: 'su-1' });
    await flush();
    expect(view.has('.qr__image')).toBe(true);
    expect(view.text('.attendee__who')).toBe('陈建国 · 13912345678 · 佛山市顺德区美达电器有限公司');
    wx.showModal.mockImplementationOnce((o: { success?: (r: object) => void }) => o.success?.({ confirm: false }));
    await view.tap('.cancel');
    await flush();
    expect(wx.calls().some((c) => c.data.action === 'cancelSignup')).toBe(false);
    wx.showModal.mockImplementationOnce((o: { success?: (r: object) => void }) => o.success?.({ confirm: true }));
    await view.tap('.cancel');
    await flush();
    expect(wx.calls().at(-1)).toEqual({ name: 'training', data: { action: 'cancelSignup', signupId: 'su-1' } });
    expect(view.has('.qr__image')).toBe(false);
    expect(view.text('.note')).toBe('本报名已取消。');
  });

  it('waitlisted: the place, no code', async () => {
    mockWx({
      'training.getSignup': ok(
        signupView({
          status: 'waitlisted',
          statusLabel: '候补中',
          waitlistPosition: 2,
          checkInQrImage: null,
          checkInCode: null,
        }),
      ),
    });
    const view = await renderPage('pages/training/ticket/index', { signupId: 'su-1' });
    await flush();
    expect(view.has('.qr__image')).toBe(false);
    expect(view.text('.note')).toContain('候补第 2 位');
  });

  it('online: check in, then the live link is copied', async () => {
    const wx = mockWx({
      'training.getSignup': ok(signupView({ canCheckInOnline: true })),
      'training.checkInOnline': ok(
        signupView({ checkedInAt: '2026-12-10T01:01:00.000Z', checkInMethodLabel: '线上签到', checkInQrImage: null }),
      ),
      'training.getSession': ok(sessionView({ format: 'online', liveUrl: 'https://live.example.com/9' })),
    });
    const clipboard = withClipboard();
    const view = await renderPage('pages/training/ticket/index', { signupId: 'su-1' });
    await flush();
    await view.tap('.online');
    await flush();
    expect(clipboard).toHaveBeenCalledWith(expect.objectContaining({ data: 'https://live.example.com/9' }));
    expect(view.text('.checked-in')).toBe('已于 2026-12-10 09:01 签到（线上签到）');
    expect(wx.lastToast()).toContain('直播链接已复制');
  });

  it('after the session: rate it (a score first), then the certificate', async () => {
    const wx = mockWx({
      'training.getSignup': ok(
        signupView({ canRate: true, checkInQrImage: null, certificateCode: 'ZS-AAAA-BBBB-CCCC' }),
      ),
      'training.rateSession': ok(
        signupView({
          rating: { score: 4, comment: '很实用' },
          checkInQrImage: null,
          certificateCode: 'ZS-AAAA-BBBB-CCCC',
        }),
      ),
    });
    const view = await renderPage('pages/training/ticket/index', { signupId: 'su-1' });
    await flush();
    await view.tap('.rate__submit');
    expect(wx.lastToast()).toBe('请选择评分');
    await view.tap('.star', 3);
    await view.input('.comment', '很实用');
    await view.tap('.rate__submit');
    await flush();
    expect(wx.calls().at(-1)?.data).toEqual({ action: 'rateSession', signupId: 'su-1', score: 4, comment: '很实用' });
    expect(view.text('.rating')).toBe('您的评价：4 星');
    await view.tap('.certificate');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/training/certificate/index?signupId=su-1' }),
    );
  });
});
