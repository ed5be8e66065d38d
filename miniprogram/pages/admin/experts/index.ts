import type { ActionOutput, ExpertAdminView } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { GUANGDONG_CITY_NAMES } from '../../../shared/cities';
import { DISCIPLINE_CODES, DISCIPLINES } from '../../../shared/helpdesk';
import { PRODUCT_CATEGORIES } from '../../../shared/product-categories';
import { randomId } from '../../../utils/cable';
import { askText, uploadToCloud } from '../../../utils/cable-wx';
import { fill } from '../../../utils/format';
import { chooseTableFile, tableExtension } from '../files';

/** Errors listed on the page; the rest are in the error report. */
const ERRORS_SHOWN = 50;

const TEXT = {
  title: '专家库',
  intro: '按产品类别、专业领域、城市或姓名查找专家；导入名单可新增或更新专家，绑定后专家用自己的微信接单。',
  search: '搜索',
  searchPlaceholder: '专家姓名或所在机构',
  colon: '：',
  categoryLabel: '产品类别',
  disciplineLabel: '专业领域',
  cityLabel: '城市',
  allCategories: '全部类别',
  allDisciplines: '全部领域',
  allCities: '全省',
  loading: '正在加载专家',
  empty: '没有符合条件的专家',
  failed: '专家加载失败',
  total: '共 {n} 位专家',
  load: '进行中 {open} / 上限 {max}',
  record: '已解决 {n} 件',
  stars: '平均 {n} 星',
  inactive: '已停用',
  bound: '已绑定微信用户 {user}',
  unbound: '未绑定微信用户',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
  // Import
  importTitle: '导入专家名单',
  importHint:
    '从微信聊天中选择 CSV 或 XLSX 文件。已有专家按名单更新，重复导入同一文件不会产生重复专家；有问题的行不写入。',
  importButton: '选择文件并导入',
  importing: '正在导入…',
  badExtension: '请选择 CSV 或 XLSX 文件',
  uploadFailed: '文件上传失败，请重试',
  importSummary: '共 {rows} 行：新增 {created}，更新 {updated}，未变化 {unchanged}',
  importErrors: '{n} 行有问题，未写入：',
  errorLine: '第 {line} 行 · {field}：{message}',
  moreErrors: '另有 {n} 条问题，见错误报告',
  copyReport: '复制错误报告链接',
  // Bind
  bind: '绑定微信用户',
  rebind: '更换绑定用户',
  bindTitle: '绑定「{name}」的微信用户',
  bindPlaceholder: '该用户的 openid（需已登录过小程序）',
  bindEmpty: '请填写用户的 openid',
  bindTooLong: 'openid 不超过 64 个字符',
  bindConfirmTitle: '确认绑定',
  bindConfirm:
    '将专家 {name}（{institution}）绑定到微信用户 {openid}。该用户将获得帮扶专家身份，可接收推送并处理问诊；若该用户已绑定其他专家，原绑定将解除。{previous}',
  bindPrevious: '原绑定用户 {user} 将不再代表该专家。',
  bound_done: '已绑定',
};

interface ExpertRow {
  expertId: string;
  name: string;
  line: string;
  categories: string;
  disciplines: string;
  loadText: string;
  recordText: string;
  active: boolean;
  boundText: string;
  boundUser: string;
  bindLabel: string;
  institution: string;
}

interface ImportResult {
  summary: string;
  errorsTitle: string;
  errors: string[];
  moreErrors: string;
  reportUrl: string;
}

function expertRow(e: ExpertAdminView): ExpertRow {
  const record = [fill(TEXT.record, { n: e.resolvedCases })];
  if (e.averageStars !== null) record.push(fill(TEXT.stars, { n: e.averageStars.toFixed(1) }));
  return {
    expertId: e.expertId,
    name: e.name,
    line: [e.title, e.institution, e.city].filter(Boolean).join(' · '),
    categories: e.productCategories.join('、'),
    disciplines: e.disciplineLabels.join('、'),
    loadText: fill(TEXT.load, { open: e.openCases, max: e.maxOpenCases }),
    recordText: record.join(' · '),
    active: e.active,
    boundText: e.boundUser ? fill(TEXT.bound, { user: e.boundUser }) : TEXT.unbound,
    boundUser: e.boundUser ?? '',
    bindLabel: `${e.boundUser ? TEXT.rebind : TEXT.bind} ${e.name}`,
    institution: e.institution,
  };
}

function importResult(r: ActionOutput<'helpdesk', 'importExperts'>): ImportResult {
  return {
    summary: fill(TEXT.importSummary, { rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged }),
    errorsTitle: r.errors.length ? fill(TEXT.importErrors, { n: r.errors.length }) : '',
    errors: r.errors
      .slice(0, ERRORS_SHOWN)
      .map((e) => fill(TEXT.errorLine, { line: e.line, field: e.field, message: e.message })),
    moreErrors: r.errors.length > ERRORS_SHOWN ? fill(TEXT.moreErrors, { n: r.errors.length - ERRORS_SHOWN }) : '',
    reportUrl: r.errorReportUrl ?? '',
  };
}

