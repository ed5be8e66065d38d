import type { CampaignView } from '../../../typings/api';
import { definePage, type ViewState } from '../../definitions/index';
import { call } from '../../services/api';
import { featuredCampaign, summarizeCampaign, type CampaignSummary } from '../../utils/campaign';
import { fill } from '../../utils/format';
import { countTiles } from '../../utils/help';
import { PAGES, TAB_PAGES, openPage, withQuery } from '../../utils/nav';

const TEXT = {
  title: '粤品通 · 产品质量帮扶',
  subtitle: '广东省市场监督管理局公益性产品质量技术帮扶平台',
  entries: [
    { key: 'voucher', glyph: '券', label: '检测券申领', url: TAB_PAGES.voucher },
    { key: 'redlist', glyph: '榜', label: '红榜查询', url: TAB_PAGES.redlist },
    { key: 'help', glyph: '帮', label: '质量帮扶', url: TAB_PAGES.help },
    { key: 'hospital', glyph: '医', label: '产品医院', url: PAGES.hospitals },
    { key: 'training', glyph: '训', label: '质量培训', url: PAGES.training },
    { key: 'certificate', glyph: '证', label: '培训证书查验', url: PAGES.trainingVerify },
    { key: 'credit', glyph: '码', label: '产品信用码查询', url: PAGES.creditScan },
  ],
  countsSection: '帮扶成效',
  countsLoading: '正在统计帮扶数据',
  countsFailed: '帮扶数据暂时无法加载',
  /** A count as a screen reader says it. */
  countLabel: '{label} {value} {unit}',
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
    /** The help desk's public counts load on their own: a failure there leaves the campaign as it is. */
    countsState: 'loading' as ViewState,
    counts: [] as { key: string; value: string; unit: string; label: string; ariaLabel: string }[],
  },
  onLoad() {
    this.load();
    this.loadCounts();
  },
  async onPullDownRefresh() {
    await Promise.all([this.load(), this.loadCounts()]);
    wx.stopPullDownRefresh();
  },
  /** 已服务企业 / 解决质量问题 / 入驻专家, computed live by helpdesk.counts. */
  async loadCounts() {
    this.setData({ countsState: 'loading' });
    try {
      const counts = await call('helpdesk', 'counts', {});
      this.setData({
        countsState: 'ready',
        counts: countTiles(counts).map((t) => ({
          ...t,
          ariaLabel: fill(TEXT.countLabel, { label: t.label, value: t.value, unit: t.unit }),
        })),
      });
    } catch {
      // Said in place (with 重新加载), not toasted: the counts are not what the user came for.
      this.setData({ countsState: 'error' });
    }
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
