/**
 * The database budget of the actions the mini-program calls: how many server-API requests (each a billed
 * database or storage operation and a network round trip on CloudBase) one call of each makes, on a local
 * cloud with the demo data. `npm run bench -- db-budget` prints every figure beside its budget, and
 * tests/integration/performance/db-budget.test.ts fails when one goes over.
 *
 * `budget` is what CI holds an action to; `target` is issue 16's aim where it is lower than what the
 * action does today (apply ≤ 5, redeem ≤ 4, red-list search ≤ 2, cable submit ≤ 5, a page's opening read
 * ≤ 2).
 */
import { resolvePlaceholders } from '../../emulator/env';
import { makeUscc } from '../../cloudfunctions/src/core/uscc';
import { phoneKeyOf } from '../../cloudfunctions/src/runtime/secrets';

export interface BudgetCloud {
  url: string;
  /** wx.cloud.callFunction as `openid`: the answer and the server-API requests the invocation made. */
  call(name: string, data: Record<string, unknown>, openid: string): Promise<{ result: any; total: number }>;
  insert(collection: string, docs: object[]): Promise<void>;
  find(collection: string, query: object): Promise<any[]>;
}

export interface BudgetRow {
  name: string;
  kind: 'write' | 'read';
  requests: number;
  budget: number;
  target: number;
}

interface Case {
  name: string;
  kind: 'write' | 'read';
  as: string;
  fn: string;
  data: Record<string, unknown>;
  budget: number;
  target?: number;
}

const ENTERPRISE = 'budget-enterprise';
const PERSON = 'budget-person';
const BUDGET_USCC = makeUscc({ division: '440104', orgCode: '99887766' });

/** A verified enterprise owner and a person with a verified phone who have done nothing yet. */
async function freshIdentities(cloud: BudgetCloud): Promise<void> {
  const secret = resolvePlaceholders('{{env.YPT_SERVER_SECRET}}');
  await cloud.insert('enterprises', [
    {
      _id: BUDGET_USCC,
      name: '广州预算测试电器有限公司',
      nameKey: '广州预算测试电器',
      formerNames: [],
      city: '广州市',
      ownerOpenid: ENTERPRISE,
      ownerVerifiedBy: 'registry-phone',
    },
  ]);
  await cloud.insert('users', [
    {
      _id: ENTERPRISE,
      roles: [],
      enterpriseUscc: BUDGET_USCC,
      phoneVerified: true,
      phoneKey: phoneKeyOf('13911110000', secret),
    },
    {
      _id: PERSON,
      roles: [],
      phoneVerified: true,
      phoneKey: phoneKeyOf('13911110001', secret),
      phoneMasked: '139****0001',
    },
  ]);
}

