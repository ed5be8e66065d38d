/**
 * Fixtures of the credit-code tests: verified enterprise users (voucher fixtures), a valid product, the
 * `credit` function called as a user or as anyone, and a snapshot of the credit collections.
 */
import { resolvePlaceholders } from '../../../emulator/env';
import { enterpriseUser, failure, ok, personUser, USCCS, type TestCloud } from '../voucher/fixtures';

export { enterpriseUser, failure, ok, personUser, USCCS, type TestCloud };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = Record<string, any>;

let sequence = 0;
export const requestId = (label = 'issue') => `${label}-${process.pid}-${Date.now().toString(36)}-${++sequence}`;

export const credit = (cloud: TestCloud, openid: string, action: string, payload: object = {}) =>
  cloud.call('credit', { action, ...payload }, openid);

export function validProduct(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '聚氯乙烯绝缘电线',
    brand: '粤缆',
    model: 'BV 2.5mm²',
    category: '电线电缆',
    standard: 'GB/T 5023.3-2008',
    cccNumber: '2020010105123456',
    ...overrides,
  };
}

/** Registers a product as `openid` and answers its id. */
export async function registerProduct(
  cloud: TestCloud,
  openid: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  return ok(await credit(cloud, openid, 'saveProduct', validProduct(overrides))).productId;
}

/** Issues codes and keeps calling continueIssue until done; answers the finished issue. */
export async function issueAll(cloud: TestCloud, openid: string, payload: Record<string, unknown>): Promise<Loose> {
  let issue = ok(
    await credit(cloud, openid, 'issueCodes', {
      kind: 'batch',
      batchNo: 'B20261201',
      productionDate: '2026-12-01',
      quantity: 500,
      clientRequestId: requestId(),
      ...payload,
    }),
  );
  for (let calls = 0; issue.status !== 'done'; calls++) {
    if (calls > 1000) throw new Error('issue never finished');
    issue = ok(await credit(cloud, openid, 'continueIssue', { issuanceId: issue.issuanceId }));
  }
  return issue;
}

export const docs = async (cloud: TestCloud, collection: string, query: object = {}): Promise<Loose[]> =>
  (await cloud.db.find(collection, query)) as Loose[];

/** Everything the credit function writes, to check that a refused call changed nothing. */
export async function creditState(cloud: TestCloud): Promise<Record<string, number>> {
  const names = [
    'credit_products',
    'credit_issuances',
    'credit_codes',
    'credit_scanners',
    'credit_scan_days',
    'audit_log',
  ];
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = (await docs(cloud, name)).length;
  return counts;
}

/** Gives this test process the local cloud's function secret, so it can make and check genuine codes. */
export function useFunctionsSecret(): void {
  process.env.YPT_SERVER_SECRET = resolvePlaceholders('{{env.YPT_SERVER_SECRET}}');
  process.env.YPT_LOCAL_CLOUD = '1';
}

/** Coordinates of city centres and one outside the province. */
export const PLACES = {
  广州: { latitude: 23.129, longitude: 113.264 },
  深圳: { latitude: 22.543, longitude: 114.058 },
  佛山: { latitude: 23.022, longitude: 113.122 },
  东莞: { latitude: 23.021, longitude: 113.752 },
  中山: { latitude: 22.517, longitude: 113.392 },
  汕头: { latitude: 23.354, longitude: 116.682 },
  湛江: { latitude: 21.271, longitude: 110.359 },
  北京: { latitude: 39.904, longitude: 116.407 },
} as const;
