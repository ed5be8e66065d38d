import type { SessionAdminView, TrainingStatsRow, TrainingStatsView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { randomId } from '../../../utils/cable';
import { uploadToCloud } from '../../../utils/cable-wx';
import { fill } from '../../../utils/format';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { formatDateTime } from '../../../utils/time';
import { chooseTableFile, shareDownload, tableExtension } from '../files';

const TEXT = {
  title: '培训管理',
  intro: '培训场次的新建、修改、取消和导入，主办单位与签到员，以及培训统计。',
  tabs: { sessions: '场次', stats: '统计', import: '导入', organisers: '主办单位' },
  loading: '正在加载',
  empty: '还没有培训场次',
  failed: '加载失败',
  newSession: '新建场次',
  edit: '修改',
  cancel: '取消场次',
  cancelTitle: '取消场次',
  cancelPlaceholder: '请填写取消原因（参训人员可见）',
  cancelNeedReason: '请填写取消原因',
  cancelled: '已取消该场次，已通知参训人员',
  seats: '名额 {capacity} · 已确认 {confirmed} · 候补 {waiting} · 已签到 {checkedIn}',
  online: '线上直播',
  more: '加载更多',
  // stats
  statsIntro: '统计已举办（已结束且未取消）的场次。',
  groups: { byProgramme: '按培训计划', byCity: '按城市', byCluster: '按产业集聚区' },
  columns: ['名称', '场次', '名额', '报名', '签到', '到课率', '企业', '评分'],
  exportCsv: '导出 CSV',
  exporting: '正在生成…',
  exported: '已生成 {rows} 行',
  shareUnsupported: '当前环境不能转发文件，请在手机微信中操作',
  downloadFailed: '文件下载失败，请重试',
  // import
  importIntro:
    '导入 CSV 或 XLSX：场次编号、课程名称、主办单位、培训计划、培训形式、城市、产业集聚区、培训地点、直播链接、开始时间、结束时间、报名开始、报名截止、名额、每家企业限报、费用、课程大纲。同一场次编号再次导入会更新该场次，不会重复。',
  choose: '选择文件并导入',
  badExtension: '请选择 CSV 或 XLSX 文件',
  uploadFailed: '文件上传失败，请重试',
  importing: '正在导入…',
  importResult: '新增 {created} 场，更新 {updated} 场，{errors} 行未导入',
  errorLine: '第 {line} 行：{reason}',
  // organisers
  addOrganiser: '新增主办单位',
  organiserPlaceholder: '主办单位名称',
  trainers: '签到员 {n} 人',
  bindTrainer: '绑定签到员',
  bindPlaceholder: '签到员的用户 OPENID（需先打开过小程序）',
  bound: '已绑定',
  saved: '已保存',
};

type Tab = keyof typeof TEXT.tabs;

interface SessionCard {
  sessionId: string;
  title: string;
  phaseLabel: string;
  timeText: string;
  placeText: string;
  seatsText: string;
  cancellable: boolean;
  cancelLabel: string;
  editLabel: string;
}

function card(s: SessionAdminView): SessionCard {
  return {
    sessionId: s.sessionId,
    title: s.title,
    phaseLabel: s.phaseLabel,
    timeText: formatDateTime(s.startAt),
    placeText: s.format === 'online' ? TEXT.online : [s.city, s.cluster, s.venue].filter(Boolean).join(' · '),
    seatsText: fill(TEXT.seats, {
      capacity: s.capacity,
      confirmed: s.confirmedCount,
      waiting: s.waitlistCount,
      checkedIn: s.checkedInCount,
    }),
    cancellable: s.phase !== 'cancelled' && s.phase !== 'ended',
    cancelLabel: `${TEXT.cancel}：${s.title}`,
    editLabel: `${TEXT.edit}：${s.title}`,
  };
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const statsCells = (r: TrainingStatsRow) => [
  r.label,
  String(r.sessionsHeld),
  String(r.seats),
  String(r.signups),
  String(r.checkedIn),
  percent(r.attendanceRate),
  String(r.enterprisesTrained),
  r.ratingAverage === null ? '—' : `${r.ratingAverage}（${r.ratingCount}）`,
];

function statsTables(view: TrainingStatsView) {
  return [
    { key: 'totals', title: '', rows: [statsCells(view.totals)] },
    ...(['byProgramme', 'byCity', 'byCluster'] as const).map((key) => ({
      key,
      title: TEXT.groups[key],
      rows: view[key].map(statsCells),
    })),
  ];
}

/** A one-line answer typed into WeChat's editable dialog (trimmed), or null when it was dismissed. */
function askText(title: string, placeholderText: string, danger = false): Promise<string | null> {
  return new Promise((resolve) =>
    wx.showModal({
      title,
      editable: true,
      placeholderText,
      ...(danger ? { confirmColor: '#FA5151' } : {}),
      success: (res) => resolve(res.confirm ? (res.content ?? '').trim() : null),
      fail: () => resolve(null),
    }),
  );
}

/**
 * The regulator's training desk: sessions (new, edit, call off with a reason), statistics with a CSV,
 * imports of sessions from a table, organisers and their check-in staff.
 */
definePage({
  data: {
    text: TEXT,
    tabList: (Object.keys(TEXT.tabs) as Tab[]).map((key) => ({ key, label: TEXT.tabs[key] })),
    tab: 'sessions' as Tab,
    state: 'loading' as ViewState,
    sessions: [] as SessionCard[],
    page: 1,
    hasMore: false,
    stats: [] as ReturnType<typeof statsTables>,
    exportText: '',
    importText: '',
    importErrors: [] as string[],
    organisers: [] as { organiserId: string; name: string; trainersText: string; bindLabel: string }[],
    busy: false,
  },
  onLoad() {
    this.load();
  },
  onShow() {
    // Back from the form: the list may have changed.
    if (this.data.tab === 'sessions' && this.data.state === 'ready') this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  onTab(e: WechatMiniprogram.BaseEvent) {
    const tab = e.currentTarget.dataset.key as Tab;
    if (tab === this.data.tab) return;
    this.setData({ tab });
    this.load();
  },
  async load() {
    const tab = this.data.tab;
    if (tab === 'import') {
      this.setData({ state: 'ready' });
      return;
    }
    await this.runLoad(async () => {
      if (tab === 'sessions') {
        const res = await call('training', 'adminSessions', { page: 1 });
        this.setData({ sessions: res.items.map(card), page: 1, hasMore: res.total > res.items.length });
      } else if (tab === 'stats') {
        this.setData({ stats: statsTables(await call('training', 'trainingStats', {})) });
      } else {
        const res = await call('training', 'listOrganisers', {});
        this.setData({
          organisers: res.items.map((o) => ({
            organiserId: o.organiserId,
            name: o.name,
            trainersText: fill(TEXT.trainers, { n: o.trainerCount }),
            bindLabel: `${TEXT.bindTrainer}：${o.name}`,
          })),
        });
      }
      return true;
    });
  },
  async onMore() {
    if (this.data.busy) return;
    this.setData({ busy: true });
    try {
      const page = this.data.page + 1;
      const res = await call('training', 'adminSessions', { page });
      const sessions = [...this.data.sessions, ...res.items.map(card)];
      this.setData({ sessions, page, hasMore: res.total > sessions.length });
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ busy: false });
    }
  },
  onNew() {
    openPage(PAGES.adminTrainingForm);
  },
  onEdit(e: WechatMiniprogram.BaseEvent) {
    openPage(withQuery(PAGES.adminTrainingForm, { sessionId: String(e.currentTarget.dataset.id) }));
  },
  async onCancelSession(e: WechatMiniprogram.BaseEvent) {
    const sessionId = String(e.currentTarget.dataset.id);
    const reason = await askText(TEXT.cancelTitle, TEXT.cancelPlaceholder, true);
    if (reason === null) return;
    if (!reason) {
      wx.showToast({ title: TEXT.cancelNeedReason, icon: 'none' });
      return;
    }
    await this.changeThenReload(() => call('training', 'cancelSession', { sessionId, reason }), TEXT.cancelled);
  },
  /** One change from a dialog: done → its toast and the tab again; refused → the server's words. */
  async changeThenReload(change: () => Promise<unknown>, doneText: string) {
    try {
      await change();
      wx.showToast({ title: doneText, icon: 'none' });
      await this.load();
    } catch (error) {
      toastError(error);
    }
  },
  async onExport() {
    if (this.data.busy) return;
    this.setData({ busy: true, exportText: TEXT.exporting });
    try {
      const res = await call('training', 'trainingStatsCsv', {});
      this.setData({ exportText: fill(TEXT.exported, { rows: res.rows }) });
      await shareDownload(res.url, '培训统计.csv', TEXT);
    } catch (error) {
      this.setData({ exportText: '' });
      toastError(error);
    } finally {
      this.setData({ busy: false });
    }
  },
  onChooseFile() {
    chooseTableFile((path, name) => this.importFile(path, name));
  },
  async importFile(path: string, name: string) {
    const ext = tableExtension(path, name);
    if (!ext) {
      wx.showToast({ title: TEXT.badExtension, icon: 'none' });
      return;
    }
    if (this.data.busy) return;
    this.setData({ busy: true, importText: TEXT.importing, importErrors: [] });
    try {
      let fileID: string;
      try {
        fileID = await uploadToCloud(`training-imports/${randomId()}.${ext}`, path);
      } catch {
        throw new ApiError('NETWORK', TEXT.uploadFailed);
      }
      const res = await call('training', 'importSessions', { fileID });
      this.setData({
        importText: fill(TEXT.importResult, { created: res.created, updated: res.updated, errors: res.errors.length }),
        importErrors: res.errors.map((e) => fill(TEXT.errorLine, { line: e.line, reason: e.reason })),
      });
    } catch (error) {
      this.setData({ importText: '' });
      toastError(error);
    } finally {
      this.setData({ busy: false });
    }
  },
  async onAddOrganiser() {
    const name = await askText(TEXT.addOrganiser, TEXT.organiserPlaceholder);
    if (name) await this.changeThenReload(() => call('training', 'saveOrganiser', { name }), TEXT.saved);
  },
  async onBindTrainer(e: WechatMiniprogram.BaseEvent) {
    const organiserId = String(e.currentTarget.dataset.id);
    const openid = await askText(TEXT.bindTrainer, TEXT.bindPlaceholder);
    if (openid) await this.changeThenReload(() => call('training', 'bindTrainer', { organiserId, openid }), TEXT.bound);
  },
});