async function upload(cloud: BudgetCloud, openid: string, cloudPath: string): Promise<string> {
  const query = `cloudPath=${encodeURIComponent(cloudPath)}&openid=${encodeURIComponent(openid)}`;
  const res = await fetch(`${cloud.url}/client/upload?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(Buffer.from('a cable photo')),
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

/** Runs every case once on a seeded cloud, in order (writes after the reads they need). */
export async function measureBudgets(cloud: BudgetCloud): Promise<BudgetRow[]> {
  await freshIdentities(cloud);
  const ok = async (fn: string, data: Record<string, unknown>, as: string) => {
    const { result } = await cloud.call(fn, data, as);
    if (!result?.ok) throw new Error(`${fn}.${String(data.action)} as ${as}: ${JSON.stringify(result).slice(0, 300)}`);
    return result.data;
  };
  const campaigns = await ok('voucher', { action: 'listCampaigns', page: 1 }, 'demo-consumer');
  const open = campaigns.items.find((c: any) => c.status === 'open');
  const redlist = await ok('redlist', { action: 'search', page: 1 }, 'demo-consumer');
  const sessions = await ok('training', { action: 'listSessions', page: 1 }, 'demo-consumer');
  const [voucher] = await cloud.find('vouchers', { status: 'issued', holderOpenid: 'demo-enterprise' });
  const { qrPayloadFor } = await import('../../cloudfunctions/src/services/voucher-codes');
  // The functions' own secret, so the voucher's QR payload is one the hospital function accepts.
  process.env.YPT_SERVER_SECRET = resolvePlaceholders('{{env.YPT_SERVER_SECRET}}');
  process.env.YPT_LOCAL_CLOUD = '1';
  const { photoFolder } = await ok('cable', { action: 'formOptions' }, PERSON);
  const photo = await upload(cloud, PERSON, `${photoFolder}/budget.jpg`);

  const contact = { name: '陈志强', phone: '13911110000' };
  const cases: Case[] = [
    // Writes.
    {
      name: 'voucher.apply (enterprise)',
      kind: 'write',
      as: ENTERPRISE,
      fn: 'voucher',
      data: {
        action: 'apply',
        campaignId: open.campaignId,
        applicantType: 'enterprise',
        poolIds: ['G2000'],
        consent: true,
        services: [],
        contact,
      },
      budget: 5,
      target: 5,
    },
    {
      name: 'voucher.apply (person)',
      kind: 'write',
      as: PERSON,
      fn: 'voucher',
      data: {
        action: 'apply',
        campaignId: open.campaignId,
        applicantType: 'person',
        poolIds: ['C1000'],
        consent: true,
        services: [],
        contact: { name: '李四', phone: '13911110001' },
      },
      budget: 5,
      target: 5,
    },
    {
      name: 'hospital.redeemVoucher',
      kind: 'write',
      as: 'demo-staff',
      fn: 'hospital',
      data: {
        action: 'redeemVoucher',
        payload: qrPayloadFor(voucher._id),
        serviceType: voucher.services[0],
        fee: 800,
        note: '',
      },
      budget: 4,
      target: 4,
    },
    {
      name: 'cable.submit (one photo)',
      kind: 'write',
      as: PERSON,
      fn: 'cable',
      data: {
        action: 'submit',
        requesterType: 'consumer',
        contact: { name: '李四', phone: '13911110001' },
        city: '广州',
        cable: {
          type: 'BV',
          crossSection: 2.5,
          cores: 1,
          brand: '粤缆',
          manufacturer: '广州某电线电缆有限公司',
          purchaseChannel: 'contractor_supplied',
          purchaseDate: '2026-11-01',
          length: 100,
        },
        concerns: ['thin_conductor'],
        photos: [photo],
        sampleDelivery: 'drop-off',
        clientRequestId: 'budget-cable-1',
      },
      budget: 5,
      target: 5,
    },
    // Reads a page opens with.
    {
      name: 'redlist.search (name)',
      kind: 'read',
      as: 'demo-consumer',
      fn: 'redlist',
      data: { action: 'search', q: redlist.items[0].name.slice(0, 4), page: 1 },
      budget: 2,
      target: 2,
    },
    // A name many firms share fills the first page: its total is then counted, in the page's request.
    {
      name: 'redlist.search (name, full page)',
      kind: 'read',
      as: 'demo-consumer',
      fn: 'redlist',
      data: { action: 'search', q: '有限公司', page: 1 },
      budget: 2,
      target: 2,
    },
    {
      name: 'redlist.search (front page)',
      kind: 'read',
      as: 'demo-consumer',
      fn: 'redlist',
      data: { action: 'search', page: 1 },
      budget: 2,
      target: 2,
    },
    {
      name: 'redlist.detail',
      kind: 'read',
      as: 'demo-consumer',
      fn: 'redlist',
      data: { action: 'detail', uscc: redlist.items[0].uscc },
      budget: 2,
      target: 2,
    },
    {
      name: 'voucher.listCampaigns',
      kind: 'read',
      as: 'demo-consumer',
      fn: 'voucher',
      data: { action: 'listCampaigns', page: 1 },
      budget: 2,
      target: 2,
    },
    {
      name: 'voucher.getCampaign',
      kind: 'read',
      as: 'demo-enterprise',
      fn: 'voucher',
      data: { action: 'getCampaign', campaignId: open.campaignId },
      budget: 1,
      target: 2,
    },
    // The page with its total and campaigns, then (when the draw waitlisted the demo enterprise in the
    // published campaign) all the page's waitlist places at once.
    {
      name: 'voucher.myApplications',
      kind: 'read',
      as: 'demo-enterprise',
      fn: 'voucher',
      data: { action: 'myApplications', page: 1 },
      budget: 2,
      target: 2,
    },
    {
      name: 'voucher.myVouchers',
      kind: 'read',
      as: 'demo-enterprise',
      fn: 'voucher',
      data: { action: 'myVouchers', page: 1 },
      budget: 1,
      target: 2,
    },
    {
      name: 'cable.myRequests',
      kind: 'read',
      as: 'demo-consumer',
      fn: 'cable',
      data: { action: 'myRequests', page: 1 },
      budget: 1,
      target: 2,
    },
    {
      name: 'helpdesk.myCases',
      kind: 'read',
      as: 'demo-enterprise',
      fn: 'helpdesk',
      data: { action: 'myCases', page: 1 },
      budget: 2,
      target: 2,
    },
    {
      name: 'training.listSessions',
      kind: 'read',
      as: 'demo-consumer',
      fn: 'training',
      data: { action: 'listSessions', page: 1 },
      budget: 2,
      target: 2,
    },
    {
      name: 'training.getSession',
      kind: 'read',
      as: 'demo-enterprise',
      fn: 'training',
      data: { action: 'getSession', sessionId: sessions.items[0].sessionId },
      budget: 2,
      target: 2,
    },
    {
      name: 'credit.myProducts',
      kind: 'read',
      as: 'demo-enterprise',
      fn: 'credit',
      data: { action: 'myProducts', page: 1 },
      budget: 2,
      target: 2,
    },
    {
      name: 'hospital.myRedemptions',
      kind: 'read',
      as: 'demo-staff',
      fn: 'hospital',
      data: { action: 'myRedemptions', page: 1 },
      budget: 2,
      target: 2,
    },
    {
      name: 'user.summary',
      kind: 'read',
      as: 'demo-enterprise',
      fn: 'user',
      data: { action: 'summary' },
      budget: 2,
      target: 2,
    },
  ];
  const rows: BudgetRow[] = [];
  for (const c of cases) {
    const { result, total } = await cloud.call(c.fn, c.data, c.as);
    if (!result?.ok) throw new Error(`${c.name}: ${JSON.stringify(result).slice(0, 300)}`);
    rows.push({ name: c.name, kind: c.kind, requests: total, budget: c.budget, target: c.target ?? c.budget });
  }
  return rows;
}

/** One line per action: the requests beside the budget and the target. */
export function budgetTable(rows: BudgetRow[]): string {
  const width = Math.max(...rows.map((r) => r.name.length));
  return rows
    .map((r) => {
      const mark = r.requests > r.budget ? 'OVER BUDGET' : r.requests > r.target ? 'over target' : 'ok';
      return `${r.name.padEnd(width)}  ${String(r.requests).padStart(3)} requests  budget ${r.budget}  target ${r.target}  ${mark}`;
    })
    .join('\n');
}
