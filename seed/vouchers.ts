import { createHash } from 'node:crypto';
import { normalizeName } from '../cloudfunctions/src/core/redlist/normalize';
import { cityOfUscc, makeUscc } from '../cloudfunctions/src/core/uscc';
import { personApplicantKey, phoneKeyOf } from '../cloudfunctions/src/runtime/secrets';
import { functionsSecret, insertMany, setFields, type SeedContext } from './client';
import { DEMO_CONSUMER_PHONE, DEMO_ENTERPRISE } from './identities';
import { DEMO_HOSPITALS } from './hospitals';

type Call = SeedContext['callFunction'];

async function must<T = any>(call: Call, name: string, event: object): Promise<T> {
  const res = (await call(name, event)) as { ok: boolean; data: T; code?: string; message?: string };
  if (!res?.ok)
    throw new Error(`seed: ${name}.${(event as { action: string }).action} failed: ${res?.code} ${res?.message}`);
  return res.data;
}

const day = 24 * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const ENTERPRISE_WORDS = [
  '美的',
  '格力',
  '华强',
  '粤海',
  '南方',
  '珠江',
  '新宝',
  '长城',
  '金辉',
  '宏达',
  '利华',
  '永盛',
  '恒通',
  '嘉信',
  '东顺',
  '佳美',
  '联发',
  '万和',
  '顺成',
  '鸿运',
];
const INDUSTRIES = ['电器', '电线电缆', '照明', '玩具', '服装', '五金', '家具', '电子'];
const DIVISIONS = ['440106', '440305', '440606', '441900', '442000', '440511', '440703', '440402'];

/** Demo enterprises applying for vouchers (valid Guangdong USCCs, deterministic). */
function demoApplicants(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const division = DIVISIONS[i % DIVISIONS.length];
    const digest = createHash('sha256').update(`demo-applicant-${i}`).digest('hex').toUpperCase();
    const orgBase = digest
      .replace(/[^0-9A-H]/g, '')
      .slice(0, 8)
      .padEnd(8, '1');
    const uscc = makeUscc({ division, orgCode: orgBase });
    const city = cityOfUscc(uscc) ?? '广州市';
    const name = `${city}${ENTERPRISE_WORDS[i % ENTERPRISE_WORDS.length]}${INDUSTRIES[i % INDUSTRIES.length]}${i > 19 ? i : ''}有限公司`;
    return { openid: `demo-applicant-${i}`, uscc, name, city };
  });
}

/**
 * Vouchers demo: the twelve hospitals, the demo identities, a campaign open for applications, and a
 * past campaign drawn and published (so results, verification, vouchers and redemption can be tried).
 */
