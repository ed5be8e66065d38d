import type { ActionOutput, AdminProductView, AuditEntryView, CreditStatsView } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { GUANGDONG_CITY_NAMES } from '../../../shared/cities';
import { CREDIT_TEXT } from '../../../shared/credit';
import { PRODUCT_CATEGORIES } from '../../../shared/product-categories';
import { textProblem } from '../../../shared/text';
import { askText, confirmModal } from '../../../utils/cable-wx';
import { fill, groupDigits } from '../../../utils/format';

const TEXT = {
  title: '产品信用赋码管理',
  intro: '企业登记的产品和信用码。抽检不合格等情况可撤销产品的信用码，消费者扫码时会看到撤销原因。',
  tabs: { products: '产品', stats: '统计' },
  allCategories: '全部类别',
  allCities: '全部城市',
  statuses: { all: '全部', active: '正常', revoked: '已撤销' },
  keyword: '产品、品牌、企业名称或信用代码',
  search: '搜索',
  loading: '正在加载产品',
  empty: '没有符合条件的产品',
  failed: '产品加载失败',
  maker: '{name}（{city}）',
  counts: '信用码 {codes} 个 · 扫码 {scans} 次',
  revokedReason: '撤销原因：{reason}',
  revoke: '撤销信用码',
  revokeTitle: '撤销“{name}”的信用码',
  revokePlaceholder: '撤销原因（消费者扫码时可见）',
  revokeConfirm: '撤销后，此产品所有信用码扫码时都会提示已撤销，企业也不能再为它赋码。确定撤销吗？',
  revoked: '已撤销',
  audit: '变更记录',
  hideAudit: '收起记录',
  auditEmpty: '暂无记录',
  statsLoading: '正在加载统计',
  byCategory: '按产品类别',
  byCity: '按企业所在城市',
  statsHead: '产品 · 已撤销 · 信用码 · 扫码',
  statsRow: '{products} · {revoked} · {codes} · {scans}',
  totals: '合计：产品 {products} 个（已撤销 {revoked} 个），信用码 {codes} 个，扫码 {scans} 次',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

type Status = 'all' | 'active' | 'revoked';

interface Row extends AdminProductView {
  makerText: string;
  countsText: string;
  reasonText: string;
  audit: (AuditEntryView & { lineText: string })[] | null;
}

function row(p: AdminProductView): Row {
  return {
    ...p,
    makerText: fill(TEXT.maker, { name: p.enterpriseName, city: p.enterpriseCity ?? '城市未知' }),
    countsText: fill(TEXT.counts, { codes: groupDigits(p.codeCount), scans: groupDigits(p.scanCount) }),
    reasonText: p.revokedReason ? fill(TEXT.revokedReason, { reason: p.revokedReason }) : '',
    audit: null,
  };
}

type StatsRows = { key: string; label: string; text: string }[];

function statsRows(rows: CreditStatsView['byCategory']): StatsRows {
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    text:
      `${r.label}：` +
      fill(TEXT.statsRow, {
        products: r.products,
        revoked: r.revoked,
        codes: groupDigits(r.codes),
        scans: groupDigits(r.scans),
      }),
  }));
}

/** Admins: products by category, city, status and name; revoke with a reason; each product's changes; figures. */
defineListPage(
  {
    data: {
      text: TEXT,
      tab: 'products' as 'products' | 'stats',
      items: [] as Row[],
      categories: [TEXT.allCategories, ...PRODUCT_CATEGORIES],
      cities: [TEXT.allCities, ...GUANGDONG_CITY_NAMES],
      statuses: (['all', 'active', 'revoked'] as Status[]).map((code) => ({ code, label: TEXT.statuses[code] })),
      categoryIndex: 0,
      cityIndex: 0,
      status: 'all' as Status,
      keyword: '',
      stats: null as { byCategory: StatsRows; byCity: StatsRows; totalsText: string } | null,
    },
    list(): PagedSource<ActionOutput<'credit', 'adminProducts'>, Row> {
      const { categoryIndex, cityIndex, status, keyword, categories, cities } = this.data;
      return {
        fetch: (page) =>
          call('credit', 'adminProducts', {
            page,
            keyword: keyword.trim(),
            ...(categoryIndex ? { category: categories[categoryIndex] as (typeof PRODUCT_CATEGORIES)[number] } : {}),
            ...(cityIndex ? { city: cities[cityIndex] } : {}),
            ...(status !== 'all' ? { status } : {}),
          }),
        toItems: (result) => result.items.map(row),
        key: (item) => item.productId,
      };
    },
    async onTab(e: WechatMiniprogram.BaseEvent) {
      const tab = String(e.currentTarget.dataset.tab) as 'products' | 'stats';
      this.setData({ tab });
      if (tab === 'stats') {
        try {
          const stats = await call('credit', 'creditStats', {});
          this.setData({
            stats: {
              byCategory: statsRows(stats.byCategory),
              byCity: statsRows(stats.byCity),
              totalsText: fill(TEXT.totals, {
                products: stats.totals.products,
                revoked: stats.totals.revoked,
                codes: groupDigits(stats.totals.codes),
                scans: groupDigits(stats.totals.scans),
              }),
            },
          });
        } catch (error) {
          toastError(error);
        }
      }
    },
    onCategory(e: WechatMiniprogram.PickerChange) {
      this.setData({ categoryIndex: Number(e.detail.value) });
      this.load();
    },
    onCity(e: WechatMiniprogram.PickerChange) {
      this.setData({ cityIndex: Number(e.detail.value) });
      this.load();
    },
    onStatus(e: WechatMiniprogram.BaseEvent) {
      this.setData({ status: String(e.currentTarget.dataset.code) as Status });
      this.load();
    },
    onKeyword(e: WechatMiniprogram.Input) {
      this.setData({ keyword: e.detail.value });
    },
    onSearch() {
      this.load();
    },
    async onRevoke(e: WechatMiniprogram.BaseEvent) {
      const item = this.data.items.find((i) => i.productId === String(e.currentTarget.dataset.id));
      if (!item) return;
      const reason = await askText(fill(TEXT.revokeTitle, { name: item.name }), TEXT.revokePlaceholder, (text) =>
        textProblem(CREDIT_TEXT.revokeReason, text),
      );
      if (!reason) return;
      if (!(await confirmModal({ title: TEXT.revoke, content: TEXT.revokeConfirm, danger: true }))) return;
      try {
        const updated = await call('credit', 'revokeProduct', { productId: item.productId, reason });
        this.setData({ items: this.data.items.map((i) => (i.productId === updated.productId ? row(updated) : i)) });
        wx.showToast({ title: TEXT.revoked, icon: 'success' });
      } catch (error) {
        toastError(error);
      }
    },
    async onAudit(e: WechatMiniprogram.BaseEvent) {
      const productId = String(e.currentTarget.dataset.id);
      const item = this.data.items.find((i) => i.productId === productId);
      if (!item) return;
      if (item.audit) {
        this.setData({ items: this.data.items.map((i) => (i.productId === productId ? { ...i, audit: null } : i)) });
        return;
      }
      try {
        const { items } = await call('credit', 'productAudit', { productId });
        // The no-break space keeps the time and the rest apart however the line wraps.
        const audit = items.map((entry) => ({
          ...entry,
          lineText: `\u00a0${entry.actor} ${entry.actionLabel}${entry.note ? `：${entry.note}` : ''}`,
        }));
        this.setData({ items: this.data.items.map((i) => (i.productId === productId ? { ...i, audit } : i)) });
      } catch (error) {
        toastError(error);
      }
    },
  },
  { refreshOnShow: false },
);
