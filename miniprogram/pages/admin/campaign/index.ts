import type { ActionOutput, BeaconSourceView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { serviceLabel } from '../../../shared/services';
import { askText } from '../../../utils/cable-wx';
import { adminCampaignPhase, phaseLabel } from '../../../utils/campaign';
import { fill, groupDigits } from '../../../utils/format';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { formatDateTime } from '../../../utils/time';

type Detail = ActionOutput<'admin', 'campaignDetail'>;
type NoticeStatus = ActionOutput<'admin', 'noticeStatus'>;
type NextAction = Detail['nextActions'][number];
type StepAction = Exclude<NextAction, 'updateCampaign' | 'promoteWaitlist'>;

const TEXT = {
  loading: '正在加载活动',
  failed: '活动加载失败',
  settings: '活动设置',
  window: '申领时间',
  to: ' 至 ',
  cap: '每个申领人封顶',
  validity: '检测券有效期至',
  services: '可抵扣服务',
  beacon: '公开随机数来源',
  drandChoice: 'drand quicknet（发布时锁定截止后 10 分钟的轮次）',
  drand: 'drand {chain} 第 ',
  drandRound: ' 轮（约 ',
  drandProduced: ' 产生）',
  drandTest: '本地测试链',
  announced: '{issue}（开奖日期 ',
  announcedEnd: '）',
  noBeacon: '未选择（默认 drand quicknet）',
  commitment: '承诺值',
  snapshot: '申领快照',
  snapshotText: '{n} 份申领，哈希 {hash}',
  overdue: '已到截止时间，请截止申领后再摇号',
  pools: '各奖池',
  pool: '{label} · 面值 {face} 元',
  applied: '申领 {applied} / 名额 {quantity}',
  drawn: '中签 {winners} · 候补 {waitlist}',
  vouchers: '已发券 {issued} · 已核销 {redeemed} · 已过期 {expired} · 已作废 {void}',
  applications: '共 {n} 份申领',
  steps: '活动进程',
  stepNames: {
    openCampaign: '发布',
    closeCampaign: '截止',
    draw: '摇号',
    publishResults: '公布结果',
    promoteWaitlist: '递补',
  },
  stepDone: '已完成',
  stepNow: '下一步',
  edit: '编辑草稿',
  buttons: {
    openCampaign: '发布活动',
    closeCampaign: '截止申领',
    draw: '开始摇号',
    publishResults: '公布结果',
  } as Record<StepAction, string>,
  resumeDraw: '继续摇号',
  promote: '递补 {label}',
  confirm: {
    openCampaign:
      '发布后将锁定公开随机数来源并公开承诺值，草稿不能再修改。申领时间为 {opens} 至 {closes}，到时自动开始和截止。',
    closeCampaign: '截止后不再接受申领，并生成、公开申领快照（目前 {n} 份申领）。此操作不能撤销。',
    closeEarly: '现在尚未到截止时间（{closes}），提前截止将缩短申领时间。',
    draw: '将使用发布时锁定的公开随机数（{beacon}）按 draw-v1 算法摇号，为中签者发放检测券。摇号开始后不能更换随机数，中途离开本页可回来继续。',
    publishResults:
      '公布后中签名单、候补名单和摇号记录（含密钥）对所有人公开，可独立验证；申领人将收到结果通知。此操作不能撤销。',
    promoteWaitlist:
      '将按候补顺序把 {label} 的空余名额（{free} 个）递补给候补者（不超过封顶金额），递补者获得检测券并收到通知。',
  } as Record<StepAction | 'closeEarly' | 'promoteWaitlist', string>,
  numbersTitle: '请输入 {issue} 的开奖号码',
  numbersHint: '以空格分隔，例如“5 0 8”',
  numbersMissing: '请输入开奖号码',
  drawing: '正在摇号：{done} / {total} 批',
  drawStarting: '正在摇号：准备中…',
  drawProgress: '摇号进度',
  drawDone: '摇号完成',
  done: {
    openCampaign: '已发布',
    closeCampaign: '已截止',
    publishResults: '结果已公布',
    promoteWaitlist: '已递补 {n} 人',
  } as Record<string, string>,
  noneToPromote: '没有可递补的候补者',
  nothingToPromote: '暂无可递补的名额：中签者放弃或检测券作废后，可在这里按候补顺序递补。',
  notices: '结果通知',
  noticesLoading: '正在统计通知…',
  noticesFailed: '通知统计暂不可用',
  noticesQueueing: '正在为申领人生成通知：{done} / {total}',
  noticesCounts: [
    { key: 'queued', label: '已生成' },
    { key: 'sent', label: '已发送' },
    { key: 'skipped', label: '未订阅跳过' },
    { key: 'failed', label: '发送失败' },
    { key: 'pending', label: '待发送' },
  ],
  noticesRate: '每 {minutes} 分钟最多发送 {n} 条',
  refreshNotices: '刷新通知统计',
};

const STEPS: readonly Exclude<NextAction, 'updateCampaign'>[] = [
  'openCampaign',
  'closeCampaign',
  'draw',
  'publishResults',
  'promoteWaitlist',
];
/** How many steps a status has behind it. */
const STEPS_DONE: Record<string, number> = { draft: 0, open: 1, closed: 2, drawn: 3, published: 4 };

/** A piece of a line; dates and long numbers stay on one line (`nowrap`). */
interface Piece {
  t: string;
  nowrap: boolean;
}

/** The beacon source as pieces to render, and as one sentence for the draw's confirmation. */
function beaconPieces(source: BeaconSourceView | null, choice: Detail['beaconChoice']): Piece[] {
  const plain = (t: string): Piece => ({ t, nowrap: false });
  const kept = (t: string): Piece => ({ t, nowrap: true });
  if (source?.type === 'drand')
    return [
      plain(fill(TEXT.drand, { chain: source.test ? TEXT.drandTest : source.chain })),
      kept(String(source.round)),
      plain(TEXT.drandRound),
      kept(formatDateTime(source.roundTime)),
      plain(TEXT.drandProduced),
    ];
  const announced = source?.type === 'announced' ? source : choice?.type === 'announced' ? choice : null;
  if (announced)
    return [
      plain(fill(TEXT.announced, { issue: announced.issue })),
      kept(announced.drawDate),
      plain(TEXT.announcedEnd),
    ];
  return [plain(choice?.type === 'drand' ? TEXT.drandChoice : TEXT.noBeacon)];
}

function poolLabel(p: { poolId: string; label: string | null }): string {
  return p.label ? `${p.label}（${p.poolId}）` : p.poolId;
}

function view(d: Detail, nowMs: number) {
  const c = d.campaign;
  const phase = phaseLabel(adminCampaignPhase(c, nowMs));
  const doneCount = STEPS_DONE[c.status] ?? 0;
  const drawJobRunning = c.status === 'closed' && d.drawJob?.status === 'running';
  return {
    title: c.title,
    description: c.description,
    phaseLabel: phase.label,
    tagClass: phase.tag,
    opensText: formatDateTime(c.opensAt),
    closesText: formatDateTime(c.closesAt),
    capText: `${groupDigits(c.cap)} 元`,
    validityText: c.voucherValidUntil,
    servicesText: c.services.map(serviceLabel).join('、'),
    beaconPieces: beaconPieces(c.beaconSource, d.beaconChoice),
    beaconText: beaconPieces(c.beaconSource, d.beaconChoice)
      .map((p) => p.t)
      .join(''),
    commitment: c.commitment ?? '',
    snapshotText:
      c.snapshotCount === null ? '' : fill(TEXT.snapshotText, { n: c.snapshotCount, hash: c.snapshotHash ?? '' }),
    applicationsText: fill(TEXT.applications, { n: groupDigits(d.applications) }),
    pools: d.pools.map((p) => ({
      poolId: p.poolId,
      title: fill(TEXT.pool, { label: poolLabel(p), face: groupDigits(p.faceValue) }),
      appliedText: fill(TEXT.applied, { applied: groupDigits(p.applied), quantity: groupDigits(p.quantity) }),
      drawnText: p.winners === null ? '' : fill(TEXT.drawn, { winners: p.winners, waitlist: p.waitlist ?? 0 }),
      vouchersText: fill(TEXT.vouchers, { issued: p.issued, redeemed: p.redeemed, expired: p.expired, void: p.void }),
      promotable: p.promotable && d.nextActions.includes('promoteWaitlist'),
      promoteLabel: fill(TEXT.promote, { label: poolLabel(p) }),
      free: p.quantity - p.issued - p.redeemed,
    })),
    steps: STEPS.map((key, i) => ({
      key,
      label: TEXT.stepNames[key],
      mark: i < doneCount ? TEXT.stepDone : i === doneCount ? TEXT.stepNow : '',
      done: i < doneCount,
    })),
    canEdit: d.nextActions.includes('updateCampaign'),
    actions: d.nextActions
      .filter((a): a is StepAction => a !== 'updateCampaign' && a !== 'promoteWaitlist')
      .map((key) => ({ key, label: key === 'draw' && d.drawJob ? TEXT.resumeDraw : TEXT.buttons[key] })),
    drawJobRunning,
    published: c.status === 'published',
    nothingToPromote: c.status === 'published' && d.nextActions.length === 0,
    overdue: d.overdue,
  };
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One campaign for admins (campaignDetail): its settings, per-pool figures, the lifecycle with exactly the
 * next actions the server allows, each after a confirmation saying what it does. The draw keeps calling
 * `draw` while it answers `running` and shows its progress; leaving the page stops the calls, and coming
 * back to a campaign whose draw job is running resumes it (the draw is resumable and idempotent).
 * Once published, the result notices' counts (noticeStatus).
 */
definePage({
  data: {
    text: TEXT,
    campaignId: '',
    state: 'loading' as ViewState,
    detail: null as Detail | null,
    v: null as ReturnType<typeof view> | null,
    busy: false,
    drawing: false,
    drawText: '',
    drawPercent: 0,
    notices: null as (NoticeStatus & { rateText: string; queueingText: string }) | null,
    noticesState: '' as '' | 'loading' | 'error',
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ campaignId: query.campaignId ?? '' });
  },
  onShow() {
    (this as unknown as { unloaded: boolean }).unloaded = false;
    this.load(!!this.data.detail);
  },
  onUnload() {
    // The draw loop stops after its current call; reopening the page resumes it.
    (this as unknown as { unloaded: boolean }).unloaded = true;
  },
  async onPullDownRefresh() {
    await this.load(false);
    wx.stopPullDownRefresh();
  },
  async load(quietly = false) {
    const task = () => call('admin', 'campaignDetail', { campaignId: this.data.campaignId });
    let detail: Detail | null = null;
    if (quietly) {
      try {
        detail = await task();
      } catch {
        return;
      }
    } else {
      detail = await this.runLoad(task);
    }
    if (!detail) return;
    this.show(detail);
    if (detail.campaign.status === 'published') this.loadNotices();
    if (detail.campaign.status === 'closed' && detail.drawJob?.status === 'running' && !this.data.drawing) {
      this.runDraw(null);
    }
  },
  show(detail: Detail) {
    wx.setNavigationBarTitle({ title: detail.campaign.title });
    this.setData({ detail, v: view(detail, Date.now()) });
  },
  async loadNotices() {
    this.setData({ noticesState: 'loading' });
    try {
      const n = await call('admin', 'noticeStatus', { campaignId: this.data.campaignId });
      this.setData({
        noticesState: '',
        notices: {
          ...n,
          rateText: fill(TEXT.noticesRate, { minutes: n.runEveryMinutes, n: n.perRun }),
          queueingText:
            n.queueing.status === 'running'
              ? fill(TEXT.noticesQueueing, { done: n.queueing.done, total: n.queueing.total })
              : '',
        },
      });
    } catch {
      this.setData({ noticesState: 'error' });
    }
  },
  onEdit() {
    openPage(withQuery(PAGES.adminCampaignForm, { campaignId: this.data.campaignId }));
  },
  async onStep(e: WechatMiniprogram.BaseEvent) {
    const key = String(e.currentTarget.dataset.key) as StepAction;
    const detail = this.data.detail;
    if (!detail || this.data.busy || this.data.drawing || !detail.nextActions.includes(key)) return;
    const c = detail.campaign;
    let content = fill(TEXT.confirm[key], {
      opens: formatDateTime(c.opensAt),
      closes: formatDateTime(c.closesAt),
      n: detail.applications,
      beacon: this.data.v?.beaconText ?? '',
    });
    if (key === 'closeCampaign' && !detail.overdue)
      content = `${fill(TEXT.confirm.closeEarly, { closes: formatDateTime(c.closesAt) })}${content}`;
    const answer = await wx.showModal({ title: TEXT.buttons[key], content, confirmText: TEXT.buttons[key] });
    if (!answer.confirm) return;
    if (key === 'draw') {
      const source = c.beaconSource;
      let announced: { issue: string; numbers: string } | null = null;
      // A draw already started reuses the numbers it was started with.
      if (source?.type === 'announced' && !detail.drawJob) {
        const numbers = await askText(fill(TEXT.numbersTitle, { issue: source.issue }), TEXT.numbersHint, (t) =>
          t.trim() ? '' : TEXT.numbersMissing,
        );
        if (numbers === null) return;
        announced = { issue: source.issue, numbers };
      }
      await this.runDraw(announced);
      return;
    }
    this.setData({ busy: true });
    try {
      const campaignId = this.data.campaignId;
      if (key === 'openCampaign') await call('admin', 'openCampaign', { campaignId });
      else if (key === 'closeCampaign') await call('admin', 'closeCampaign', { campaignId });
      else await call('admin', 'publishResults', { campaignId });
      wx.showToast({ title: TEXT.done[key], icon: 'success' });
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ busy: false });
    }
    await this.load(true);
  },
  async onPromote(e: WechatMiniprogram.BaseEvent) {
    const poolId = String(e.currentTarget.dataset.pool);
    const pool = this.data.v?.pools.find((p) => p.poolId === poolId);
    if (!pool || this.data.busy) return;
    const answer = await wx.showModal({
      title: pool.promoteLabel,
      content: fill(TEXT.confirm.promoteWaitlist, { label: pool.title, free: pool.free }),
      confirmText: TEXT.stepNames.promoteWaitlist,
    });
    if (!answer.confirm) return;
    this.setData({ busy: true });
    try {
      const result = await call('admin', 'promoteWaitlist', { campaignId: this.data.campaignId, poolId });
      wx.showToast({
        title: result.promoted.length
          ? fill(TEXT.done.promoteWaitlist, { n: result.promoted.length })
          : TEXT.noneToPromote,
        icon: result.promoted.length ? 'success' : 'none',
      });
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ busy: false });
    }
    await this.load(true);
  },
  /**
   * Calls `draw` until it answers `done`, showing its progress. A call that finds another holding the
   * draw's lease answers `running` without progress: the next call waits a moment first.
   */
  async runDraw(announced: { issue: string; numbers: string } | null) {
    if (this.data.drawing) return;
    const job = this.data.detail?.drawJob;
    this.setData({ drawing: true });
    this.showDrawProgress(job ? job.progress : null);
    const self = this as unknown as { unloaded: boolean };
    let last = -1;
    try {
      for (;;) {
        const answer = await call('admin', 'draw', {
          campaignId: this.data.campaignId,
          ...(announced ? { announced } : {}),
        });
        this.showDrawProgress(answer.progress);
        if (answer.status === 'done') {
          wx.showToast({ title: TEXT.drawDone, icon: 'success' });
          break;
        }
        if (self.unloaded) return;
        if (answer.progress.done === last) await wait(1000);
        last = answer.progress.done;
      }
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ drawing: false });
    }
    if (!self.unloaded) await this.load(true);
  },
  showDrawProgress(progress: { done: number; total: number } | null) {
    if (!progress || progress.total === 0) {
      this.setData({ drawText: TEXT.drawStarting, drawPercent: 0 });
      return;
    }
    this.setData({
      drawText: fill(TEXT.drawing, { done: progress.done, total: progress.total }),
      drawPercent: Math.round((progress.done / progress.total) * 100),
    });
  },
});
