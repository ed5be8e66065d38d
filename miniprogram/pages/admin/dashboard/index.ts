import type { ActionOutput } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { fill, groupDigits } from '../../../utils/format';
import { drawDashboardChart } from '../chart';
import { download, shareFileMessage } from '../files';

type ChartView = ActionOutput<'admin', 'dashboard'>;
type Section = ChartView['section'];
type Format = 'csv' | 'xlsx';

const TEXT = {
  title: '数据看板',
  intro: '每张图表下的表格列出全部数字，可导出为 CSV 或 Excel 文件。',
  campaign: '活动',
  colon: '：',
  loading: '正在加载',
  noCampaigns: '还没有活动',
  failed: '加载失败',
  chartLoading: '正在统计',
  chartFailed: '统计加载失败',
  retry: '重试',
  drawFailed: '图表暂时无法显示，数字见下表',
  chartAlt: '{title}图表，数字见下方表格',
  exportCsv: '导出 CSV',
  exportXlsx: '导出 Excel',
  exporting: '正在导出…',
  exportProgress: '正在导出：已读取 {done} / {total} 行',
  exported: '已生成 {name}，共 {rows} 行',
  copy: '复制下载链接',
  open: '打开文件',
  share: '分享文件',
  linkHint: '链接一小时内有效，可在电脑浏览器中打开下载。',
  openFailed: '文件无法打开，请复制下载链接',
  lists: '名单导出',
  listsIntro: '按活动导出申领、检测券和核销名单（个人信息已脱敏），快检申请按近 30 天导出。',
  lastDays: '近 30 天',
  noRows: '暂无数据',
};

/** The campaign charts, then cable requests (the last 30 days) and the red list. */
const CAMPAIGN_SECTIONS: Section[] = ['pools', 'trend', 'cities', 'vouchers', 'redemptions'];
const OTHER_SECTIONS: Section[] = ['cable', 'redlist'];
const LISTS = [
  { report: 'applicationList', label: '申领名单' },
  { report: 'voucherList', label: '检测券名单' },
  { report: 'redemptionList', label: '核销记录' },
  { report: 'cableList', label: '快检申请（近 30 天）' },
] as const;
type Report = Section | (typeof LISTS)[number]['report'];

interface SectionShown {
  section: Section;
  state: ViewState;
  title: string;
  scope: string;
  alt: string;
  figures: { label: string; value: string }[];
  columns: string[];
  rows: { key: string; cells: string[] }[];
  drawn: boolean;
  drawFailed: boolean;
  /** Bars on a horizontal chart need height per category. */
  height: number;
}

interface ExportShown {
  report: Report;
  format: Format;
  fileName: string;
  text: string;
  url: string;
}

const cell = (v: string | number) => (typeof v === 'number' ? groupDigits(v) : v);

function shown(view: ChartView): Partial<SectionShown> {
  return {
    state: 'ready',
    title: view.title,
    scope: view.scope,
    alt: fill(TEXT.chartAlt, { title: view.title }),
    figures: view.figures.map((f) => ({
      label: f.label,
      value: /^\d+$/.test(f.value) ? groupDigits(Number(f.value)) : f.value,
    })),
    columns: view.table.columns,
    rows: view.table.rows.map((r, i) => ({ key: String(i), cells: r.map(cell) })),
    height: view.chart === 'bar' ? Math.max(240, view.categories.length * 22 + 80) : 260,
    drawn: false,
    drawFailed: false,
  };
}

const placeholder = (section: Section): SectionShown => ({
  section,
  state: 'loading',
  title: '',
  scope: '',
  alt: '',
  figures: [],
  columns: [],
  rows: [],
  drawn: false,
  drawFailed: false,
  height: 260,
});

/**
 * Hands a downloaded file over: an XLSX opens in WeChat's document viewer (its menu forwards or saves it);
 * WeChat cannot open a CSV, so that goes to the share sheet (a chat, or 文件传输助手 to reach a computer).
 * Rejects when neither is possible (the page then offers the link).
 */
function handOver(filePath: string, format: Format, fileName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (format === 'xlsx') {
      wx.openDocument({ filePath, fileType: 'xlsx', showMenu: true, success: () => resolve(), fail: reject });
      return;
    }
    const share = shareFileMessage();
    if (!share) {
      reject(new Error('shareFileMessage unavailable'));
      return;
    }
    share({ filePath, fileName, success: () => resolve(), fail: reject });
  });
}

/**
 * 数据看板 (admins): a campaign's applications against quota, daily trend, cities, vouchers by state and
 * redemptions per hospital and month; cable requests of the last 30 days; the latest red list by city.
 * Each chart (admin.dashboard, one call per chart) has its numbers in a table under it and exports as a CSV
 * or XLSX file made by the server (admin.exportReport), opened with wx.openDocument.
 */
