import { CABLE_STATUSES, nextStatuses, type CableStatus } from '../../../../cloudfunctions/src/core/cable/workflow';
import { flush, renderPage, type View } from '../../helpers/render';
import { deferred, fail, mockWx, ok, type Envelope, type WxMock } from '../../helpers/wx';
import { PHOTO, REPORT, REPORT_FOLDER, requestDoc, staffView, tempUrl } from '../../helpers/cable-fixtures';

const ROUTE = 'pages/hospital/screening-detail/index';
const ID = 'a1b2c3d4e5f6a1b2c3d4e5f6';

const BUTTON_LABELS: Record<string, string> = {
  accepted: '受理申请',
  rejected: '不予受理',
  sample_received: '确认已收到样品',
  screening: '开始筛查',
  completed: '录入筛查结果',
};

function extraWx() {
  const g = globalThis as unknown as { wx: Record<string, any> };
  g.wx.previewImage = jest.fn();
  g.wx.setClipboardData = jest.fn();
  g.wx.openDocument = jest.fn((o: { success?: () => void }) => o.success?.());
  g.wx.downloadFile = jest.fn((o: { success: (r: object) => void }) =>
    o.success({ tempFilePath: 'wxfile://tmp/report.pdf', statusCode: 200 }),
  );
  g.wx.chooseMessageFile = jest.fn((o: { success: (r: object) => void }) =>
    o.success({ tempFiles: [{ path: 'wxfile://tmp/abc', name: '筛查报告.pdf', size: 10, type: 'file' }] }),
  );
  g.wx.chooseMedia = jest.fn((o: { success: (r: object) => void }) =>
    o.success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/photo', size: 10 }] }),
  );
  g.wx.cloud.uploadFile = jest.fn((o: { cloudPath: string; success: (r: object) => void }) =>
    o.success({ fileID: `cloud://local.local-1300000000/${o.cloudPath}` }),
  );
  return g.wx;
}

function confirmAll(wx: WxMock, answer = true) {
  wx.showModal.mockImplementation((o: { success: (r: object) => void }) => o.success({ confirm: answer }));
}

async function open(get: Envelope | ((d: Record<string, unknown>) => Envelope), routes = {}) {
  const wx = mockWx({ 'hospital.getScreening': get, ...routes });
  const more = extraWx();
  confirmAll(wx);
  const view = await renderPage(ROUTE, { requestId: ID });
  return { wx, more, view };
}

const updates = (wx: WxMock) => wx.calls().filter((c) => c.data.action === 'updateScreening');

describe('筛查申请处理 — states', () => {
  it('loads the request, showing loading first', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'hospital.getScreening': () => answer.promise });
    const view = await renderPage(ROUTE, { requestId: ID });
    expect(view.text('.state-loading')).toBe('正在加载筛查申请');
    answer.resolve(ok(staffView(requestDoc('submitted'))));
    await flush();
    expect(wx.calls()).toEqual([{ name: 'hospital', data: { action: 'getScreening', requestId: ID } }]);
    expect(view.text('.status')).toBe('已提交');
  });

  it('shows the server’s reason when the request is not visible, and retries', async () => {
    let reads = 0;
    const { view } = await open(() =>
      ++reads === 1 ? fail('NOT_FOUND', '筛查申请不存在') : ok(staffView(requestDoc())),
    );
    expect(view.text('.state-error__text')).toBe('筛查申请不存在');
    await view.tap('#state >>> .state-retry');
    expect(view.text('.status')).toBe('已提交');
  });

  it('masks the contact until this hospital accepts, then shows it with a call button', async () => {
    const candidate = await open(ok(staffView(requestDoc('submitted'), 'candidate')));
    expect(candidate.view.text('.contact')).toBe('林** 138****8000');
    expect(candidate.view.has('.pickup')).toBe(false);
    expect(candidate.view.text('.contact-masked')).toBe('受理后可查看完整的联系方式和取样地址。');
    expect(candidate.view.has('.call')).toBe(false);

    expect(candidate.view.text('.requester-type')).toBe('消费者');

    const enterprise = requestDoc('accepted', { fields: { requesterType: 'enterprise', organization: '美达电器' } });
    const assigned = await open(ok(staffView(enterprise)));
    expect(assigned.view.text('.requester-type')).toBe('企业 · 美达电器');
    expect(assigned.view.text('.contact')).toBe('林晓雯 13800138000');
    expect(assigned.view.text('.pickup')).toBe('取样地址：广州市天河区体育西路 1 号');
    await assigned.view.tap('.call');
    expect(assigned.wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '13800138000' }));
  });
});

