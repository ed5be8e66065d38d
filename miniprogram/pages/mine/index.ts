import type { ProfileView } from '../../../typings/api';
import { definePage, type ViewState } from '../../definitions/index';
import { cachedProfile, loadProfile } from '../../services/session';
import { PAGES, openPage } from '../../utils/nav';

const TEXT = {
  loading: '正在登录',
  failed: '登录失败',
  greeting: '你好',
  noEnterprise: '尚未绑定企业',
  noEnterpriseHint: '企业申领检测券前，请先绑定企业',
  phoneVerified: '手机号已验证：',
  phoneMissing: '手机号未验证',
  roles: { admin: '管理员', staff: '产品医院工作人员' } as Record<string, string>,
  account: '账户',
  business: '我的业务',
  workbench: '工作台',
  admin: '管理',
  other: '其他',
  rows: {
    enterprise: '企业绑定',
    phone: '手机号验证',
    applications: '我的申领',
    vouchers: '我的检测券',
    cableRequests: '我的筛查申请',
    redeem: '核销工作台',
    screening: '筛查工作台',
    adminHome: '管理后台',
    privacy: '个人信息保护指引',
    about: '关于粤品通',
  },
  unbound: '未绑定',
  enterpriseStates: { pending: '待验证', rejected: '被驳回' } as Record<string, string>,
  unverified: '未验证',
};

interface MenuRow {
  key: string;
  label: string;
  url: string;
  value: string;
}

interface MenuSection {
  key: string;
  title: string;
  rows: MenuRow[];
}

/** The 我的 menu for a profile: role sections only for the roles the server granted. */
function menuFor(profile: ProfileView): MenuSection[] {
  const r = TEXT.rows;
  const sections: MenuSection[] = [
    {
      key: 'account',
      title: TEXT.account,
      rows: [
        {
          key: 'enterprise',
          label: r.enterprise,
          url: PAGES.enterprise,
          // An unverified binding says so: it cannot apply yet (the binding page says what to do).
          value: profile.enterprise
            ? (TEXT.enterpriseStates[profile.enterprise.verification] ?? profile.enterprise.name)
            : TEXT.unbound,
        },
        { key: 'phone', label: r.phone, url: PAGES.phone, value: profile.phoneMasked ?? TEXT.unverified },
      ],
    },
    {
      key: 'business',
      title: TEXT.business,
      rows: [
        { key: 'applications', label: r.applications, url: PAGES.myApplications, value: '' },
        { key: 'vouchers', label: r.vouchers, url: PAGES.myVouchers, value: '' },
        { key: 'cableRequests', label: r.cableRequests, url: PAGES.myCableRequests, value: '' },
      ],
    },
  ];
  if (profile.roles.includes('staff')) {
    sections.push({
      key: 'workbench',
      title: TEXT.workbench,
      rows: [
        { key: 'redeem', label: r.redeem, url: PAGES.redeem, value: profile.hospitalName ?? '' },
        { key: 'screening', label: r.screening, url: PAGES.screening, value: profile.hospitalName ?? '' },
      ],
    });
  }
  if (profile.roles.includes('admin')) {
    sections.push({
      key: 'admin',
      title: TEXT.admin,
      rows: [{ key: 'adminHome', label: r.adminHome, url: PAGES.admin, value: '' }],
    });
  }
  sections.push({
    key: 'other',
    title: TEXT.other,
    rows: [
      { key: 'privacy', label: r.privacy, url: PAGES.privacy, value: '' },
      { key: 'about', label: r.about, url: PAGES.about, value: '' },
    ],
  });
  return sections;
}

function summaryOf(profile: ProfileView) {
  return {
    enterpriseName: profile.enterprise?.name ?? '',
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
  },
  onLoad() {
    this.load();
  },
  /** Back from binding or phone verification: show what those pages stored in the session. */
  onShow() {
    const profile = cachedProfile();
    if (profile && this.data.state === 'ready') this.show(profile);
  },
  async onPullDownRefresh() {
    await this.load(true);
    wx.stopPullDownRefresh();
  },
  async load(refresh = false) {
    const profile = await this.runLoad(() => loadProfile({ refresh }));
    if (profile) this.show(profile);
  },
  show(profile: ProfileView) {
    this.setData({ summary: summaryOf(profile), sections: menuFor(profile) });
  },
  onRetry() {
    this.load(true);
  },
  onRow(e: WechatMiniprogram.BaseEvent) {
    openPage(String(e.currentTarget.dataset.url));
  },
});
