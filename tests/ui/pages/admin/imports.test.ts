import { mockWorkWx } from '../../helpers/help-work';
import { flush, renderPage, type View } from '../../helpers/render';
import { fail, ok } from '../../helpers/wx';

const PAGE = 'pages/admin/imports/index';
const REPORT_URL = 'https://tmp.example/imports/reports/import-inspections-1.csv?sign=1';

const inspectionCounts = (over: Record<string, number> = {}) => ({
  rows: 0,
  inserted: 0,
  unchanged: 0,
  bad: 0,
  unmatched: 0,
  ambiguous: 0,
  warnings: 0,
  ...over,
});

function importJob(over: Record<string, unknown> = {}) {
  return {
    jobId: 'import-inspections-abc',
    kind: 'importInspections',
    status: 'done',
    fileID: 'cloud://env.bucket/redlist-imports/a.csv',
    progress: { done: 12, total: 12 },
    counts: inspectionCounts({ rows: 12, inserted: 9, bad: 2, unmatched: 1 }),
    reportRows: 3,
    reportUrl: REPORT_URL,
    message: null,
    startedAt: '2026-12-01T02:00:00.000Z',
    updatedAt: '2026-12-01T02:01:00.000Z',
    ...over,
  };
}

function progressReply(done: number, total: number, over: Record<string, unknown> = {}) {
  return {
    jobId: 'import-inspections-abc',
    kind: 'importInspections',
    status: done >= total ? 'done' : 'running',
    fileID: 'cloud://env.bucket/redlist-imports/a.csv',
    progress: { done, total },
    counts: inspectionCounts({ rows: done, inserted: done }),
    reportFileID: null,
    reportRows: 0,
    message: null,
    ...over,
  };
}

const summary = {
  version: '2026-11',
  asOf: '2026-11-30',
  rule: 'redlist-v1',
  publishedAt: '2026-12-01T03:00:00.000Z',
  counts: { ten: 120, five: 340, three: 1205, total: 1665 },
  changes: { previousVersion: '2026-10', entries: 31, exits: 12, tierUp: 8, tierDown: 2 },
};

/** The confirmation dialogs: answered `confirm`, their texts kept. */
function answerModals(wx: ReturnType<typeof mockWorkWx>, confirm = true) {
  wx.showModal.mockImplementation((o: { success?: (r: object) => void }) => o.success?.({ confirm, cancel: !confirm }));
  return () => wx.showModal.mock.calls.map(([o]) => o as { title: string; content: string });
}

const actions = (wx: ReturnType<typeof mockWorkWx>) => wx.calls().map((c) => c.data.action);

