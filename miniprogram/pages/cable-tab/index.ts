import { definePage } from '../../definitions/index';
import { call } from '../../services/api';
import { campaignPhase } from '../../utils/campaign';
import { CABLE_PAGES } from '../../utils/cable';
import { PAGES, TAB_PAGES, openPage, withQuery } from '../../utils/nav';
import { VOUCHER_PAGES } from '../../utils/voucher';

/**
 * The 筛查 tab: the front page of the free cable quick screen. It states the service as announced,
 * how a request goes, and what "非标" cables usually get wrong; the form, the requester's list and the
 * request pages live in the cable subpackage. It calls nothing to open: the tab shows instantly, even
 * offline; only the cable-voucher link asks which campaign offers the person pool now.
 */
const TEXT = {
  title: '电线电缆快速筛查',
  paragraphs: [
    '针对“非标”电线电缆问题，免费向各类主体提供电线电缆质量问题快速筛查服务，不受名额限制。',
    '另面向电线电缆终端用户和消费者发放 1000 份电线电缆专用检测券（每份面额 1000 元），可在“检测券”中申领。',
  ],
  who: '消费者、企业、施工单位和装修公司都可以申请，每人最多同时有 5 个申请在处理。',
  apply: '申请筛查',
  myRequests: '我的筛查申请',
  vouchers: '申领电线电缆专用检测券',
  finding: '正在查找申领活动',
  stepsTitle: '怎么办理',
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

definePage({
  data: { text: TEXT, finding: false },
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
