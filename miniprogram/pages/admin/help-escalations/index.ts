import type { ActionOutput, ExpertAdminView } from '../../../../typings/api';
import { defineListPage, type PagedSource, type ViewState } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { CASE_TEXT } from '../../../shared/helpdesk';
import type { ProductCategory } from '../../../shared/product-categories';
import { textProblem } from '../../../shared/text';
import { fill } from '../../../utils/format';
import { caseRow, HELP_WORK_PAGES, overdueText, type CaseRow } from '../../../utils/help-work';
import { openPage, withQuery } from '../../../utils/nav';

const TEXT = {
  title: '帮扶督办',
  intro: '超过 2 个工作日仍无专家首次答复的问诊，最早提交的在前；专家首次答复后移出。可改派给同类别的其他专家。',
  loading: '正在加载督办问诊',
  empty: '没有超时待督办的问诊',
  failed: '督办问诊加载失败',
  total: '共 {n} 件待督办',
  submittedAt: '提交于 ',
  due: '首次答复期限 ',
  expert: '当前专家：',
  noExpert: '当前专家：尚无专家接单',
  open: '查看问诊',
  reassign: '改派',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
  // The expert picker
  pickTitle: '改派问诊',
  pickFor: '为问诊 {no}「{title}」选择专家（{category}）',
  search: '搜索',
  searchPlaceholder: '专家姓名或所在机构',
  expertsLoading: '正在加载专家',
  expertsEmpty: '没有找到该类别的专家，可换个关键词',
  expertsFailed: '专家加载失败',
  load: '进行中 {open} / 上限 {max}',
  full: '已满，不能改派',
  current: '当前专家',
  choose: '改派给{name}',
  reason: '改派原因（选填，将记入问诊记录）',
  reasonPlaceholder: '选填',
  cancel: '取消改派',
  confirmTitle: '确认改派',
  confirmBody:
    '将问诊 {no}「{title}」改派给 {name}（{institution}）。{previous}问诊转为「专家处理中」，由 {name} 负责答复，企业和专家会收到通知。',
  previous: '原专家 {name} 将不再处理此问诊；',
  confirmText: '改派',
  done: '已改派',
};

interface ExpertRow {
  expertId: string;
  name: string;
  line: string;
  loadText: string;
  full: boolean;
  current: boolean;
  chooseLabel: string;
}

interface EscalationRow extends CaseRow {
  productCategory: ProductCategory;
  expertId: string;
  lateText: string;
}

interface Picking {
  caseId: string;
  caseNo: string;
  title: string;
  productCategory: ProductCategory;
  expertId: string;
  expertName: string;
  forText: string;
}

function expertRow(e: ExpertAdminView, currentId: string): ExpertRow {
  return {
    expertId: e.expertId,
    name: e.name,
    line: [e.title, e.institution, e.city].filter(Boolean).join(' · '),
    loadText: fill(TEXT.load, { open: e.openCases, max: e.maxOpenCases }),
    full: e.openCases >= e.maxOpenCases,
    current: e.expertId === currentId,
    chooseLabel: fill(TEXT.choose, { name: e.name }),
  };
}

/**
 * 帮扶督办 (admins): cases past their first-answer deadline without an answer (the escalateOverdue
 * timer flags them), oldest first as the server orders them, each with how long it is overdue;
 * reassigning picks an expert of the case's category (searchable by name), confirms what will happen,
 * then calls reassignCase. A reassigned case stays in the queue until its first answer.
 */
