import { flush, renderPage } from '../../helpers/render';
import { sessionView, signupView } from '../../helpers/training-fixtures';
import { mockWx, ok } from '../../helpers/wx';

function withTitle() {
  Object.assign((globalThis as unknown as { wx: object }).wx, {
    setNavigationBarTitle: jest.fn(),
    setClipboardData: jest.fn((o: { success?: () => void }) => o.success?.()),
  });
}

describe('培训详情', () => {
  it('shows the session, the fee note with the hospitals, the caller’s sign-ups and 我要报名', async () => {
    const wx = mockWx({
      'training.getSession': ok(
        sessionView({
          fee: 'voucher',
          feeLabel: '可用产品检测券抵扣',
          mySignups: [
            signupView(),
            signupView({
              signupId: 'su-2',
              status: 'waitlisted',
              statusLabel: '候补中',
              waitlistPosition: 2,
              attendee: { name: '李秀英', phone: '13912345679' },
            }),
          ],
        }),
      ),
    });
    withTitle();
    const view = await renderPage('pages/training/session/index', { sessionId: 's-1' });
    await flush();
    expect(wx.calls()).toEqual([{ name: 'training', data: { action: 'getSession', sessionId: 's-1' } }]);
    expect(view.text('.time')).toBe('2026-12-10 09:00–12:00');
    expect(view.text('.seats')).toBe('余 48 席');
    expect(view.text('.voucher-note')).toContain('检验检测技术培训');
    expect(view.texts('.mine__row')).toEqual(['陈建国 · 报名成功', '李秀英 · 候补第 2 位']);
    expect(view.has('.live')).toBe(false);
    await view.tap('.mine__row', 1);
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/training/ticket/index?signupId=su-2' }),
    );
    await view.tap('.sign-up');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/training/apply/index?sessionId=s-1' }),
    );
    await view.tap('.hospitals');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/home/hospitals/index' }));
  });

  it('a seat holder of an online session gets the live link to copy; a full session says sign-ups wait; cancelled says why', async () => {
    mockWx({
      'training.getSession': ok(
        sessionView({ format: 'online', liveUrl: 'https://live.example.com/1', seatsLeft: 0, waitlistCount: 2 }),
      ),
    });
    withTitle();
    const view = await renderPage('pages/training/session/index', { sessionId: 's-1' });
    await flush();
    expect(view.text('.live__url')).toBe('https://live.example.com/1');
    await view.tap('.copy-live');
    expect((globalThis as unknown as { wx: { setClipboardData: jest.Mock } }).wx.setClipboardData).toHaveBeenCalledWith(
      expect.objectContaining({ data: 'https://live.example.com/1' }),
    );
    expect(view.text('.full-note')).toContain('进入候补');

    mockWx({
      'training.getSession': ok(sessionView({ phase: 'cancelled', phaseLabel: '已取消', cancelReason: '暴雨' })),
    });
    withTitle();
    const off = await renderPage('pages/training/session/index', { sessionId: 's-1' });
    await flush();
    expect(off.text('.cancelled')).toBe('本场培训已取消：暴雨');
    expect(off.has('.sign-up')).toBe(false);
  });
});
