import { flush, renderPage } from '../../helpers/render';
import { programmeView } from '../../helpers/training-fixtures';
import { mockWx, ok } from '../../helpers/wx';

describe('培训计划', () => {
  it('shows the plan against what was held, and the sessions', async () => {
    Object.assign((globalThis as unknown as { wx: object }).wx, { setNavigationBarTitle: jest.fn() });
    const wx = mockWx({ 'training.getProgramme': ok(programmeView()) });
    Object.assign((globalThis as unknown as { wx: object }).wx, { setNavigationBarTitle: jest.fn() });
    const view = await renderPage('pages/training/programme/index', { programmeId: 'p-1' });
    await flush();
    expect(view.text('.plan')).toBe('计划 8 场，其中现场培训 4 场');
    expect(view.text('.held')).toBe('已举办 3 场（现场 2 场）');
    expect(view.text('.scheduled')).toBe('已安排 7 场（现场 4 场）');
    await view.tap('.session');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/training/session/index?sessionId=s-1' }),
    );
  });
});