describe('photos and report', () => {
  it('shows the requester’s photos from temp URLs to the assigned hospital and previews them', async () => {
    const { view, more } = await open(ok(staffView(requestDoc('accepted'))));
    expect(view.data.r.photos.map((p: { src: string }) => p.src)).toEqual([tempUrl(PHOTO)]);
    expect(view.has('.photos-note')).toBe(false);
    await view.tap('.photo__img');
    expect(more.previewImage).toHaveBeenCalledWith(expect.objectContaining({ urls: [tempUrl(PHOTO)] }));
  });

  it('only counts the photos for a hospital that has not accepted the request', async () => {
    const { view } = await open(ok(staffView(requestDoc('submitted'), 'candidate')));
    expect(view.has('.photo__img')).toBe(false);
    expect(view.text('.photos-note')).toBe('申请人上传了 1 张照片，受理后可查看。');
  });

  it('opens the completed report from its temp URL', async () => {
    const { view, more } = await open(ok(staffView(requestDoc('completed'))));
    await view.tap('.open-report');
    expect(more.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: tempUrl(REPORT) }));
    expect(more.openDocument).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'wxfile://tmp/report.pdf' }));
    expect(view.has('.report-fallback')).toBe(false);

    more.downloadFile.mockImplementation((o: { fail: (e: object) => void }) => o.fail({ errMsg: 'fail' }));
    await view.tap('.open-report');
    expect(view.text('.report-url')).toBe(tempUrl(REPORT));
    await view.tap('.copy-report');
    expect(more.setClipboardData).toHaveBeenCalledWith({ data: tempUrl(REPORT) });
  });
});

describe('only the allowed transitions', () => {
  it.each(CABLE_STATUSES.map((s) => [s]))('offers exactly the staff moves from %s', async (status: CableStatus) => {
    const { view } = await open(ok(staffView(requestDoc(status))));
    const expected = nextStatuses(status, 'staff').map((to) => BUTTON_LABELS[to]);
    expect(view.texts('.action')).toEqual(expected);
    expect(view.has('.no-actions')).toBe(expected.length === 0);
  });

  it('offers nothing on the staff member’s own request', async () => {
    const { view } = await open(ok(staffView(requestDoc('submitted'), 'candidate', true)));
    expect(view.has('.action')).toBe(false);
    expect(view.text('.no-actions')).toBe('当前状态没有需要本院处理的操作。');
  });
});

describe('moves', () => {
  it('accepts after confirmation, with the optional note', async () => {
    const accepted = staffView(requestDoc('accepted'));
    const { wx, view } = await open(ok(staffView(requestDoc('submitted'), 'candidate')), {
      'hospital.updateScreening': ok(accepted),
    });
    await view.input('.note', ' 请周五前送样 ');
    await view.tap('.action_accepted');
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '受理申请' }));
    expect(updates(wx)).toEqual([
      { name: 'hospital', data: { action: 'updateScreening', requestId: ID, to: 'accepted', note: '请周五前送样' } },
    ]);
    expect(view.text('.status')).toBe('已受理');
    expect(view.texts('.action')).toEqual(['确认已收到样品', '不予受理']);
    expect(wx.lastToast()).toBe('已更新');
  });

  it('sends nothing when the confirmation is declined', async () => {
    const { wx, view } = await open(ok(staffView(requestDoc('accepted'))));
    confirmAll(wx, false);
    await view.tap('.action_sample_received');
    expect(updates(wx)).toHaveLength(0);
  });

  it('moves a received sample into screening without a note', async () => {
    const { wx, view } = await open(ok(staffView(requestDoc('sample_received'))), {
      'hospital.updateScreening': ok(staffView(requestDoc('screening'))),
    });
    await view.tap('.action_screening');
    expect(updates(wx)[0].data).toEqual({ action: 'updateScreening', requestId: ID, to: 'screening' });
    expect(view.texts('.action')).toEqual(['录入筛查结果']);
  });

  it('rejects only with a reason, checked as it is typed', async () => {
    const { wx, view } = await open(ok(staffView(requestDoc('submitted'))), {
      'hospital.updateScreening': ok(staffView(requestDoc('rejected'))),
    });
    await view.tap('.action_rejected');
    expect(view.has('.reject-form')).toBe(true);
    await view.tap('.confirm-reject');
    expect(view.text('.reason-error')).toBe('请填写不予受理的原因（至少 2 个字），申请人会收到该说明');
    expect(updates(wx)).toHaveLength(0);
    await view.input('.reason', '非');
    expect(view.has('.reason-error')).toBe(true);
    await view.input('.reason', ' 非电线电缆样品 ');
    expect(view.has('.reason-error')).toBe(false);
    await view.tap('.confirm-reject');
    expect(updates(wx)[0].data).toEqual({
      action: 'updateScreening',
      requestId: ID,
      to: 'rejected',
      note: '非电线电缆样品',
    });
    expect(view.text('.status')).toBe('未受理');
    expect(view.has('.action')).toBe(false);
  });

  it('reloads when someone else moved the request first', async () => {
    let reads = 0;
    const { wx, view } = await open(() => ok(staffView(requestDoc(++reads === 1 ? 'submitted' : 'accepted'))), {
      'hospital.updateScreening': fail('INVALID_TRANSITION', '申请已是“已受理”状态'),
    });
    await view.tap('.action_accepted');
    expect(wx.lastToast()).toBe('申请已是“已受理”状态');
    expect(view.text('.status')).toBe('已受理');
  });
});

