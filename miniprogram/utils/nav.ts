/**
 * Page addresses in one place, so links from the shell to pages that domain subpackages own are
 * easy to find and check (tests/ui/app.test.ts compares TAB_PAGES with app.json).
 */
export const TAB_PAGES = {
  home: '/pages/home/index',
  voucher: '/pages/voucher-tab/index',
  redlist: '/pages/redlist-tab/index',
  help: '/pages/help-tab/index',
  mine: '/pages/mine/index',
} as const;

export const PAGES = {
  hospitals: '/pages/home/hospitals/index',
  enterprise: '/pages/user/enterprise/index',
  phone: '/pages/user/phone/index',
  privacy: '/pages/user/privacy/index',
  about: '/pages/user/about/index',
  // Owned by the domain subpackages:
  campaign: '/pages/voucher/campaign/index',
  myApplications: '/pages/voucher/my-applications/index',
  myVouchers: '/pages/voucher/my-vouchers/index',
  myCableRequests: '/pages/cable/my-requests/index',
  redeem: '/pages/hospital/redeem/index',
  screening: '/pages/hospital/screening/index',
  admin: '/pages/admin/index/index',
  expertOffers: '/pages/expert/offers/index',
  expertCases: '/pages/expert/cases/index',
  helpEscalations: '/pages/admin/help-escalations/index',
  experts: '/pages/admin/experts/index',
  helpStats: '/pages/admin/help-stats/index',
  adminCampaigns: '/pages/admin/campaigns/index',
  adminCampaign: '/pages/admin/campaign/index',
  adminCampaignForm: '/pages/admin/campaign-form/index',
  adminImports: '/pages/admin/imports/index',
  adminDashboard: '/pages/admin/dashboard/index',
  adminTraining: '/pages/admin/training/index',
  adminTrainingForm: '/pages/admin/training-form/index',
  training: '/pages/training/list/index',
  trainingSession: '/pages/training/session/index',
  trainingApply: '/pages/training/apply/index',
  mySignups: '/pages/training/my-signups/index',
  trainingTicket: '/pages/training/ticket/index',
  trainingCertificate: '/pages/training/certificate/index',
  trainingVerify: '/pages/training/verify/index',
  trainingProgramme: '/pages/training/programme/index',
  trainerSessions: '/pages/trainer/sessions/index',
  trainerRoster: '/pages/trainer/roster/index',
  creditScan: '/pages/credit/scan/index',
  creditProducts: '/pages/credit/products/index',
  creditProduct: '/pages/credit/product/index',
  creditProductForm: '/pages/credit/product-form/index',
  adminCredit: '/pages/admin/credit/index',
} as const;

const TAB_SET = new Set<string>(Object.values(TAB_PAGES));

/** Adds a query string: withQuery('/a', { id: 'x y' }) → '/a?id=x%20y'. */
export function withQuery(path: string, query: Record<string, string>): string {
  const pairs = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return pairs.length ? `${path}?${pairs.join('&')}` : path;
}

/**
 * A page query value as the user meant it: WeChat hands onLoad the raw, still percent-encoded
 * value (withQuery encodes); a value that is not valid encoding is taken as it is.
 */
export function decodeParam(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value).trim();
  } catch {
    return value.trim();
  }
}

/** Opens a page: tab pages need switchTab (without a query), the rest navigateTo. */
export function openPage(url: string): void {
  const path = url.split('?')[0];
  const fail = () => wx.showToast({ title: '页面暂时无法打开，请稍后重试', icon: 'none' });
  if (TAB_SET.has(path)) wx.switchTab({ url: path, fail });
  else wx.navigateTo({ url, fail });
}
