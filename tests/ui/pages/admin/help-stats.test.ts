import { caseStats, mockWorkWx } from '../../helpers/help-work';
import { flush, renderPage } from '../../helpers/render';
import { deferred, fail, ok, type Envelope } from '../../helpers/wx';

// 2026-12-05 01:00 in Shanghai is still 2026-12-04 in UTC: the range is Shanghai's.
const NOW = Date.parse('2026-12-04T17:00:00.000Z');
const CSV = {
  fileID: 'cloud://env.bucket/exports/help-stats.csv',
  url: 'https://tmp.example/help-stats.csv?sign=2',
  rows: 43,
};

describe('帮扶统计', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('loads the last 30 days (Asia/Shanghai) and shows totals, statuses, durations, ratings and the tables', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWorkWx({ 'helpdesk.caseStats': () => answer.promise });
    const view = await renderPage('pages/admin/help-stats/index');
    expect(view.text('.state-loading')).toBe('正在统计');
    answer.resolve(ok(caseStats()));
    await flush();
    expect(wx.calls()).toEqual([
      { name: 'helpdesk', data: { action: 'caseStats', from: '2026-11-06', to: '2026-12-05' } },
    ]);
    expect(view.text('.from-value')).toBe('2026-11-06');
    expect(view.text('.to-value')).toBe('2026-12-05');
    expect(view.texts('.summary__label')).toEqual(['问诊总数', '首次答复超时', '已解决', '平均评分']);
    expect(view.texts('.summary__value')).toEqual(['42', '4', '22', '4.3']);
    const rows = (selector: string) =>
      view
        .doms(selector)
        .map((row) => Array.from(row.children).map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()));
    expect(rows('.status-row')).toEqual([
      ['待专家接单', '5'],
      ['专家处理中', '10'],
      ['待确认解决', '3'],
      ['已解决', '22'],
      ['已撤回', '2'],
    ]);
    // Hours under two days, days from two days on.
    expect(rows('.duration-row')).toEqual([
      ['首次答复', '5.3 小时', '30 小时', '37'],
      ['解决用时', '4.2 天', '14 天', '22'],
    ]);
    expect(view.text('.ratings-title')).toBe('评分分布（20 条评价）');
    expect(view.texts('.rating__label')).toEqual(['5 星', '4 星', '3 星', '2 星', '1 星']);
    expect(view.texts('.rating__count')).toEqual(['11', '6', '2', '1', '0']);
    expect(rows('.category-row')).toEqual([
      ['家用电器', '20'],
      ['电线电缆', '22'],
    ]);
    expect(rows('.city-row')).toEqual([
      ['佛山市', '30'],
      ['广州市', '12'],
    ]);
    expect(rows('.expert-row')).toEqual([
      ['陈建国', '9', '7', '4.5'],
      ['林晓', '4', '1', '—'],
    ]);
  });

  it('asks again for a new range, and refuses a start after the end', async () => {
    const wx = mockWorkWx({
      'helpdesk.caseStats': (data) => ok(caseStats({ from: String(data.from), to: String(data.to) })),
    });
    const view = await renderPage('pages/admin/help-stats/index');
    await view.trigger('.from-picker', 'change', { value: '2026-01-01' });
    expect(wx.calls().at(-1)?.data).toEqual({ action: 'caseStats', from: '2026-01-01', to: '2026-12-05' });
    await view.trigger('.to-picker', 'change', { value: '2025-12-31' });
    expect(wx.lastToast()).toBe('开始日期不能晚于结束日期');
    expect(wx.calls()).toHaveLength(2);
    expect(view.text('.to-value')).toBe('2026-12-05');
  });

  it('empty range and error states', async () => {
    mockWorkWx({ 'helpdesk.caseStats': ok(caseStats({ total: 0 })) });
    const empty = await renderPage('pages/admin/help-stats/index');
    expect(empty.text('.state-empty')).toBe('这段时间没有问诊');
    expect(empty.has('.export')).toBe(false);

    const wx = mockWorkWx({ 'helpdesk.caseStats': fail('FORBIDDEN', '需要管理员权限') });
    const denied = await renderPage('pages/admin/help-stats/index');
    expect(denied.data.state).toBe('error');
    expect(wx.lastToast()).toBe('需要管理员权限');
  });

  it('exports the range as CSV: downloads it and opens WeChat’s share sheet', async () => {
    const wx = mockWorkWx({ 'helpdesk.caseStats': ok(caseStats()), 'helpdesk.caseStatsCsv': ok(CSV) }, { share: true });
    const view = await renderPage('pages/admin/help-stats/index');
    await view.tap('.export');
    await flush();
    expect(wx.calls().at(-1)).toEqual({
      name: 'helpdesk',
      data: { action: 'caseStatsCsv', from: '2026-11-06', to: '2026-12-05' },
    });
    expect(wx.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: CSV.url }));
    expect(wx.shareFileMessage).toHaveBeenCalledWith(
      expect.objectContaining({ filePath: 'wxfile://tmp/stats.csv', fileName: '帮扶统计_2026-11-06_2026-12-05.csv' }),
    );
    expect(view.text('.export-file__text')).toBe('已生成 CSV 文件，共 43 行');
  });

  it('where files cannot be shared (the web preview), shows the link to copy', async () => {
    const wx = mockWorkWx({ 'helpdesk.caseStats': ok(caseStats()), 'helpdesk.caseStatsCsv': ok(CSV) });
    const view = await renderPage('pages/admin/help-stats/index');
    await view.tap('.export');
    await flush();
    expect(wx.lastToast()).toBe('当前环境不能分享文件，请复制下载链接');
    expect(view.text('.export-file__link')).toBe(CSV.url);
    await view.tap('.export-file__copy');
    expect(wx.setClipboardData).toHaveBeenCalledWith(expect.objectContaining({ data: CSV.url }));
  });

  it('a failed export is toasted and the page stays', async () => {
    const wx = mockWorkWx({
      'helpdesk.caseStats': ok(caseStats()),
      'helpdesk.caseStatsCsv': fail('INTERNAL', '导出失败，请稍后重试'),
    });
    const view = await renderPage('pages/admin/help-stats/index');
    await view.tap('.export');
    expect(wx.lastToast()).toBe('导出失败，请稍后重试');
    expect(view.has('.export-file')).toBe(false);
    expect(view.data.exporting).toBe(false);
    expect(view.data.state).toBe('ready');
  });
});
