import { waitUntil } from '../../../helpers/wait';
import { flush, renderPage } from '../../helpers/render';
import { fail, mockWx, ok } from '../../helpers/wx';
import { mockCanvas } from '../checkup/fixtures';

const ROUTE = 'pages/admin/dashboard/index';

const campaigns = {
  items: [
    { campaignId: 'c-new', title: '2026 年秋季检测券' },
    { campaignId: 'c-old', title: '2026 年春季检测券' },
  ],
  page: 1,
  pageSize: 20,
  total: 2,
};

function chart(section: string, over: Record<string, unknown> = {}) {
  const base = {
    section,
    title: `图表 ${section}`,
    scope: '2026 年秋季检测券',
    chart: 'column',
    stacked: false,
    categories: ['甲', '乙'],
    series: [{ name: '申领', data: [12000, 3] }],
    figures: [{ label: '申领总数', value: '12003' }],
    table: {
      columns: ['项目', '申领'],
      rows: [
        ['甲', 12000],
        ['乙', 3],
      ],
    },
  };
  return { ...base, ...over };
}

const POOLS = chart('pools', {
  title: '各券种申领与名额',
  categories: ['1000 元券（G1000）', '个人五百元券'],
  series: [
    { name: '名额', data: [3, 1] },
    { name: '申领', data: [4, 2] },
  ],
  table: {
    columns: ['券种', '面值（元）', '名额', '申领', '超额倍数'],
    rows: [
      ['1000 元券（G1000）', 1000, 3, 4, 1.33],
      ['个人五百元券', 500, 1, 2, 2],
    ],
  },
});
const CABLE = chart('cable', {
  title: '电线电缆快检申请',
  scope: '2026-11-06 至 2026-12-05',
  figures: [{ label: '办理用时中位数', value: '3 天' }],
});

function routes(
  dashboard: (data: Record<string, unknown>) => unknown = (d) =>
    ok(d.section === 'pools' ? POOLS : d.section === 'cable' ? CABLE : chart(String(d.section))),
) {
  return {
    'admin.listCampaigns': ok(campaigns),
    'admin.dashboard': dashboard as never,
    'admin.exportReport': (d: Record<string, unknown>) =>
      ok({
        jobId: 'export-1',
        status: 'done',
        progress: { done: 2, total: 2 },
        file: {
          fileID: `cloud://env.b/exports/admin/${String(d.report)}.${String(d.format)}`,
          url: `https://tmp.example/${String(d.report)}.${String(d.format)}?sign=1`,
          fileName: `报表.${String(d.format)}`,
          rows: 2,
        },
      }),
  };
}

const rowsOf = (view: Awaited<ReturnType<typeof renderPage>>, section: string) =>
  view
    .doms(`.section_${section} .dash-data-row`)
    .map((row) => Array.from(row.children).map((c) => (c.textContent ?? '').trim()));

