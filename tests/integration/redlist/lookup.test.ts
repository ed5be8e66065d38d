import { evaluateAll } from '../../../cloudfunctions/src/core/redlist/evaluate-all';
import { GUANGDONG_CITIES, makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { generateDataset } from '../../../scripts/generate-inspections';
import { startTestCloud } from '../helpers/local-cloud';
import {
  enterpriseDocs,
  failure,
  insertChunked,
  inspectionDocs,
  ok,
  registryEntries,
  specInspections,
  type Spec,
  type TestCloud,
} from './fixtures';

const AS_OF = '2025-10-31';
const H1 = makeUscc({ division: '440606', orgCode: '52000001' });
const H2 = makeUscc({ division: '440604', orgCode: '52000002' });
const H3 = makeUscc({ division: '440305', orgCode: '52000003' });
const H4 = makeUscc({ division: '440606', orgCode: '52000004' });

const HANDMADE = [
  {
    uscc: H1,
    name: '佛山市顺德区瑧琮电器有限公司',
    formerNames: ['佛山市顺德区旧瑧琮电器厂'],
    address: '佛山市顺德区',
    city: '佛山市',
  },
  { uscc: H2, name: '瑧琮（佛山）电线电缆有限公司', formerNames: [], address: '佛山市禅城区', city: '佛山市' },
  { uscc: H3, name: '深圳市ＸＹＺ瑧琮科技有限公司', formerNames: [], address: '深圳市南山区', city: '深圳市' },
  { uscc: H4, name: '佛山市瑧琮五金制品有限公司', formerNames: [], address: '佛山市顺德区', city: '佛山市' },
];
const SPECS: Spec[] = [
  // ten: clean since 2012, two categories, all four levels.
  {
    uscc: H1,
    name: HANDMADE[0].name,
    passes: ['2012-05-01', '2014-06-01', '2018-07-01', '2024-08-01'],
    fails: ['2011-03-01'],
  },
  { uscc: H1, name: HANDMADE[0].name, category: '电线电缆', passes: ['2020-01-15'] },
  // five: clean since 2019.
  {
    uscc: H2,
    name: HANDMADE[1].name,
    category: '电线电缆',
    passes: ['2019-04-01', '2023-04-01'],
    fails: ['2018-12-01'],
  },
  // three: exactly three years at the evaluation date.
  { uscc: H3, name: HANDMADE[2].name, category: '电子产品', passes: ['2022-10-31', '2025-01-01'] },
  // not listed: a failure in 2024.
  { uscc: H4, name: HANDMADE[3].name, passes: ['2012-01-01'], fails: ['2024-06-01'] },
];

describe('redlist lookup (public)', () => {
  let cloud: TestCloud;
  const data = generateDataset({ enterprises: 400, seed: 'lookup-it', asOf: AS_OF });
  const enterprises = [...data.enterprises, ...HANDMADE.map((h) => ({ ...h, productCategories: [] }))];
  const { docs, records } = inspectionDocs([...data.inspections, ...specInspections(SPECS)], enterprises);
  const expected = evaluateAll(records, AS_OF, registryEntries(enterprises));
  const visitor = 'o-visitor';

  beforeAll(async () => {
    cloud = await startTestCloud();
    await insertChunked(cloud, 'enterprises', enterpriseDocs(enterprises));
    await insertChunked(cloud, 'inspections', docs);
    const res = ok(await cloud.admin('admin', { action: 'evaluateRedlist', asOf: AS_OF }));
    expect(res.status).toBe('done');
  }, 60_000);
  afterAll(() => cloud?.stop());

  const search = async (input: object) => ok(await cloud.call('redlist', { action: 'search', ...input }, visitor));
  const usccs = (page: { items: { uscc: string }[] }) => page.items.map((i) => i.uscc).sort();

  test('the hand-made enterprises are evaluated as intended', () => {
    const handmade = new Set([H1, H2, H3, H4]);
    const tiers = Object.fromEntries(expected.filter((r) => handmade.has(r.uscc)).map((r) => [r.uscc, r.tier]));
    expect(tiers).toEqual({ [H1]: 'ten', [H2]: 'five', [H3]: 'three' });
  });

  test('by USCC: exact, normalised, validated with the reason', async () => {
    const page = await search({ uscc: H1 });
    expect(page).toMatchObject({ total: 1, version: '2025-10', asOf: AS_OF });
    expect(page.items[0]).toMatchObject({
      uscc: H1,
      tier: 'ten',
      tierLabel: '十年榜',
      spanEnd: AS_OF,
      version: '2025-10',
    });
    expect((await search({ uscc: ` ${H1.toLowerCase().slice(0, 9)} ${H1.toLowerCase().slice(9)} ` })).total).toBe(1);
    expect((await search({ uscc: H4 })).total).toBe(0);

    const wrongCheck = H1.slice(0, 17) + (H1[17] === '0' ? '1' : '0');
    const bad = failure(await cloud.call('redlist', { action: 'search', uscc: wrongCheck }, visitor));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.message).toMatch(/校验位错误/);
    const short = failure(await cloud.call('redlist', { action: 'search', uscc: '9144' }, visitor));
    expect(short.message).toMatch(/应为18位/);
    // One search box: an 18-character query is taken as a USCC.
    expect(usccs(await search({ q: H2 }))).toEqual([H2]);
    expect(failure(await cloud.call('redlist', { action: 'search', q: wrongCheck }, visitor)).message).toMatch(
      /校验位错误/,
    );
  });

  test('by name fragment: width, brackets, spaces, traditional characters and former names', async () => {
    expect(usccs(await search({ q: '瑧琮' }))).toEqual([H1, H2, H3].sort());
    expect(usccs(await search({ q: '瑧琮電器' }))).toEqual([H1]);
    expect(usccs(await search({ q: '瑧琮 电器' }))).toEqual([H1]);
    expect(usccs(await search({ q: '瑧琮(佛山)' }))).toEqual([H2]);
    expect(usccs(await search({ q: '（佛山）电线' }))).toEqual([H2]);
    expect(usccs(await search({ q: 'xyz瑧琮' }))).toEqual([H3]);
    expect(usccs(await search({ q: 'ＸＹＺ' }))).toEqual([H3]);
    // A former name finds the enterprise, which is shown under its current name.
    const former = await search({ q: '旧瑧琮' });
    expect(former.items.map((i: { name: string; formerNames: string[] }) => [i.name, i.formerNames])).toEqual([
      [HANDMADE[0].name, HANDMADE[0].formerNames],
    ]);
    // Regular-expression characters are literal.
    expect((await search({ q: '.*' })).total).toBe(0);
    expect((await search({ q: '^佛山' })).total).toBe(0);
    expect(failure(await cloud.call('redlist', { action: 'search', q: '瑧'.repeat(61) }, visitor)).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  test('a search reads the fields it shows, and the version counts only when they give the total', async () => {
    // The fields of each document the database answered, per collection.
    const read: Record<string, string[][]> = {};
    const handle = cloud.db.handle.bind(cloud.db);
    const spy = jest.spyOn(cloud.db, 'handle').mockImplementation(async (action, body) => {
      const reply = await handle(action, body);
      const rows = (reply.data as { list?: string[] } | undefined)?.list?.map((d) => JSON.parse(d)) ?? [];
      // A search whose total is counted reads its page joined to the count (pageWithTotal).
      const docs = action === 'database.aggregateDocuments' ? rows.flatMap((r) => r.page ?? []) : rows;
      if (action === 'database.getDocument' || action === 'database.aggregateDocuments') {
        (read[String(body.collectionName)] ??= []).push(...docs.map((d: object) => Object.keys(d).sort()));
      }
      return reply;
    });
    try {
      const shown = [
        'asOf',
        'categories',
        'city',
        'formerNames',
        'inspectionCount',
        'inspectionsByYear',
        'lastInspectionAt',
        'name',
        'streakStart',
        'tier',
        'uscc',
        'version',
        'years',
      ];
      expect((await search({ q: '瑧琮' })).total).toBe(3);
      expect(read.redlist).toEqual([shown, shown, shown]);
      expect(read.redlist_versions).toEqual([['_id', 'asOf', 'version']]);
      delete read.redlist_versions;
      expect((await search({ tier: 'ten', page: 2, pageSize: 5 })).total).toBe(
        expected.filter((r) => r.tier === 'ten').length,
      );
      expect(read.redlist_versions).toEqual([['_id', 'asOf', 'counts', 'version']]);
    } finally {
      spy.mockRestore();
    }
  });

  test('by tier, city and category, combined, in list order, paged', async () => {
    for (const tier of ['ten', 'five', 'three'] as const) {
      const page = await search({ tier, pageSize: 50 });
      expect(page.total).toBe(expected.filter((r) => r.tier === tier).length);
      expect(page.items.every((i: { tier: string }) => i.tier === tier)).toBe(true);
    }
    const foshan = await search({ city: '佛山', pageSize: 50 });
    expect(foshan.total).toBe(expected.filter((r) => r.city === '佛山市').length);
    expect(foshan.items.every((i: { city: string }) => i.city === '佛山市')).toBe(true);
    expect((await search({ city: '佛山市' })).total).toBe(foshan.total);
    expect(failure(await cloud.call('redlist', { action: 'search', city: '北京' }, visitor)).code).toBe(
      'VALIDATION_FAILED',
    );
    const cables = await search({ category: '电线电缆', pageSize: 50 });
    expect(cables.total).toBe(expected.filter((r) => r.categories.includes('电线电缆')).length);
    expect(usccs(await search({ q: '瑧琮', category: '电线电缆' }))).toEqual([H1, H2].sort());
    expect(usccs(await search({ q: '瑧琮', tier: 'five' }))).toEqual([H2]);
    expect(usccs(await search({ q: '瑧琮', city: '深圳' }))).toEqual([H3]);

    // Pages: disjoint, in list order (tier, longest streak, earliest start, USCC), together the whole list.
    const all: { uscc: string; tier: string; years: number; streakStart: string }[] = [];
    const total = expected.length;
    for (let page = 1; page <= Math.ceil(total / 40); page++) {
      const res = await search({ page, pageSize: 40 });
      expect(res.total).toBe(total);
      all.push(...res.items);
    }
    expect(all.map((i) => i.uscc)).toEqual(expected.map((r) => r.uscc));
    expect((await search({ page: Math.ceil(total / 40) + 1, pageSize: 40 })).items).toEqual([]);
  });

  test('detail: tier, clean span, inspections per year and level, categories, version', async () => {
    const d = ok(await cloud.call('redlist', { action: 'detail', uscc: H1 }, visitor));
    expect(d).toMatchObject({
      uscc: H1,
      name: HANDMADE[0].name,
      city: '佛山市',
      tier: 'ten',
      streakStart: '2012-05-01',
      spanEnd: AS_OF,
      years: 13,
      lastInspectionAt: '2024-08-01',
      inspectionCount: 5,
      categories: ['家用电器', '电线电缆'],
      version: '2025-10',
      asOf: AS_OF,
      history: [{ version: '2025-10', asOf: AS_OF, tier: 'ten', tierLabel: '十年榜' }],
    });
    expect(d.publishedAt).toEqual(expect.any(String));
    expect(d.inspectionsByYear).toEqual([
      { year: '2012', count: 1 },
      { year: '2014', count: 1 },
      { year: '2018', count: 1 },
      { year: '2020', count: 1 },
      { year: '2024', count: 1 },
    ]);
    // Levels cycle national, provincial, municipal, county over each spec's dates (the 2011 failure is outside the span).
    expect(d.inspectionsByYearLevel).toEqual([
      { year: '2012', national: 1, provincial: 0, municipal: 0, county: 0, total: 1 },
      { year: '2014', national: 0, provincial: 1, municipal: 0, county: 0, total: 1 },
      { year: '2018', national: 0, provincial: 0, municipal: 1, county: 0, total: 1 },
      { year: '2020', national: 1, provincial: 0, municipal: 0, county: 0, total: 1 },
      { year: '2024', national: 0, provincial: 0, municipal: 0, county: 1, total: 1 },
    ]);

    const notListed = failure(await cloud.call('redlist', { action: 'detail', uscc: H4 }, visitor));
    expect(notListed.code).toBe('NOT_FOUND');
    expect(notListed.message).toContain('2025-10');
    expect(failure(await cloud.call('redlist', { action: 'detail', uscc: 'abc' }, visitor)).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  test('versions and stats: counts by tier, the 21 cities and categories', async () => {
    const [v] = ok(await cloud.call('redlist', { action: 'versions' }, visitor));
    expect(v).toMatchObject({ version: '2025-10', asOf: AS_OF, counts: { total: expected.length } });
    const stats = ok(await cloud.call('redlist', { action: 'stats' }, visitor));
    expect(stats.byCity.slice(0, 21).map((c: { city: string }) => c.city)).toEqual(GUANGDONG_CITIES.map((c) => c.name));
    expect(stats.byCity.reduce((n: number, c: { total: number }) => n + c.total, 0)).toBe(expected.length);
    const foshan = stats.byCity.find((c: { city: string }) => c.city === '佛山市');
    expect(foshan.total).toBe(expected.filter((r) => r.city === '佛山市').length);
    const categories = stats.categories as { category: string; count: number }[];
    expect(categories.find((c) => c.category === '电线电缆')!.count).toBe(
      expected.filter((r) => r.categories.includes('电线电缆')).length,
    );
    expect(categories.map((c) => c.count)).toEqual([...categories.map((c) => c.count)].sort((a, b) => b - a));
  });

  test('an older version stays readable; unknown versions are reported', async () => {
    // A second version where H3 is gone (a failure after the first evaluation).
    await insertChunked(
      cloud,
      'inspections',
      inspectionDocs(
        specInspections([{ uscc: H3, name: HANDMADE[2].name, category: '电子产品', fails: ['2025-11-15'] }]),
        enterprises,
      ).docs,
    );
    ok(await cloud.admin('admin', { action: 'evaluateRedlist', asOf: '2025-12-31' }));
    expect((await search({ uscc: H3 })).total).toBe(0);
    const old = await search({ uscc: H3, version: '2025-10' });
    expect(old).toMatchObject({ total: 1, version: '2025-10' });
    const d = ok(await cloud.call('redlist', { action: 'detail', uscc: H1 }, visitor));
    expect(d.history.map((h: { version: string; tier: string }) => [h.version, h.tier])).toEqual([
      ['2025-12', 'ten'],
      ['2025-10', 'ten'],
    ]);
    const h3 = ok(await cloud.call('redlist', { action: 'detail', uscc: H3, version: '2025-10' }, visitor));
    expect(h3.history.map((h: { version: string; tier: string | null }) => [h.version, h.tier])).toEqual([
      ['2025-12', null],
      ['2025-10', 'three'],
    ]);
    const exits = ok(await cloud.call('redlist', { action: 'changes', kind: 'exits', pageSize: 50 }, visitor));
    expect(exits.items.map((r: { uscc: string }) => r.uscc)).toContain(H3);

    expect(failure(await cloud.call('redlist', { action: 'search', version: '2020-01' }, visitor)).code).toBe(
      'NOT_FOUND',
    );
    expect(failure(await cloud.call('redlist', { action: 'search', version: '2025-13' }, visitor)).code).toBe(
      'VALIDATION_FAILED',
    );
  });
});