definePage({
  data: {
    text: TEXT,
    lists: LISTS,
    state: 'loading' as ViewState,
    campaigns: [] as { campaignId: string; title: string }[],
    campaignTitles: [] as string[],
    campaignIndex: 0,
    sections: [] as SectionShown[],
    chartWidth: 320,
    exporting: '' as string,
    exportProgress: '',
    exportFile: null as ExportShown | null,
  },
  onLoad() {
    this.setData({ chartWidth: Math.min(wx.getWindowInfo().windowWidth - 64, 640) });
    this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  async load() {
    const page = await this.runLoad(() => call('admin', 'listCampaigns', { page: 1 }));
    if (!page) return;
    const campaigns = page.items.map((c) => ({ campaignId: c.campaignId, title: c.title }));
    this.setData({ campaigns, campaignTitles: campaigns.map((c) => c.title), campaignIndex: 0 });
    await this.loadSections();
  },
  campaignId(): string | undefined {
    return this.data.campaigns[this.data.campaignIndex]?.campaignId;
  },
  async loadSections() {
    const sections = [...(this.campaignId() ? CAMPAIGN_SECTIONS : []), ...OTHER_SECTIONS];
    this.setData({ sections: sections.map(placeholder), exportFile: null });
    await Promise.all(sections.map((s) => this.loadSection(s)));
  },
  async loadSection(section: Section) {
    const index = this.data.sections.findIndex((s) => s.section === section);
    if (index < 0) return;
    const campaignId = this.campaignId();
    const path = `sections[${index}]`;
    this.setData({ [`${path}.state`]: 'loading' });
    let view: ChartView;
    try {
      view = await call('admin', 'dashboard', {
        section,
        ...(CAMPAIGN_SECTIONS.includes(section) ? { campaignId } : {}),
      });
    } catch {
      if (this.campaignId() === campaignId) this.setData({ [`${path}.state`]: 'error' });
      return;
    }
    // The admin picked another campaign meanwhile: that one's charts are loading.
    if (this.campaignId() !== campaignId) return;
    const patch = shown(view);
    this.setData(Object.fromEntries(Object.entries(patch).map(([k, v]) => [`${path}.${k}`, v])));
    if (!view.categories.length) return;
    try {
      await drawDashboardChart(`#chart-${section}`, view);
      this.setData({ [`${path}.drawn`]: true });
    } catch {
      // The table under the chart has every number.
      this.setData({ [`${path}.drawFailed`]: true });
    }
  },
  onCampaign(e: WechatMiniprogram.PickerChange) {
    const index = Number(e.detail.value);
    if (index === this.data.campaignIndex) return;
    this.setData({ campaignIndex: index });
    this.loadSections();
  },
  onRetry(e: WechatMiniprogram.BaseEvent) {
    this.loadSection(e.currentTarget.dataset.section as Section);
  },
  async onExport(e: WechatMiniprogram.BaseEvent) {
    const { report, format } = e.currentTarget.dataset as { report: Report; format: Format };
    if (this.data.exporting) return;
    const needsCampaign = !(report === 'cable' || report === 'cableList' || report === 'redlist');
    this.setData({ exporting: `${report}.${format}`, exportFile: null, exportProgress: '' });
    try {
      // A long list is a resumable job on the server: call again with its jobId while it is running.
      let job = await call('admin', 'exportReport', {
        report,
        format,
        ...(needsCampaign ? { campaignId: this.campaignId() } : {}),
      });
      while (job.status === 'running' && !this.unloaded) {
        this.setData({
          exportProgress: fill(TEXT.exportProgress, {
            done: groupDigits(job.progress.done),
            total: groupDigits(job.progress.total),
          }),
        });
        job = await call('admin', 'exportReport', { jobId: job.jobId });
      }
      const file = job.file;
      if (!file) return;
      this.setData({
        exportFile: {
          report,
          format,
          fileName: file.fileName,
          url: file.url,
          text: fill(TEXT.exported, { name: file.fileName, rows: groupDigits(file.rows) }),
        },
      });
      await this.openFile();
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ exporting: '', exportProgress: '' });
    }
  },
  onUnload() {
    this.unloaded = true;
  },
  unloaded: false,
  /** Downloads the exported file and hands it over; says so when it cannot (the link stays on screen). */
  async openFile() {
    const file = this.data.exportFile;
    if (!file) return;
    try {
      await handOver(await download(file.url), file.format, file.fileName);
    } catch {
      wx.showToast({ title: TEXT.openFailed, icon: 'none' });
    }
  },
  onOpenFile() {
    this.openFile();
  },
  onCopy() {
    const url = this.data.exportFile?.url;
    if (url) wx.setClipboardData({ data: url });
  },
});