describe('导入与红榜', () => {
  it('lists recent jobs with their status, progress, counts and report link', async () => {
    const wx = mockWorkWx({
      'admin.importJobs': ok({
        items: [
          {
            jobId: 'redlist-2026-11',
            kind: 'evaluateRedlist',
            status: 'done',
            version: '2026-11',
            asOf: '2026-11-30',
            progress: { done: 5000, total: 5000 },
            startedAt: '2026-12-01T03:00:00.000Z',
            updatedAt: null,
          },
          importJob(),
        ],
        reportUrlExpiresIn: 7200,
      }),
    });
    const view = await renderPage(PAGE);
    expect(wx.calls()).toEqual([{ name: 'admin', data: { action: 'importJobs', limit: 10 } }]);
    expect(view.texts('.job__kind')).toEqual(['红榜评估', '抽检结果导入']);
    expect(view.texts('.job__status')).toEqual(['已完成', '已完成']);
    expect(view.texts('.job__started')).toEqual(['开始于 2026-12-01 11:00', '开始于 2026-12-01 10:00']);
    expect(view.texts('.job__detail')).toEqual([
      '2026-11 期 · 评价日期 2026年11月30日',
      '共 12 行：新写入 9，已导入过 0，有错误 2，未匹配到企业 1，匹配到多家企业 0，带提示写入 0',
    ]);
    await view.tap('.job__report');
    expect(wx.setClipboardData).toHaveBeenCalledWith(expect.objectContaining({ data: REPORT_URL }));
    // Nothing running: nothing is resumed.
    expect(actions(wx)).toEqual(['importJobs']);
  });

  it('uploads a chosen file after a confirmation that says what happens, then calls the import while it runs', async () => {
    let shownWhileRunning = '';
    let percentWhileRunning = -1;
    let view: View | null = null;
    const replies = [progressReply(500, 1200), progressReply(1000, 1200), progressReply(1200, 1200)];
    const wx = mockWorkWx(
      {
        'admin.importJobs': ok({ items: [], reportUrlExpiresIn: 7200 }),
        'admin.importInspections': () => {
          const reply = replies.shift()!;
          if (reply.progress.done === 1200 && view) {
            shownWhileRunning = view.text('.task__progress');
            percentWhileRunning = view.data.active.percent;
          }
          return ok(
            reply.status === 'done'
              ? { ...reply, counts: inspectionCounts({ rows: 1200, inserted: 1190, bad: 10 }), reportRows: 10 }
              : reply,
          );
        },
      },
      { chosen: { path: 'wxfile://tmp/f1', name: '2026年11月抽检结果.csv' } },
    );
    const modals = answerModals(wx);
    view = await renderPage(PAGE);
    expect(view.text('.state-empty')).toBe('还没有导入或评估任务');

    // After the import the list (with the report link) is asked for again.
    wx.cloud.callFunction.mockClear();
    const routesAfter = ok({ items: [importJob({ progress: { done: 1200, total: 1200 } })], reportUrlExpiresIn: 7200 });
    const original = wx.cloud.callFunction.getMockImplementation()!;
    wx.cloud.callFunction.mockImplementation(async (arg: { name: string; data: Record<string, unknown> }) =>
      arg.data.action === 'importJobs'
        ? { result: routesAfter, errMsg: 'cloud.callFunction:ok', requestID: 't' }
        : original(arg),
    );

    await view.tap('.import-inspections');
    await flush();
    expect(modals()).toEqual([
      expect.objectContaining({
        title: '确认导入',
        content:
          '将把「2026年11月抽检结果.csv」中的抽检结果写入抽检库：已导入过的结果不重复写入，有问题的行不写入并列入错误报告。导入后需重新评估红榜才会反映到榜单。',
      }),
    ]);
    const cloudPath = wx.uploadFile.mock.calls[0][0].cloudPath as string;
    expect(cloudPath).toMatch(/^redlist-imports\/[A-Za-z0-9_-]+\.csv$/);
    const fileID = `cloud://env.bucket/${cloudPath}`;
    expect(wx.calls().map((c) => c.data)).toEqual([
      { action: 'importInspections', fileID },
      { action: 'importInspections', fileID },
      { action: 'importInspections', fileID },
      { action: 'importJobs', limit: 10 },
    ]);
    // Between the calls the bar showed the rows done.
    expect(shownWhileRunning).toBe('已处理 1,000 / 1,200 行（83%）');
    expect(percentWhileRunning).toBe(83);
    // Done: the bar is gone, the counts and the report are shown, the buttons work again.
    expect(view.has('.task')).toBe(false);
    expect(view.text('.import-result__title')).toBe('抽检结果导入完成');
    expect(view.text('.import-result__summary')).toBe(
      '共 1,200 行：新写入 1,190，已导入过 0，有错误 10，未匹配到企业 0，匹配到多家企业 0，带提示写入 0',
    );
    expect(view.text('.import-result__report')).toBe('错误报告列出 10 行（按文件行号，表头为第 1 行）');
    expect(view.data.busy).toBe(false);
    await view.tap('.report-copy');
    expect(wx.setClipboardData).toHaveBeenCalledWith(expect.objectContaining({ data: REPORT_URL }));
  });

  it('shares the error report as a file where WeChat can', async () => {
    const wx = mockWorkWx({ 'admin.importJobs': ok({ items: [], reportUrlExpiresIn: 7200 }) }, { share: true });
    const view = await renderPage(PAGE);
    view.instance.setData({
      importResult: { title: 't', summary: 's', message: '', reportText: 'r', reportUrl: REPORT_URL },
    });
    await view.tap('.report-share');
    expect(wx.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: REPORT_URL }));
    expect(wx.shareFileMessage).toHaveBeenCalledWith(
      expect.objectContaining({
        filePath: 'wxfile://tmp/stats.csv',
        fileName: expect.stringMatching(/^错误报告_.*\.csv$/),
      }),
    );
  });

  it('does nothing when the confirmation is cancelled, and refuses other file types', async () => {
    const wx = mockWorkWx(
      { 'admin.importJobs': ok({ items: [], reportUrlExpiresIn: 7200 }) },
      { chosen: { path: 'wxfile://tmp/f1', name: '企业名录.xlsx' } },
    );
    const modals = answerModals(wx, false);
    const view = await renderPage(PAGE);
    await view.tap('.import-enterprises');
    expect(modals()[0].content).toBe(
      '将按「企业名录.xlsx」新增或更新企业名录：企业名称变更时旧名称记为曾用名，企业的认领绑定不受影响；有问题的行不写入并列入错误报告。',
    );
    expect(wx.uploadFile).not.toHaveBeenCalled();
    expect(actions(wx)).toEqual(['importJobs']);

    const wrong = mockWorkWx(
      { 'admin.importJobs': ok({ items: [], reportUrlExpiresIn: 7200 }) },
      { chosen: { path: 'wxfile://tmp/f2', name: '名录.docx' } },
    );
    const second = await renderPage(PAGE);
    await second.tap('.import-enterprises');
    expect(wrong.lastToast()).toBe('请选择 CSV 或 XLSX 文件');
    expect(wrong.showModal).not.toHaveBeenCalled();
  });

  it('resumes a running job when the page shows again, and says when a call fails', async () => {
    const running = importJob({
      kind: 'importEnterprises',
      jobId: 'import-enterprises-x',
      status: 'running',
      progress: { done: 300, total: 0 },
      counts: { rows: 300, created: 300, updated: 0, unchanged: 0, bad: 0 },
      reportUrl: null,
    });
    const wx = mockWorkWx({
      'admin.importJobs': ok({ items: [running], reportUrlExpiresIn: 7200 }),
      'admin.importEnterprises': fail('FILE_NOT_FOUND', '无法读取文件 cloud://env.bucket/redlist-imports/a.csv'),
    });
    const view = await renderPage(PAGE);
    expect(view.texts('.job__status')).toEqual(['进行中']);
    expect(view.texts('.job__progress')).toEqual(['已处理 300 行']);
    expect(wx.calls().map((c) => c.data)).toEqual([
      { action: 'importJobs', limit: 10 },
      { action: 'importEnterprises', fileID: 'cloud://env.bucket/redlist-imports/a.csv' },
      { action: 'importJobs', limit: 10 },
    ]);
    expect(wx.lastToast()).toBe('无法读取文件 cloud://env.bucket/redlist-imports/a.csv');
    expect(view.has('.task')).toBe(false);
    expect(view.data.busy).toBe(false);
  });

  it('waits before asking again when a call answers running without progress (another call holds the job)', async () => {
    jest.useFakeTimers();
    try {
      const counts = (rows: number) => ({ rows, created: rows, updated: 0, unchanged: 0, bad: 0 });
      const running = importJob({
        kind: 'importEnterprises',
        status: 'running',
        progress: { done: 300, total: 600 },
        counts: counts(300),
        reportUrl: null,
      });
      const answers = [300, 300, 600];
      const wx = mockWorkWx({
        'admin.importJobs': ok({ items: [running], reportUrlExpiresIn: 7200 }),
        'admin.importEnterprises': () => {
          const done = answers.shift()!;
          return ok(progressReply(done, 600, { kind: 'importEnterprises', counts: counts(done) }));
        },
      });
      const imports = () => wx.calls().filter((c) => c.data.action === 'importEnterprises').length;
      const view = await renderPage(PAGE);
      expect(imports()).toBe(2);
      expect(view.text('.task__title')).toBe('正在进行：企业名录导入');
      expect(view.text('.task__progress')).toBe('已处理 300 / 600 行（50%）');
      jest.advanceTimersByTime(2999);
      await flush();
      expect(imports()).toBe(2);
      jest.advanceTimersByTime(1);
      await flush();
      expect(imports()).toBe(3);
      expect(view.has('.task')).toBe(false);
      expect(view.text('.import-result__summary')).toBe('共 600 行：新增 600，更新 0，未变化 0，有错误 0');
    } finally {
      jest.useRealTimers();
    }
  });

  it('evaluates the chosen month after confirming, then shows the published counts, changes, warnings and links', async () => {
    const evaluations = [
      {
        jobId: 'redlist-2026-11',
        status: 'running',
        version: '2026-11',
        asOf: '2026-11-30',
        progress: { done: 0, total: 0 },
        summary: null,
        warnings: null,
      },
      {
        jobId: 'redlist-2026-11',
        status: 'running',
        version: '2026-11',
        asOf: '2026-11-30',
        progress: { done: 2000, total: 5000 },
        summary: null,
        warnings: null,
      },
      {
        jobId: 'redlist-2026-11',
        status: 'done',
        version: '2026-11',
        asOf: '2026-11-30',
        progress: { done: 5000, total: 5000 },
        summary,
        warnings: 7,
      },
    ];
    const wx = mockWorkWx({
      'admin.importJobs': ok({ items: [], reportUrlExpiresIn: 7200 }),
      'admin.evaluateRedlist': () => ok(evaluations.shift()),
      'admin.warningList': ok({
        items: [
          {
            uscc: '91440606MA4W000001',
            name: '佛山市顺德区某电器有限公司',
            city: '佛山市',
            failures: 3,
            windowStart: '2023-12-01',
            firstFailAt: '2024-03-01',
            lastFailAt: '2026-09-12',
            categories: ['家用电器'],
            failedItems: ['输入功率'],
          },
        ],
        page: 1,
        pageSize: 5,
        total: 7,
        version: '2026-11',
        asOf: '2026-11-30',
        rule: { minFailures: 2, trailingYears: 3 },
      }),
    });
    const modals = answerModals(wx);
    const view = await renderPage(PAGE);
    await view.trigger('.month-picker', 'change', { value: '2026-02' });
    expect(view.text('.as-of')).toBe('评价日期 2026年2月28日');
    await view.trigger('.month-picker', 'change', { value: '2026-11' });
    await view.tap('.evaluate-submit');
    await flush();
    expect(modals()[0]).toMatchObject({
      title: '确认评估并发布',
      content:
        '将按 2026年11月30日 评估 2026-11 期红榜：读取截至该日的全部抽检记录，评定各企业的榜单等级和警示名单，完成后立即公开发布，公众即可查询。若该期已发布，将直接显示已发布的结果。',
    });
    expect(wx.calls().map((c) => c.data)).toEqual([
      { action: 'importJobs', limit: 10 },
      { action: 'evaluateRedlist', asOf: '2026-11-30' },
      { action: 'evaluateRedlist', asOf: '2026-11-30' },
      { action: 'evaluateRedlist', asOf: '2026-11-30' },
      { action: 'importJobs', limit: 10 },
      { action: 'warningList', version: '2026-11', page: 1, pageSize: 5 },
    ]);
    expect(view.text('.evaluation__title')).toBe('2026-11 期红榜已发布');
    expect(view.text('.evaluation__dates')).toBe('评价日期 2026年11月30日 · 发布于 2026-12-01 11:00');
    expect(view.texts('.tier-row')).toEqual(['十年榜120 家', '五年榜340 家', '三年榜1,205 家']);
    expect(view.text('.tier-total')).toBe('合计1,665 家');
    expect(view.text('.evaluation__changes')).toBe(
      '较上一期（2026-10）：新进入 31 家，退出 12 家，升级 8 家，降级 2 家',
    );
    expect(view.text('.evaluation__warnings')).toBe('警示名单 7 家');
    expect(view.texts('.warning-row')).toEqual(['佛山市顺德区某电器有限公司 · 不合格 3 次 · 最近 2026年9月12日']);

    await view.tap('.view-redlist');
    expect(wx.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/redlist-tab/index' }));
    await view.tap('.view-tier', 1);
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/redlist/search/index?tier=five' }),
    );
  });

  it('shows the list failure, and the first version says there is nothing to compare', async () => {
    const denied = mockWorkWx({ 'admin.importJobs': fail('FORBIDDEN', '需要管理员权限') });
    const first = await renderPage(PAGE);
    expect(first.data.state).toBe('error');
    expect(denied.lastToast()).toBe('需要管理员权限');

    const wx = mockWorkWx({
      'admin.importJobs': ok({ items: [], reportUrlExpiresIn: 7200 }),
      'admin.evaluateRedlist': ok({
        jobId: 'redlist-2026-11',
        status: 'done',
        version: '2026-11',
        asOf: '2026-11-30',
        progress: { done: 10, total: 10 },
        summary: { ...summary, changes: { previousVersion: null, entries: 0, exits: 0, tierUp: 0, tierDown: 0 } },
        warnings: 0,
      }),
      'admin.warningList': fail('INTERNAL', '服务暂时不可用'),
    });
    answerModals(wx);
    const view = await renderPage(PAGE);
    await view.tap('.evaluate-submit');
    await flush();
    expect(view.text('.evaluation__changes')).toBe('这是第一期榜单，没有上一期可比较');
    expect(view.text('.evaluation__warnings')).toBe('警示名单 0 家');
    expect(view.texts('.warning-row')).toEqual([]);
  });
});
