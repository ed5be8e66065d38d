import type { ActionOutput, VoucherView } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { ApiError, call } from '../../../services/api';
import { formatYuan, groupDigits } from '../../../utils/format';
import { openPage } from '../../../utils/nav';
import { formatChineseDate, formatDateTime } from '../../../utils/time';
import { serviceLabel } from '../../../shared/services';
import { VOUCHER_PAGES, monthToDate } from '../../../utils/voucher';

const TEXT = {
  title: '核销记录',
  loading: '正在加载核销记录',
  empty: '本院暂无核销记录',
  forbidden: '需要产品医院工作人员权限',
  failed: '核销记录加载失败',
  summaryTitle: '本月结算（{from} — {to}）',
  count: '核销张数',
  totalFee: '服务费用合计',
  totalOffset: '抵扣金额合计',
  countUnit: '{n} 张',
  summaryNote: '按核销时间（北京时间）统计本院数据，供与主管部门结算核对。',
  listTitle: '核销明细',
  service: '服务：',
  fee: '费用 {fee}，抵扣 {offset}',
  campaign: '活动：',
  redeem: '去核销',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

interface Row {
  voucherId: string;
  holderName: string;
  faceValueText: string;
  serviceText: string;
  amountsText: string;
  campaignTitle: string;
  atText: string;
}

function rowOf(v: VoucherView): Row {
  const r = v.redemption;
  return {
    voucherId: v.voucherId,
    holderName: v.holderName,
    faceValueText: formatYuan(v.faceValue),
    serviceText: r ? `${TEXT.service}${serviceLabel(r.serviceType)}` : '',
    amountsText: r ? TEXT.fee.replace('{fee}', formatYuan(r.fee)).replace('{offset}', formatYuan(r.offset)) : '',
    campaignTitle: `${TEXT.campaign}${v.campaignTitle}`,
    atText: r ? formatDateTime(r.redeemedAt) : '',
  };
}

/** The hospital's redemptions, newest first, and this month's totals for settlement. */
defineListPage({
  data: {
    text: TEXT,
    emptyText: TEXT.empty,
    summary: null as null | { title: string; count: string; totalFee: string; totalOffset: string },
    items: [] as Row[],
  },
  list(): PagedSource<ActionOutput<'hospital', 'myRedemptions'>, Row> {
    return {
      fetch: (page) => call('hospital', 'myRedemptions', { page }),
      toItems: (result) => result.items.map(rowOf),
    };
  },
  /** The first page comes with this month's report; without the staff role the page says so (empty). */
  async load() {
    const { from, to } = monthToDate(Date.now());
    const first = await this.loadFirst({
      fetch: async () => {
        try {
          const [list, report] = await Promise.all([
            call('hospital', 'myRedemptions', { page: 1 }),
            call('hospital', 'settlementReport', { from, to }),
          ]);
          return { ...list, report };
        } catch (error) {
          if (error instanceof ApiError && error.code === 'FORBIDDEN') {
            this.setData({ emptyText: TEXT.forbidden });
            return null;
          }
          throw error;
        }
      },
      toItems: (result) => result.items.map(rowOf),
    });
    if (first) this.showSummary(first.report);
  },
  showSummary(report: ActionOutput<'hospital', 'settlementReport'>) {
    // Staff see their own hospital only: at most one row.
    const totals = report.rows.reduce(
      (sum, r) => ({ count: sum.count + r.count, fee: sum.fee + r.totalFee, offset: sum.offset + r.totalOffset }),
      { count: 0, fee: 0, offset: 0 },
    );
    this.setData({
      summary: {
        title: TEXT.summaryTitle
          .replace('{from}', formatChineseDate(report.from))
          .replace('{to}', formatChineseDate(report.to)),
        count: TEXT.countUnit.replace('{n}', groupDigits(totals.count)),
        totalFee: formatYuan(Math.round(totals.fee * 100) / 100),
        totalOffset: formatYuan(Math.round(totals.offset * 100) / 100),
      },
    });
  },
  /** Back to the redeem page when it opened this one, so the stack does not grow. */
  onRedeem() {
    const pages = getCurrentPages();
    const previous = pages[pages.length - 2];
    if (previous && `/${previous.route}` === VOUCHER_PAGES.redeem) wx.navigateBack({ delta: 1 });
    else openPage(VOUCHER_PAGES.redeem);
  },
});
