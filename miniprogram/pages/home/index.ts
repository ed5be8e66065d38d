import type { CampaignView } from '../../../typings/api';
import { definePage, type ViewState } from '../../definitions/index';
import { call } from '../../services/api';
import { featuredCampaign, summarizeCampaign, type CampaignSummary } from '../../utils/campaign';
import { fill } from '../../utils/format';
import { PAGES, TAB_PAGES, openPage, withQuery } from '../../utils/nav';

const TEXT = {
  title: '粤品通 · 产品质量帮扶',
  subtitle: '广东省市场监督管理局公益性产品质量技术帮扶平台',
  entries: [
    { key: 'voucher', glyph: '券', label: '检测券申领', url: TAB_PAGES.voucher },
    { key: 'redlist', glyph: '榜', label: '红榜查询', url: TAB_PAGES.redlist },
    { key: 'cable', glyph: '筛', label: '电线电缆快速筛查', url: TAB_PAGES.cable },
    { key: 'hospital', glyph: '医', label: '产品医院', url: PAGES.hospitals },
  ],
  campaignSection: '检测券申领',
  campaignLoading: '正在查询申领活动',
  noCampaign: '暂无检测券申领活动',
  campaignFailed: '申领活动加载失败',
  /** What a screen reader says for the campaign card. */
  campaignLabel: '{title}，{phase}',
  closesIn: '距申领截止还有 ',
  deadline: '截止时间：',
  opensAt: '开始时间：',
  window: '申领时间：',
  to: ' 至 ',
  noticeSection: '公告',
  // Facts of the 2022 announcement (see /work/shared/seeds), stated as announced.
  notices: [
    '省市场监管局通过“粤品通”向全省中小微企业发放 20000 份产品检测券，面值分 5000 元、2000 元、1000 元、500 元四种。',
    '检测券采用“在线申领、摇号中签”方式派发；每户企业可申领多种面值，中签金额最高不超过 5000 元。',
    '面向电线电缆终端用户和消费者发放 1000 份电线电缆专用检测券，每份面额 1000 元。',
    '电线电缆质量问题快速筛查服务免费向各类主体提供，不受名额限制。',
    '检测券可在省级 12 家“产品医院”抵扣等值的检测和质量技术服务费用。',
  ],
};

type CampaignCard = CampaignSummary & { ariaLabel: string };

function campaignCard(campaign: CampaignView, nowMs: number): CampaignCard {
  const summary = summarizeCampaign(campaign, nowMs);
  return { ...summary, ariaLabel: fill(TEXT.campaignLabel, { title: summary.title, phase: summary.phaseLabel }) };
}

definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    campaign: null as CampaignCard | null,
  },
  onLoad() {
    this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  async load() {
    let featured: CampaignView | null = null;
    await this.runLoad(
      async () => {
        const page = await call('voucher', 'listCampaigns', { page: 1 });
        featured = featuredCampaign(page.items, Date.now());
        return featured;
      },
      (campaign) => campaign === null,
    );
    this.setData({ campaign: featured ? campaignCard(featured, Date.now()) : null });
  },
  onEntry(e: WechatMiniprogram.BaseEvent) {
    openPage(String(e.currentTarget.dataset.url));
  },
  onCampaign() {
    const campaign = this.data.campaign;
    if (campaign) openPage(withQuery(PAGES.campaign, { campaignId: campaign.campaignId }));
  },
  /** The countdown reached zero: the campaign's phase changed, so read it again. */
  onCountdownEnd() {
    this.load();
  },
});
