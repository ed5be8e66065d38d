import type { EnterpriseClaimView, EnterpriseVerificationView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { askText } from '../../../utils/cable-wx';
import { PAGES, openPage } from '../../../utils/nav';
import { formatDateTime } from '../../../utils/time';
import { ENTERPRISE_NOTE_MAX, REVIEW_REASON_MAX } from '../../../shared/enterprise';
import { textProblem, upTo } from '../../../shared/text';

const TEXT = {
  tabs: [
    { key: 'claims', label: '企业绑定复核' },
    { key: 'verifications', label: '企业材料审核' },
  ],
  intro:
    '检测券活动、数据看板和榜单导入在下方入口办理（云开发控制台仍可执行同样的操作）；企业绑定复核和证明材料审核在本页处理。',
  runTitle: '活动与数据',
  colon: '：',
  runLinks: [
    {
      key: 'adminCampaigns',
      label: '活动管理',
      desc: '新建、发布、截止、摇号、公布结果、候补递补',
      url: PAGES.adminCampaigns,
    },
    {
      key: 'adminDashboard',
      label: '数据看板',
      desc: '申领、发券核销、筛查与帮扶数据，图表与导出',
      url: PAGES.adminDashboard,
    },
    {
      key: 'adminImports',
      label: '导入与红榜',
      desc: '导入抽检结果和企业名录，评定并发布红榜',
      url: PAGES.adminImports,
    },
    {
      key: 'adminCredit',
      label: '信用赋码管理',
      desc: '企业登记的产品和信用码，撤销与统计',
      url: PAGES.adminCredit,
    },
  ],
  trainingTitle: '质量培训',
  trainingLinks: [
    { key: 'adminTraining', label: '培训管理', url: PAGES.adminTraining },
    { key: 'adminTrainingNew', label: '新建培训场次', url: PAGES.adminTrainingForm },
  ],
  helpTitle: '质量帮扶',
  helpLinks: [
    { key: 'helpEscalations', label: '帮扶督办', url: PAGES.helpEscalations },
    { key: 'experts', label: '专家库', url: PAGES.experts },
    { key: 'helpStats', label: '帮扶统计', url: PAGES.helpStats },
  ],
  loading: '正在加载',
  failed: '加载失败',
  noClaims: '没有待处理的复核申请',
  noVerifications: '没有待审核的证明材料',
  licence: '营业执照',
  authorization: '授权委托书',
  fileMissing: '（文件已不存在）',
  unregistered: '登记信息中无此企业，请以营业执照为准',
  verifiedOwner: '该企业已由其他账号完成验证，不能通过此申请',
  approveDocuments: '审核通过',
  approveDocumentsConfirm:
    '确认营业执照与企业名称一致、授权委托书有效？通过后该账号即可以企业身份申领，该企业其他未验证的绑定将被解除。',
  rejectReasonTitle: '驳回原因（将告知申请人）',
  claimed: '申请绑定名称：',
  registered: '登记名称：',
  note: '申请说明：',
  submittedAt: '提交时间：',
  owner: '当前已有绑定账号',
  noOwner: '当前无绑定账号',
  approve: '核实通过，转移绑定',
  reject: '驳回',
  approveConfirm: '确认将该企业的绑定转移给申请人？原绑定账号将被解除，已有的申领和检测券不随之转移。',
  rejectTitle: '驳回原因',
  rejectHint: '请填写驳回原因',
  done: '已处理',
};

interface ClaimRow extends EnterpriseClaimView {
  createdAtText: string;
}

interface VerificationRow extends EnterpriseVerificationView {
  submittedAtText: string;
}

type Tab = 'claims' | 'verifications';

/**
 * 管理: for users holding the admin role. Entries to the programme's pages (活动管理, 数据看板, 导入与红榜)
 * and the help desk's, the review of disputed enterprise bindings (a second claimant of a bound USCC asked
 * the regulator to check), and the queue of enterprise documents (business licence and authorisation
 * letter) that verify a binding.
 */
definePage({
  data: {
    text: TEXT,
    tab: 'claims' as Tab,
    state: 'loading' as ViewState,
    claims: [] as ClaimRow[],
    busyClaimId: '',
    verifications: [] as VerificationRow[],
    busyBindingId: '',
  },
  onLoad() {
    this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  onTab(e: WechatMiniprogram.BaseEvent) {
    const tab = e.currentTarget.dataset.key as Tab;
    if (tab === this.data.tab) return;
    this.setData({ tab });
    this.load();
  },
  async load() {
    if (this.data.tab === 'verifications') {
      const page = await this.runLoad(
        () => call('admin', 'listEnterpriseVerifications', { status: 'waiting', page: 1 }),
        (p) => p.items.length === 0,
      );
      if (page) {
        this.setData({
          verifications: page.items.map((v) => ({ ...v, submittedAtText: formatDateTime(v.submittedAt) })),
        });
      }
    } else {
      const page = await this.runLoad(
        () => call('admin', 'listEnterpriseClaims', { status: 'pending', page: 1 }),
        (p) => p.items.length === 0,
      );
      if (page) this.setData({ claims: page.items.map((c) => ({ ...c, createdAtText: formatDateTime(c.createdAt) })) });
    }
  },
  /** The programme's pages (活动, 看板, 导入) and the help desk's (督办, 专家库, 统计). */
  onHelpLink(e: WechatMiniprogram.BaseEvent) {
    openPage(String(e.currentTarget.dataset.url));
  },
  async onApprove(e: WechatMiniprogram.BaseEvent) {
    const claimId = String(e.currentTarget.dataset.id);
    const answer = await wx.showModal({ title: TEXT.approve, content: TEXT.approveConfirm });
    if (!answer.confirm) return;
    await this.resolve(claimId, 'approve', '');
  },
  async onReject(e: WechatMiniprogram.BaseEvent) {
    const claimId = String(e.currentTarget.dataset.id);
    const note = await askText(TEXT.rejectTitle, TEXT.rejectHint, (text) =>
      textProblem({ ...upTo('驳回原因', ENTERPRISE_NOTE_MAX), min: 1, tooShort: TEXT.rejectHint }, text),
    );
    if (note === null) return;
    await this.resolve(claimId, 'reject', note);
  },
  /** Opens a submitted document (both of the row, starting at the tapped one). */
  onPreviewDocument(e: WechatMiniprogram.BaseEvent) {
    const row = this.data.verifications[Number(e.currentTarget.dataset.index)];
    const url = String(e.currentTarget.dataset.url);
    if (!row || !url) return;
    const urls = [row.licence.url, row.authorization.url].filter(Boolean);
    wx.previewImage({ urls, current: url });
  },
  async onApproveDocuments(e: WechatMiniprogram.BaseEvent) {
    const bindingId = String(e.currentTarget.dataset.id);
    if (this.data.verifications.find((v) => v.bindingId === bindingId)?.hasVerifiedOwner) {
      wx.showToast({ title: TEXT.verifiedOwner, icon: 'none' });
      return;
    }
    const answer = await wx.showModal({ title: TEXT.approveDocuments, content: TEXT.approveDocumentsConfirm });
    if (!answer.confirm) return;
    await this.review(bindingId, 'approve', '');
  },
  async onRejectDocuments(e: WechatMiniprogram.BaseEvent) {
    const bindingId = String(e.currentTarget.dataset.id);
    const reason = await askText(TEXT.rejectReasonTitle, TEXT.rejectHint, (text) =>
      textProblem({ ...upTo('驳回原因', REVIEW_REASON_MAX), min: 1, tooShort: TEXT.rejectHint }, text),
    );
    if (reason === null) return;
    await this.review(bindingId, 'reject', reason);
  },
  async review(bindingId: string, decision: 'approve' | 'reject', reason: string) {
    if (this.data.busyBindingId) return;
    this.setData({ busyBindingId: bindingId });
    try {
      await call('admin', 'reviewEnterpriseVerification', { bindingId, decision, reason });
      wx.showToast({ title: TEXT.done, icon: 'success' });
      const verifications = this.data.verifications.filter((v) => v.bindingId !== bindingId);
      this.setData({ verifications, state: verifications.length ? 'ready' : 'empty' });
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ busyBindingId: '' });
    }
  },
  async resolve(claimId: string, decision: 'approve' | 'reject', note: string) {
    if (this.data.busyClaimId) return;
    this.setData({ busyClaimId: claimId });
    try {
      await call('admin', 'resolveEnterpriseClaim', { claimId, decision, note });
      wx.showToast({ title: TEXT.done, icon: 'success' });
      const claims = this.data.claims.filter((c) => c.claimId !== claimId);
      this.setData({ claims, state: claims.length ? 'ready' : 'empty' });
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ busyClaimId: '' });
    }
  },
});
