import type { ActionOutput, ProfileView } from '../../../typings/api';
import { definePage, type ViewState } from '../../definitions/index';
import { call } from '../../services/api';
import { cachedProfile, loadProfile } from '../../services/session';
import { PAGES, openPage } from '../../utils/nav';

const TEXT = {
  loading: '正在登录',
  failed: '登录失败',
  greeting: '你好',
  phoneVerified: '手机号已验证：',
  phoneMissing: '手机号未验证',
  roles: { admin: '管理员', staff: '产品医院工作人员', expert: '帮扶专家', trainer: '培训签到员' } as Record<
    string,
    string
  >,
  account: '账户',
  business: '我的业务',
  workbench: '工作台',
  expert: '专家工作台',
  trainer: '培训签到',
  admin: '管理',
  other: '其他',
  rows: {
    enterprise: '企业绑定',
    asEnterprise: '我是企业',
    phone: '手机号验证',
    applications: '我的申领',
    vouchers: '我的检测券',
    cableRequests: '我的筛查申请',
    trainings: '我的培训',
    creditProducts: '产品信用赋码',
    trainerSessions: '培训签到',
    adminTraining: '培训管理',
    redeem: '核销工作台',
    screening: '筛查工作台',
    adminHome: '管理后台',
    expertOffers: '待接单问诊',
    expertCases: '我的问诊',
    helpEscalations: '帮扶督办',
    experts: '专家库',
    helpStats: '帮扶统计',
    privacy: '个人信息保护指引',
    about: '关于粤品通',
  },
  asEnterpriseHint: '以企业身份申领时绑定',
  unverified: '未验证',
  enterpriseStates: { pending: '待验证', rejected: '被驳回' } as Record<string, string>,
  usableVouchers: '{n} 张可用',
  openRequests: '{n} 项进行中',
};

type Summary = ActionOutput<'user', 'summary'>;

interface MenuRow {
  key: string;
  label: string;
  url: string;
  value: string;
  /** A count worth noticing (usable vouchers, open requests): shown in the brand colour. */
  badge: boolean;
}

interface MenuSection {
  key: string;
  title: string;
  rows: MenuRow[];
}

const row = (key: string, label: string, url: string, value = '', badge = false): MenuRow => ({
  key,
  label,
  url,
  value,
  badge,
});

/**
 * The 我的 menu for a role: staff and admins find their workbenches first; an account bound to an
 * enterprise sees its binding with the account; everyone else (a consumer) is not asked to bind one,
 * only offered it as 我是企业 at the end of the account section. Counts come from user.summary.
 */
