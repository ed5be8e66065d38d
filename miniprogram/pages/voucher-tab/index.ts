import type { ActionOutput } from '../../../typings/api';
import { defineListPage, type PagedSource } from '../../definitions/index';
import { call } from '../../services/api';
import { summarizeCampaign, type CampaignSummary } from '../../utils/campaign';
import { fill, groupDigits } from '../../utils/format';
import { poolLabel } from '../../utils/voucher';
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
  /** A pool for persons (the 电线电缆专用券): label, face value, quantity. */
  personPool: '{label}：{value} 元 × {quantity} 份（个人申领）',
  applied: '已申领',
  cardLabelApplied: '{title}，{phase}，已申领',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

type CampaignItem = ActionOutput<'voucher', 'listCampaigns'>['items'][number];
type CampaignCard = CampaignSummary & { ariaLabel: string; personPools: string[]; applied: boolean };

function card(campaign: CampaignItem, summary: CampaignSummary): CampaignCard {
  const words = { title: summary.title, phase: summary.phaseLabel };
  return {
    ...summary,
    // The cable voucher (电线电缆专用券) by name: the one offer a consumer can apply for.
    personPools: campaign.pools
      .filter((p) => p.applicantTypes.includes('person'))
      .map((p) =>
        fill(TEXT.personPool, {
          label: poolLabel(p),
          value: groupDigits(p.faceValue),
          quantity: groupDigits(p.quantity),
        }),
      ),
    applied: campaign.applied,
    ariaLabel: fill(campaign.applied ? TEXT.cardLabelApplied : TEXT.cardLabel, words),
  };
}

/**
 * The 检测券 tab: every campaign that is not a draft, newest first; a card names the pools for persons
 * (the 电线电缆专用券) and says whether I have applied (listCampaigns answers it, no extra call). The campaign detail, the
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
        return result.items.map((c) => card(c, summarizeCampaign(c, now)));
      },
    };
  },
  onOpen(e: WechatMiniprogram.BaseEvent) {
    openPage(withQuery(PAGES.campaign, { campaignId: String(e.currentTarget.dataset.id) }));
  },
});