describe('completing a screening', () => {
  async function openCompletion(routes = {}) {
    const opened = await open(ok(staffView(requestDoc('screening'))), routes);
    await opened.view.tap('.action_completed');
    return opened;
  }
  const outcome = (view: View, row: number, code: 'pass' | 'doubtful' | 'fail') =>
    view.tap('.outcome', row * 3 + ['pass', 'doubtful', 'fail'].indexOf(code));

  it('starts from the raised problems and checks the verdict against the findings as you go', async () => {
    const { wx, view } = await openCompletion();
    expect(view.texts('.finding-row__label')).toEqual(['导体偏细（截面“缩水”）', '导体电阻超标']);
    expect(view.has('.completion-error')).toBe(false);

    await view.tap('.verdict', 0); // 未发现问题
    expect(view.text('.completion-error')).toBe('完成筛查时请上传筛查报告');
    await view.tap('.choose-report-file');
    expect(view.text('.report-name')).toBe('已上传：筛查报告.pdf');
    expect(view.has('.completion-error')).toBe(false);

    await outcome(view, 0, 'fail');
    expect(view.text('.completion-error')).toBe('有“不符合”或“存疑”的检查项目时，结论不能是“未发现问题”');
    await view.tap('.verdict', 1); // 疑似不合格
    expect(view.has('.completion-error')).toBe(false);
    await outcome(view, 0, 'fail'); // tapping again clears the outcome
    expect(view.text('.completion-error')).toBe('结论为“疑似不合格”时，请至少列出一个“存疑”或“不符合”的检查项目');
    await view.tap('.submit-result');
    expect(updates(wx)).toHaveLength(0);
  });

  it('uploads the report into the staff member’s report folder and sends verdict, judged findings and note', async () => {
    const done = staffView(requestDoc('completed'));
    const { wx, more, view } = await openCompletion({ 'hospital.updateScreening': ok(done) });
    await view.tap('.verdict', 2); // 不合格
    await outcome(view, 0, 'fail');
    await view.input('.finding-row__detail', ' 实测 2.1 mm² ');
    await view.trigger('.add-finding', 'change', { value: 0 }); // first concern not raised yet
    expect(view.texts('.finding-row__label')[2]).toBe('导体材质（铜包铝、掺杂等）');
    await outcome(view, 2, 'doubtful');
    await view.tap('.choose-report-file');
    await view.input('.note', '建议送检');
    await view.tap('.submit-result');

    const cloudPath = more.cloud.uploadFile.mock.calls[0][0].cloudPath as string;
    // The folder the view named (the only one updateScreening accepts a report from).
    expect(cloudPath.startsWith(`${REPORT_FOLDER}/`)).toBe(true);
    expect(cloudPath.slice(REPORT_FOLDER.length)).toMatch(/^\/[A-Za-z0-9_-]+\.pdf$/);
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '提交筛查结论' }));
    expect(updates(wx)[0].data).toEqual({
      action: 'updateScreening',
      requestId: ID,
      to: 'completed',
      verdict: 'non_conforming',
      findings: [
        { item: 'thin_conductor', outcome: 'fail', detail: '实测 2.1 mm²' },
        { item: 'conductor_material', outcome: 'doubtful', detail: '' },
      ],
      reportFileID: `cloud://local.local-1300000000/${cloudPath}`,
      note: '建议送检',
    });
    expect(view.text('.status')).toBe('已完成');
    expect(view.texts('.finding')).toHaveLength(2);
  });

  it('keeps the entered result when the server refuses it', async () => {
    const { wx, view } = await openCompletion({
      'hospital.updateScreening': fail('VALIDATION_FAILED', '输入有误：筛查报告必须是已上传到云存储的文件'),
    });
    await view.tap('.verdict', 2);
    await outcome(view, 1, 'fail');
    await view.tap('.choose-report-image');
    await view.tap('.submit-result');
    expect(wx.lastToast()).toBe('输入有误：筛查报告必须是已上传到云存储的文件');
    expect(view.has('.complete-form')).toBe(true);
    expect(view.data.verdict).toBe('non_conforming');
    expect(view.data.findings[1].outcome).toBe('fail');
    expect(view.data.reportFileID).toMatch(new RegExp(`/${REPORT_FOLDER}/[A-Za-z0-9_-]+\\.jpg$`));
  });

  it('refuses a report file of another type', async () => {
    const { more, view } = await openCompletion();
    more.chooseMessageFile.mockImplementation((o: { success: (r: object) => void }) =>
      o.success({ tempFiles: [{ path: 'wxfile://tmp/x', name: '报告.docx', size: 1, type: 'file' }] }),
    );
    await view.tap('.choose-report-file');
    expect(more.cloud.uploadFile).not.toHaveBeenCalled();
    expect((globalThis as any).wx.showToast).toHaveBeenLastCalledWith(
      expect.objectContaining({ title: '报告须为 pdf、jpg、jpeg、png、webp 格式' }),
    );
  });
});
