import type { ActionOutput, ApplicationView, CampaignView } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { campaignPhase } from '../../../utils/campaign';
import { TAB_PAGES, openPage, withQuery } from '../../../utils/nav';
import { formatDateTime } from '../../../utils/time';
import { serviceLabel } from '../../../shared/services';
import { APPLICANT_TYPES } from '../../../shared/vouchers';
import { VOUCHER_PAGES, applicationOutcome, confirmModal, poolLabels } from '../../../utils/voucher';

const TEXT = {
  title: '我的申领',
  loading: '正在加载申领记录',
  empty: '暂无申领记录',
  failed: '申领记录加载失败',
  goApply: '去申领检测券',
  as: '申领身份：',
  pools: '申领面值：',
  services: '计划使用：',
  contact: '联系人：',
  submittedAt: '提交时间：',
  withdraw: '撤回申领',
  withdrawing: '正在撤回…',
  withdrawTitle: '撤回申领',
  withdrawContent: '撤回后本次申领将被删除，不参加摇号。申领截止前可重新申领。确定撤回吗？',
  withdrawConfirm: '撤回',
  withdrawn: '已撤回',
  vouchers: '查看我的检测券',
  results: '签号与排名',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
  pending: '申领截止后公开摇号，结果公布后在此显示。',
};

interface Item {
  applicationId: string;
  campaignId: string;
  campaignTitle: string;
  statusLabel: string;
  statusTag: string;
  details: string[];
  asText: string;
  poolsText: string;
  servicesText: string;
  contactText: string;
  submittedAtText: string;
  canWithdraw: boolean;
  won: boolean;
  pending: boolean;
  /** Results are published: my tickets, places and the search are on the results page. */
  drawn: boolean;
}

/** Campaigns are fetched once per page load, for pool labels and whether withdrawal is still possible. */
type CampaignCache = Map<string, CampaignView | null>;
const caches = new WeakMap<object, CampaignCache>();

async function campaignsFor(cache: CampaignCache, apps: ApplicationView[]): Promise<void> {
  const missing = [...new Set(apps.map((a) => a.campaignId))].filter((id) => !cache.has(id));
  await Promise.all(
    missing.map(async (campaignId) => {
      try {
        cache.set(campaignId, (await call('voucher', 'getCampaign', { campaignId })).campaign);
      } catch {
        // Labels fall back to pool ids and withdrawal is not offered; the list still shows.
        cache.set(campaignId, null);
      }
    }),
  );
}

function itemOf(app: ApplicationView, campaign: CampaignView | null, nowMs: number): Item {
  const pools = campaign?.pools ?? [];
  const outcome = applicationOutcome(app, pools);
  const accepting = !!campaign && campaignPhase(campaign, nowMs) === 'accepting';
  return {
    applicationId: app.applicationId,
    campaignId: app.campaignId,
    campaignTitle: app.campaignTitle,
    statusLabel: outcome.label,
    statusTag: outcome.tag,
    details: outcome.details,
    asText: `${APPLICANT_TYPES[app.applicantType]} · ${app.applicantName}`,
    poolsText: poolLabels(app.poolIds, pools).join('、'),
    servicesText: app.services.map(serviceLabel).join('、'),
    contactText: `${app.contact.name} ${app.contact.phone}`,
    submittedAtText: formatDateTime(app.submittedAt),
    canWithdraw: app.status === 'submitted' && accepting,
    won: app.wonPoolIds.length > 0,
    pending: app.status === 'submitted' && !accepting,
    // The server reports an outcome only once the results are published.
    drawn: app.status !== 'submitted',
  };
}

/** The caller's applications, newest first, with outcomes once published and withdrawal while open. */
defineListPage(
  {
    data: {
      text: TEXT,
      items: [] as Item[],
      withdrawing: '',
    },
    cache(): CampaignCache {
      let cache = caches.get(this);
      if (!cache) caches.set(this, (cache = new Map()));
      return cache;
    },
    /** Applications as rows, each with its campaign (fetched once per load, see campaignsFor). */
    list(): PagedSource<ActionOutput<'voucher', 'myApplications'>, Item> {
      return {
        fetch: async (page) => {
          // Campaigns are fetched once per first page (see campaignsFor).
          if (page === 1) caches.set(this, new Map());
          const res = await call('voucher', 'myApplications', { page });
          await campaignsFor(this.cache(), res.items);
          return res;
        },
        toItems: (res) => {
          const now = Date.now();
          return res.items.map((a) => itemOf(a, this.cache().get(a.campaignId) ?? null, now));
        },
      };
    },
    async onWithdraw(e: WechatMiniprogram.BaseEvent) {
      const applicationId = String(e.currentTarget.dataset.id);
      if (this.data.withdrawing) return;
      const confirmed = await confirmModal({
        title: TEXT.withdrawTitle,
        content: TEXT.withdrawContent,
        confirmText: TEXT.withdrawConfirm,
        confirmColor: '#FA5151',
      });
      if (!confirmed) return;
      this.setData({ withdrawing: applicationId });
      try {
        await call('voucher', 'withdraw', { applicationId });
        const items = this.data.items.filter((i) => i.applicationId !== applicationId);
        this.setData({ items, state: items.length ? 'ready' : 'empty' });
        wx.showToast({ title: TEXT.withdrawn, icon: 'success' });
      } catch (error) {
        toastError(error);
      } finally {
        this.setData({ withdrawing: '' });
      }
    },
    onCampaign(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(VOUCHER_PAGES.campaign, { campaignId: String(e.currentTarget.dataset.id) }));
    },
    onResults(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(VOUCHER_PAGES.results, { campaignId: String(e.currentTarget.dataset.id) }));
    },
    onVouchers() {
      openPage(VOUCHER_PAGES.myVouchers);
    },
    onApply() {
      openPage(TAB_PAGES.voucher);
    },
  },
  // Back on the page: a refresh that keeps the list if it fails.
  { refreshOnShow: true },
);
