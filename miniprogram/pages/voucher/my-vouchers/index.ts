import type { ActionOutput, VoucherView } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { call } from '../../../services/api';
import { formatYuan } from '../../../utils/format';
import { openPage, withQuery } from '../../../utils/nav';
import { formatChineseDate, formatDate } from '../../../utils/time';
import { VOUCHER_PAGES, voucherStatus } from '../../../utils/voucher';

const TEXT = {
  title: '我的检测券',
  intro: '到产品医院办理检测时，打开检测券出示二维码，由医院工作人员扫码核销。',
  loading: '正在加载检测券',
  empty: '暂无检测券。摇号中签后，检测券会显示在这里。',
  failed: '检测券加载失败',
  validUntil: '有效期至 ',
  redeemedAt: '已于 {date} 在{hospital}使用',
  myApplications: '查看我的申领',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

interface Item {
  voucherId: string;
  campaignTitle: string;
  faceValueText: string;
  statusLabel: string;
  statusTag: string;
  usable: boolean;
  validUntilText: string;
  redeemedText: string;
}

function itemOf(v: VoucherView, nowMs: number): Item {
  const status = voucherStatus(v, nowMs);
  return {
    voucherId: v.voucherId,
    campaignTitle: v.campaignTitle,
    faceValueText: formatYuan(v.faceValue),
    statusLabel: status.label,
    statusTag: status.tag,
    usable: status.usable,
    validUntilText: `${TEXT.validUntil}${formatChineseDate(v.validUntil)}`,
    redeemedText: v.redemption
      ? TEXT.redeemedAt
          .replace('{date}', formatDate(v.redemption.redeemedAt))
          .replace('{hospital}', v.redemption.hospitalName)
      : '',
  };
}

/** The caller's vouchers, soonest to expire first (the server's order). */
defineListPage(
  {
    data: { text: TEXT, items: [] as Item[] },
    /** Vouchers as rows; status and expiry are judged at the time each page arrives. */
    list(): PagedSource<ActionOutput<'voucher', 'myVouchers'>, Item> {
      return {
        fetch: (page) => call('voucher', 'myVouchers', { page }),
        toItems: (result) => {
          const now = Date.now();
          return result.items.map((v) => itemOf(v, now));
        },
      };
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(VOUCHER_PAGES.voucher, { voucherId: String(e.currentTarget.dataset.id) }));
    },
    onApplications() {
      openPage(VOUCHER_PAGES.myApplications);
    },
  },
  // Back from a voucher (declined, or redeemed meanwhile): show its new state.
  { refreshOnShow: true },
);
