/**
 * The demo 专家库: written through helpdesk.importExperts (so the seed exercises the import), covering
 * every category, discipline and city, with demo-expert bound to the record the demo enterprise's
 * cases reach first.
 */
import { routeCase, type RoutableExpert } from '../../../cloudfunctions/src/core/helpdesk/routing';
import { PROBLEM_TYPE_CODES, DISCIPLINE_CODES } from '../../../miniprogram/shared/helpdesk';
import { GUANGDONG_CITY_NAMES } from '../../../miniprogram/shared/cities';
import { PRODUCT_CATEGORIES } from '../../../miniprogram/shared/product-categories';
import { connect } from '../../../seed/client';
import {
  DEMO_EXPERT,
  DEMO_EXPERT_COUNT,
  expertsCsv,
  generateExperts,
  seedHelpdeskExperts,
} from '../../../seed/helpdesk-experts';
import { DEMO_HOSPITALS } from '../../../seed/hospitals';
import { DEMO_ENTERPRISE } from '../../../seed/identities';
import { startTestCloud } from '../helpers/local-cloud';
import { ok, upload, type TestCloud } from '../redlist/fixtures';

/** Each test makes several function calls; on a loaded machine that takes longer than jest's default 5 s. */
const SLOW = 30_000;

describe('demo experts seed', () => {
  let cloud: TestCloud;
  let experts: (RoutableExpert & Record<string, any>)[];

  beforeAll(async () => {
    cloud = await startTestCloud();
    await cloud.db.insertMany(
      'hospitals',
      DEMO_HOSPITALS.map((h) => ({ _id: h.hospitalId, name: h.name, city: h.city })),
    );
    await seedHelpdeskExperts(connect(cloud.cloud));
    experts = (await cloud.db.find('experts', {})) as typeof experts;
  }, 60_000);
  afterAll(() => cloud?.stop());

  test(
    'every generated expert landed, over every category, discipline and city',
    () => {
      expect(experts).toHaveLength(DEMO_EXPERT_COUNT);
      expect(DEMO_EXPERT_COUNT).toBeGreaterThanOrEqual(700);
      expect(new Set(experts.flatMap((e) => e.productCategories))).toEqual(new Set(PRODUCT_CATEGORIES));
      expect(new Set(experts.flatMap((e) => e.disciplines))).toEqual(new Set(DISCIPLINE_CODES));
      expect(new Set(experts.map((e) => e.city))).toEqual(new Set(GUANGDONG_CITY_NAMES));
      const inBigFour = experts.filter((e) => ['广州市', '深圳市', '佛山市', '东莞市'].includes(e.city)).length;
      expect(inBigFour / experts.length).toBeGreaterThan(0.55);
      // Institutions that are product hospitals link to them.
      expect(experts.filter((e) => e.hospitalId).length).toBeGreaterThan(50);
      expect(experts.every((e) => e.openCases === 0 && e.ratings === 0)).toBe(true);
    },
    SLOW,
  );

  test(
    'the data is deterministic',
    () => {
      expect(expertsCsv(generateExperts())).toBe(expertsCsv(generateExperts()));
    },
    SLOW,
  );

  test(
    'demo-expert answers for the record every 家用电器 case of the demo enterprise reaches first',
    async () => {
      const profile = ok(await cloud.call('user', { action: 'profile' }, 'demo-expert'));
      expect(profile).toMatchObject({ expertId: DEMO_EXPERT.expertId, roles: ['expert'] });
      const record = experts.find((e) => e._id === DEMO_EXPERT.expertId)!;
      expect(record).toMatchObject({ city: '佛山市', openid: 'demo-expert', hospitalId: 'gd-appliance' });
      expect(record.productCategories).toContain('家用电器');
      expect(record.disciplines).toContain('testing');
      for (const problemType of PROBLEM_TYPE_CODES) {
        const offered = routeCase({ productCategory: '家用电器', problemType, city: DEMO_ENTERPRISE.city }, experts);
        expect([problemType, offered[0]?._id]).toEqual([problemType, DEMO_EXPERT.expertId]);
      }
    },
    SLOW,
  );

  test(
    'importing the seed file again changes nothing',
    async () => {
      const fileID = await upload(cloud, 'demo-experts-again.csv', expertsCsv(generateExperts()));
      const again = ok(await cloud.admin('helpdesk', { action: 'importExperts', fileID }));
      expect(again).toMatchObject({ rows: DEMO_EXPERT_COUNT, created: 0, updated: 0, unchanged: DEMO_EXPERT_COUNT });
      expect(((await cloud.db.find('experts', { _id: DEMO_EXPERT.expertId }))[0] as any).openid).toBe('demo-expert');
    },
    SLOW,
  );
});