function menuFor(profile: ProfileView, summary: Summary | null): MenuSection[] {
  const r = TEXT.rows;
  const sections: MenuSection[] = [];
  if (profile.roles.includes('staff')) {
    sections.push({
      key: 'workbench',
      title: TEXT.workbench,
      rows: [
        row('redeem', r.redeem, PAGES.redeem, profile.hospitalName ?? ''),
        row('screening', r.screening, PAGES.screening, profile.hospitalName ?? ''),
      ],
    });
  }
  // The server grants the expert role only with an expert record bound (runtime/router.ts): both, here too.
  if (profile.roles.includes('expert') && profile.expertId) {
    sections.push({
      key: 'expert',
      title: TEXT.expert,
      rows: [
        row('expertOffers', r.expertOffers, PAGES.expertOffers),
        row('expertCases', r.expertCases, PAGES.expertCases),
      ],
    });
  }
  // A trainer checks in for one organiser (runtime/router.ts needs both).
  if (profile.roles.includes('trainer') && profile.organiserId) {
    sections.push({
      key: 'trainer',
      title: TEXT.trainer,
      rows: [row('trainerSessions', r.trainerSessions, PAGES.trainerSessions)],
    });
  }
  if (profile.roles.includes('admin')) {
    sections.push({
      key: 'admin',
      title: TEXT.admin,
      rows: [
        row('adminHome', r.adminHome, PAGES.admin),
        row('helpEscalations', r.helpEscalations, PAGES.helpEscalations),
        row('experts', r.experts, PAGES.experts),
        row('helpStats', r.helpStats, PAGES.helpStats),
        row('adminTraining', r.adminTraining, PAGES.adminTraining),
      ],
    });
  }
  const vouchers = summary?.usableVouchers ?? 0;
  const requests = summary?.openCableRequests ?? 0;
  sections.push({
    key: 'business',
    title: TEXT.business,
    rows: [
      row('applications', r.applications, PAGES.myApplications),
      row(
        'vouchers',
        r.vouchers,
        PAGES.myVouchers,
        vouchers ? TEXT.usableVouchers.replace('{n}', String(vouchers)) : '',
        !!vouchers,
      ),
      row(
        'cableRequests',
        r.cableRequests,
        PAGES.myCableRequests,
        requests ? TEXT.openRequests.replace('{n}', String(requests)) : '',
        !!requests,
      ),
      row('trainings', r.trainings, PAGES.mySignups),
      // Codes are issued as the verified enterprise: shown once an enterprise is bound.
      ...(profile.enterprise ? [row('creditProducts', r.creditProducts, PAGES.creditProducts)] : []),
    ],
  });
  const phone = row('phone', r.phone, PAGES.phone, profile.phoneMasked ?? TEXT.unverified);
  sections.push({
    key: 'account',
    title: TEXT.account,
    rows: profile.enterprise
      ? [
          // An unverified binding says so: it cannot apply yet (the binding page says what to do).
          row(
            'enterprise',
            r.enterprise,
            PAGES.enterprise,
            TEXT.enterpriseStates[profile.enterprise.verification] ?? profile.enterprise.name,
          ),
          phone,
        ]
      : [phone, row('asEnterprise', r.asEnterprise, PAGES.enterprise, TEXT.asEnterpriseHint)],
  });
  sections.push({
    key: 'other',
    title: TEXT.other,
    rows: [row('privacy', r.privacy, PAGES.privacy), row('about', r.about, PAGES.about)],
  });
  return sections;
}

function summaryOf(profile: ProfileView) {
  return {
    // An enterprise account is named by its enterprise; anyone else is simply greeted.
    title: profile.enterprise?.name ?? TEXT.greeting,
    enterpriseUscc: profile.enterprise?.uscc ?? '',
    phoneLine:
      profile.phoneVerified && profile.phoneMasked ? `${TEXT.phoneVerified}${profile.phoneMasked}` : TEXT.phoneMissing,
    roleLabels: profile.roles.map((role) => TEXT.roles[role] ?? role),
    hospitalName: profile.hospitalName ?? '',
  };
}

definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    summary: null as ReturnType<typeof summaryOf> | null,
    sections: [] as MenuSection[],
    counts: null as Summary | null,
  },
  onLoad() {
    this.load();
  },
  /** Back from another page: the profile those pages stored in the session, and fresh counts. */
  onShow() {
    const profile = cachedProfile();
    if (profile && this.data.state === 'ready') {
      this.show(profile);
      this.refreshCounts(profile);
    }
  },
  async onPullDownRefresh() {
    await this.load(true);
    wx.stopPullDownRefresh();
  },
  async load(refresh = false) {
    const profile = await this.runLoad(() => loadProfile({ refresh }));
    if (!profile) return;
    this.show(profile);
    await this.refreshCounts(profile);
  },
  show(profile: ProfileView) {
    this.setData({ summary: summaryOf(profile), sections: menuFor(profile, this.data.counts) });
  },
  /** The counts are extras: when they cannot be fetched the menu simply shows none. */
  async refreshCounts(profile: ProfileView) {
    try {
      this.setData({ counts: await call('user', 'summary', {}) });
      this.show(profile);
    } catch {
      // Keep what is shown.
    }
  },
  onRetry() {
    this.load(true);
  },
  onRow(e: WechatMiniprogram.BaseEvent) {
    openPage(String(e.currentTarget.dataset.url));
  },
});
