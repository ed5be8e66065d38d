import type { ActionOutput } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { call } from '../../../services/api';
import type { CaseStatus } from '../../../shared/helpdesk';
import { fill } from '../../../utils/format';
import { caseRow, HELP_WORK_PAGES, type CaseRow } from '../../../utils/help-work';
import { openPage, withQuery } from '../../../utils/nav';

type Tab = 'accepted' | 'closing' | 'resolved' | 'all';

const TEXT = {
  title: '我的问诊',
  tabs: [
    { key: 'accepted', label: '处理中' },
    { key: 'closing', label: '待企业确认' },
    { key: 'resolved', label: '已解决' },
    { key: 'all', label: '全部' },
  ] as { key: Tab; label: string }[],
  capacity: '进行中 {open} / 上限 {max}',
  full: '已达接单上限，新问诊暂不会推送给你',
  loading: '正在加载我的问诊',
  empty: {
    accepted: '没有处理中的问诊',
    closing: '没有待企业确认的问诊',
    resolved: '还没有已解决的问诊',
    all: '还没有接过问诊',
  } as Record<Tab, string>,
  failed: '我的问诊加载失败',
  offers: '查看待接单问诊',
  submittedAt: '提交于 ',
  due: '首次答复期限 ',
  overdue: '已超时',
  escalated: '已转督办',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

/**
 * 我的问诊 (experts): the cases I own by status, my capacity (open cases against my limit) and, on
 * each case, its first-answer deadline with an overdue mark; a case opens its thread (pages/help/case).
 */
defineListPage(
  {
    data: {
      text: TEXT,
      tab: 'accepted' as Tab,
      items: [] as CaseRow[],
      capacityText: '',
      atCapacity: false,
    },
    list(): PagedSource<ActionOutput<'helpdesk', 'expertCases'>, CaseRow> {
      const tab = this.data.tab;
      const status: CaseStatus | undefined = tab === 'all' ? undefined : tab;
      return {
        fetch: (page) => call('helpdesk', 'expertCases', status ? { status, page } : { page }),
        toItems: (result) => result.items.map((s) => caseRow(s, Date.now())),
        extra: (result) => ({
          capacityText: fill(TEXT.capacity, { open: result.expert.openCases, max: result.expert.maxOpenCases }),
          atCapacity: result.expert.openCases >= result.expert.maxOpenCases,
        }),
        key: (item) => item.caseId,
        // A next page of a tab the expert has left meanwhile is dropped.
        stale: () => tab !== this.data.tab,
      };
    },
    onTab(e: WechatMiniprogram.BaseEvent) {
      const tab = e.currentTarget.dataset.key as Tab;
      if (tab === this.data.tab) return;
      this.setData({ tab, items: [] });
      this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(HELP_WORK_PAGES.case, { caseId: String(e.currentTarget.dataset.id) }));
    },
    onOffers() {
      openPage(HELP_WORK_PAGES.expertOffers);
    },
  },
  // Back from a case (answered, closing proposed): refresh quietly.
  { refreshOnShow: true },
);
