import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { startTestCloud } from '../helpers/local-cloud';
import {
  enterpriseDocs,
  failure,
  insertChunked,
  inspectionDocs,
  ok,
  specInspections,
  type Spec,
  type TestCloud,
} from './fixtures';

const AS_OF = '2025-10-31';
const LISTED = makeUscc({ division: '440606', orgCode: '53000001' });
const NOT_LISTED = makeUscc({ division: '440606', orgCode: '53000002' });
const UNKNOWN = makeUscc({ division: '440305', orgCode: '53000003' });

const ENTERPRISES = [
  { uscc: LISTED, name: '佛山市顺德区海报电器有限公司', formerNames: [], address: '佛山市顺德区', city: '佛山市' },
  { uscc: NOT_LISTED, name: '佛山市顺德区未上榜五金厂', formerNames: [], address: '佛山市顺德区', city: '佛山市' },
];
const SPECS: Spec[] = [
  {
    uscc: LISTED,
    name: ENTERPRISES[0].name,
    passes: ['2013-05-01', '2019-06-01', '2024-08-01'],
    fails: ['2012-03-01'],
  },
  { uscc: NOT_LISTED, name: ENTERPRISES[1].name, passes: ['2015-01-01'], fails: ['2024-06-01'] },
];

/** Width and height from a PNG's IHDR. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('redlist.poster (the badge poster of a listed enterprise)', () => {
  let cloud: TestCloud;
  const poster = (input: object, openid = 'o-customer') =>
    cloud.callRaw<unknown>('redlist', { action: 'poster', ...input }, openid).then((r) => r.result);

  beforeAll(async () => {
    cloud = await startTestCloud();
    // Before the first publication: nothing to put on a poster.
    expect(failure(await poster({ uscc: LISTED }))).toMatchObject({ code: 'NOT_FOUND', message: '红榜尚未发布' });
    await insertChunked(
      cloud,
      'enterprises',
      enterpriseDocs(ENTERPRISES.map((e) => ({ ...e, productCategories: [] }))),
    );
    const { docs } = inspectionDocs(
      specInspections(SPECS),
      ENTERPRISES.map((e) => ({ ...e, productCategories: [] })),
    );
    await insertChunked(cloud, 'inspections', docs);
    expect(ok(await cloud.admin('admin', { action: 'evaluateRedlist', asOf: AS_OF })).status).toBe('done');
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('prints the entry of the latest version and a code that opens it, for anyone', async () => {
    const data = ok(await poster({ uscc: LISTED.toLowerCase() }));
    expect(data).toMatchObject({
      uscc: LISTED,
      name: '佛山市顺德区海报电器有限公司',
      tier: 'ten',
      tierLabel: '十年榜',
      years: 12,
      version: '2025-10',
      asOf: AS_OF,
      scene: `u=${LISTED}`,
      page: 'pages/redlist/detail/index',
      codeExpiresIn: 1800,
    });
    // The code WeChat drew: this page and scene, WeChat's default width.
    const [code] = cloud.cloud.server.openApi.codes();
    expect(code).toMatchObject({ scene: `u=${LISTED}`, page: 'pages/redlist/detail/index', width: 430 });
    // The URL serves the stored PNG, a square of that width and of a sane size.
    const png = Buffer.from(await (await fetch(data.codeUrl)).arrayBuffer());
    expect(pngSize(png)).toEqual({ width: 430, height: 430 });
    expect(png.length).toBeLessThan(64 * 1024);
    // Callers without a login (as the timeline's single-page mode) may make a poster too: the entry is public.
    const anonymous = await fetch(`${cloud.url}/client/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'redlist', data: { action: 'poster', uscc: LISTED }, source: 'wx_crawler' }),
    });
    expect(ok(((await anonymous.json()) as { result: unknown }).result).uscc).toBe(LISTED);
  }, 30_000);

  test('makes one code per enterprise, however often posters are asked for', async () => {
    const before = cloud.cloud.server.openApi.codes().length;
    const urls = await Promise.all([1, 2, 3, 4, 5].map(() => poster({ uscc: LISTED }).then((r) => ok(r).codeUrl)));
    expect(urls.every((u) => typeof u === 'string' && u.length > 0)).toBe(true);
    expect(cloud.cloud.server.openApi.codes().length).toBe(before);
    const stored = await cloud.db.find('redlist_codes');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ _id: LISTED, scene: `u=${LISTED}`, width: 430 });
  });

  test('makes the code again when its file was deleted', async () => {
    const [doc] = (await cloud.db.find('redlist_codes', { _id: LISTED })) as { fileID: string }[];
    await cloud.cloud.storage.remove(String(doc.fileID).replace(/^cloud:\/\/[^/]+\//, ''));
    const before = cloud.cloud.server.openApi.codes().length;
    const data = ok(await poster({ uscc: LISTED }));
    expect(cloud.cloud.server.openApi.codes().length).toBe(before + 1);
    expect((await fetch(data.codeUrl)).status).toBe(200);
  }, 30_000);

  test('refuses enterprises not on the latest list, and makes no code for them', async () => {
    const before = cloud.cloud.server.openApi.codes().length;
    expect(failure(await poster({ uscc: NOT_LISTED }))).toMatchObject({
      code: 'NOT_FOUND',
      message: '该企业未列入 2025-10 期红榜（评估日期 2025-10-31），不能生成红榜海报',
    });
    expect(failure(await poster({ uscc: UNKNOWN }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(cloud.cloud.server.openApi.codes().length).toBe(before);
    expect(await cloud.db.find('redlist_codes', { _id: NOT_LISTED })).toEqual([]);
  });

  test('refuses bad input with the field as users know it, before touching anything', async () => {
    const before = cloud.cloud.server.openApi.codes().length;
    for (const input of [
      {},
      { uscc: '' },
      { uscc: '91440606722473344D' },
      { uscc: 'u=91440606722473344C' },
      { uscc: 42 },
    ]) {
      const res = failure(await poster(input));
      expect(res.code).toBe('VALIDATION_FAILED');
      expect(res.message).toContain('统一社会信用代码');
    }
    // An extra key cannot choose the page, scene or width of the code.
    const data = ok(await poster({ uscc: LISTED, page: 'pages/admin/index/index', width: 1280, scene: 'x' }));
    expect(data).toMatchObject({ page: 'pages/redlist/detail/index', scene: `u=${LISTED}` });
    expect(cloud.cloud.server.openApi.codes().length).toBe(before);
  });
});
