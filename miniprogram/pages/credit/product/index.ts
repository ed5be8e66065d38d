import type { IssuanceView, ProductDetailView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { BATCH_NO_PATTERN, CODE_KIND_LABELS, CREDIT_LIMITS, CREDIT_TEXT, type CodeKind } from '../../../shared/credit';
import { textProblem } from '../../../shared/text';
import { randomId } from '../../../utils/cable';
import { fill, groupDigits } from '../../../utils/format';
import { goToFirstError, serverFieldErrors } from '../../../utils/form';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { formatDate } from '../../../utils/time';
import { drawScanChart, SCAN_CHART_HEIGHT, scanStatsShown } from '../chart';

const TEXT = {
  loading: '正在加载产品',
  failed: '产品加载失败',
  edit: '修改产品信息',
  revoked: '此产品的信用码已被市场监管部门撤销：{reason}。消费者扫码时会看到这一提示；如有异议请联系市场监管部门。',
  ccc: 'CCC 证书：{n}',
  counts: '信用码 {codes} 个 · 扫码 {scans} 次',
  issueTitle: '生成信用码',
  kind: '赋码方式',
  kindHints: {
    batch: '一个生产批次一个码，印在该批次的每件产品或包装上。',
    serial: '每件产品一个码（一物一码），可识别被复制的码。',
  },
  batchNo: '生产批号',
  batchNoPlaceholder: '如 B20261201',
  productionDate: '生产日期',
  quantityBatch: '本批数量（件）',
  quantitySerial: '生成数量（个，最多 100,000）',
  quantityInvalid: '数量应为 1 到 {max} 的整数',
  batchNoInvalid: '生产批号只能包含字母、数字和 - _ / .',
  pick: '请选择',
  issue: '生成',
  issuing: '正在生成 {done}/{total}',
  issued: '已生成 {n} 个信用码',
  fixErrors: '请按提示修改后再生成',
  issues: '赋码记录',
  noIssues: '还没有生成信用码',
  batchLabel: '批号',
  dateLabel: '生产日期',
  firstCodeLabel: '首个码：',
  codeLine: '{n} 个码 · {status}',
  resume: '继续生成',
  labels: '下载标签（A4，每页 40 个）',
  part: '第 {from}–{to} 号',
  download: '下载',
  downloading: '正在生成标签…',
  openFailed: '标签已生成，但无法打开。请稍后重试',
  viewScan: '查看扫码效果',
  stats: '近 30 天扫码',
  byCity: '按城市',
};

const ORDER = ['kind', 'batchNo', 'productionDate', 'quantity'] as const;
type Field = (typeof ORDER)[number];

interface IssueForm {
  kind: CodeKind;
  batchNo: string;
  productionDate: string;
  quantity: string;
}

interface IssueRow extends IssuanceView {
  codeLine: string;
  parts: { part: number; label: string }[];
  percent: number;
}

function partsOf(issue: IssuanceView): IssueRow['parts'] {
  const per = CREDIT_LIMITS.labelsPerFile;
  return Array.from({ length: issue.labelParts }, (_, i) => ({
    part: i + 1,
    label: fill(TEXT.part, {
      from: groupDigits(i * per + 1),
      to: groupDigits(Math.min(issue.codeCount, (i + 1) * per)),
    }),
  }));
}

/** How far an issue has got, 0–100. */
const issuedPercent = (issue: IssuanceView) => Math.floor((issue.issuedCount / Math.max(1, issue.codeCount)) * 100);

function issueRow(issue: IssuanceView): IssueRow {
  return {
    ...issue,
    codeLine: fill(TEXT.codeLine, { n: groupDigits(issue.codeCount), status: issue.statusLabel }),
    parts: partsOf(issue),
    percent: issuedPercent(issue),
  };
}

function errorsOf(form: IssueForm): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  const batchProblem = textProblem(CREDIT_TEXT.batchNo, form.batchNo);
  if (batchProblem) errors.batchNo = batchProblem;
  else if (!BATCH_NO_PATTERN.test(form.batchNo.trim())) errors.batchNo = TEXT.batchNoInvalid;
  if (!form.productionDate) errors.productionDate = TEXT.pick + TEXT.productionDate;
  const max = form.kind === 'serial' ? CREDIT_LIMITS.maxSerialCodes : CREDIT_LIMITS.maxBatchQuantity;
  const n = Number(form.quantity);
  if (!Number.isInteger(n) || n < 1 || n > max) errors.quantity = fill(TEXT.quantityInvalid, { max: groupDigits(max) });
  return errors;
}

function downloadAndOpen(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url,
      success: (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`HTTP ${res.statusCode}`));
          return;
        }
        wx.openDocument({
          filePath: res.tempFilePath,
          fileType: 'pdf',
          showMenu: true,
          success: () => resolve(),
          fail: reject,
        });
      },
      fail: reject,
    });
  });
}

