import type { ActionOutput, ProductView } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { ApiError, call } from '../../../services/api';
import { fill } from '../../../utils/format';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { drawScanChart, SCAN_CHART_HEIGHT, scanStatsShown } from '../chart';

const TEXT = {
  title: '产品信用赋码',
  intro:
    '登记产品后为每个生产批次或每件产品生成信用码，打印二维码标签贴在产品上。消费者扫码即可查看产品和企业的质量信息。',
  enterprise: '企业：',
  register: '登记产品',
  loading: '正在加载产品',
  empty: '还没有登记产品。点“登记产品”开始。',
  failed: '产品加载失败',
  bind: '去绑定企业',
  counts: '信用码 {codes} 个 · 扫码 {scans} 次',
  stats: '近 30 天扫码',
  byCity: '按城市',
  day: '日期',
  city: '城市',
  count: '次数',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

interface Row {
  productId: string;
  name: string;
  detail: string;
  statusLabel: string;
  revoked: boolean;
  countsText: string;
  ariaLabel: string;
}

function row(p: ProductView): Row {
  const detail = [p.brand, p.model, p.category].join(' · ');
  const countsText = fill(TEXT.counts, { codes: p.codeCount, scans: p.scanCount });
  return {
    productId: p.productId,
    name: p.name,
    detail,
    statusLabel: p.statusLabel,
    revoked: p.status === 'revoked',
    countsText,
    ariaLabel: `${p.name}，${detail}，${p.statusLabel}，${countsText}`,
  };
}

/**
 * Enterprises: their products and the last 30 days of scans (counts by day and city only). Needs a
 * verified enterprise binding; without one the page says what to do.
 */
defineListPage(
  {
    data: {
      text: TEXT,
      items: [] as Row[],
      enterpriseName: '',
      needsBinding: '',
      stats: null as ReturnType<typeof scanStatsShown> | null,
      chartHeight: SCAN_CHART_HEIGHT,
    },
    list(): PagedSource<ActionOutput<'credit', 'myProducts'>, Row> {
      return {
        fetch: async (page) => {
          try {
            return await call('credit', 'myProducts', { page });
          } catch (error) {
            if (error instanceof ApiError && /^ENTERPRISE_NOT_/.test(error.code)) {
              this.setData({ needsBinding: error.message });
              return null;
            }
            throw error;
          }
        },
        toItems: (result) => result.items.map(row),
        extra: (result) => ({ enterpriseName: result.enterpriseName, needsBinding: '' }),
        key: (item) => item.productId,
      };
    },
    async load() {
      const result = await this.loadFirst(this.list());
      if (result) await this.loadStats();
    },
    async loadStats() {
      try {
        const stats = await call('credit', 'scanStats', {});
        this.setData({
          stats: scanStatsShown(stats),
        });
        await drawScanChart('#scan-chart', stats).catch(() => undefined);
      } catch {
        // The products are what the page is for; the figures come back on the next visit.
      }
    },
    onRegister() {
      openPage(PAGES.creditProductForm);
    },
    onBind() {
      openPage(PAGES.enterprise);
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(PAGES.creditProduct, { productId: String(e.currentTarget.dataset.id) }));
    },
  },
  { refreshOnShow: true },
);
