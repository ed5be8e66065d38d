import type { ScanView } from '../../../../typings/api';
import { definePage } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { creditCodeFromScan } from '../../../shared/credit';
import { fill } from '../../../utils/format';
import { decodeParam, openPage, withQuery } from '../../../utils/nav';
import { REDLIST_PAGES } from '../../../utils/redlist';

const TEXT = {
  title: '产品信用码查询',
  intro: '扫描产品标签上的二维码，或输入二维码下方的 12 位信用码，查看产品和生产企业的质量信息。',
  label: '产品信用码',
  codeLabel: '产品信用码：',
  placeholder: '如 7K3M-9QXA-2BCD',
  check: '查询',
  checking: '正在查询…',
  scan: '扫一扫',
  empty: '请输入产品信用码',
  notACode: '这不是粤品通产品信用码，请扫描标签上的二维码或手动输入',
  genuine: '已查到此码',
  product: '产品信息',
  brand: '品牌',
  model: '规格型号',
  category: '产品类别',
  standard: '执行标准',
  ccc: 'CCC 证书编号',
  codeKind: '赋码方式',
  batchNo: '生产批号',
  productionDate: '生产日期',
  serial: '产品序号',
  scans: '此码已被查询 {n} 次',
  maker: '生产企业',
  uscc: '统一社会信用代码',
  city: '所在城市',
  listed: '红榜{tier}：连续 {years} 年监督抽查无不合格（{version} 期）',
  notListed: '暂未列入红榜（{version} 期）',
  noRedlist: '红榜尚未发布',
  redlistLink: '查看企业红榜信息',
  sampling: '该企业此类产品的监督抽查',
  noSampling: '暂无该企业此类产品的监督抽查记录',
  failedItems: '不合格项目：{items}',
  cable: '对电线质量有疑问？免费申请电线电缆快速筛查',
  location: '位置仅用于按城市统计扫码次数、识别被复制的码，不会记录你的身份和具体位置。',
};

interface Row {
  key: string;
  label: string;
  value: string;
  short?: boolean;
}

interface ScanResult {
  view: ScanView;
  productRows: Row[];
  makerRows: Row[];
  badge: string;
  badgeListed: boolean;
  scansText: string;
  sampling: (ScanView['sampling'][number] & { itemsText: string })[];
}

function resultOf(view: ScanView): ScanResult {
  const product = view.product;
  const issue = view.issue;
  const productRows: Row[] = product
    ? [
        { key: 'brand', label: TEXT.brand, value: product.brand },
        { key: 'model', label: TEXT.model, value: product.model },
        { key: 'category', label: TEXT.category, value: product.category },
        { key: 'standard', label: TEXT.standard, value: product.standard },
        { key: 'ccc', label: TEXT.ccc, value: product.cccNumber ?? '' },
        { key: 'kind', label: TEXT.codeKind, value: issue?.kindLabel ?? '' },
        { key: 'batch', label: TEXT.batchNo, value: issue?.batchNo ?? '' },
        { key: 'date', label: TEXT.productionDate, value: issue?.productionDate ?? '' },
        { key: 'serial', label: TEXT.serial, value: issue?.serial ? String(issue.serial) : '' },
      ]
        .filter((r) => r.value)
        // A short value (a standard, a date, a number) never breaks across lines.
        .map((r) => ({ ...r, label: `${r.label}：`, short: r.value.length <= 24 }))
    : [];
  const maker = view.maker;
  const makerRows: Row[] = maker
    ? [
        { key: 'uscc', label: TEXT.uscc, value: maker.uscc },
        { key: 'city', label: TEXT.city, value: maker.city ?? '' },
      ]
        .filter((r) => r.value)
        .map((r) => ({ ...r, label: `${r.label}：` }))
    : [];
  const redlist = maker?.redlist;
  const badge = !redlist
    ? TEXT.noRedlist
    : redlist.listed
      ? fill(TEXT.listed, { tier: redlist.tierLabel ?? '', years: redlist.years ?? 0, version: redlist.version })
      : fill(TEXT.notListed, { version: redlist.version });
  return {
    view,
    productRows,
    makerRows,
    badge,
    badgeListed: !!redlist?.listed,
    scansText: fill(TEXT.scans, { n: view.scanCount }),
    sampling: view.sampling.map((s) => ({
      ...s,
      itemsText: s.failedItems ? fill(TEXT.failedItems, { items: s.failedItems }) : '',
    })),
  };
}

/** Where the phone is, if the user allows it: only its city is kept, for the counts and the copy check. */
function currentLocation(): Promise<{ latitude: number; longitude: number } | undefined> {
  return new Promise((resolve) => {
    wx.getLocation({
      type: 'gcj02',
      success: (res) => resolve({ latitude: res.latitude, longitude: res.longitude }),
      fail: () => resolve(undefined),
    });
  });
}

/**
 * Anyone: what a product credit code says. Opened from a label's QR code (`q`: the label's link), with
 * `?code=`, or by typing the code; 扫一扫 scans a label from here.
 */
definePage({
  data: { text: TEXT, code: '', checking: false, error: '', result: null as ScanResult | null },
  onLoad(query: Record<string, string | undefined>) {
    const given = query.q ?? query.code ?? query.scene;
    if (given) {
      const code = creditCodeFromScan(given);
      this.setData({ code: code || decodeParam(given) });
      this.onCheck();
    }
  },
  onInput(e: WechatMiniprogram.Input) {
    this.setData({ code: e.detail.value, error: '' });
  },
  onScan() {
    wx.scanCode({
      onlyFromCamera: false,
      success: (res) => {
        const code = creditCodeFromScan(res.result ?? '');
        if (!code) {
          this.setData({ error: TEXT.notACode, result: null });
          return;
        }
        this.setData({ code, error: '' });
        this.onCheck();
      },
    });
  },
  async onCheck() {
    const typed = this.data.code.trim();
    if (!typed) {
      this.setData({ error: TEXT.empty });
      return;
    }
    if (this.data.checking) return;
    this.setData({ checking: true, error: '', result: null });
    try {
      const location = await currentLocation();
      const view = await call('credit', 'scan', { code: typed, ...(location ? { location } : {}) });
      this.setData({ result: resultOf(view) });
    } catch (error) {
      const field = (error as { details?: { fields?: { message: string }[] } }).details?.fields?.[0];
      if (field) this.setData({ error: (error as Error).message });
      else toastError(error);
    } finally {
      this.setData({ checking: false });
    }
  },
  onRedlist() {
    const uscc = this.data.result?.view.maker?.uscc;
    if (uscc) openPage(withQuery(REDLIST_PAGES.detail, { uscc }));
  },
  onCable() {
    const path = this.data.result?.view.cableScreenPath;
    if (path) openPage(path);
  },
  onPhoto(e: WechatMiniprogram.TouchEvent) {
    const urls = this.data.result?.view.product?.photoUrls ?? [];
    wx.previewImage({ urls, current: urls[Number(e.currentTarget.dataset.index)] });
  },
});
