import { flush, renderPage } from '../../helpers/render';
import { rosterEntry, sessionSummary } from '../../helpers/training-fixtures';
import { fail, mockWx, ok, type WxMock } from '../../helpers/wx';

const roster = (
  items = [
    rosterEntry(),
    rosterEntry({
      signupId: 'su-2',
      attendeeName: '李秀英',
      attendeePhone: '13912345679',
      checkedInAt: '2026-12-10T00:50:00.000Z',
      checkInMethodLabel: '扫码签到',
    }),
    rosterEntry({
      signupId: 'su-3',
      attendeeName: '周明',
      status: 'waitlisted',
      statusLabel: '候补中',
      waitlistPosition: 1,
      enterpriseName: null,
    }),
  ],
) =>
  ok({
    session: sessionSummary(),
    counts: { confirmed: 2, waitlisted: 1, checkedIn: 1 },
    items,
    page: 1,
    pageSize: 50,
    total: items.length,
  });

/** wx APIs the roster uses beyond mockWx's. */
function withScanner(wx: WxMock, result: { result?: string; errMsg?: string }) {
  const scanCode = jest.fn((o: { success?: (r: object) => void; fail?: (e: object) => void }) =>
    result.result ? o.success?.(result) : o.fail?.(result),
  );
  const setNavigationBarTitle = jest.fn();
  Object.assign((globalThis as unknown as { wx: object }).wx, { scanCode, setNavigationBarTitle });
  return { ...wx, scanCode, setNavigationBarTitle };
}

describe('参训名单 (the organiser’s roster)', () => {
  it('shows counts and attendees in full; check-in by name asks first, then shows who and when', async () => {
    const wx = withScanner(
      mockWx({
        'training.roster': roster(),
        'training.checkInByName': ok(
          rosterEntry({ checkedInAt: '2026-12-10T00:55:00.000Z', checkInMethodLabel: '名单签到' }),
        ),
      }),
      {},
    );
    wx.showModal.mockImplementation((o: { success?: (r: object) => void }) => o.success?.({ confirm: true }));
    const view = await renderPage('pages/trainer/roster/index', { sessionId: 's-1' });
    await flush();
    expect(wx.calls()[0]).toEqual({
      name: 'training',
      data: { action: 'roster', sessionId: 's-1', keyword: '', page: 1 },
    });
    expect(view.text('.counts')).toBe('已确认 2 人 · 已签到 1 人 · 候补 1 人');
    expect(view.texts('.attendee__name')).toEqual(['陈建国报名成功', '李秀英报名成功', '周明候补中']);
    expect(view.texts('.attendee__phone')).toEqual(['13912345678', '13912345679', '13912345678']);
    expect(view.texts('.attendee__state')).toEqual(['已签到 2026-12-10 08:50', '候补第 1 位']);
    // Only the confirmed attendee not yet checked in has a button.
    expect(view.doms('.attendee__check-in')).toHaveLength(1);
    await view.tap('.attendee__check-in');
    await flush();
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '为 陈建国（13912345678）签到？' }));
    expect(wx.calls().find((c) => c.data.action === 'checkInByName')).toEqual({
      name: 'training',
      data: { action: 'checkInByName', sessionId: 's-1', signupId: 'su-1' },
    });
    expect(view.text('.outcome__title')).toBe('签到成功');
    expect(view.text('.outcome__message')).toBe('陈建国 · 2026-12-10 08:55');
  });

  it('scans a code and shows each refusal as a panel that can be read out', async () => {
    const refusals: [string, string][] = [
      ['CHECKIN_CODE_INVALID', '无效签到码'],
      ['ALREADY_CHECKED_IN', '已签到过'],
      ['WRONG_SESSION', '不是本场次的签到码'],
      ['NOT_CONFIRMED', '未获得本场名额'],
      ['CHECKIN_NOT_OPEN', '未到签到时间'],
    ];
    for (const [code, title] of refusals) {
      const wx = withScanner(
        mockWx({ 'training.roster': roster(), 'training.checkIn': fail(code as never, `${title}的说明`) }),
        { result: 'YPTT1.abc.def' },
      );
      const view = await renderPage('pages/trainer/roster/index', { sessionId: 's-1' });
      await flush();
      await view.tap('.scan');
      await flush();
      expect(wx.calls().find((c) => c.data.action === 'checkIn')?.data).toEqual({
        action: 'checkIn',
        sessionId: 's-1',
        code: 'YPTT1.abc.def',
      });
      expect(view.text('.outcome__title')).toBe(title);
      expect(view.text('.outcome__message')).toBe(`${title}的说明`);
    }
  });

  it('a cancelled scan says nothing; the keyword search asks the server', async () => {
    const wx = withScanner(mockWx({ 'training.roster': roster() }), { errMsg: 'scanCode:fail cancel' });
    const view = await renderPage('pages/trainer/roster/index', { sessionId: 's-1' });
    await flush();
    await view.tap('.scan');
    expect(wx.showToast).not.toHaveBeenCalled();
    await view.input('.search__input', '美达');
    view.instance.onSearch();
    await flush();
    expect(wx.calls().at(-1)).toEqual({
      name: 'training',
      data: { action: 'roster', sessionId: 's-1', keyword: '美达', page: 1 },
    });
  });
});
