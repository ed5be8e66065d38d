/**
 * Campaign lifecycle steps shared by the voucher tests of issue 9 (publish gate, waitlist cap, records,
 * self-redemption, close race). The draw is called from `closeAndDraw` only, so a change in how the
 * draw is invoked is made here once.
 */
import { qrPayloadFor } from '../../../cloudfunctions/src/services/voucher-codes';
import { resolvePlaceholders } from '../../../emulator/env';
import { ok, smallCampaign, type TestCloud } from './fixtures';

/** Past any round a campaign of these tests pins (closesAt, at most a few hours ahead, + 10 min). */
const BEACON_ADVANCE_SECONDS = 6 * 3600;

/** Creates and opens a campaign (smallCampaign with `overrides`). */
export async function openCampaign(
  cloud: TestCloud,
  overrides: Record<string, unknown> = {},
): Promise<{ campaignId: string }> {
  const { campaignId } = ok(await cloud.admin('admin', { action: 'createCampaign', ...smallCampaign(overrides) }));
  ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
  return { campaignId };
}

/** The draw secret as the console reads it from the database (no action returns it before publication). */
export async function storedSecret(cloud: TestCloud, campaignId: string): Promise<string> {
  const [doc] = (await cloud.db.find('campaign_secrets', { _id: campaignId })) as { secret: string }[];
  return doc.secret;
}

/** Moves the local drand test chain's clock forward by `seconds`; returns the chain's time. */
export async function advanceDrand(cloud: TestCloud, seconds: number): Promise<Date> {
  const res = await fetch(`${cloud.url}/_emulator/drand/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seconds }),
  });
  if (!res.ok) throw new Error(`drand test chain: HTTP ${res.status} ${await res.text()}`);
  return new Date(((await res.json()) as { now: string }).now);
}

/**
 * Closes the campaign, lets the local drand test chain produce the campaign's pinned round, runs the
 * draw to the end and, unless `publish` is false, publishes the results.
 */
export async function closeAndDraw(cloud: TestCloud, campaignId: string, { publish = true } = {}): Promise<void> {
  ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
  await advanceDrand(cloud, BEACON_ADVANCE_SECONDS);
  for (;;) {
    const drawn = ok(await cloud.admin('admin', { action: 'draw', campaignId }));
    if (drawn.status === 'done') break;
  }
  if (publish) ok(await cloud.admin('admin', { action: 'publishResults', campaignId }));
}

/** An enterprise application for `openid` (applicantKey = USCC), as `apply` would have stored it. */
export function enterpriseApplication(campaignId: string, openid: string, uscc: string, poolIds: string[]) {
  return {
    campaignId,
    applicantKey: uscc,
    applicantType: 'enterprise',
    applicantName: `企业${uscc.slice(-6)}有限公司`,
    uscc,
    ownerOpenid: openid,
    contact: { name: '陈一', phone: '13800000000' },
    city: '佛山市',
    poolIds: [...poolIds].sort(),
    services: ['ccc'],
    status: 'submitted',
    submittedAt: new Date(),
  };
}

/** The QR text the holder's app would show: lets a test try staff actions on a voucher its holder cannot see yet. */
export function qrPayloadOf(voucherId: string): string {
  // Signed as a function on the local cloud signs it: its secret and environment, for this call only.
  const saved = { secret: process.env.YPT_SERVER_SECRET, local: process.env.YPT_LOCAL_CLOUD };
  process.env.YPT_SERVER_SECRET = resolvePlaceholders('{{env.YPT_SERVER_SECRET}}');
  process.env.YPT_LOCAL_CLOUD = '1';
  try {
    return qrPayloadFor(voucherId);
  } finally {
    for (const [name, value] of [
      ['YPT_SERVER_SECRET', saved.secret],
      ['YPT_LOCAL_CLOUD', saved.local],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

export interface StoredVoucher {
  _id: string;
  campaignId: string;
  poolId: string;
  applicationId: string;
  holderKey: string;
  holderOpenid: string;
  faceValue: number;
  status: string;
}

export async function vouchersOf(cloud: TestCloud, campaignId: string): Promise<StoredVoucher[]> {
  return (await cloud.db.find('vouchers', { campaignId })) as StoredVoucher[];
}

/**
 * Holds the first database request from the functions that `when` matches until `release()`: the test
 * runs another call to completion inside that window, which makes a race deterministic instead of lucky.
 */
export function pauseDatabase(
  cloud: TestCloud,
  when: (action: string, body: Record<string, unknown>) => boolean,
): { reached: Promise<void>; release: () => void; restore: () => void } {
  const db = cloud.db;
  const original = db.handle;
  let arrived!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let armed = true;
  db.handle = async function (this: typeof db, action, body) {
    if (armed && when(action, body)) {
      armed = false;
      arrived();
      await released;
    }
    return original.call(db, action, body);
  };
  return {
    reached,
    release,
    restore: () => {
      release();
      db.handle = original;
    },
  };
}
