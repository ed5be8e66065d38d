import type { ActionOutput, CableRequestSummary, CableStatus } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { ApiError, call } from '../../../services/api';
import { CABLE_STATUSES, CABLE_STATUS_LABELS, OPEN_STATUSES } from '../../../shared/cable-workflow';
import { cableLine } from '../../../shared/cable-catalog';
import { CABLE_PAGES, daysText, STATUS_TAGS, VERDICT_TAGS } from '../../../utils/cable';
import { fill } from '../../../utils/format';
import { openPage, withQuery } from '../../../utils/nav';
import { formatDate } from '../../../utils/time';

const TEXT = {
  title: '筛查工作台',
  intro: '电线电缆快速筛查申请：受理、收样、筛查并录入结论。待处理的申请按提交先后排列，等待最久的在前。',
  loading: '正在加载筛查申请',
  failed: '筛查申请加载失败',
  empty: '当前没有筛查申请',
  open: '待处理',
  submittedAt: '提交于 ',
  /** What a screen reader says for a request card. */
  rowLabel: '{no}，{status}，{days}',
  preferredUs: '申请人指定本院',
  noPreference: '未指定医院，可受理',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

interface Tab {
  key: CableStatus | '';
  label: string;
  count: number;
}

/** '' is the working queue: every open request of this hospital plus the ones it may accept. */
const TAB_KEYS: Tab['key'][] = ['', ...CABLE_STATUSES];

function tabs(counts: Partial<Record<CableStatus, number>>): Tab[] {
  return TAB_KEYS.map((key) => ({
    key,
    label: key ? CABLE_STATUS_LABELS[key] : TEXT.open,
    count: key ? (counts[key] ?? 0) : OPEN_STATUSES.reduce((sum, s) => sum + (counts[s] ?? 0), 0),
  }));
}

interface Row {
  requestId: string;
  requestNo: string;
  statusLabel: string;
  statusTag: string;
  verdictLabel: string;
  verdictTag: string;
  contactText: string;
  cableText: string;
  submittedText: string;
  daysText: string;
  claimText: string;
  ariaLabel: string;
}

function row(s: CableRequestSummary, hospitalId: string): Row {
  const unassigned = s.status === 'submitted' && !s.hospitalId;
  const days = daysText(s.status, s.daysWaiting);
  return {
    requestId: s.requestId,
    requestNo: s.requestNo,
    statusLabel: s.statusLabel,
    statusTag: STATUS_TAGS[s.status],
    verdictLabel: s.verdictLabel ?? '',
    verdictTag: s.verdict ? VERDICT_TAGS[s.verdict] : '',
    // Lists are masked by the server; the full contact shows on the detail once accepted.
    contactText: `${s.contact.name} ${s.contact.phone} · ${s.city}`,
    cableText: cableLine(s.cable),
    submittedText: formatDate(s.submittedAt),
    daysText: days,
    claimText: unassigned ? (s.preferredHospitalId === hospitalId ? TEXT.preferredUs : TEXT.noPreference) : '',
    ariaLabel: fill(TEXT.rowLabel, { no: s.requestNo, status: s.statusLabel, days }),
  };
}

/** The hospital's quick-screen queue (staff only), filtered by status. */
defineListPage(
  {
    data: {
      text: TEXT,
      errorText: TEXT.failed,
      tabs: tabs({}),
      status: '' as CableStatus | '',
      hospitalId: '',
      items: [] as Row[],
    },
    list(): PagedSource<ActionOutput<'hospital', 'screeningQueue'>, Row> {
      return {
        fetch: (page) => {
          const status = this.data.status;
          return call('hospital', 'screeningQueue', status ? { status, page } : { page });
        },
        toItems: (result) => result.items.map((s) => row(s, result.hospitalId)),
        extra: (result) => ({ hospitalId: result.hospitalId, tabs: tabs(result.counts) }),
        // Requests move between statuses while staff page: skip rows already shown.
        key: (item) => item.requestId,
      };
    },
    load() {
      const queue = this.list();
      return this.loadFirst({
        ...queue,
        fetch: async (page) => {
          try {
            return await queue.fetch(page);
          } catch (error) {
            // A missing staff role reads better as the server's own sentence than as "加载失败".
            this.setData({
              errorText: error instanceof ApiError && error.code === 'FORBIDDEN' ? error.message : TEXT.failed,
            });
            throw error;
          }
        },
      });
    },
    onTab(e: WechatMiniprogram.BaseEvent) {
      const status = e.currentTarget.dataset.key as CableStatus | '';
      if (status === this.data.status) return;
      this.setData({ status, items: [] });
      this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(CABLE_PAGES.screeningDetail, { requestId: String(e.currentTarget.dataset.id) }));
    },
  },
  // Back from a request that was just moved on: its row and the counts change.
  { refreshOnShow: true },
);
