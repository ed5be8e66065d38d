import type { ActionOutput, CaseSummary } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { call } from '../../../services/api';
import { CASE_STATUS_LABELS, CASE_STATUSES, MAX_OPEN_CASES, type CaseStatus } from '../../../shared/helpdesk';
import { fill } from '../../../utils/format';
import { CASE_TAGS, caseFormUrl, HELP_PAGES } from '../../../utils/help';
import { openPage, withQuery } from '../../../utils/nav';
import { formatDateTime } from '../../../utils/time';

const TEXT = {
  title: '我的问诊',
  intro: '企业发起的质量问题问诊。点开一条可与专家沟通、查看诊断和整改计划。',
  loading: '正在加载问诊',
  empty: '还没有问诊',
  emptyFiltered: '没有“{status}”的问诊',
  failed: '问诊加载失败',
  all: '全部',
  open: '处理中 {open} 个，最多可同时 {max} 个',
  emptyHint: '遇到产品质量问题？描述一下，对口专业的技术专家免费帮你分析、给出整改建议。',
  openCase: '我要问诊',
  submittedAt: '提交于 ',
  expert: '专家：',
  waiting: '等待专家接单',
  due: '首次答复期限 ',
  urgent: '紧急',
  rowLabel: '{no}，{title}，{status}',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

interface Row {
  caseId: string;
  caseNo: string;
  title: string;
  statusLabel: string;
  statusTag: string;
  topic: string;
  urgent: boolean;
  submittedText: string;
  expertText: string;
  dueText: string;
  ariaLabel: string;
}

function row(s: CaseSummary): Row {
  return {
    caseId: s.caseId,
    caseNo: s.caseNo,
    title: s.title,
    statusLabel: s.statusLabel,
    statusTag: CASE_TAGS[s.status] ?? '',
    topic: `${s.productCategory} · ${s.problemTypeLabel}`,
    urgent: s.urgency === 'urgent',
    submittedText: formatDateTime(s.submittedAt),
    expertText: s.expert ? `${TEXT.expert}${s.expert.name}（${s.expert.institution}）` : TEXT.waiting,
    // The deadline matters until the expert has answered once.
    dueText:
      !s.firstAnsweredAt && (s.status === 'open' || s.status === 'accepted') ? formatDateTime(s.firstAnswerDueAt) : '',
    ariaLabel: fill(TEXT.rowLabel, { no: s.caseNo, title: s.title, status: s.statusLabel }),
  };
}

const TABS: { key: CaseStatus | ''; label: string }[] = [
  { key: '', label: TEXT.all },
  ...CASE_STATUSES.map((status) => ({ key: status, label: CASE_STATUS_LABELS[status] })),
];

/** The enterprise's cases, newest first, by status; the open count against the limit. */
defineListPage(
  {
    data: {
      text: TEXT,
      tabs: TABS,
      status: '' as CaseStatus | '',
      items: [] as Row[],
      openText: '',
      emptyText: TEXT.empty,
    },
    list(): PagedSource<ActionOutput<'helpdesk', 'myCases'>, Row> {
      const status = this.data.status;
      return {
        fetch: (page) => call('helpdesk', 'myCases', status ? { status, page } : { page }),
        toItems: (result) => result.items.map(row),
        extra: (result) => ({ openText: fill(TEXT.open, { open: result.openCount, max: MAX_OPEN_CASES }) }),
        key: (item) => item.caseId,
        // A page of the tab the user has since left is dropped.
        stale: () => this.data.status !== status,
      };
    },
    onTab(e: WechatMiniprogram.BaseEvent) {
      const status = String(e.currentTarget.dataset.key ?? '') as CaseStatus | '';
      if (status === this.data.status && this.data.state !== 'error') return;
      const label = TABS.find((t) => t.key === status)?.label ?? '';
      this.setData({
        status,
        items: [],
        emptyText: status ? fill(TEXT.emptyFiltered, { status: label }) : TEXT.empty,
      });
      this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(HELP_PAGES.case, { caseId: String(e.currentTarget.dataset.id) }));
    },
    onOpenCase() {
      openPage(caseFormUrl());
    },
  },
  // Back from a case (confirmed, withdrawn there): refresh quietly.
  { refreshOnShow: true },
);