/**
 * 专家库 (admins): the expert register with filters (category, discipline, city, name), the import of a
 * CSV/XLSX list (uploaded to cloud storage, then importExperts: counts and line-numbered problems), and
 * binding an expert to the WeChat user who answers for them.
 */
defineListPage({
  data: {
    text: TEXT,
    items: [] as ExpertRow[],
    totalText: '',
    keyword: '',
    /** The keyword of the list shown (the box may hold one not searched yet). */
    searched: '',
    categoryLabels: [TEXT.allCategories, ...PRODUCT_CATEGORIES],
    categoryIndex: 0,
    disciplineLabels: [TEXT.allDisciplines, ...DISCIPLINE_CODES.map((c) => DISCIPLINES[c])],
    disciplineIndex: 0,
    cityLabels: [TEXT.allCities, ...GUANGDONG_CITY_NAMES],
    cityIndex: 0,
    importing: false,
    result: null as ImportResult | null,
    bindingId: '',
  },
  list(): PagedSource<ActionOutput<'helpdesk', 'listExperts'>, ExpertRow> {
    const filters = this.currentFilters();
    const asked = JSON.stringify(filters);
    return {
      fetch: (page) => call('helpdesk', 'listExperts', { ...filters, page }),
      toItems: (result) => result.items.map(expertRow),
      extra: (result) => ({ totalText: fill(TEXT.total, { n: result.total }) }),
      key: (item) => item.expertId,
      // A next page of filters the admin has changed meanwhile is dropped.
      stale: () => asked !== JSON.stringify(this.currentFilters()),
    };
  },
  /** The filters as the list asks for them (only those set). */
  currentFilters() {
    const { categoryIndex, disciplineIndex, cityIndex } = this.data;
    const keyword = this.data.searched;
    return {
      ...(categoryIndex > 0 ? { productCategory: PRODUCT_CATEGORIES[categoryIndex - 1] } : {}),
      ...(disciplineIndex > 0 ? { discipline: DISCIPLINE_CODES[disciplineIndex - 1] } : {}),
      ...(cityIndex > 0 ? { city: GUANGDONG_CITY_NAMES[cityIndex - 1] } : {}),
      ...(keyword ? { keyword } : {}),
    };
  },
  onKeyword(e: WechatMiniprogram.Input) {
    this.setData({ keyword: e.detail.value });
  },
  onSearch() {
    this.setData({ searched: this.data.keyword.trim() });
    this.load();
  },
  onCategory(e: WechatMiniprogram.PickerChange) {
    this.setData({ categoryIndex: Number(e.detail.value) });
    this.load();
  },
  onDiscipline(e: WechatMiniprogram.PickerChange) {
    this.setData({ disciplineIndex: Number(e.detail.value) });
    this.load();
  },
  onCity(e: WechatMiniprogram.PickerChange) {
    this.setData({ cityIndex: Number(e.detail.value) });
    this.load();
  },
  onImport() {
    if (this.data.importing) return;
    chooseTableFile((path, name) => this.importFile(path, name));
  },
  async importFile(path: string, name: string) {
    const ext = tableExtension(path, name);
    if (!ext) {
      wx.showToast({ title: TEXT.badExtension, icon: 'none' });
      return;
    }
    this.setData({ importing: true, result: null });
    try {
      let fileID: string;
      try {
        fileID = await uploadToCloud(`expert-imports/${randomId()}.${ext}`, path);
      } catch {
        throw new ApiError('NETWORK', TEXT.uploadFailed);
      }
      const result = await call('helpdesk', 'importExperts', { fileID });
      this.setData({ result: importResult(result) });
      if (result.created || result.updated) this.load();
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ importing: false });
    }
  },
  onCopyReport() {
    const url = this.data.result?.reportUrl;
    if (url) wx.setClipboardData({ data: url });
  },
  async onBind(e: WechatMiniprogram.BaseEvent) {
    const expertId = String(e.currentTarget.dataset.id);
    const row = this.data.items.find((x) => x.expertId === expertId);
    if (!row || this.data.bindingId) return;
    const openid = await askText(fill(TEXT.bindTitle, { name: row.name }), TEXT.bindPlaceholder, (text) => {
      const typed = text.trim();
      return !typed ? TEXT.bindEmpty : typed.length > 64 ? TEXT.bindTooLong : '';
    });
    if (openid === null) return;
    const content = fill(TEXT.bindConfirm, {
      name: row.name,
      institution: row.institution,
      openid,
      previous: row.boundUser ? fill(TEXT.bindPrevious, { user: row.boundUser }) : '',
    });
    const answer = await wx.showModal({ title: TEXT.bindConfirmTitle, content });
    if (!answer?.confirm) return;
    this.setData({ bindingId: expertId });
    try {
      const expert = await call('helpdesk', 'bindExpert', { expertId, openid });
      const index = this.data.items.findIndex((x) => x.expertId === expertId);
      if (index >= 0) this.setData({ [`items[${index}]`]: expertRow(expert) });
      wx.showToast({ title: TEXT.bound_done, icon: 'success' });
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ bindingId: '' });
    }
  },
});
