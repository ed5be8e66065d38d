import type { ActionOutput } from '../../../typings/api';
import { defineListPage, type PagedSource } from '../../definitions/index';
import { call } from '../../services/api';
import { summarizeCampaign, type CampaignSummary } from '../../utils/campaign';
import { fill } from '../../utils/format';
import { PAGES, openPage, withQuery } from '../../utils/nav';

const TEXT = {
  title: '产品检测券',
  intro:
    '检测券可在省级“产品医院”抵扣等值的检测和质量技术服务费用，采用“在线申领、摇号中签”方式派发。选择一期活动查看详情并申领。',
  loading: '正在加载申领活动',
  empty: '暂无申领活动，新一期活动发布后会在这里显示',
  failed: '申领活动加载失败',
  /** What a screen reader says for a campaign card. */
  cardLabel: '{title}，{phase}',
  window: '申领时间：',
  to: ' 至 ',
  faceValues: '面值：',
  quantity: '总数：',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

type CampaignCard = CampaignSummary & { ariaLabel: string };

function card(summary: CampaignSummary): CampaignCard {
  return { ...summary, ariaLabel: fill(TEXT.cardLabel, { title: summary.title, phase: summary.phaseLabel }) };
}

/**
 * The 检测券 tab: every campaign that is not a draft, newest first. The campaign detail, the
 * application form and the results live in the voucher subpackage (PAGES.campaign).
 */
defineListPage({
  data: {
    text: TEXT,
    items: [] as CampaignCard[],
  },
  /** Campaigns as cards; the phase is judged at the time each page arrives. */
  list(): PagedSource<ActionOutput<'voucher', 'listCampaigns'>, CampaignCard> {
    return {
      fetch: (page) => call('voucher', 'listCampaigns', { page }),
      toItems: (result) => {
        const now = Date.now();
        return result.items.map((c) => card(summarizeCampaign(c, now)));
      },
    };
  },
  onOpen(e: WechatMiniprogram.BaseEvent) {
    openPage(withQuery(PAGES.campaign, { campaignId: String(e.currentTarget.dataset.id) }));
  },
});
