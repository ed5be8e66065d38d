import type { ApplicationView, CampaignView, HospitalView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { describeBeacon, type BeaconDisplay } from '../../../utils/beacon';
import { summarizeCampaign, type CampaignSummary, type Phase } from '../../../utils/campaign';
import { formatYuan, groupDigits } from '../../../utils/format';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { formatChineseDate } from '../../../utils/time';
import { serviceLabel } from '../../../shared/services';
import { APPLICANT_TYPES } from '../../../shared/vouchers';
import { figuresView, type FiguresView, type LiveFigures } from '../../../utils/live-figures';
import { VOUCHER_PAGES, applicationOutcome, poolLabel, poolLabels } from '../../../utils/voucher';

const TEXT = {
  loading: '正在加载活动',
  empty: '活动不存在或尚未发布',
  failed: '活动加载失败',
  opensAt: '开始时间：',
  closesAt: '截止时间：',
  opensIn: '距申领开始还有 ',
  closesIn: '距申领截止还有 ',
  rules: '申领规则',
  cap: '封顶金额',
  capBody: '每个申领人可同时申领多种面值，中签金额合计最高不超过 {cap}。',
  validUntil: '检测券有效期至',
  pools: '面值与数量',
  poolQuantity: '{n} 份',
  who: '申领对象',
  poolWho: '申领对象：',
  whoEnterprise: '企业：广东省内登记的企业，须先在“我的”中绑定企业，每户企业限申领一次。',
  whoPerson: '个人：电线电缆终端用户和消费者，须先验证本人手机号，每个手机号限申领一次。',
  services: '可抵扣的服务',
  hospitals: '可使用的产品医院（{n} 家）',
  hospitalServices: '可抵扣：',
  showAllHospitals: '展开全部 {n} 家产品医院',
  showFewerHospitals: '收起',
  hospitalContacts: '查看产品医院地址和电话',
  fairness: '公开摇号',
  fairnessBody:
    '活动开放时即公布下方“承诺值”（由一个保密随机数计算得出，之后无法更改），并锁定公开随机数的来源。申领截止后锁定全部申领名单，再用这一来源在截止后才产生的随机数摇号；结果公布时公开保密随机数和完整记录，任何人都可以复算。',
  commitment: '承诺值（SHA-256）',
  noCommitment: '活动开放时公布',
  beaconSource: '公开随机数来源',
  noBeaconSource: '活动开放时锁定',
  beaconValue: '公开随机数',
  copyBeaconUrl: '复制查询链接',
  beaconUrlCopied: '查询链接已复制',
  verify: '查看摇号验证方法',
  mine: '我的申领',
  minePools: '申领面值：',
  mineAs: '申领身份：',
  apply: '立即申领',
  viewMine: '查看我的申领',
  results: '查看结果',
  upcoming: '尚未开始申领',
  awaiting: '申领已截止，等待摇号',
  drawn: '已摇号，结果待公布',
  shareTitle: '产品质量检测券：',
  shareFallback: '产品质量检测券申领',
};

const HOSPITALS_SHOWN = 3;

function shareTitleOf(detail: { summary: { title: string } } | null): string {
  return detail?.summary.title ? `${TEXT.shareTitle}${detail.summary.title}` : TEXT.shareFallback;
}

interface PoolRow {
  poolId: string;
  label: string;
  faceValueText: string;
  quantityText: string;
  whoText: string;
}

interface HospitalRow {
  hospitalId: string;
  name: string;
  city: string;
  servicesText: string;
}

interface MineView {
  label: string;
  tag: string;
  asText: string;
  poolsText: string;
  details: string[];
}

type ActionKind = 'apply' | 'mine' | 'results' | 'none';

interface Detail {
  summary: CampaignSummary;
  description: string;
  capText: string;
  validUntilText: string;
  servicesText: string;
  commitment: string;
  beacon: BeaconDisplay | null;
  countdown: { until: string; prefix: string } | null;
  pools: PoolRow[];
  hasPersonPools: boolean;
  hasEnterprisePools: boolean;
  hospitals: HospitalRow[];
  hospitalsTitle: string;
  manyHospitals: boolean;
  allHospitalsLabel: string;
  mine: MineView | null;
  action: { kind: ActionKind; label: string };
  /** A second button: my application after publication (the main one shows results). */
  showMineLink: boolean;
  /** Applicants per pool and the odds while open; final counts after (none before opening or if unavailable). */
  figures: FiguresView | null;
}

function buildDetail(
  campaign: CampaignView,
  hospitals: HospitalView[],
  mine: ApplicationView | null,
  nowMs: number,
  figures: LiveFigures | null = null,
): Detail {
  const summary = summarizeCampaign(campaign, nowMs);
  const phase: Phase = summary.phase;
  const pools = campaign.pools.map((p) => ({
    poolId: p.poolId,
    label: poolLabel(p),
    faceValueText: formatYuan(p.faceValue),
    quantityText: TEXT.poolQuantity.replace('{n}', groupDigits(p.quantity)),
    whoText: p.applicantTypes.map((t) => APPLICANT_TYPES[t]).join('、'),
  }));
  let action: Detail['action'];
  if (phase === 'accepting')
    action = mine ? { kind: 'mine', label: TEXT.viewMine } : { kind: 'apply', label: TEXT.apply };
  else if (phase === 'published') action = { kind: 'results', label: TEXT.results };
  else if (phase === 'upcoming') action = { kind: 'none', label: TEXT.upcoming };
  else if (phase === 'drawn') action = { kind: 'none', label: TEXT.drawn };
  else action = { kind: 'none', label: TEXT.awaiting };
  let mineView: MineView | null = null;
  if (mine) {
    const outcome = applicationOutcome(mine, campaign.pools);
    mineView = {
      label: outcome.label,
      tag: outcome.tag,
      asText: `${APPLICANT_TYPES[mine.applicantType]} · ${mine.applicantName}`,
      poolsText: poolLabels(mine.poolIds, campaign.pools).join('、'),
      details: outcome.details,
    };
  }
  return {
    summary,
    description: campaign.description,
    capText: TEXT.capBody.replace('{cap}', formatYuan(campaign.cap)),
    validUntilText: formatChineseDate(campaign.voucherValidUntil),
    servicesText: campaign.services.map(serviceLabel).join('、'),
    commitment: campaign.commitment ?? '',
    beacon: campaign.beaconSource ? describeBeacon(campaign.beaconSource) : null,
    countdown:
      phase === 'upcoming'
        ? { until: campaign.opensAt, prefix: TEXT.opensIn }
        : phase === 'accepting'
          ? { until: campaign.closesAt, prefix: TEXT.closesIn }
          : null,
    pools,
    hasPersonPools: campaign.pools.some((p) => p.applicantTypes.includes('person')),
    hasEnterprisePools: campaign.pools.some((p) => p.applicantTypes.includes('enterprise')),
    hospitals: hospitals.map((h) => ({
      hospitalId: h.hospitalId,
      name: h.name,
      city: h.city,
      servicesText: h.services.map(serviceLabel).join('、'),
    })),
    manyHospitals: hospitals.length > HOSPITALS_SHOWN,
    hospitalsTitle: TEXT.hospitals.replace('{n}', String(hospitals.length)),
    allHospitalsLabel: TEXT.showAllHospitals.replace('{n}', String(hospitals.length)),
    mine: mineView,
    action,
    showMineLink: !!mine && phase !== 'accepting',
    figures: figures && phase !== 'upcoming' ? figuresView(figures, campaign.pools) : null,
  };
}

/**
 * One campaign: its rules, window, hospitals, commitment and pinned beacon source, the caller's application, and the one
 * next step the phase allows (apply while open, results once published).
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    campaignId: '',
    detail: null as Detail | null,
    showAllHospitals: false,
    shownHospitals: [] as HospitalRow[],
    loaded: false,
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ campaignId: query.campaignId ?? '' });
    wx.showShareMenu({ menus: ['shareAppMessage', 'shareTimeline'] });
    this.load();
  },
  /** Opens this campaign; the page works without an application or a login (getCampaign is public). */
  onShareAppMessage(): WechatMiniprogram.Page.ICustomShareContent {
    return {
      title: shareTitleOf(this.data.detail),
      path: withQuery(VOUCHER_PAGES.campaign, { campaignId: this.data.campaignId }),
    };
  },
  onShareTimeline(): WechatMiniprogram.Page.ICustomTimelineContent {
    return { title: shareTitleOf(this.data.detail), query: `campaignId=${encodeURIComponent(this.data.campaignId)}` };
  },
  /** Back from the form or my applications: the application may have changed. */
  onShow() {
    if (this.data.loaded) this.refresh();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  async fetch(): Promise<Detail | null> {
    const { campaignId } = this.data;
    if (!campaignId) return null;
    try {
      const campaign = call('voucher', 'getCampaign', { campaignId });
      // The counts come from their own cached action, at the same time; the page works without them.
      const figures = call('voucher', 'liveFigures', { campaignId }).catch(() => null);
      const res = await campaign;
      return buildDetail(res.campaign, res.hospitals, res.myApplication, Date.now(), await figures);
    } catch (error) {
      // A missing or draft campaign is an empty page, not a failure to retry.
      if (error instanceof ApiError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  },
  async load() {
    const detail = await this.runLoad(
      () => this.fetch(),
      (d) => d === null,
    );
    if (detail === null && this.data.state === 'error') return;
    this.setData({ detail, loaded: true });
    this.showHospitals();
  },
  /** A quiet reload: the page stays as it is if it fails. */
  async refresh() {
    try {
      const detail = await this.fetch();
      if (detail) {
        this.setData({ detail, state: 'ready' });
        this.showHospitals();
      }
    } catch {
      // Keep what is shown; pull-down refresh reports errors.
    }
  },
  onCountdownEnd() {
    this.load();
  },
  showHospitals() {
    const all = this.data.detail?.hospitals ?? [];
    this.setData({ shownHospitals: this.data.showAllHospitals ? all : all.slice(0, HOSPITALS_SHOWN) });
  },
  onToggleHospitals() {
    this.setData({ showAllHospitals: !this.data.showAllHospitals });
    this.showHospitals();
  },
  onAction() {
    const detail = this.data.detail;
    if (!detail) return;
    const campaignId = this.data.campaignId;
    switch (detail.action.kind) {
      case 'apply':
        openPage(withQuery(VOUCHER_PAGES.apply, { campaignId }));
        break;
      case 'mine':
        openPage(VOUCHER_PAGES.myApplications);
        break;
      case 'results':
        openPage(withQuery(VOUCHER_PAGES.results, { campaignId }));
        break;
    }
  },
  onMine() {
    openPage(VOUCHER_PAGES.myApplications);
  },
  onCopyBeaconUrl() {
    const url = this.data.detail?.beacon?.lookupUrl;
    if (!url) return;
    wx.setClipboardData({
      data: url,
      success: () => wx.showToast({ title: TEXT.beaconUrlCopied, icon: 'none' }),
      fail: (error) => toastError(error),
    });
  },
  onVerify() {
    openPage(withQuery(VOUCHER_PAGES.verify, { campaignId: this.data.campaignId }));
  },
  onHospitals() {
    openPage(PAGES.hospitals);
  },
});
