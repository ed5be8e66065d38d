/** Help-desk views as the `helpdesk` function returns them, for the fake cloud. Override what a test is about. */
import type { CaseSummary, CaseView, HelpFormOptions } from '../../../typings/api';
import { CASE_STATUS_LABELS, PROBLEM_TYPES, URGENCIES } from '../../../miniprogram/shared/helpdesk';
import { PRODUCT_CATEGORIES } from '../../../miniprogram/shared/product-categories';
import { GUANGDONG_CITY_NAMES } from '../../../miniprogram/shared/cities';

export const UPLOAD_FOLDER = 'help-files/0123456789abcdef0123456789abcdef';

export function helpFormOptions(overrides: Partial<HelpFormOptions> = {}): HelpFormOptions {
  return {
    productCategories: [...PRODUCT_CATEGORIES],
    problemTypes: Object.entries(PROBLEM_TYPES).map(([code, label]) => ({
      code,
      label,
    })) as HelpFormOptions['problemTypes'],
    urgencies: Object.entries(URGENCIES).map(([code, label]) => ({ code, label })) as HelpFormOptions['urgencies'],
    cities: [...GUANGDONG_CITY_NAMES],
    maxFiles: 9,
    uploadFolder: UPLOAD_FOLDER,
    blockedReason: null,
    ...overrides,
  };
}

export const EXPERT = {
  expertId: 'e-1',
  name: '陈建国',
  title: '高级工程师',
  institution: '广东省家用电器产品医院',
  city: '佛山市',
  productCategories: ['家用电器' as const],
  disciplines: ['testing' as const],
  disciplineLabels: ['检验检测'],
};

export function caseSummary(overrides: Partial<CaseSummary> = {}): CaseSummary {
  const status = overrides.status ?? 'accepted';
  return {
    caseId: 'case-1',
    caseNo: 'WZ20261201-0001',
    status,
    statusLabel: CASE_STATUS_LABELS[status],
    productCategory: '家用电器',
    problemType: 'failed_sampling',
    problemTypeLabel: PROBLEM_TYPES.failed_sampling,
    title: '电热水壶抽检泄漏电流不合格',
    urgency: 'normal',
    enterpriseName: '佛山市顺德区美达电器有限公司',
    city: '佛山市',
    expert: status === 'open' ? null : EXPERT,
    submittedAt: '2026-12-01T02:00:00.000Z',
    firstAnswerDueAt: '2026-12-03T15:59:59.999Z',
    firstAnsweredAt: null,
    escalated: false,
    overdue: false,
    updatedAt: '2026-12-01T02:00:00.000Z',
    ...overrides,
  };
}

export function caseView(overrides: Partial<CaseView> = {}): CaseView {
  return {
    ...caseSummary(overrides),
    description: '我司生产的电热水壶在 2026 年省级监督抽检中泄漏电流项目不合格，想了解原因和整改办法。',
    failedItems: '泄漏电流',
    files: [],
    preferredCity: null,
    contact: { name: '李明', phone: '13712345678' },
    contactMasked: false,
    diagnosis: null,
    closingNote: null,
    rating: null,
    messages: [],
    uploadFolder: UPLOAD_FOLDER,
    filesExpireIn: 7200,
    viewerRole: 'enterprise',
    actions: ['message', 'withdraw'],
    ...overrides,
  };
}
