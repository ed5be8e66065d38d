import { paged } from '../../helpers/fixtures';
import { flush, renderPage } from '../../helpers/render';
import { signupView } from '../../helpers/training-fixtures';
import { mockWx, ok } from '../../helpers/wx';

describe('我的培训', () => {
  it('lists active sign-ups, then the past ones with their certificates; a row opens its ticket', async () => {
    const wx = mockWx({
      'training.mySignups': (data) =>
        data.scope === 'past'
          ? ok(
              paged([
                signupView({
                  signupId: 'su-old',
                  checkedInAt: '2026-11-01T01:00:00.000Z',
                  certificateCode: 'ZS-AAAA-BBBB-CCCC',
                }),
              ]),
            )
          : ok(paged([signupView({ status: 'waitlisted', statusLabel: '候补中', waitlistPosition: 3 })])),
    });
    const view = await renderPage('pages/training/my-signups/index');
    await flush();
    expect(wx.calls()[0].data).toEqual({ action: 'mySignups', scope: 'active', page: 1 });
    expect(view.text('.signup__who')).toBe('陈建国 · 佛山市顺德区美达电器有限公司');
    expect(view.text('.signup__notes')).toBe('候补第 3 位');
    await view.tap('.scope-tab', 1);
    await flush();
    expect(view.text('.signup__notes')).toBe('已签到 · 有结业证明');
    await view.tap('.signup');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/training/ticket/index?signupId=su-old' }),
    );
  });

  it('empty: offers the training list', async () => {
    const wx = mockWx({ 'training.mySignups': ok(paged([])) });
    const view = await renderPage('pages/training/my-signups/index');
    await flush();
    expect(view.text('.state-empty')).toBe('还没有报名培训');
    await view.tap('.browse');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/training/list/index' }));
  });
});
