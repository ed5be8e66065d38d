import { normalizeName } from '../../../cloudfunctions/src/core/redlist/normalize';
import { contactPhoneKey } from '../../../cloudfunctions/src/services/enterprise-binding';
import { resolvePlaceholders } from '../../../emulator/env';
import { startTestCloud } from '../helpers/local-cloud';

export type TestCloud = Awaited<ReturnType<typeof startTestCloud>>;

/** Valid Guangdong USCCs (LOTTERY.md test vector 1). */
export const USCCS = [
  '91440606722473344C',
  '91441300195971850Y',
  '91440400192548256N',
  '91440300192317458F',
  '9144030071526726XG',
  '91440300708461136T',
];

export const HOSPITALS = [
  { hospitalId: 'gd-cable', name: '广东省电线电缆产品医院', city: '广州' },
  { hospitalId: 'gd-appliance', name: '广东省家用电器产品医院', city: '佛山' },
];

/** Unwraps a function's envelope, failing the test with the server's message on `{ok:false}`. */
export function ok<T = any>(result: unknown): T {
  const r = result as { ok: boolean; data?: T; code?: string; message?: string };
  if (!r || r.ok !== true) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data as T;
}

export function failure(result: unknown): { code: string; message: string } {
  const r = result as { ok: boolean; code: string; message: string };
  if (!r || r.ok !== false) throw new Error(`expected a failure, got ${JSON.stringify(r).slice(0, 300)}`);
  return r;
}

export const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

export function smallCampaign(overrides: Record<string, unknown> = {}) {
  return {
    title: '2026 年广东省产品检测券（测试）',
    description: '面向广东省中小微企业和电线电缆终端用户',
    opensAt: hoursFromNow(-1),
    closesAt: hoursFromNow(2),
    cap: 5000,
    voucherValidUntil: '2027-12-31',
    pools: [
      { poolId: 'G5000', faceValue: 5000, quantity: 1, applicantTypes: ['enterprise'] },
      { poolId: 'G2000', faceValue: 2000, quantity: 2, applicantTypes: ['enterprise'] },
      { poolId: 'G1000', faceValue: 1000, quantity: 2, applicantTypes: ['enterprise'] },
      { poolId: 'G500', faceValue: 500, quantity: 2, applicantTypes: ['enterprise'] },
      { poolId: 'C1000', faceValue: 1000, quantity: 2, applicantTypes: ['person'], label: '电线电缆专用券' },
    ],
    ...overrides,
  };
}

/** Fires a timer trigger and returns the function's envelope. */
export async function timer(cloud: TestCloud, fn: string, trigger: string): Promise<unknown> {
  const outcome = await cloud.fireTimer(fn, trigger);
  if (!outcome.ok) throw new Error(`timer ${fn}/${trigger} failed: ${JSON.stringify(outcome.failure)}`);
  return JSON.parse(outcome.json);
}

export async function setUpHospitals(cloud: TestCloud): Promise<void> {
  for (const h of HOSPITALS) ok(await cloud.admin('admin', { action: 'upsertHospital', ...h }));
}

/** The contact phone the registry holds for the i-th test enterprise (its account verifies this phone). */
export const enterprisePhone = (i: number) => `1990000${String(i).padStart(4, '0')}`;

/**
 * Puts the i-th test enterprise in the registry as importEnterprises stores it: the contact phone only
 * as its keyed hash.
 */
export async function registerEnterprise(cloud: TestCloud, i: number, phone = enterprisePhone(i)): Promise<void> {
  const key = contactPhoneKey(phone, resolvePlaceholders('{{env.YPT_SERVER_SECRET}}'));
  if ((await cloud.db.find('enterprises', { _id: USCCS[i] })).length) {
    await cloud.db.update('enterprises', { _id: USCCS[i] }, { $set: { contactPhoneKey: key } });
    return;
  }
  const name = `测试企业${i}有限公司`;
  await cloud.db.insertMany('enterprises', [
    { _id: USCCS[i], name, nameKey: normalizeName(name), formerNames: [], city: null, contactPhoneKey: key },
  ]);
}

/**
 * A user who bound the i-th test enterprise and is verified for it: the registry's contact phone is the
 * phone the account verified through WeChat (the automatic verification).
 */
export async function enterpriseUser(cloud: TestCloud, i: number): Promise<string> {
  const openid = `o-ent-${i}`;
  await registerEnterprise(cloud, i);
  await personUser(cloud, openid, enterprisePhone(i));
  const profile = ok(
    await cloud.call('user', { action: 'bindEnterprise', uscc: USCCS[i], name: `测试企业${i}有限公司` }, openid),
  );
  if (profile.enterprise?.verification !== 'verified') throw new Error(`enterprise ${i} is not verified`);
  return openid;
}

export async function staffUser(
  cloud: TestCloud,
  hospitalId: string,
  openid = `o-staff-${hospitalId}`,
): Promise<string> {
  ok(await cloud.call('user', { action: 'login' }, openid));
  ok(await cloud.admin('admin', { action: 'grantRole', openid, role: 'staff', hospitalId }));
  return openid;
}

/** A user who verified a phone number through the (simulated) WeChat getPhoneNumber → cloudID flow. */
export async function personUser(cloud: TestCloud, openid: string, phone: string): Promise<string> {
  ok(await cloud.call('user', { action: 'login' }, openid));
  const res = await fetch(`${cloud.url}/client/open-data`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid, phone }),
  });
  const { cloudID } = (await res.json()) as { cloudID: string };
  ok(await cloud.call('user', { action: 'verifyPhone', phone: { cloudID } }, openid));
  return openid;
}