defineListPage(
  {
    data: {
      text: TEXT,
      items: [] as EscalationRow[],
      totalText: '',
      picking: null as Picking | null,
      expertQuery: '',
      experts: [] as ExpertRow[],
      expertsState: 'loading' as ViewState,
      reason: '',
      reasonError: '',
      busy: false,
    },
    list(): PagedSource<ActionOutput<'helpdesk', 'escalations'>, EscalationRow> {
      return {
        fetch: (page) => call('helpdesk', 'escalations', { page }),
        toItems: (result) => {
          const now = Date.now();
          return result.items.map((s) => ({
            ...caseRow(s, now),
            productCategory: s.productCategory,
            expertId: s.expert?.expertId ?? '',
            lateText: overdueText(s.firstAnswerDueAt, now),
          }));
        },
        extra: (result) => ({ totalText: fill(TEXT.total, { n: result.total }) }),
        key: (item) => item.caseId,
      };
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(HELP_WORK_PAGES.case, { caseId: String(e.currentTarget.dataset.id) }));
    },
    onReassign(e: WechatMiniprogram.BaseEvent) {
      const row = this.data.items.find((item) => item.caseId === String(e.currentTarget.dataset.id));
      if (!row) return;
      this.setData({
        picking: {
          caseId: row.caseId,
          caseNo: row.caseNo,
          title: row.title,
          productCategory: row.productCategory,
          expertId: row.expertId,
          expertName: row.expertName,
          forText: fill(TEXT.pickFor, { no: row.caseNo, title: row.title, category: row.productCategory }),
        },
        expertQuery: '',
        reason: '',
        reasonError: '',
        experts: [],
      });
      wx.pageScrollTo({ scrollTop: 0, duration: 0 });
      this.searchExperts();
    },
    onCancelPick() {
      this.setData({ picking: null, experts: [] });
    },
    onExpertQuery(e: WechatMiniprogram.Input) {
      this.setData({ expertQuery: e.detail.value });
    },
    onReason(e: WechatMiniprogram.Input) {
      const reason = e.detail.value;
      this.setData({ reason, reasonError: textProblem(CASE_TEXT.reason, reason) });
    },
    /** Experts of the case's category, by name or institution when one is typed. */
    async searchExperts() {
      const picking = this.data.picking;
      if (!picking) return;
      const keyword = this.data.expertQuery.trim();
      this.setData({ expertsState: 'loading' });
      try {
        const page = await call('helpdesk', 'listExperts', {
          productCategory: picking.productCategory,
          ...(keyword ? { keyword } : {}),
          page: 1,
        });
        if (this.data.picking?.caseId !== picking.caseId) return;
        const experts = page.items.filter((x) => x.active).map((x) => expertRow(x, picking.expertId));
        this.setData({ experts, expertsState: experts.length ? 'ready' : 'empty' });
      } catch (error) {
        this.setData({ expertsState: 'error' });
        toastError(error);
      }
    },
    async onChoose(e: WechatMiniprogram.BaseEvent) {
      const picking = this.data.picking;
      const expertId = String(e.currentTarget.dataset.id);
      const expert = this.data.experts.find((x) => x.expertId === expertId);
      // The server refuses the case's own expert and a full one too (CONFLICT, EXPERT_AT_CAPACITY).
      if (!picking || !expert || expert.current || expert.full || this.data.busy) return;
      const reasonError = textProblem(CASE_TEXT.reason, this.data.reason);
      if (reasonError) {
        this.setData({ reasonError });
        wx.showToast({ title: reasonError, icon: 'none' });
        return;
      }
      const content = fill(TEXT.confirmBody, {
        no: picking.caseNo,
        title: picking.title,
        name: expert.name,
        institution: expert.line,
        previous: picking.expertName ? fill(TEXT.previous, { name: picking.expertName }) : '',
      });
      const answer = await wx.showModal({ title: TEXT.confirmTitle, content, confirmText: TEXT.confirmText });
      if (!answer?.confirm) return;
      this.setData({ busy: true });
      try {
        await call('helpdesk', 'reassignCase', { caseId: picking.caseId, expertId, reason: this.data.reason.trim() });
        wx.showToast({ title: TEXT.done, icon: 'success' });
        this.setData({ picking: null, experts: [] });
        await this.refresh();
      } catch (error) {
        toastError(error);
      } finally {
        this.setData({ busy: false });
      }
    },
  },
  { refreshOnShow: true },
);
