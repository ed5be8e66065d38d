/**
 * Product credit codes on the local cloud: an enterprise registers a product and issues codes, another
 * user scans them; the warnings (unknown, revoked, failed sampling, copied); forged and altered codes;
 * scanners' anonymity; who may do what; bad input refused in Chinese with nothing written.
 */
import { PDFDocument } from 'pdf-lib';
import { creditCodeFor } from '../../../cloudfunctions/src/credit/codes';
import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { uploadAs } from '../cable/fixtures';
import { startTestCloud } from '../helpers/local-cloud';
import { registerEnterprise } from '../voucher/fixtures';
import {
  credit,
  creditState,
  docs,
  enterpriseUser,
  failure,
  issueAll,
  ok,
  PLACES,
  personUser,
  registerProduct,
  requestId,
  useFunctionsSecret,
  USCCS,
  validProduct,
  type Loose,
  type TestCloud,
} from './fixtures';

const daysAgo = (days: number) => calendarDate(new Date(Date.now() - days * 86400_000));
const plain = (code: string) => code.replace(/-/g, '');

describe('product credit codes', () => {
  let cloud: TestCloud;
  let maker: string; // verified enterprise USCCS[0]
  let rival: string; // another verified enterprise
  let consumer: string;
  let unverified: string;
  let stranger: string; // logged in, nothing bound

  beforeAll(async () => {
    useFunctionsSecret();
    cloud = await startTestCloud();
    maker = await enterpriseUser(cloud, 0);
    rival = await enterpriseUser(cloud, 1);
    consumer = await personUser(cloud, 'o-consumer', '13800000011');
    stranger = 'o-stranger';
    ok(await cloud.call('user', { action: 'login' }, stranger));
    await registerEnterprise(cloud, 2, '13600000000');
    unverified = await personUser(cloud, 'o-unverified', '13600000009');
    await cloud.call('user', { action: 'bindEnterprise', uscc: USCCS[2], name: '测试企业2有限公司' }, unverified);
    // The maker is on the latest published red list (五年榜, 6 years clean).
    await cloud.db.insertMany('redlist_versions', [
      { _id: '2026-11', version: '2026-11', asOf: '2026-11-30', status: 'published', publishedAt: new Date() },
    ]);
    await cloud.db.insertMany('redlist', [
      {
        _id: `2026-11:${USCCS[0]}`,
        version: '2026-11',
        uscc: USCCS[0],
        name: '测试企业0有限公司',
        tier: 'five',
        years: 6,
      },
    ]);
  }, 120_000);
  afterAll(() => cloud?.stop());

  const call = (openid: string, action: string, payload: object = {}) => credit(cloud, openid, action, payload);

  test('register → issue a batch code → another user scans it: product, maker, red-list badge, count', async () => {
    const productId = await registerProduct(cloud, maker);
    const issue = await issueAll(cloud, maker, { productId, kind: 'batch', quantity: 5000 });
    expect(issue).toMatchObject({ kind: 'batch', codeCount: 1, issuedCount: 1, status: 'done', labelParts: 1 });
    const code = plain(issue.firstCode);

    const first = ok(await call(consumer, 'scan', { code: issue.firstCode.toLowerCase(), location: PLACES.广州 }));
    expect(first).toMatchObject({
      found: true,
      warnings: [],
      product: { name: '聚氯乙烯绝缘电线', brand: '粤缆', standard: 'GB/T 5023.3-2008', cccNumber: '2020010105123456' },
      maker: {
        name: '测试企业0有限公司',
        uscc: USCCS[0],
        redlist: { listed: true, tierLabel: expect.any(String), years: 6 },
      },
      issue: { kind: 'batch', batchNo: 'B20261201', productionDate: '2026-12-01', serial: null },
      scanCount: 1,
    });
    // A cable: the quick-screen form with the maker filled in.
    expect(first.cableScreenPath).toBe(
      `/pages/cable/submit/index?manufacturer=${encodeURIComponent('测试企业0有限公司')}&brand=${encodeURIComponent('粤缆')}`,
    );
    const again = ok(await call(stranger, 'scan', { code }));
    expect(again.scanCount).toBe(2);
    expect((await docs(cloud, 'credit_codes', { _id: code }))[0]).toMatchObject({ scanCount: 2, places: ['广州市'] });

    const product = ok(await call(maker, 'getProduct', { productId }));
    expect(product).toMatchObject({ codeCount: 1, scanCount: 2, issuances: [{ issuanceId: issue.issuanceId }] });
  });

  test('serial codes: one per unit, all distinct and signed; labels come as an A4 PDF with every code', async () => {
    const productId = await registerProduct(cloud, maker, { name: '电力电缆', model: 'YJV 3×4' });
    const issue = await issueAll(cloud, maker, { productId, kind: 'serial', quantity: 45 });
    expect(issue).toMatchObject({ codeCount: 45, issuedCount: 45, status: 'done', labelParts: 1 });
    const codes = await docs(cloud, 'credit_codes', { issuanceId: issue.issuanceId });
    expect(codes.map((c) => c.serial).sort((a, b) => a - b)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(new Set(codes.map((c) => c._id)).size).toBe(45);
    for (const c of codes) expect(c._id).toBe(creditCodeFor(issue.issuanceId, c.serial, c.attempt));

    const labels = ok(await call(maker, 'labels', { issuanceId: issue.issuanceId, part: 1 }));
    expect(labels).toMatchObject({ part: 1, parts: 1, from: 1, to: 45 });
    const pdf = await PDFDocument.load(new Uint8Array(await (await fetch(labels.url)).arrayBuffer()));
    expect(pdf.getPageCount()).toBe(2); // 40 labels a sheet
    expect(failure(await call(maker, 'labels', { issuanceId: issue.issuanceId, part: 2 })).code).toBe(
      'VALIDATION_FAILED',
    );
    // Another enterprise cannot print them.
    expect(failure(await call(rival, 'labels', { issuanceId: issue.issuanceId })).code).toBe('NOT_FOUND');
  });

  test('forged, altered and never-issued codes are unknown (possibly fake) and leave no trace', async () => {
    const productId = await registerProduct(cloud, maker, { name: '护套线' });
    const issue = await issueAll(cloud, maker, { productId, kind: 'serial', quantity: 3 });
    const genuine = plain(issue.firstCode);
    const before = await creditState(cloud);
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const altered = [0, 5, 11].map((i) => {
      const swap = alphabet[(alphabet.indexOf(genuine[i]) + 1) % 32];
      return genuine.slice(0, i) + swap + genuine.slice(i + 1);
    });
    const neverIssued = creditCodeFor('000000000000000000000000', 1); // signed, but not stored
    for (const code of ['0000000000AB', 'ZZZZZZZZZZZZ', ...altered, neverIssued]) {
      const view = ok(await call(consumer, 'scan', { code }));
      expect(view).toMatchObject({ found: false, product: null, maker: null, scanCount: 0 });
      expect(view.warnings.map((w: Loose) => w.code)).toEqual(['unknown']);
      expect(view.warnings[0].title).toContain('可能是假冒');
    }
    expect(await creditState(cloud)).toEqual(before);
    for (const code of ['', '12345', 'ABCD-EFGH-IJKU', 'x'.repeat(41)]) {
      const refused = failure(await call(consumer, 'scan', { code }));
      expect(refused.code).toBe('VALIDATION_FAILED');
      expect(refused.message).toContain('产品信用码');
    }
  });

  test('a revoked product warns with its reason on every scan, and can be neither edited nor given codes', async () => {
    const productId = await registerProduct(cloud, maker, { name: '铜芯软电线' });
    const issue = await issueAll(cloud, maker, { productId, kind: 'serial', quantity: 2 });
    const admin = ok(
      await cloud.admin('credit', { action: 'revokeProduct', productId, reason: '2026 年省级监督抽查导体电阻不合格' }),
    );
    expect(admin).toMatchObject({ status: 'revoked', statusLabel: '已撤销' });
    const view = ok(await call(consumer, 'scan', { code: issue.firstCode }));
    expect(view.warnings[0]).toMatchObject({ code: 'revoked', title: '此产品的信用码已被撤销' });
    expect(view.warnings[0].text).toContain('导体电阻不合格');
    expect(view.revokedReason).toBe('2026 年省级监督抽查导体电阻不合格');

    const more = failure(
      await call(maker, 'issueCodes', {
        productId,
        kind: 'batch',
        batchNo: 'X1',
        productionDate: '2026-12-01',
        quantity: 1,
        clientRequestId: requestId(),
      }),
    );
    expect(more.code).toBe('PRODUCT_REVOKED');
    expect(failure(await call(maker, 'saveProduct', { ...validProduct(), productId })).code).toBe('PRODUCT_REVOKED');
    expect(
      failure(await cloud.admin('credit', { action: 'revokeProduct', productId, reason: '再次撤销测试原因' })).code,
    ).toBe('CONFLICT');
    const audit = ok(await cloud.admin('credit', { action: 'productAudit', productId })).items;
    expect(audit.map((e: Loose) => e.action)).toEqual([
      'credit.revokeProduct',
      'credit.issueCodes',
      'credit.registerProduct',
    ]);
    expect(JSON.stringify(audit)).not.toContain('o-ent-');
  });

  test('a failed sampling of the maker in the category within 12 months is a warning naming the items', async () => {
    const productId = await registerProduct(cloud, rival, { name: '电源线组件', category: '电线电缆' });
    const issue = await issueAll(cloud, rival, { productId });
    await cloud.db.insertMany('inspections', [
      {
        _id: 'c-old-fail',
        rowKey: 'c-old-fail',
        uscc: USCCS[1],
        enterpriseName: '测试企业1有限公司',
        productName: '电线',
        productCategory: '电线电缆',
        specModel: 'BV',
        sampledAt: daysAgo(500),
        level: 'provincial',
        authority: '广东省市场监督管理局',
        result: 'fail',
        failedItems: '绝缘厚度',
        announcement: 'a',
      },
      {
        _id: 'c-pass',
        rowKey: 'c-pass',
        uscc: USCCS[1],
        enterpriseName: '测试企业1有限公司',
        productName: '电线',
        productCategory: '电线电缆',
        specModel: 'BV',
        sampledAt: daysAgo(200),
        level: 'municipal',
        authority: '佛山市市场监督管理局',
        result: 'pass',
        failedItems: '',
        announcement: 'b',
      },
      {
        _id: 'c-other-category',
        rowKey: 'c-other-category',
        uscc: USCCS[1],
        enterpriseName: '测试企业1有限公司',
        productName: '插座',
        productCategory: '插头插座',
        specModel: 'X',
        sampledAt: daysAgo(30),
        level: 'provincial',
        authority: '广东省市场监督管理局',
        result: 'fail',
        failedItems: '结构',
        announcement: 'c',
      },
    ]);
    const before = ok(await call(consumer, 'scan', { code: issue.firstCode }));
    // The old failure is listed but older than 12 months; the other category's is not this product's.
    expect(before.warnings).toEqual([]);
    expect(before.sampling.map((s: Loose) => s.resultLabel)).toEqual(['合格', '不合格']);

    await cloud.db.insertMany('inspections', [
      {
        _id: 'c-recent-fail',
        rowKey: 'c-recent-fail',
        uscc: USCCS[1],
        enterpriseName: '测试企业1有限公司',
        productName: '电线',
        productCategory: '电线电缆',
        specModel: 'BVR',
        sampledAt: daysAgo(90),
        level: 'national',
        authority: '国家市场监督管理总局',
        result: 'fail',
        failedItems: '导体电阻、绝缘老化前拉伸强度',
        announcement: 'd',
      },
    ]);
    const after = ok(await call(consumer, 'scan', { code: issue.firstCode }));
    expect(after.warnings.map((w: Loose) => w.code)).toEqual(['failedSampling']);
    expect(after.warnings[0].text).toContain('导体电阻、绝缘老化前拉伸强度');
    expect(after.warnings[0].text).not.toContain('绝缘厚度');
  });

  test('a serial code scanned by people in more than 5 cities may be copied; one person in many places is not', async () => {
    const productId = await registerProduct(cloud, maker, { name: '阻燃电线' });
    const serial = await issueAll(cloud, maker, { productId, kind: 'serial', quantity: 2 });
    const batch = await issueAll(cloud, maker, { productId, kind: 'batch' });
    const cities = ['广州', '深圳', '佛山', '东莞', '中山', '汕头'] as const;

    // One person "travelling" through six cities counts as one place.
    for (const city of cities) ok(await call(stranger, 'scan', { code: serial.firstCode, location: PLACES[city] }));
    let view = ok(await call(stranger, 'scan', { code: serial.firstCode }));
    expect(view.warnings).toEqual([]);

    const scanners = await Promise.all(cities.map((_, i) => personUser(cloud, `o-scanner-${i}`, `1390000000${i}`)));
    for (const [i, city] of cities.entries()) {
      view = ok(await call(scanners[i], 'scan', { code: serial.firstCode, location: PLACES[city] }));
      expect(view.warnings.some((w: Loose) => w.code === 'copied')).toBe(i >= 5);
    }
    expect(view.warnings.find((w: Loose) => w.code === 'copied')).toMatchObject({ title: '此码可能被复制' });
    // A batch code is printed on many units: places say nothing.
    for (const [i, city] of cities.entries())
      view = ok(await call(scanners[i], 'scan', { code: batch.firstCode, location: PLACES[city] }));
    expect(view.warnings).toEqual([]);
  });

  test('scanners stay anonymous: the enterprise sees counts by day and city, never who', async () => {
    const productId = await registerProduct(cloud, rival, { name: '家用电线', category: '电线电缆' });
    const issue = await issueAll(cloud, rival, { productId });
    ok(await call(consumer, 'scan', { code: issue.firstCode, location: PLACES.湛江 }));
    ok(await call(consumer, 'scan', { code: issue.firstCode, location: PLACES.湛江 }));
    ok(await call(stranger, 'scan', { code: issue.firstCode, location: PLACES.北京 }));
    ok(await call(maker, 'scan', { code: issue.firstCode }));
    const stats = ok(await call(rival, 'scanStats', { productId }));
    expect(stats.total).toBe(4);
    expect(stats.days).toHaveLength(30);
    expect(stats.days.at(-1)).toMatchObject({ key: calendarDate(new Date()), count: 4 });
    expect(stats.cities).toEqual([
      { key: '湛江市', label: '湛江市', count: 2 },
      { key: '未知地区', label: '未知地区', count: 1 },
      { key: '省外', label: '省外', count: 1 },
    ]);
    expect(stats.chart.series[0].data.at(-1)).toBe(4);
    const seen = JSON.stringify([
      stats,
      ok(await call(rival, 'getProduct', { productId })),
      ok(await call(rival, 'myProducts')),
    ]);
    for (const who of [consumer, stranger, maker, '13800000011']) expect(seen).not.toContain(who);
    // The stored scanner records hold a keyed hash, not the OPENID.
    expect(JSON.stringify(await docs(cloud, 'credit_scanners'))).not.toMatch(/o-consumer|o-stranger|o-ent-/);
    // Another enterprise learns nothing of this product.
    for (const action of ['getProduct', 'scanStats']) {
      expect(failure(await call(maker, action, { productId })).code).toBe('NOT_FOUND');
    }
    expect(failure(await call(maker, 'continueIssue', { issuanceId: issue.issuanceId })).code).toBe('NOT_FOUND');
  });

  test('only a verified enterprise registers products; a repeated issue request makes one issue', async () => {
    const before = await creditState(cloud);
    expect(failure(await call(stranger, 'saveProduct', validProduct())).code).toBe('ENTERPRISE_NOT_BOUND');
    expect(failure(await call(unverified, 'saveProduct', validProduct())).code).toBe('ENTERPRISE_NOT_VERIFIED');
    // Public data (a USCC, a name) in the payload changes nothing.
    expect(
      failure(
        await call(stranger, 'saveProduct', { ...validProduct(), uscc: USCCS[0], enterpriseName: '测试企业0有限公司' }),
      ).code,
    ).toBe('ENTERPRISE_NOT_BOUND');
    expect(await creditState(cloud)).toEqual(before);

    const productId = await registerProduct(cloud, maker, { name: '重复请求测试线' });
    const payload = {
      productId,
      kind: 'serial',
      batchNo: 'R1',
      productionDate: '2026-12-01',
      quantity: 5,
      clientRequestId: requestId(),
    };
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(maker, 'issueCodes', payload)));
    const ids = new Set(answers.map((a) => ok(a).issuanceId));
    expect(ids.size).toBe(1);
    const [issuanceId] = ids;
    let issue = ok(answers[0]);
    while (issue.status !== 'done') issue = ok(await call(maker, 'continueIssue', { issuanceId }));
    expect(await docs(cloud, 'credit_issuances', { _id: issuanceId })).toHaveLength(1);
    expect(await docs(cloud, 'credit_codes', { issuanceId })).toHaveLength(5);
    expect((await docs(cloud, 'credit_products', { _id: productId }))[0].codeCount).toBe(5);
  });

  test('photos: the caller’s own uploads only', async () => {
    const { uploadFolder } = ok(await call(maker, 'myProducts'));
    const own = await uploadAs(cloud, maker, `${uploadFolder}/p1.png`, Buffer.from('png'));
    const { uploadFolder: theirs } = ok(await call(rival, 'myProducts'));
    const foreign = await uploadAs(cloud, rival, `${theirs}/p2.png`, Buffer.from('png'));
    const saved = ok(await call(maker, 'saveProduct', validProduct({ name: '带照片的电线', photos: [own] })));
    expect(saved.photoUrls).toHaveLength(1);
    const refused = failure(await call(maker, 'saveProduct', validProduct({ name: '别人的照片', photos: [foreign] })));
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refused.message).toContain('产品照片');
  });

  test('admins see products by category, city and status, and the figures; nobody else does', async () => {
    const list = ok(await cloud.admin('credit', { action: 'adminProducts', category: '电线电缆', status: 'revoked' }));
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((p: Loose) => p.status === 'revoked' && p.category === '电线电缆')).toBe(true);
    const byKeyword = ok(await cloud.admin('credit', { action: 'adminProducts', keyword: '阻燃' }));
    expect(byKeyword.items.map((p: Loose) => p.name)).toEqual(['阻燃电线']);
    expect(ok(await cloud.admin('credit', { action: 'adminProducts', keyword: '.*' })).total).toBe(0);
    const stats = ok(await cloud.admin('credit', { action: 'creditStats' }));
    const cables = stats.byCategory.find((r: Loose) => r.key === '电线电缆');
    expect(cables.products).toBe(stats.totals.products);
    expect(stats.totals.revoked).toBe(1);
    expect(stats.totals.scans).toBeGreaterThan(10);

    const before = await creditState(cloud);
    const hostile = { productId: { $ne: null }, reason: 123, category: ['x'] };
    for (const who of [maker, consumer, stranger]) {
      for (const action of ['adminProducts', 'revokeProduct', 'creditStats', 'productAudit']) {
        const refused = failure(await call(who, action, hostile));
        expect(refused).toMatchObject({ code: 'FORBIDDEN' });
      }
    }
    expect(await creditState(cloud)).toEqual(before);
  });

  test('bad input to every action is refused in Chinese, naming the field, with nothing written', async () => {
    const productId = await registerProduct(cloud, maker, { name: '输入校验测试线' });
    const before = await creditState(cloud);
    const cases: [string, object, string][] = [
      ['saveProduct', validProduct({ name: 'A' }), '产品名称'],
      ['saveProduct', validProduct({ category: '火箭' }), '产品类别'],
      ['saveProduct', validProduct({ standard: '国标' }), '执行标准'],
      ['saveProduct', validProduct({ cccNumber: '123' }), 'CCC 证书编号'],
      ['saveProduct', validProduct({ photos: ['a', 'b', 'c', 'd'] }), '产品照片'],
      [
        'issueCodes',
        {
          productId,
          kind: 'serial',
          batchNo: 'B1',
          productionDate: '2026-12-01',
          quantity: 100_001,
          clientRequestId: requestId(),
        },
        '数量',
      ],
      [
        'issueCodes',
        {
          productId,
          kind: 'box',
          batchNo: 'B1',
          productionDate: '2026-12-01',
          quantity: 1,
          clientRequestId: requestId(),
        },
        '赋码方式',
      ],
      [
        'issueCodes',
        {
          productId,
          kind: 'batch',
          batchNo: '批号一',
          productionDate: '2026-12-01',
          quantity: 1,
          clientRequestId: requestId(),
        },
        '生产批号',
      ],
      [
        'issueCodes',
        {
          productId,
          kind: 'batch',
          batchNo: 'B1',
          productionDate: '2026-02-30',
          quantity: 1,
          clientRequestId: requestId(),
        },
        '生产日期',
      ],
      ['continueIssue', {}, '赋码批次'],
      ['labels', { issuanceId: 'x', part: 0 }, '标签文件'],
      ['getProduct', { productId: 'x'.repeat(80) }, '产品'],
      ['scanStats', { productId: 7 }, '产品'],
      ['scan', { code: 'ABC', location: { latitude: 200, longitude: 0 } }, '产品信用码'],
    ];
    for (const [action, payload, field] of cases) {
      const refused = failure(await call(maker, action, payload));
      expect({ action, code: refused.code }).toEqual({ action, code: 'VALIDATION_FAILED' });
      expect(refused.message).toContain(field);
    }
    const admin = failure(await cloud.admin('credit', { action: 'revokeProduct', productId, reason: '短' }));
    expect(admin.message).toContain('撤销原因');
    expect(await creditState(cloud)).toEqual(before);
  });
});
