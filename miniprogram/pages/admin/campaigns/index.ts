import type { ActionOutput, CampaignView } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { call } from '../../../services/api';
import { adminCampaignPhase, phaseLabel } from '../../../utils/campaign';
import { fill, groupDigits } from '../../../utils/format';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { formatDateTime } from '../../../utils/time';

const TEXT = {
  title: '活动管理',
  intro: '所有检测券活动（含草稿），最新的在前。点开活动可发布、截止、摇号、公布结果和候补递补。',
  create: '新建活动',
  loading: '正在加载活动',
  empty: '还没有活动，点“新建活动”创建第一个草稿',
  failed: '活动加载失败',
  window: '申领时间：',
  to: ' 至 ',
  figures: '{pools} 个奖池 · 共 {quantity} 份 · 封顶 {cap} 元',
  applicants: '截止时申领 {n} 份',
  open: '查看活动 {title}',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

interface CampaignRow {
  campaignId: string;
  title: string;
  phaseLabel: string;
  tagClass: string;
  opensText: string;
  closesText: string;
  figuresText: string;
  applicantsText: string;
  ariaLabel: string;
}

function campaignRow(c: CampaignView, nowMs: number): CampaignRow {
  const phase = phaseLabel(adminCampaignPhase(c, nowMs));
  const quantity = c.pools.reduce((sum, p) => sum + p.quantity, 0);
  return {
    campaignId: c.campaignId,
    title: c.title,
    phaseLabel: phase.label,
    tagClass: phase.tag,
    opensText: formatDateTime(c.opensAt),
    closesText: formatDateTime(c.closesAt),
    figuresText: fill(TEXT.figures, {
      pools: c.pools.length,
      quantity: groupDigits(quantity),
      cap: groupDigits(c.cap),
    }),
    applicantsText: c.snapshotCount === null ? '' : fill(TEXT.applicants, { n: groupDigits(c.snapshotCount) }),
    ariaLabel: `${c.title}，${phase.label}`,
  };
}

/**
 * 活动管理 (admins): every campaign, drafts included, newest first, with its state in the words
 * applicants read (utils/campaign.ts; 草稿 only here) and its key figures; 新建活动 opens the draft form.
 * Back from a campaign (opened, drawn…) the list refreshes quietly.
 */
defineListPage(
  {
    data: { text: TEXT, items: [] as CampaignRow[] },
    list(): PagedSource<ActionOutput<'admin', 'listCampaigns'>, CampaignRow> {
      return {
        fetch: (page) => call('admin', 'listCampaigns', { page }),
        toItems: (result) => {
          const now = Date.now();
          return result.items.map((c) => campaignRow(c, now));
        },
        key: (item) => item.campaignId,
      };
    },
    onCreate() {
      openPage(PAGES.adminCampaignForm);
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(PAGES.adminCampaign, { campaignId: String(e.currentTarget.dataset.id) }));
    },
  },
  { refreshOnShow: true },
);
