/** The credit-code demo seed read back through the functions, as the pages will, and its invariants. */
import { connect } from '../../../seed/client';
import { seedCredit } from '../../../seed/credit';
import { DEMO_ENTERPRISE } from '../../../seed/identities';
import { isSignedCreditCode } from '../../../cloudfunctions/src/credit/codes';
import { startTestCloud } from '../helpers/local-cloud';
import { docs, ok, useFunctionsSecret, type Loose, type TestCloud } from '../credit/fixtures';

describe('credit-code demo seed', () => {
  let cloud: TestCloud;
  const call = (openid: string, action: string, payload: object = {}) =>
    cloud.call('credit', { action, ...payload }, openid);

  beforeAll(async () => {
    useFunctionsSecret();
    cloud = await startTestCloud();
    await cloud.db.insertMany('users', [
      { _id: 'demo-enterprise', roles: [], enterpriseUscc: DEMO_ENTERPRISE.uscc, phoneVerified: true },
      { _id: 'demo-consumer', roles: [] },
    ]);
    await cloud.db.insertMany('enterprises', [
      {
        _id: DEMO_ENTERPRISE.uscc,
        name: DEMO_ENTERPRISE.name,
        nameKey: DEMO_ENTERPRISE.name,
        formerNames: [],
        city: DEMO_ENTERPRISE.city,
        ownerOpenid: 'demo-enterprise',
        ownerVerifiedBy: 'registry-phone',
      },
    ]);
    await seedCredit(connect(cloud.cloud));
  }, 120_000);
  afterAll(() => cloud?.stop());

  test('every counter equals the scans behind it; every code is genuine', async () => {
    const products = await docs(cloud, 'credit_products');
    const codes = await docs(cloud, 'credit_codes');
    const days = await docs(cloud, 'credit_scan_days');
    expect(products).toHaveLength(3);
    for (const p of products) {
      const mine = codes.filter((c) => c.productId === p._id);
      expect(mine).toHaveLength(p.codeCount);
      const scans = mine.reduce((n, c) => n + c.scanCount, 0);
      expect(days.filter((d) => d.productId === p._id).reduce((n, d) => n + d.count, 0)).toBe(scans);
      expect(p.scanCount).toBe(scans);
    }
    expect(codes.every((c) => isSignedCreditCode(c._id))).toBe(true);
  });

  test('the enterprise sees its products and a month of scans; scans show each warning', async () => {
    const mine = ok(await call('demo-enterprise', 'myProducts'));
    expect(mine.items.map((p: Loose) => p.name).sort()).toEqual(['智能电压力锅', '电源线组件', '电热水壶'].sort());
    const stats = ok(await call('demo-enterprise', 'scanStats'));
    expect(stats.total).toBeGreaterThan(30);
    expect(stats.cities.length).toBeGreaterThanOrEqual(5);

    const firstCode = async (productId: string) =>
      ok(await call('demo-enterprise', 'getProduct', { productId })).issuances[0].firstCode as string;
    const cord = ok(await call('demo-consumer', 'scan', { code: await firstCode('demo-cord') }));
    expect(cord.warnings.map((w: Loose) => w.code)).toContain('copied');
    expect(cord.cableScreenPath).toContain('/pages/cable/submit/index?manufacturer=');
    const kettle = ok(await call('demo-consumer', 'scan', { code: await firstCode('demo-kettle') }));
    expect(kettle.warnings[0]).toMatchObject({ code: 'revoked' });
    const cooker = ok(await call('demo-consumer', 'scan', { code: await firstCode('demo-cooker') }));
    expect(cooker.warnings.map((w: Loose) => w.code)).not.toContain('revoked');
    const log = ok(await cloud.admin('credit', { action: 'productAudit', productId: 'demo-kettle' })).items;
    expect(log.map((e: Loose) => e.action)).toEqual([
      'credit.revokeProduct',
      'credit.issueCodes',
      'credit.registerProduct',
    ]);
  });
});
