import type { CaseOfferView } from '../../../typings/api';
import { definePage, type ViewState } from '../../definitions/index';
import { call } from '../../services/api';
import { campaignPhase } from '../../utils/campaign';
import { CABLE_PAGES } from '../../utils/cable';
import { fill } from '../../utils/format';
import { caseFormUrl, countTiles, HELP_PAGES, offerCaseUrl } from '../../utils/help';
import { PAGES, TAB_PAGES, openPage, withQuery } from '../../utils/nav';
import { formatDate } from '../../utils/time';
import { VOUCHER_PAGES } from '../../utils/voucher';

/**
 * The 帮扶 tab: the quality help the platform gives, in one place. 问诊 (a problem case answered by an
 * expert of the 专家库), 质量体检 (the check-up questionnaire), the free cable quick screen (its front
 * page as the 筛查 tab had it) and the product hospitals. The static parts show at once, even offline;
 * the public counts, an enterprise's failed-sampling offers and its open cases load beside them, and a
 * failure of any of these leaves the rest of the tab as it is.
 */
const TEXT = {
  title: '质量帮扶',
  intro: '为广东省工业产品经营者免费提供产品质量管控“体检”和质量提升技术帮扶服务。',
  countsLoading: '正在统计帮扶数据',
  countsFailed: '帮扶数据暂时无法加载',
  /** A count as a screen reader says it. */
  countLabel: '{label} {value} {unit}',
  offerTitle: '抽检不合格，可请专家帮忙整改',
  /** {product}（抽样日期 {date}）在监督抽检中不合格。 — the date kept on one line. */
  offerSampled: '（抽样日期 ',
  offerFailed: '）在监督抽检中不合格。',
  offerItems: '不合格项目：{items}',
  offerAction: '免费请专家帮忙整改',
  offerOpened: '已发起问诊，查看进度',
  consult: '专家问诊',
  consultBody:
    '产品抽检不合格、标准看不懂、检测认证、生产工艺、出口技术壁垒等质量问题，在线描述后由对口专业的技术专家接单答复，首次答复不超过 2 个工作日。',
  openCase: '我要问诊',
  myCases: '我的问诊',
  myCasesOpen: '我的问诊（处理中 {n} 个）',
  checkup: '质量体检',
  checkupBody: '回答一份质量管理问卷，得到各方面的得分、发现的问题和下一步建议。',
  startCheckup: '开始质量体检',
  hospitals: '产品医院',
  hospitalsBody: '省级“产品医院”提供产品检测、“问诊”和质量技术服务，检测券可在这里抵扣费用。',
  openHospitals: '查看产品医院',
  // The quick screen's front page, as the 筛查 tab had it.
  cableTitle: '电线电缆快速筛查',
  paragraphs: [
    '针对“非标”电线电缆问题，免费向各类主体提供电线电缆质量问题快速筛查服务，不受名额限制。',
    '另面向电线电缆终端用户和消费者发放 1000 份电线电缆专用检测券（每份面额 1000 元），可在“检测券”中申领。',
  ],
  who: '消费者、企业、施工单位和装修公司都可以申请，每人最多同时有 5 个申请在处理。',
  apply: '申请筛查',
  myRequests: '我的筛查申请',
  vouchers: '申领电线电缆专用检测券',
  finding: '正在查找申领活动',
  stepsTitle: '快速筛查怎么办理',
  steps: [
    { key: 'submit', title: '在线申请', body: '填写电线电缆的型号、规格、品牌和厂家，可上传线盘标签、合格证等照片。' },
    { key: 'accept', title: '产品医院受理', body: '省级产品医院受理后与你联系，约定自行送样或上门取样。' },
    { key: 'screen', title: '快速筛查', body: '对样品的导体、绝缘、标志等进行快速检查。' },
    {
      key: 'result',
      title: '查看结论和报告',
      body: '在“我的筛查申请”中查看结论和筛查报告；发现问题可投诉举报或申领检测券做正式检测。',
    },
  ],
  problemsTitle: '“非标”电线电缆常见问题',
  problems: [
    {
      key: 'thin',
      title: '导体偏细（截面“缩水”）',
      body: '标称 2.5 mm² 的电线，实际铜芯截面明显偏小，导体电阻超标，通电后容易发热，埋下火灾隐患。',
    },
    {
      key: 'insulation',
      title: '绝缘厚度不足',
      body: '绝缘层或护套偏薄、用回收料，耐压和耐老化性能差，使用几年就可能开裂、漏电。',
    },
    {
      key: 'marking',
      title: '标志缺失或与实物不符',
      body: '电线表面没有连续印字，或型号、规格、厂名与线盘标签、合格证不一致，出了问题难以追溯。',
    },
  ],
};

