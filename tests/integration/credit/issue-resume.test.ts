/**
 * A 100,000-unit serial issue that crashes mid-way, for real: the credit function runs with a 2-second
 * timeout, so the local cloud kills its worker while it is still making codes (as SCF kills a timed-out
 * container), leaving the issue's lease held and possibly a batch stored with the counter not moved on.
 * A half-stored batch waits ahead too (a database that took part of an insert). After each crash the
 * lease is let run out and the next continueIssue resumes from the counter: every unit ends with exactly
 * one code, no code is stored twice, and the codes already stored are kept.
 */
import { creditCodeFor } from '../../../cloudfunctions/src/credit/codes';
import { issuanceIdFor } from '../../../cloudfunctions/src/credit/issue';
import { startTestCloud } from '../helpers/local-cloud';
import {
  docs,
  enterpriseUser,
  ok,
  registerProduct,
  requestId,
  useFunctionsSecret,
  USCCS,
  type TestCloud,
} from './fixtures';

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
    // A batch the database took only half of (units 20,001–20,500 stored, 20,501–21,000 not), there before
    // the issue reaches it: the issue's id and codes are known from the request.
    const issuanceId = issuanceIdFor(USCCS[0], request.clientRequestId);
    const halfBatch = Array.from({ length: 500 }, (_, i) => ({
      _id: creditCodeFor(issuanceId, 20_001 + i, 0),
      serial: 20_001 + i,
    }));
    await cloud.db.insertMany(
      'credit_codes',
      halfBatch.map((c) => ({ ...c, productId, issuanceId, attempt: 0, scanCount: 0, places: [], lastScanAt: null })),
    );
    let crashesHoldingTheLease = 0;
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
        expect(reply.errMsg).toMatch(/timed out|超时|timeout/i);
        // Killed mid-way, the dead worker's lease still stands. A kill can also land where no lease is held:
        // after issueCodes stored the issue but before it took the lease (a slow start), or after the last
        // batch let the lease go but before the reply. The next call just goes on then.
        if (issue.leaseHolder !== null) {
          if (++crashesHoldingTheLease === 1) {
            // While the dead worker's lease lasts, another call leaves the issue as it is.
            const busy = ok(await cloud.call('credit', { action: 'continueIssue', issuanceId: issue._id }, maker));
            expect(busy).toMatchObject({ status: 'issuing', issuedCount: issue.issuedCount });
          }
          // Time passes: the lease runs out.
          await cloud.db.update('credit_issuances', { _id: issue._id }, { $set: { leaseUntil: Date.now() - 1 } });
        }
      }
      reply = await cloud.callRaw('credit', { action: 'continueIssue', issuanceId: issue._id }, maker);
    }
    expect(crashesHoldingTheLease).toBeGreaterThan(0);
    expect(reply.result.data.issuanceId).toBe(issuanceId);
    expect(reply.result.data).toMatchObject({ codeCount: UNITS, issuedCount: UNITS, labelParts: 100 });

    const codes = await docs(cloud, 'credit_codes', { issuanceId });
    expect(codes.length).toBe(UNITS);
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

  test('a code another unit already holds is made again with the next attempt, for this unit only', async () => {
    const productId = await registerProduct(cloud, maker, { name: '碰撞测试线' });
    const clientRequestId = requestId();
    const issuanceId = issuanceIdFor(USCCS[0], clientRequestId);
    // Units 1 and 7's first-attempt codes, held by units of another issue (collisions, staged).
    const taken = creditCodeFor(issuanceId, 7, 0);
    const takenFirst = creditCodeFor(issuanceId, 1, 0);
    await cloud.db.insertMany(
      'credit_codes',
      [taken, takenFirst].map((_id, i) => ({
        _id,
        productId: 'other',
        issuanceId: 'other-issue',
        serial: i + 1,
        attempt: 0,
        scanCount: 0,
        places: [],
        lastScanAt: null,
      })),
    );
    const issue = ok(
      await cloud.call(
        'credit',
        {
          action: 'issueCodes',
          productId,
          kind: 'serial',
          batchNo: 'C1',
          productionDate: '2026-12-01',
          quantity: 10,
          clientRequestId,
        },
        maker,
      ),
    );
    expect(issue).toMatchObject({ status: 'done', issuedCount: 10 });
    const codes = await docs(cloud, 'credit_codes', { issuanceId });
    expect(codes.map((c) => c.serial).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const unit7 = codes.find((c) => c.serial === 7)!;
    expect(unit7).toMatchObject({ _id: creditCodeFor(issuanceId, 7, 1), attempt: 1 });
    expect((await docs(cloud, 'credit_codes', { _id: taken }))[0]).toMatchObject({ issuanceId: 'other-issue' });
    // The issue names unit 1's code as stored, not the one another unit holds.
    const unit1 = codes.find((c) => c.serial === 1)!;
    expect(unit1).toMatchObject({ attempt: 1 });
    expect(issue.firstCode.replace(/-/g, '')).toBe(unit1._id);
  });
});
