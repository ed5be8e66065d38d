import type { ActionOutput, CableRequestSummary } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { call } from '../../../services/api';
import { cableLine } from '../../../shared/cable-catalog';
import { CABLE_PAGES, daysText, STATUS_TAGS, VERDICT_TAGS } from '../../../utils/cable';
import { fill } from '../../../utils/format';
import { openPage, withQuery } from '../../../utils/nav';
import { formatDate } from '../../../utils/time';

const TEXT = {
  title: '我的筛查申请',
  intro: '电线电缆快速筛查免费、不受名额限制。点开一条申请可查看进度、结论和报告。',
  loading: '正在加载筛查申请',
  empty: '还没有筛查申请',
  failed: '筛查申请加载失败',
  open: '处理中 {open} 个，最多可同时 {max} 个',
  apply: '申请快速筛查',
  submittedAt: '提交于 ',
  hospital: '产品医院：',
  /** What a screen reader says for a request card. */
  rowLabel: '{no}，{status}',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

interface Row {
  requestId: string;
  requestNo: string;
  statusLabel: string;
  statusTag: string;
  verdictLabel: string;
  verdictTag: string;
  cableText: string;
  submittedText: string;
  daysText: string;
  hospitalName: string;
  ariaLabel: string;
}

function row(s: CableRequestSummary): Row {
  return {
    requestId: s.requestId,
    requestNo: s.requestNo,
    statusLabel: s.statusLabel,
    statusTag: STATUS_TAGS[s.status],
    verdictLabel: s.verdictLabel ?? '',
    verdictTag: s.verdict ? VERDICT_TAGS[s.verdict] : '',
    cableText: `${cableLine(s.cable)} · ${s.city}`,
    submittedText: formatDate(s.submittedAt),
    daysText: daysText(s.status, s.daysWaiting),
    hospitalName: s.hospitalName ?? '',
    ariaLabel: fill(TEXT.rowLabel, { no: s.requestNo, status: s.statusLabel }),
  };
}

/** The requester's quick-screen requests, newest first, with their status and how long they have waited. */
defineListPage(
  {
    data: {
      text: TEXT,
      items: [] as Row[],
      openText: '',
    },
    list(): PagedSource<ActionOutput<'cable', 'myRequests'>, Row> {
      return {
        fetch: (page) => call('cable', 'myRequests', { page }),
        toItems: (result) => result.items.map(row),
        extra: (result) => ({
          openText: fill(TEXT.open, { open: result.openCount, max: result.maxOpen }),
        }),
        // A request submitted meanwhile shifts the pages: skip rows already shown.
        key: (item) => item.requestId,
      };
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(CABLE_PAGES.request, { requestId: String(e.currentTarget.dataset.id) }));
    },
    onApply() {
      openPage(CABLE_PAGES.submit);
    },
  },
  // Back from a request (perhaps cancelled there): refresh quietly, keeping the list on failure.
  { refreshOnShow: true },
);