describe('数据看板', () => {
  it('loads each chart of the latest campaign, draws it and puts every number in the table under it', async () => {
    const wx = mockWx(routes());
    const canvas = mockCanvas();
    const view = await renderPage(ROUTE);
    await flush();
    expect(view.text('.campaign-value')).toBe('2026 年秋季检测券');
    const calls = wx.calls().filter((c) => c.data.action === 'dashboard');
    expect(calls.map((c) => c.data)).toEqual([
      { action: 'dashboard', section: 'pools', campaignId: 'c-new' },
      { action: 'dashboard', section: 'trend', campaignId: 'c-new' },
      { action: 'dashboard', section: 'cities', campaignId: 'c-new' },
      { action: 'dashboard', section: 'vouchers', campaignId: 'c-new' },
      { action: 'dashboard', section: 'redemptions', campaignId: 'c-new' },
      { action: 'dashboard', section: 'cable' },
      { action: 'dashboard', section: 'redlist' },
    ]);
    await waitUntil(() => view.data.sections.every((s: { drawn: boolean }) => s.drawn), { what: 'every chart drawn' });
    expect(canvas.texts()).toEqual(expect.arrayContaining(['1000 元券（G1000）', '名额', '申领']));
    expect(canvas.calls.filter((c) => c.op === 'fill').length).toBeGreaterThan(3);
    expect(view.text('.section_pools .dash-title')).toBe('各券种申领与名额');
    expect(view.texts('.section_pools .dash-row_head .dash-cell')).toEqual([
      '券种',
      '面值（元）',
      '名额',
      '申领',
      '超额倍数',
    ]);
    expect(rowsOf(view, 'pools')).toEqual([
      ['1000 元券（G1000）', '1,000', '3', '4', '1.33'],
      ['个人五百元券', '500', '1', '2', '2'],
    ]);
    expect(rowsOf(view, 'trend')).toEqual([
      ['甲', '12,000'],
      ['乙', '3'],
    ]);
    expect(view.text('.section_cable .dash-scope')).toBe('2026-11-06 至 2026-12-05');
    expect(view.texts('.section_cable .dash-figure__value')).toEqual(['3 天']);
    expect(view.data.sections[0].alt).toBe('各券种申领与名额图表，数字见下方表格');
  });

  it('another campaign reloads the campaign charts; a failed chart can be retried; the tables stay when drawing fails', async () => {
    let failing = true;
    const wx = mockWx(
      routes((d) => {
        if (d.section === 'vouchers' && failing) return fail('INTERNAL', '服务器繁忙');
        return ok(chart(String(d.section)));
      }),
    );
    mockCanvas({ available: false });
    const view = await renderPage(ROUTE);
    await flush();
    expect(view.text('.section_vouchers .dash-error')).toContain('统计加载失败');
    await waitUntil(() => view.data.sections[0].drawFailed, { what: 'the chart given up' });
    expect(view.text('.section_pools .dash-draw-failed')).toBe('图表暂时无法显示，数字见下表');
    expect(rowsOf(view, 'pools')).toHaveLength(2);
    failing = false;
    await view.tap('.section_vouchers .dash-retry');
    await flush();
    expect(rowsOf(view, 'vouchers')).toHaveLength(2);

    const before = wx.calls().length;
    await view.trigger('.campaign-picker', 'change', { value: 1 });
    await flush();
    expect(view.text('.campaign-value')).toBe('2026 年春季检测券');
    const campaignIds = wx
      .calls()
      .slice(before)
      .filter((c) => c.data.action === 'dashboard')
      .map((c) => c.data.campaignId);
    expect(campaignIds).toEqual(['c-old', 'c-old', 'c-old', 'c-old', 'c-old', undefined, undefined]);
  });

  it('exports a table as CSV or Excel: the server makes the file, the page downloads and opens it', async () => {
    const wx = mockWx(routes());
    mockCanvas();
    const g = globalThis as unknown as { wx: Record<string, unknown> };
    const downloadFile = jest.fn((o: { url: string; success?: (r: object) => void }) =>
      o.success?.({ statusCode: 200, tempFilePath: `wxfile://tmp/${o.url.split('/').pop()}` }),
    );
    const openDocument = jest.fn((o: { success?: () => void }) => o.success?.());
    const setClipboardData = jest.fn();
    // No share sheet here (as in the web preview).
    Object.assign(g.wx, { downloadFile, openDocument, setClipboardData, shareFileMessage: undefined });
    const view = await renderPage(ROUTE);
    await flush();

    await view.tap('.section_pools .dash-export-xlsx');
    await flush();
    expect(
      wx
        .calls()
        .filter((c) => c.data.action === 'exportReport')
        .map((c) => c.data),
    ).toEqual([{ action: 'exportReport', report: 'pools', format: 'xlsx', campaignId: 'c-new' }]);
    expect(downloadFile).toHaveBeenCalledWith(
      expect.objectContaining({ url: 'https://tmp.example/pools.xlsx?sign=1' }),
    );
    expect(openDocument).toHaveBeenCalledWith(
      expect.objectContaining({ filePath: 'wxfile://tmp/pools.xlsx?sign=1', fileType: 'xlsx', showMenu: true }),
    );
    expect(view.text('.section_pools .export-file__text')).toBe('已生成 报表.xlsx，共 2 行');
    await view.tap('.section_pools .export-file__copy');
    expect(setClipboardData).toHaveBeenCalledWith(
      expect.objectContaining({ data: 'https://tmp.example/pools.xlsx?sign=1' }),
    );

    // Cable figures and lists: the cable list has no campaign, the application list has the chosen one.
    await view.tap('.list_cableList .dash-export-csv');
    await waitUntil(() => !view.data.exporting, { what: 'the cable export finished' });
    await view.tap('.list_applicationList .dash-export-csv');
    await waitUntil(() => !view.data.exporting, { what: 'the application export finished' });
    expect(
      wx
        .calls()
        .filter((c) => c.data.action === 'exportReport')
        .slice(1)
        .map((c) => c.data),
    ).toEqual([
      { action: 'exportReport', report: 'cableList', format: 'csv' },
      { action: 'exportReport', report: 'applicationList', format: 'csv', campaignId: 'c-new' },
    ]);
    // Without a share sheet a CSV cannot be handed over: the page says so and keeps the link.
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '文件无法打开，请复制下载链接' }));
    expect(view.text('.list_applicationList .export-file__open')).toBe('分享文件');
    expect(openDocument).toHaveBeenCalledTimes(1);
  });

  it('keeps calling a running export with its jobId, showing the progress, until the file is ready', async () => {
    let calls = 0;
    const answers = [
      { jobId: 'export-9', status: 'running', progress: { done: 50000, total: 200000 }, file: null },
      { jobId: 'export-9', status: 'running', progress: { done: 200000, total: 200000 }, file: null },
    ];
    const progress: string[] = [];
    let view: Awaited<ReturnType<typeof renderPage>>;
    const wx = mockWx({
      ...routes(),
      'admin.exportReport': () => {
        if (calls > 0) progress.push(view.text('.export-progress'));
        const answer = answers[calls++];
        return ok(
          answer ?? {
            jobId: 'export-9',
            status: 'done',
            progress: { done: 200000, total: 200000 },
            file: {
              fileID: 'cloud://e/x.csv',
              url: 'https://tmp.example/x.csv',
              fileName: '申领名单.csv',
              rows: 200000,
            },
          },
        );
      },
    });
    mockCanvas();
    const g = globalThis as unknown as { wx: Record<string, unknown> };
    const openDocument = jest.fn((o: { success?: () => void }) => o.success?.());
    const shareFileMessage = jest.fn((o: { success?: () => void }) => o.success?.());
    Object.assign(g.wx, {
      downloadFile: jest.fn((o: { success?: (r: object) => void }) =>
        o.success?.({ statusCode: 200, tempFilePath: 'wxfile://tmp/x.csv' }),
      ),
      openDocument,
      shareFileMessage,
    });
    view = await renderPage(ROUTE);
    await flush();
    await view.tap('.list_applicationList .dash-export-csv');
    await flush();
    expect(
      wx
        .calls()
        .filter((c) => c.data.action === 'exportReport')
        .map((c) => c.data),
    ).toEqual([
      { action: 'exportReport', report: 'applicationList', format: 'csv', campaignId: 'c-new' },
      { action: 'exportReport', jobId: 'export-9' },
      { action: 'exportReport', jobId: 'export-9' },
    ]);
    expect(progress).toEqual(['正在导出：已读取 50,000 / 200,000 行', '正在导出：已读取 200,000 / 200,000 行']);
    // WeChat cannot open a CSV: it goes to the share sheet.
    expect(openDocument).not.toHaveBeenCalled();
    expect(shareFileMessage).toHaveBeenCalledWith(
      expect.objectContaining({ filePath: 'wxfile://tmp/x.csv', fileName: '申领名单.csv' }),
    );
    expect(view.text('.list_applicationList .export-file__text')).toBe('已生成 申领名单.csv，共 200,000 行');
    expect(view.has('.export-progress')).toBe(false);
  });
});
