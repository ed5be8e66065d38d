/**
 * A small campaign with known figures for the dashboard and export tests: applications over two
 * Asia/Shanghai days (one just before midnight there), vouchers in every state, redemptions at two
 * hospitals in two months (one just after a month's end there), cable requests and two published red lists.
 */
import type { TestCloud } from '../voucher/fixtures';

export const ADMIN = 'o-dash-admin';
export const PLAIN = 'o-dash-plain';
export const CAMPAIGN = 'camp-dash';
export const OTHER_CAMPAIGN = 'camp-other';

const at = (s: string) => new Date(s);

export const POOLS = [
  { poolId: 'G1000', faceValue: 1000, quantity: 3, applicantTypes: ['enterprise'] },
  { poolId: 'P500', faceValue: 500, quantity: 1, applicantTypes: ['person'], label: '个人五百元券' },
];

/** [id, type, name, city, pools, submittedAt (+08:00), contact name, phone] */
export const APPLICATIONS = [
  [
    'app-1',
    'enterprise',
    '广州甲电器有限公司',
    '广州市',
    ['G1000'],
    '2026-03-01T09:00:00+08:00',
    '陈志强',
    '13800138000',
  ],
  [
    'app-2',
    'enterprise',
    '=HYPERLINK("http://x")',
    '广州市',
    ['G1000'],
    '2026-03-01T23:30:00+08:00',
    '李娜',
    '13900139000',
  ],
  [
    'app-3',
    'enterprise',
    '深圳乙科技有限公司',
    '深圳市',
    ['G1000'],
    '2026-03-02T00:10:00+08:00',
    '王伟',
    '13700137000',
  ],
  ['app-4', 'person', '张三丰', null, ['P500'], '2026-03-02T10:00:00+08:00', '张三丰', '13600136000'],
  ['app-5', 'person', '欧阳娜娜', '深圳市', ['P500'], '2026-03-02T11:00:00+08:00', '欧阳娜娜', '13500135000'],
  ['app-6', 'enterprise', '广州丙有限公司', '广州市', ['G1000'], '2026-03-03T08:00:00+08:00', '+cmd', '13400134000'],
] as const;

/** [id, pool, application, status, redemption?] */
const redemption = (
  hospitalId: string,
  hospitalName: string,
  fee: number,
  offset: number,
  redeemedAt: string,
  note = '',
) => ({
  hospitalId,
  hospitalName,
  serviceType: 'commissioned',
  fee,
  offset,
  staffOpenid: 'o-staff',
  note,
  redeemedAt: at(redeemedAt),
});

export const VOUCHERS = [
  {
    _id: 'v-1',
    poolId: 'G1000',
    applicationId: 'app-1',
    status: 'redeemed',
    holderName: '广州甲电器有限公司',
    applicantType: 'enterprise',
    redemption: redemption('h-1', '广州检测院', 1200, 1000, '2026-03-10T10:00:00+08:00', '@SUM(1)'),
  },
  {
    _id: 'v-2',
    poolId: 'G1000',
    applicationId: 'app-2',
    status: 'redeemed',
    holderName: '=HYPERLINK("http://x")',
    applicantType: 'enterprise',
    redemption: redemption('h-1', '广州检测院', 800, 800, '2026-03-20T10:00:00+08:00'),
  },
  {
    _id: 'v-3',
    poolId: 'G1000',
    applicationId: 'app-3',
    status: 'issued',
    holderName: '深圳乙科技有限公司',
    applicantType: 'enterprise',
  },
  {
    _id: 'v-4',
    poolId: 'G1000',
    applicationId: 'app-6',
    status: 'expired',
    holderName: '广州丙有限公司',
    applicantType: 'enterprise',
  },
  // Redeemed 2026-04-01 00:30 in Shanghai (still March in UTC): an April redemption.
  {
    _id: 'v-5',
    poolId: 'P500',
    applicationId: 'app-4',
    status: 'redeemed',
    holderName: '张三丰',
    applicantType: 'person',
    redemption: redemption('h-2', '深圳质检中心', 300, 300, '2026-04-01T00:30:00+08:00'),
  },
  {
    _id: 'v-6',
    poolId: 'P500',
    applicationId: 'app-5',
    status: 'void',
    holderName: '欧阳娜娜',
    applicantType: 'person',
  },
];

