import { paged } from '../../helpers/fixtures';
import { flush, renderPage } from '../../helpers/render';
import { sessionAdmin } from '../../helpers/training-fixtures';
import { mockWx, ok } from '../../helpers/wx';

const row = (label: string, sessionsHeld = 2) => ({
  key: label,
  label,
  sessionsHeld,
  seats: 120,
  signups: 90,
  checkedIn: 72,
  attendanceRate: 0.8,
  enterprisesTrained: 40,
  ratingCount: 30,
  ratingAverage: 4.6,
});

describe('培训管理', () => {
  it('lists sessions with their counts; edit opens the form; calling one off asks for a reason', async () => {
    const wx = mockWx({
      'training.adminSessions': ok(
        paged([
          sessionAdmin({ checkedInCount: 5 }),
          sessionAdmin({ sessionId: 's-2', phase: 'ended', phaseLabel: '已结束', title: '已结束的场次' }),
        ]),
      ),
      'training.cancelSession': ok(sessionAdmin({ phase: 'cancelled' })),
    });
    const view = await renderPage('pages/admin/training/index');
    await flush();
    expect(view.texts('.session__seats')).toEqual([
      '名额 60 · 已确认 12 · 候补 0 · 已签到 5',
      '名额 60 · 已确认 12 · 候补 0 · 已签到 0',
    ]);
    // An ended session cannot be called off.
    expect(view.doms('.session__cancel')).toHaveLength(1);
    await view.tap('.session__edit', 1);
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/admin/training-form/index?sessionId=s-2' }),
    );
    wx.showModal.mockImplementationOnce((o: { success?: (r: object) => void }) =>
      o.success?.({ confirm: true, content: '  ' }),
    );
    await view.tap('.session__cancel');
    await flush();
    expect(wx.lastToast()).toBe('请填写取消原因');
    expect(wx.calls().some((c) => c.data.action === 'cancelSession')).toBe(false);
    wx.showModal.mockImplementationOnce((o: { success?: (r: object) => void }) =>
      o.success?.({ confirm: true, content: '讲师出差' }),
    );
    await view.tap('.session__cancel');
    await flush();
    expect(wx.calls().find((c) => c.data.action === 'cancelSession')?.data).toEqual({
      action: 'cancelSession',
      sessionId: 's-1',
      reason: '讲师出差',
    });
  });

  it('statistics: the totals and each grouping as a table', async () => {
    mockWx({
      'training.adminSessions': ok(paged([])),
      'training.trainingStats': ok({
        totals: row('合计', 3),
        byProgramme: [row('质量提升计划')],
        byCity: [row('佛山市'), row('东莞市', 1)],
        byCluster: [],
        generatedAt: '2026-12-05T00:00:00.000Z',
      }),
    });
    const view = await renderPage('pages/admin/training/index');
    await flush();
    await view.tap('.tab', 1);
    await flush();
    expect(view.texts('.stats__title')).toEqual(['按培训计划', '按城市', '按产业集聚区']);
    const rows = view.texts('.stats__row');
    expect(rows[1]).toBe('合计31209072' + '80%' + '404.6（30）');
  });

  it('organisers: their check-in staff, and binding one by OPENID', async () => {
    const wx = mockWx({
      'training.adminSessions': ok(paged([])),
      'training.listOrganisers': ok({
        items: [{ organiserId: 'org-1', name: '广东省质量技术培训中心', trainerCount: 2 }],
      }),
      'training.bindTrainer': ok({ organiserId: 'org-1', name: '广东省质量技术培训中心', trainerCount: 3 }),
    });
    const view = await renderPage('pages/admin/training/index');
    await flush();
    await view.tap('.tab', 3);
    await flush();
    expect(view.text('.organiser__trainers')).toBe('签到员 2 人');
    wx.showModal.mockImplementationOnce((o: { success?: (r: object) => void }) =>
      o.success?.({ confirm: true, content: ' o-abc ' }),
    );
    await view.tap('.organiser__bind');
    await flush();
    expect(wx.calls().find((c) => c.data.action === 'bindTrainer')?.data).toEqual({
      action: 'bindTrainer',
      organiserId: 'org-1',
      openid: 'o-abc',
    });
  });
});
