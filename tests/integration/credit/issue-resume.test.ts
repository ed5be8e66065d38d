/**
 * A 100,000-unit serial issue that crashes mid-way, for real: the credit function runs with a 2-second
 * timeout, so the local cloud kills its worker while it is still making codes (as SCF kills a timed-out
 * container), leaving the issue's lease held and possibly a batch stored with the counter not moved on.
 * Once, a half-stored batch is added too (a database that took part of an insert). After each crash the
 * lease is let run out and the next continueIssue resumes from the counter: every unit ends with exactly
 * one code, no code is stored twice, and the codes already stored are kept.
 */
import { creditCodeFor } from '../../../cloudfunctions/src/credit/codes';
import { startTestCloud } from '../helpers/local-cloud';
import { docs, enterpriseUser, ok, registerProduct, requestId, useFunctionsSecret, type TestCloud } from './fixtures';

const UNITS = 100_000;

describe('a 100,000-code issue survives crashes', () => {
  let cloud: TestCloud;
  let maker: string;

  beforeAll(async () => {
    useFunctionsSecret();
    cloud = await startTestCloud({ functionOverrides: { credit: { timeoutSeconds: 2 } } });
    maker = await enterpriseUser(cloud, 0);
  }, 120_000);
  afterAll(() => cloud?.stop());

  test('resumes from its counter after each killed worker, with no duplicates and nothing lost', async () => {
    const productId = await registerProduct(cloud, maker);
    const request = {
      action: 'issueCodes',
      productId,
      kind: 'serial',
      batchNo: 'S-2026-12',
      productionDate: '2026-12-01',
      quantity: UNITS,
      clientRequestId: requestId(),
    };
    let crashes = 0;
    let halfBatch: { _id: string; serial: number }[] = [];
    let reply = await cloud.callRaw<{ ok: boolean; data: { status: string; issuanceId: string } }>(
      'credit',
      request,
      maker,
    );
    for (let calls = 0; !(reply.result?.ok && reply.result.data.status === 'done'); calls++) {
      if (calls > 300) throw new Error(`issue never finished: ${JSON.stringify(reply)}`);
      const [issue] = await docs(cloud, 'credit_issuances', { productId });
      if (!issue) throw new Error(`no issue stored: ${JSON.stringify(reply)}`);
      if (!reply.result) {
        // Killed mid-way: the dead worker's lease still stands.
        expect(reply.errMsg).toMatch(/timed out|超时|timeout/i);
        crashes++;
        expect(issue.leaseHolder).not.toBeNull();
        if (crashes === 1 && issue.issuedCount + 500 < UNITS) {
          halfBatch = Array.from({ length: 500 }, (_, i) => {
            const serial = issue.issuedCount + 1 + i;
            return { _id: creditCodeFor(issue._id, serial, 0), serial };
          });
          // The dead worker may have stored its batch already (counter not moved on): add only what is missing.
          const stored = new Set(
            (await docs(cloud, 'credit_codes', { _id: { $in: halfBatch.map((c) => c._id) } })).map((c) => c._id),
          );
          await cloud.db.insertMany(
            'credit_codes',
            halfBatch
              .filter((c) => !stored.has(c._id))
              .map((c) => ({
                ...c,
                productId,
                issuanceId: issue._id,
                attempt: 0,
                scanCount: 0,
                places: [],
                lastScanAt: null,
              })),
          );
          // While the dead worker's lease lasts, another call leaves the issue as it is.
          const busy = ok(await cloud.call('credit', { action: 'continueIssue', issuanceId: issue._id }, maker));
          expect(busy).toMatchObject({ status: 'issuing', issuedCount: issue.issuedCount });
        }
        // Time passes: the lease runs out.
        await cloud.db.update('credit_issuances', { _id: issue._id }, { $set: { leaseUntil: Date.now() - 1 } });
      }
      reply = await cloud.callRaw('credit', { action: 'continueIssue', issuanceId: issue._id }, maker);
    }
    expect(crashes).toBeGreaterThan(0);
    const issuanceId = reply.result.data.issuanceId;
    expect(reply.result.data).toMatchObject({ codeCount: UNITS, issuedCount: UNITS, labelParts: 100 });

    const codes = await docs(cloud, 'credit_codes', { issuanceId });
    expect(codes).toHaveLength(UNITS);
    const serials = new Set(codes.map((c) => c.serial as number));
    expect(serials.size).toBe(UNITS);
    expect(Math.min(...serials)).toBe(1);
    expect(Math.max(...serials)).toBe(UNITS);
    expect(new Set(codes.map((c) => c._id)).size).toBe(UNITS);
    const byId = new Map(codes.map((c) => [c._id as string, c]));
    for (const c of halfBatch) expect(byId.get(c._id)).toMatchObject({ serial: c.serial });
    const [product] = await docs(cloud, 'credit_products', { _id: productId });
    expect(product.codeCount).toBe(UNITS);
  }, 600_000);
});