/**
 * Enterprises: one product, its codes and labels. Issuing keeps calling continueIssue while the answer
 * says `issuing` (up to 100,000 serial codes), with a progress bar; an interrupted issue resumes from its
 * 继续生成 button. Labels come as A4 PDFs of 1,000 codes each.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    productId: '',
    product: null as (ProductDetailView & { revokedText: string; countsText: string; cccText: string }) | null,
    issues: [] as IssueRow[],
    kinds: Object.entries(CODE_KIND_LABELS).map(([code, label]) => ({ code, label })),
    form: { kind: 'batch', batchNo: '', productionDate: '', quantity: '' } as IssueForm,
    errors: {} as Partial<Record<Field, string>>,
    focusField: '',
    today: formatDate(Date.now()),
    clientRequestId: '',
    issuing: false,
    progress: null as { percent: number; text: string } | null,
    downloading: '',
    stats: null as ReturnType<typeof scanStatsShown> | null,
    chartHeight: SCAN_CHART_HEIGHT,
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ productId: query.productId ?? '', clientRequestId: randomId('i') });
    this.load();
  },
  onShow() {
    if (this.data.product) this.load(true);
  },
  async load(quiet = false) {
    const task = () => call('credit', 'getProduct', { productId: this.data.productId });
    const product = quiet ? await task().catch(() => null) : await this.runLoad(task);
    if (!product) return;
    wx.setNavigationBarTitle({ title: product.name });
    this.setData({
      product: {
        ...product,
        revokedText: fill(TEXT.revoked, { reason: product.revokedReason ?? '' }),
        countsText: fill(TEXT.counts, { codes: groupDigits(product.codeCount), scans: groupDigits(product.scanCount) }),
        cccText: product.cccNumber ? fill(TEXT.ccc, { n: product.cccNumber }) : '',
      },
      issues: product.issuances.map(issueRow),
    });
    this.loadStats();
  },
  async loadStats() {
    try {
      const stats = await call('credit', 'scanStats', { productId: this.data.productId });
      this.setData({
        stats: scanStatsShown(stats),
      });
      await drawScanChart('#scan-chart', stats).catch(() => undefined);
    } catch {
      // The figures are a bonus on this page; they come back on the next visit.
    }
  },
  onEdit() {
    openPage(withQuery(PAGES.creditProductForm, { productId: this.data.productId }));
  },
  onViewScan(e: WechatMiniprogram.BaseEvent) {
    openPage(withQuery(PAGES.creditScan, { code: String(e.currentTarget.dataset.code) }));
  },
  setForm(form: IssueForm) {
    this.setData({ form, errors: Object.keys(this.data.errors).length ? errorsOf(form) : {} });
  },
  onKind(e: WechatMiniprogram.BaseEvent) {
    this.setForm({ ...this.data.form, kind: String(e.currentTarget.dataset.code) as CodeKind });
  },
  onInput(e: WechatMiniprogram.Input) {
    this.setForm({ ...this.data.form, [String(e.currentTarget.dataset.field)]: e.detail.value });
  },
  onPickDate(e: WechatMiniprogram.PickerChange) {
    this.setForm({ ...this.data.form, productionDate: String(e.detail.value) });
  },
  showProgress(issue: IssuanceView) {
    this.setData({
      progress: {
        percent: issuedPercent(issue),
        text: fill(TEXT.issuing, { done: groupDigits(issue.issuedCount), total: groupDigits(issue.codeCount) }),
      },
    });
  },
  /** Calls continueIssue while the issue is still being made. */
  async finish(issue: IssuanceView): Promise<IssuanceView> {
    let current = issue;
    while (current.status === 'issuing') {
      this.showProgress(current);
      current = await call('credit', 'continueIssue', { issuanceId: current.issuanceId });
    }
    return current;
  },
  async onIssue() {
    if (this.data.issuing) return;
    const form = this.data.form;
    const errors = errorsOf(form);
    this.setData({ errors });
    if (Object.keys(errors).length) {
      wx.showToast({ title: TEXT.fixErrors, icon: 'none' });
      goToFirstError(this, ORDER, errors, ['batchNo', 'quantity']);
      return;
    }
    this.setData({ issuing: true });
    try {
      const started = await call('credit', 'issueCodes', {
        productId: this.data.productId,
        kind: form.kind,
        batchNo: form.batchNo.trim(),
        productionDate: form.productionDate,
        quantity: Number(form.quantity),
        clientRequestId: this.data.clientRequestId,
      });
      const done = await this.finish(started);
      wx.showToast({ title: fill(TEXT.issued, { n: groupDigits(done.codeCount) }), icon: 'success' });
      this.setData({
        clientRequestId: randomId('i'),
        form: { kind: form.kind, batchNo: '', productionDate: '', quantity: '' },
      });
      await this.load(true);
    } catch (error) {
      const fields = serverFieldErrors(error, (path) => (ORDER as readonly string[]).find((f) => f === path));
      if (Object.keys(fields).length) {
        this.setData({ errors: fields });
        wx.showToast({ title: error instanceof ApiError ? error.message : TEXT.fixErrors, icon: 'none' });
      } else {
        toastError(error);
      }
      await this.load(true);
    } finally {
      this.setData({ issuing: false, progress: null });
    }
  },
  async onResume(e: WechatMiniprogram.BaseEvent) {
    const issue = this.data.issues.find((i) => i.issuanceId === String(e.currentTarget.dataset.id));
    if (!issue || this.data.issuing) return;
    this.setData({ issuing: true });
    try {
      await this.finish(issue);
      await this.load(true);
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ issuing: false, progress: null });
    }
  },
  async onDownload(e: WechatMiniprogram.BaseEvent) {
    const issuanceId = String(e.currentTarget.dataset.id);
    const part = Number(e.currentTarget.dataset.part);
    if (this.data.downloading) return;
    this.setData({ downloading: `${issuanceId}:${part}` });
    try {
      const labels = await call('credit', 'labels', { issuanceId, part });
      await downloadAndOpen(labels.url).catch(() => {
        wx.setClipboardData({ data: labels.url });
        wx.showToast({ title: TEXT.openFailed, icon: 'none' });
      });
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ downloading: '' });
    }
  },
});