export async function seedVouchers({ db, callFunction }: SeedContext): Promise<void> {
  for (const h of DEMO_HOSPITALS) await must(callFunction, 'admin', { action: 'upsertHospital', ...h });

  const now = Date.now();
  const applicants = demoApplicants(40);
  const secret = functionsSecret();
  const consumerKey = phoneKeyOf(DEMO_CONSUMER_PHONE, secret);
  await insertMany(db, 'enterprises', [
    {
      _id: DEMO_ENTERPRISE.uscc,
      name: DEMO_ENTERPRISE.name,
      nameKey: normalizeName(DEMO_ENTERPRISE.name),
      formerNames: [],
      city: DEMO_ENTERPRISE.city,
      ownerOpenid: 'demo-enterprise',
      createdAt: new Date(now),
      updatedAt: new Date(now),
    },
    ...applicants.map((a) => ({
      _id: a.uscc,
      name: a.name,
      nameKey: normalizeName(a.name),
      formerNames: [],
      city: a.city,
      ownerOpenid: a.openid,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    })),
  ]);
  await insertMany(db, 'users', [
    {
      _id: 'demo-enterprise',
      roles: [],
      enterpriseUscc: DEMO_ENTERPRISE.uscc,
      phoneVerified: false,
      createdAt: new Date(now),
    },
    {
      _id: 'demo-consumer',
      roles: [],
      phoneVerified: true,
      phoneKey: consumerKey,
      phoneMasked: '138****8000',
      createdAt: new Date(now),
    },
    { _id: 'demo-staff', roles: ['staff'], hospitalId: 'gd-cable', phoneVerified: false, createdAt: new Date(now) },
    { _id: 'demo-admin', roles: ['admin'], phoneVerified: false, createdAt: new Date(now) },
    ...applicants.map((a) => ({
      _id: a.openid,
      roles: [],
      enterpriseUscc: a.uscc,
      phoneVerified: false,
      createdAt: new Date(now),
    })),
  ]);

  // A past campaign, drawn and published. Applications are inserted directly (as if made in its window).
  const past = await must<{ campaignId: string }>(callFunction, 'admin', {
    action: 'createCampaign',
    title: '2026 年第一批广东省产品检测券',
    description: '面向广东省中小微企业发放产品检测券，可抵扣省级“产品医院”的检测与质量技术服务费用。',
    opensAt: iso(now - 60 * day),
    closesAt: iso(now - 10 * day),
    cap: 5000,
    voucherValidUntil: new Date(now + 200 * day).toISOString().slice(0, 10),
    pools: [
      { poolId: 'G5000', faceValue: 5000, quantity: 8, applicantTypes: ['enterprise'], label: '5000 元券' },
      { poolId: 'G2000', faceValue: 2000, quantity: 10, applicantTypes: ['enterprise'], label: '2000 元券' },
      { poolId: 'G1000', faceValue: 1000, quantity: 12, applicantTypes: ['enterprise'], label: '1000 元券' },
      { poolId: 'G500', faceValue: 500, quantity: 45, applicantTypes: ['enterprise'], label: '500 元券' },
      { poolId: 'C1000', faceValue: 1000, quantity: 5, applicantTypes: ['person'], label: '电线电缆专用券' },
    ],
  });
  await must(callFunction, 'admin', { action: 'openCampaign', campaignId: past.campaignId });
  const everyone = [{ openid: 'demo-enterprise', ...DEMO_ENTERPRISE }, ...applicants];
  await insertMany(
    db,
    'applications',
    everyone.map((a, i) => ({
      campaignId: past.campaignId,
      applicantKey: a.uscc,
      applicantType: 'enterprise',
      applicantName: a.name,
      uscc: a.uscc,
      ownerOpenid: a.openid,
      contact: {
        name: ['陈志强', '李秀英', '黄伟明', '张丽华'][i % 4],
        phone: `139${String(10000000 + i * 7919).slice(0, 8)}`,
      },
      city: a.city,
      poolIds: i % 3 === 0 ? ['G1000', 'G2000', 'G500', 'G5000'] : i % 3 === 1 ? ['G2000', 'G500'] : ['G1000', 'G500'],
      services: ['ccc', 'commissioned'],
      status: 'submitted',
      submittedAt: new Date(now - (30 - (i % 30)) * day),
      createdAt: new Date(now - 30 * day),
      updatedAt: new Date(now - 30 * day),
    })),
  );
  await insertMany(db, 'applications', [
    {
      campaignId: past.campaignId,
      applicantKey: personApplicantKey(past.campaignId, consumerKey, secret),
      applicantType: 'person',
      applicantName: '林晓雯',
      uscc: null,
      ownerOpenid: 'demo-consumer',
      contact: { name: '林晓雯', phone: DEMO_CONSUMER_PHONE },
      city: '广州市',
      poolIds: ['C1000'],
      services: ['commissioned'],
      status: 'submitted',
      submittedAt: new Date(now - 20 * day),
      createdAt: new Date(now - 20 * day),
      updatedAt: new Date(now - 20 * day),
    },
  ]);
  await must(callFunction, 'admin', { action: 'closeCampaign', campaignId: past.campaignId });
  // As if the timer had closed it on time: the draw refuses a campaign closed after its pinned drand round
  // (closesAt + 10 min, long produced by the local test chain).
  await setFields(db, 'campaigns', past.campaignId, { closedAt: new Date(now - 10 * day) });
  let drawn = await must(callFunction, 'admin', { action: 'draw', campaignId: past.campaignId });
  while (drawn.status !== 'done')
    drawn = await must(callFunction, 'admin', { action: 'draw', campaignId: past.campaignId });
  await must(callFunction, 'admin', { action: 'publishResults', campaignId: past.campaignId });

  // The current campaign: open for applications for two more weeks, the seed's 20,000 vouchers.
  const current = await must<{ campaignId: string }>(callFunction, 'admin', {
    action: 'createCampaign',
    title: '2026 年第二批广东省产品检测券（20000 份）',
    description:
      '为助推广东中小微企业解决产品质量技术短板，省市场监管局通过“粤品通”发放 20000 份产品检测券，采用“在线申领、摇号中签”方式派发。每户企业可申领多种面值，中签金额最高不超过 5000 元；另向电线电缆终端用户和消费者发放 1000 份电线电缆专用检测券（每份 1000 元）。',
    opensAt: iso(now - 2 * day),
    closesAt: iso(now + 14 * day),
    cap: 5000,
    voucherValidUntil: new Date(now + 380 * day).toISOString().slice(0, 10),
    pools: [
      { poolId: 'G5000', faceValue: 5000, quantity: 2000, applicantTypes: ['enterprise'], label: '5000 元券' },
      { poolId: 'G2000', faceValue: 2000, quantity: 5000, applicantTypes: ['enterprise'], label: '2000 元券' },
      { poolId: 'G1000', faceValue: 1000, quantity: 6000, applicantTypes: ['enterprise'], label: '1000 元券' },
      { poolId: 'G500', faceValue: 500, quantity: 6000, applicantTypes: ['enterprise'], label: '500 元券' },
      { poolId: 'C1000', faceValue: 1000, quantity: 1000, applicantTypes: ['person'], label: '电线电缆专用券' },
    ],
  });
  await must(callFunction, 'admin', { action: 'openCampaign', campaignId: current.campaignId });
}
