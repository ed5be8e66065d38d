import { paged } from '../../helpers/fixtures';
import { flush, renderPage } from '../../helpers/render';
import { sessionSummary } from '../../helpers/training-fixtures';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';

describe('质量培训 (the list)', () => {
  it('shows loading, then sessions with time, place and seats; filters change the call; a card opens the session', async () => {
    const first = deferred<Envelope>();
    const wx = mockWx({
      'training.listSessions': (data) =>
        data.format || data.city || data.upcoming === false ? ok(paged([])) : first.promise,
    });
    const view = await renderPage('pages/training/list/index');
    expect(view.text('.state-loading')).toBe('正在加载培训');
    first.resolve(
      ok(
        paged([
          sessionSummary(),
          sessionSummary({
            sessionId: 's-2',
            startAt: '2026-12-14T10:00:00.000Z',
            endAt: '2026-12-14T16:30:00.000Z',
            format: 'online',
            formatLabel: '线上直播',
            seatsLeft: 0,
            waitlistCount: 4,
            fee: 'voucher',
            feeLabel: '可用产品检测券抵扣',
          }),
        ]),
      ),
    );
    await flush();
    expect(wx.calls()[0]).toEqual({ name: 'training', data: { action: 'listSessions', upcoming: true, page: 1 } });
    expect(view.texts('.session__time')).toEqual(['2026-12-10 09:00–12:00', '2026-12-14 18:00–2026-12-15 00:30']);
    // Each end stays on one line; the line may break only at the dash.
    expect(view.texts('.session__time .nowrap')).toEqual([
      '2026-12-10 09:00',
      '12:00',
      '2026-12-14 18:00',
      '2026-12-15 00:30',
    ]);
    expect(view.texts('.session__place')).toEqual([
      '佛山市 · 顺德家电产业集聚区 · 佛山市顺德区大良街道德和路 1 号',
      '线上直播',
    ]);
    expect(view.texts('.session__seats')).toEqual(['余 48 席', '名额已满 · 候补 4 人']);
    expect(view.texts('.session__fee')).toEqual(['免费', '可用产品检测券抵扣']);
    await view.tap('.session', 1);
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/training/session/index?sessionId=s-2' }),
    );

    await view.tap('.format-tab', 2);
    await flush();
    expect(wx.calls().at(-1)?.data).toEqual({ action: 'listSessions', upcoming: true, format: 'online', page: 1 });
    view.instance.onCity({ detail: { value: '2' } } as never);
    await flush();
    expect(wx.calls().at(-1)?.data).toMatchObject({ city: '韶关市', format: 'online' });
    await view.tap('.upcoming');
    await flush();
    expect(wx.calls().at(-1)?.data).toMatchObject({ upcoming: false });
    expect(view.text('.state-empty')).toBe('暂无符合条件的培训');
  });

  it('says so when loading fails', async () => {
    mockWx({ 'training.listSessions': fail('INTERNAL', '服务繁忙') });
    const view = await renderPage('pages/training/list/index');
    await flush();
    expect(view.text('.state-error')).toContain('培训加载失败');
  });
});