export const CABLE = [
  // [id, status, submittedAt, completedAt]
  ['cr-1', 'submitted', '2026-03-05T10:00:00+08:00', null],
  ['cr-2', 'completed', '2026-03-05T10:00:00+08:00', '2026-03-07T10:00:00+08:00'],
  ['cr-3', 'completed', '2026-03-06T10:00:00+08:00', '2026-03-10T10:00:00+08:00'],
  ['cr-4', 'rejected', '2026-03-08T10:00:00+08:00', null],
  // Outside 2026-03-01 … 2026-03-31.
  ['cr-5', 'completed', '2026-04-02T10:00:00+08:00', '2026-04-03T10:00:00+08:00'],
] as const;

const tiers = (ten: number, five: number, three: number) => ({ ten, five, three, total: ten + five + three });

export async function seedDashboard(cloud: TestCloud): Promise<void> {
  await cloud.db.insertMany('users', [
    { _id: ADMIN, roles: ['admin'] },
    { _id: PLAIN, roles: [] },
  ]);
  const campaign = (id: string, title: string) => ({
    _id: id,
    title,
    description: '',
    status: 'published',
    opensAt: at('2026-03-01T08:00:00+08:00'),
    closesAt: at('2026-03-04T18:00:00+08:00'),
    cap: 100,
    voucherValidUntil: '2026-12-31',
    pools: POOLS,
    services: [],
  });
  await cloud.db.insertMany('campaigns', [campaign(CAMPAIGN, '2026 年春季检测券'), campaign(OTHER_CAMPAIGN, '另一场')]);
  const app = ([_id, type, name, city, poolIds, submittedAt, contactName, phone]: (typeof APPLICATIONS)[number]) => ({
    _id,
    campaignId: CAMPAIGN,
    applicantKey: _id,
    applicantType: type,
    applicantName: name,
    uscc: type === 'enterprise' ? `91440101MA0000000${_id.slice(-1)}` : null,
    ownerOpenid: `o-${_id}`,
    contact: { name: contactName, phone },
    city,
    poolIds: [...poolIds],
    services: [],
    status: 'won',
    submittedAt: at(submittedAt),
  });
  await cloud.db.insertMany('applications', [
    ...APPLICATIONS.map(app),
    // Another campaign's application counts nowhere here.
    { ...app(APPLICATIONS[0]), _id: 'app-other', applicantKey: 'x', campaignId: OTHER_CAMPAIGN },
  ]);
  await cloud.db.insertMany(
    'vouchers',
    [...VOUCHERS, { ...VOUCHERS[0], _id: 'v-other', applicationId: 'app-other', campaignId: OTHER_CAMPAIGN }].map(
      (v) => ({
        campaignId: CAMPAIGN,
        campaignTitle: '2026 年春季检测券',
        faceValue: v.poolId === 'G1000' ? 1000 : 500,
        holderKey: v.applicationId,
        holderOpenid: `o-${v.applicationId}`,
        services: [],
        validUntil: at('2026-12-31T23:59:59+08:00'),
        validUntilDate: '2026-12-31',
        issuedBy: 'draw',
        published: true,
        ...v,
      }),
    ),
  );
  await cloud.db.insertMany(
    'cable_requests',
    CABLE.map(([_id, status, submittedAt, completedAt], i) => ({
      _id,
      requestNo: `DL${_id}`,
      requesterOpenid: `o-cable-${i}`,
      clientRequestId: _id,
      requesterType: 'consumer',
      organization: '',
      contact: { name: '赵六', phone: '13300133000' },
      city: i % 2 ? '佛山市' : '广州市',
      status,
      statusHistory: [],
      statusChangedAt: at(submittedAt),
      hospitalId: status === 'completed' ? 'h-1' : null,
      hospitalName: status === 'completed' ? '广州检测院' : null,
      verdict: status === 'completed' ? 'conforming' : null,
      submittedAt: at(submittedAt),
      completedAt: completedAt ? at(completedAt) : null,
    })),
  );
  const version = (v: string, asOf: string, status: string, byCity: Record<string, ReturnType<typeof tiers>>) => ({
    _id: `rv-${v}`,
    version: v,
    asOf,
    rule: 'r',
    status,
    jobId: `j-${v}`,
    counts: { total: 0, byTier: { ten: 0, five: 0, three: 0 }, byCity },
  });
  await cloud.db.insertMany('redlist_versions', [
    version('2026-01', '2026-01-31', 'published', { 广州市: tiers(9, 9, 9) }),
    version('2026-02', '2026-02-28', 'published', {
      广州市: tiers(2, 1, 3),
      深圳市: tiers(0, 4, 1),
      未知: tiers(0, 0, 1),
    }),
    // Being built: not the latest published.
    version('2026-03', '2026-03-31', 'building', { 广州市: tiers(50, 50, 50) }),
  ]);
}