interface CountTile {
  key: string;
  value: string;
  unit: string;
  label: string;
  ariaLabel: string;
}

interface OfferCard {
  offerId: string;
  caseId: string;
  product: string;
  date: string;
  items: string;
  url: string;
}

function offerCard(offer: CaseOfferView): OfferCard {
  return {
    offerId: offer.offerId,
    caseId: offer.caseId ?? '',
    product: offer.productName,
    date: formatDate(offer.sampledAt) || offer.sampledAt,
    items: offer.failedItems ? fill(TEXT.offerItems, { items: offer.failedItems }) : '',
    url: offerCaseUrl(offer),
  };
}

definePage({
  data: {
    text: TEXT,
    /** The public counts' own state: the rest of the tab never waits for them. */
    state: 'loading' as ViewState,
    counts: [] as CountTile[],
    offers: [] as OfferCard[],
    myCasesText: TEXT.myCases,
    finding: false,
  },
  onLoad() {
    this.load();
    this.loadMine();
  },
  /** Back on the tab (a case opened or withdrawn meanwhile): the offers and the open count again. */
  onShow() {
    if (this.data.state !== 'loading') this.loadMine();
  },
  async onPullDownRefresh() {
    await Promise.all([this.load(), this.loadMine()]);
    wx.stopPullDownRefresh();
  },
  /** The public counts (helpdesk.counts), through the state frame (retry on failure). */
  async load() {
    const counts = await this.runLoad(() => call('helpdesk', 'counts', {}));
    if (!counts) return;
    this.setData({
      counts: countTiles(counts).map((t) => ({
        ...t,
        ariaLabel: fill(TEXT.countLabel, { label: t.label, value: t.value, unit: t.unit }),
      })),
    });
  },
  /**
   * What is the caller's own: failed-sampling offers (only a bound enterprise has them) and the open
   * count of its cases. Anyone else is refused both; the tab then simply shows neither.
   */
  async loadMine() {
    const [offers, cases] = await Promise.all([
      call('helpdesk', 'myOffers', {}).catch(() => null),
      call('helpdesk', 'myCases', { page: 1 }).catch(() => null),
    ]);
    this.setData({
      offers: offers ? offers.items.map(offerCard) : [],
      myCasesText: cases && cases.openCount > 0 ? fill(TEXT.myCasesOpen, { n: cases.openCount }) : TEXT.myCases,
    });
  },
  onOffer(e: WechatMiniprogram.BaseEvent) {
    const offer = this.data.offers.find((o) => o.offerId === e.currentTarget.dataset.id);
    if (!offer) return;
    openPage(offer.caseId ? withQuery(HELP_PAGES.case, { caseId: offer.caseId }) : offer.url);
  },
  onOpenCase() {
    openPage(caseFormUrl());
  },
  onMyCases() {
    openPage(HELP_PAGES.myCases);
  },
  onCheckup() {
    openPage(HELP_PAGES.checkup);
  },
  onHospitals() {
    openPage(PAGES.hospitals);
  },
  onApply() {
    openPage(CABLE_PAGES.submit);
  },
  onMyRequests() {
    openPage(PAGES.myCableRequests);
  },
  /**
   * Straight to the cable voucher: the application form of the campaign taking applications for a person
   * pool (the soonest to close), with that pool chosen. No such campaign (or no answer): the 检测券 tab.
   */
  async onVouchers() {
    if (this.data.finding) return;
    this.setData({ finding: true });
    wx.showLoading({ title: TEXT.finding, mask: true });
    let target: { campaignId: string; poolId: string } | null = null;
    try {
      const { items } = await call('voucher', 'listCampaigns', { page: 1 });
      const now = Date.now();
      const offers = items
        .filter((c) => campaignPhase(c, now) === 'accepting')
        .flatMap((c) =>
          c.pools
            .filter((p) => p.applicantTypes.includes('person'))
            .map((p) => ({ campaignId: c.campaignId, poolId: p.poolId, closes: Date.parse(c.closesAt) })),
        )
        .sort((a, b) => a.closes - b.closes);
      target = offers[0] ?? null;
    } catch {
      // The 检测券 tab says what there is (and why not, when the network is down).
    } finally {
      wx.hideLoading();
      this.setData({ finding: false });
    }
    if (target) openPage(withQuery(VOUCHER_PAGES.apply, { campaignId: target.campaignId, poolId: target.poolId }));
    else openPage(TAB_PAGES.voucher);
  },
});
