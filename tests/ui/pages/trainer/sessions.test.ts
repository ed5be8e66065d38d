import { paged } from '../../helpers/fixtures';
import { flush, renderPage } from '../../helpers/render';
import { sessionSummary } from '../../helpers/training-fixtures';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';

describe('培训签到 (the organiser’s sessions)', () => {
  it('shows loading, then the sessions with their seats; a session opens its roster', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'training.trainerSessions': () => answer.promise });
    const view = await renderPage('pages/trainer/sessions/index');
    expect(view.text('.state-loading')).toBe('正在加载培训场次');
    answer.resolve(
      ok({
        ...paged([
          sessionSummary(),
          sessionSummary({
            sessionId: 's-2',
            title: '线上公开课',
            format: 'online',
            formatLabel: '线上直播',
            city: null,
            venue: null,
            waitlistCount: 3,
          }),
        ]),
        organiserName: '广东省质量技术培训中心',
      }),
    );
    await flush();
    expect(wx.calls()).toEqual([{ name: 'training', data: { action: 'trainerSessions', page: 1 } }]);
    expect(view.text('.organiser')).toBe('主办单位：广东省质量技术培训中心');
    expect(view.texts('.session__place')).toEqual(['佛山市 · 佛山市顺德区大良街道德和路 1 号', '线上直播']);
    expect(view.texts('.session__seats')).toEqual(['已确认 12 人 · 候补 0 人', '已确认 12 人 · 候补 3 人']);
    expect(view.texts('.session__time')).toEqual(['2026-12-10 09:00', '2026-12-10 09:00']);
    await view.tap('.session', 1);
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/trainer/roster/index?sessionId=s-2' }),
    );
  });

  it('says so when there are none, or when loading fails', async () => {
    mockWx({ 'training.trainerSessions': ok({ ...paged([]), organiserName: '某单位' }) });
    const empty = await renderPage('pages/trainer/sessions/index');
    await flush();
    expect(empty.text('.state-empty')).toBe('暂无近期培训场次');
    mockWx({ 'training.trainerSessions': fail('FORBIDDEN', '需要培训主办单位工作人员权限') });
    const failed = await renderPage('pages/trainer/sessions/index');
    await flush();
    expect(failed.text('.state-error')).toContain('培训场次加载失败');
  });
});
