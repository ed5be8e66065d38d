import { paged } from '../../helpers/fixtures';
import { expertAdmin, mockWorkWx } from '../../helpers/help-work';
import { flush, renderPage } from '../../helpers/render';
import { fail, ok } from '../../helpers/wx';

const IMPORTED = {
  rows: 4,
  created: 1,
  updated: 1,
  unchanged: 0,
  errors: [
    { line: 3, field: '城市', message: '城市应为广东省 21 个地级以上市之一' },
    { line: 5, field: '产品类别', message: '产品类别不在可选范围内：电饭煲' },
  ],
  errorReportUrl: 'https://tmp.example/expert-import-errors.csv?sign=1',
};

describe('专家库', () => {
  it('lists experts with their specialties, load, record and binding', async () => {
    const wx = mockWorkWx({
      'helpdesk.listExperts': ok(
        paged(
          [
            expertAdmin({ boundUser: 'oAb***xyz' }),
            expertAdmin({ expertId: 'e-2', name: '林晓', active: false, averageStars: null, resolvedCases: 0 }),
          ],
          1,
          20,
          700,
        ),
      ),
    });
    const view = await renderPage('pages/admin/experts/index');
    expect(wx.calls()).toEqual([{ name: 'helpdesk', data: { action: 'listExperts', page: 1 } }]);
    expect(view.text('.total')).toBe('共 700 位专家');
    expect(view.texts('.expert__name')).toEqual(['陈建国', '林晓']);
    expect(view.text('.expert__line')).toBe('高级工程师 · 广东省家用电器产品医院 · 佛山市');
    expect(view.text('.expert__categories')).toBe('产品类别：家用电器');
    expect(view.text('.expert__disciplines')).toBe('专业领域：检验检测');
    expect(view.text('.expert__load')).toBe('进行中 2 / 上限 5');
    expect(view.texts('.expert__record')).toEqual(['已解决 12 件 · 平均 4.6 星', '已解决 0 件']);
    expect(view.texts('.expert__bound')).toEqual(['已绑定微信用户 oAb***xyz', '未绑定微信用户']);
    expect(view.texts('.expert__inactive')).toEqual(['已停用']);
    expect(view.texts('.expert__bind')).toEqual(['更换绑定用户', '绑定微信用户']);
    expect(view.has('.more')).toBe(true);
  });

  it('filters by category, discipline, city and a searched keyword', async () => {
    const wx = mockWorkWx({
      'helpdesk.listExperts': (data) =>
        ok(paged([expertAdmin({ expertId: `e-${String(data.page)}` })], Number(data.page), 20, 40)),
    });
    const view = await renderPage('pages/admin/experts/index');
    await view.trigger('.category-picker', 'change', { value: 4 });
    await view.trigger('.discipline-picker', 'change', { value: 3 });
    await view.trigger('.city-picker', 'change', { value: 6 });
    // Typed but not searched yet: the list (and its next pages) keep the last search.
    await view.input('.keyword', '陈');
    await view.tap('.more');
    await view.tap('.search-submit');
    expect(wx.calls().map((c) => c.data)).toEqual([
      { action: 'listExperts', page: 1 },
      { action: 'listExperts', productCategory: '家用电器', page: 1 },
      { action: 'listExperts', productCategory: '家用电器', discipline: 'testing', page: 1 },
      { action: 'listExperts', productCategory: '家用电器', discipline: 'testing', city: '佛山市', page: 1 },
      { action: 'listExperts', productCategory: '家用电器', discipline: 'testing', city: '佛山市', page: 2 },
      {
        action: 'listExperts',
        productCategory: '家用电器',
        discipline: 'testing',
        city: '佛山市',
        keyword: '陈',
        page: 1,
      },
    ]);
    expect(view.text('.category-value')).toBe('家用电器');
    expect(view.text('.discipline-value')).toBe('检验检测');
    expect(view.text('.city-value')).toBe('佛山市');
  });

  it('empty and error states', async () => {
    mockWorkWx({ 'helpdesk.listExperts': ok(paged([])) });
    const empty = await renderPage('pages/admin/experts/index');
    expect(empty.text('.state-empty')).toBe('没有符合条件的专家');

    const wx = mockWorkWx({ 'helpdesk.listExperts': fail('FORBIDDEN', '需要管理员权限') });
    const denied = await renderPage('pages/admin/experts/index');
    expect(denied.data.state).toBe('error');
    expect(wx.lastToast()).toBe('需要管理员权限');
  });

  it('imports a chosen XLSX: uploads it, calls importExperts, shows the counts, the line-numbered problems and the report link', async () => {
    const wx = mockWorkWx(
      {
        'helpdesk.listExperts': ok(paged([expertAdmin()])),
        'helpdesk.importExperts': ok(IMPORTED),
      },
      { chosen: { path: 'wxfile://tmp/a1b2', name: '专家名单2026.xlsx' } },
    );
    const view = await renderPage('pages/admin/experts/index');
    await view.tap('.import__choose');
    await flush();
    expect(wx.chooseMessageFile).toHaveBeenCalledWith(
      expect.objectContaining({ count: 1, type: 'file', extension: ['csv', 'xlsx'] }),
    );
    const cloudPath = wx.uploadFile.mock.calls[0][0].cloudPath as string;
    expect(cloudPath).toMatch(/^expert-imports\/[A-Za-z0-9_-]+\.xlsx$/);
    expect(wx.calls().find((c) => c.data.action === 'importExperts')).toEqual({
      name: 'helpdesk',
      data: { action: 'importExperts', fileID: `cloud://env.bucket/${cloudPath}` },
    });
    expect(view.text('.import__summary')).toBe('共 4 行：新增 1，更新 1，未变化 0');
    expect(view.text('.import__errors-title')).toBe('2 行有问题，未写入：');
    expect(view.texts('.import__error')).toEqual([
      '第 3 行 · 城市：城市应为广东省 21 个地级以上市之一',
      '第 5 行 · 产品类别：产品类别不在可选范围内：电饭煲',
    ]);
    // Something was written: the list is fetched again.
    expect(wx.calls().filter((c) => c.data.action === 'listExperts')).toHaveLength(2);

    await view.tap('.import__report');
    expect(wx.setClipboardData).toHaveBeenCalledWith(expect.objectContaining({ data: IMPORTED.errorReportUrl }));
  });

  it('refuses a file that is not CSV or XLSX, and says when the upload or the import fails', async () => {
    const wrong = mockWorkWx(
      { 'helpdesk.listExperts': ok(paged([])) },
      { chosen: { path: 'wxfile://tmp/x', name: '名单.docx' } },
    );
    const first = await renderPage('pages/admin/experts/index');
    await first.tap('.import__choose');
    expect(wrong.lastToast()).toBe('请选择 CSV 或 XLSX 文件');
    expect(wrong.uploadFile).not.toHaveBeenCalled();

    const offline = mockWorkWx(
      { 'helpdesk.listExperts': ok(paged([])) },
      { chosen: { path: 'wxfile://tmp/x', name: '名单.csv' }, uploadFails: true },
    );
    const second = await renderPage('pages/admin/experts/index');
    await second.tap('.import__choose');
    expect(offline.lastToast()).toBe('文件上传失败，请重试');
    expect(offline.calls().some((c) => c.data.action === 'importExperts')).toBe(false);

    const refused = mockWorkWx(
      {
        'helpdesk.listExperts': ok(paged([])),
        'helpdesk.importExperts': fail('IMPORT_FAILED', '表头缺少「姓名」列'),
      },
      { chosen: { path: 'wxfile://tmp/x', name: '名单.csv' } },
    );
    const third = await renderPage('pages/admin/experts/index');
    await third.tap('.import__choose');
    expect(refused.lastToast()).toBe('表头缺少「姓名」列');
    expect(third.has('.import__summary')).toBe(false);
    expect(third.data.importing).toBe(false);
  });

  it('binds an expert to a WeChat user after asking for the openid and confirming', async () => {
    const wx = mockWorkWx({
      'helpdesk.listExperts': ok(paged([expertAdmin()])),
      'helpdesk.bindExpert': (data) => ok(expertAdmin({ boundUser: `${String(data.openid).slice(0, 3)}***` })),
    });
    const view = await renderPage('pages/admin/experts/index');

    // An empty openid asks again; then the admin cancels the confirmation: nothing is sent.
    wx.showModal.mockResolvedValueOnce({ confirm: true, content: ' ' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, content: 'oUser123' });
    wx.showModal.mockResolvedValueOnce({ confirm: false });
    await view.tap('.expert__bind');
    expect(wx.showModal.mock.calls[1][0]).toMatchObject({ title: '请填写用户的 openid', editable: true });
    expect(wx.showModal.mock.calls[2][0]).toMatchObject({
      title: '确认绑定',
      content:
        '将专家 陈建国（广东省家用电器产品医院）绑定到微信用户 oUser123。该用户将获得帮扶专家身份，可接收推送并处理问诊；' +
        '若该用户已绑定其他专家，原绑定将解除。',
    });
    expect(wx.calls().some((c) => c.data.action === 'bindExpert')).toBe(false);

    wx.showModal.mockResolvedValueOnce({ confirm: true, content: 'oUser123' });
    wx.showModal.mockResolvedValueOnce({ confirm: true });
    await view.tap('.expert__bind');
    expect(wx.calls().at(-1)).toEqual({
      name: 'helpdesk',
      data: { action: 'bindExpert', expertId: 'e-1', openid: 'oUser123' },
    });
    expect(view.text('.expert__bound')).toBe('已绑定微信用户 oUs***');
    expect(view.text('.expert__bind')).toBe('更换绑定用户');
    expect(wx.lastToast()).toBe('已绑定');

    // Rebinding says who loses the binding.
    wx.showModal.mockResolvedValueOnce({ confirm: true, content: 'oOther' });
    wx.showModal.mockResolvedValueOnce({ confirm: true });
    await view.tap('.expert__bind');
    expect(wx.showModal.mock.calls.at(-1)?.[0].content).toContain('原绑定用户 oUs*** 将不再代表该专家。');
  });
});
