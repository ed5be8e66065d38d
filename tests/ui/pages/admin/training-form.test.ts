import { flush, renderPage } from '../../helpers/render';
import { sessionAdmin } from '../../helpers/training-fixtures';
import { mockWx, ok, type Envelope } from '../../helpers/wx';

const lists = {
  'training.listOrganisers': ok({ items: [{ organiserId: 'org-1', name: '广东省质量技术培训中心', trainerCount: 1 }] }),
  'training.listProgrammes': ok({ items: [{ programmeId: 'p-1', name: '质量提升计划' }] }),
};

function setNavigationBarTitle() {
  Object.assign((globalThis as unknown as { wx: object }).wx, {
    setNavigationBarTitle: jest.fn(),
    pageScrollTo: jest.fn(),
    navigateBack: jest.fn(),
  });
}

describe('培训场次表单', () => {
  it('refuses an incomplete form on the page, naming each field', async () => {
    const wx = mockWx({ ...lists });
    setNavigationBarTitle();
    const view = await renderPage('pages/admin/training-form/index');
    await flush();
    await view.tap('.save');
    await flush();
    expect(wx.calls().some((c) => c.data.action === 'saveSession')).toBe(false);
    expect(view.text('.title-input-error')).toBe('课程名称至少 4 个字');
    expect(view.text('.organiser-error')).toBe('请选择主办单位');
    expect(view.text('.venue-error')).toBe('请填写培训地点');
    expect(view.text('.capacity-error')).toBe('名额应为 1 到 5000 的整数');
  });

  it('edits a session: the fields come back in Asia/Shanghai time, and the save sends them', async () => {
    let saved: Record<string, unknown> = {};
    const wx = mockWx({
      ...lists,
      'training.adminSessions': ok({ items: [sessionAdmin()], page: 1, pageSize: 20, total: 1 }),
      'training.saveSession': (data: Record<string, unknown>): Envelope => {
        saved = data;
        return ok(sessionAdmin());
      },
    });
    setNavigationBarTitle();
    const view = await renderPage('pages/admin/training-form/index', { sessionId: 's-1' });
    await flush();
    expect(view.data.form.dates.startAt).toBe('2026-12-10');
    expect(view.data.form.times.startAt).toBe('09:00');
    await view.tap('.save');
    await flush();
    expect(saved).toMatchObject({
      action: 'saveSession',
      sessionId: 's-1',
      organiserId: 'org-1',
      programmeId: 'p-1',
      format: 'onsite',
      city: '佛山市',
      venue: '佛山市顺德区大良街道德和路 1 号',
      startAt: '2026-12-10T09:00:00+08:00',
      signupClosesAt: '2026-12-08T18:00:00+08:00',
      capacity: 60,
      perEnterpriseLimit: 3,
      fee: 'free',
    });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }));
  });

  it("shows the server's refusal at its field", async () => {
    mockWx({
      ...lists,
      'training.adminSessions': ok({ items: [sessionAdmin()], page: 1, pageSize: 20, total: 1 }),
      'training.saveSession': (): Envelope => ({
        ok: false,
        code: 'VALIDATION_FAILED',
        message: '名额：不能少于已报名成功的 12 人',
        details: { fields: [{ path: 'capacity', label: '名额', message: '不能少于已报名成功的 12 人' }] },
      }),
    });
    setNavigationBarTitle();
    const view = await renderPage('pages/admin/training-form/index', { sessionId: 's-1' });
    await flush();
    await view.tap('.save');
    await flush();
    expect(view.text('.capacity-error')).toBe('不能少于已报名成功的 12 人');
  });
});
