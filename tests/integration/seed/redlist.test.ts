import { normalizeName } from '../../../cloudfunctions/src/core/redlist/normalize';
import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { connect } from '../../../seed/client';
import { DEMO_ENTERPRISE } from '../../../seed/identities';
import { DEMO_DATASET, FIRST_AS_OF, seedRedlist } from '../../../seed/redlist';
import { generateStream } from '../../../scripts/generate-inspections';
import { startTestCloud } from '../helpers/local-cloud';
import { ok, type TestCloud } from '../redlist/fixtures';

/** The demo seed: two published versions with changes between them, and no clash with existing enterprises. */
describe('red-list demo seed', () => {
  let cloud: TestCloud;
  let seconds = 0;
  const today = calendarDate(new Date());
  // The generator is sequential: its first enterprise is the seed's first too.
  const taken = generateStream({ ...DEMO_DATASET, asOf: today }).next().value!.enterprise;

  beforeAll(async () => {
    cloud = await startTestCloud();
    // As the vouchers seed leaves them: the demo enterprise, and (here) one USCC the generator also produces.
    await cloud.db.insertMany('enterprises', [
      {
        _id: DEMO_ENTERPRISE.uscc,
        name: DEMO_ENTERPRISE.name,
        nameKey: normalizeName(DEMO_ENTERPRISE.name),
        formerNames: [],
        city: DEMO_ENTERPRISE.city,
        ownerOpenid: 'demo-enterprise',
      },
      {
        _id: taken.uscc,
        name: '已存在的企业有限公司',
        nameKey: normalizeName('已存在的企业有限公司'),
        formerNames: [],
        city: taken.city,
        ownerOpenid: 'o-owner',
      },
    ]);
    const started = Date.now();
    await seedRedlist(connect(cloud.cloud));
    seconds = (Date.now() - started) / 1000;
  }, 120_000);
  afterAll(() => cloud?.stop());

  test('two published versions, the second with entries, exits and tier changes', async () => {
    const versions = ok(await cloud.call('redlist', { action: 'versions' }, 'o-visitor'));
    expect(versions.map((v: { asOf: string }) => v.asOf)).toEqual([today, FIRST_AS_OF]);
    const [latest, first] = versions;
    expect(first.counts.total).toBeGreaterThan(1500);
    expect(latest.changes.previousVersion).toBe(first.version);
    expect(latest.changes.entries).toBeGreaterThan(0);
    expect(latest.changes.exits).toBeGreaterThan(0);
    expect(latest.changes.tierUp).toBeGreaterThan(0);
    console.log(
      `red-list seed: ${seconds.toFixed(1)} s; ${JSON.stringify(versions.map((v: { counts: object }) => v.counts))}`,
    );
  });

  test('existing enterprises are kept; the demo enterprise is on the list', async () => {
    const [kept] = (await cloud.db.find('enterprises', { _id: taken.uscc })) as { name: string; ownerOpenid: string }[];
    expect(kept).toMatchObject({ name: '已存在的企业有限公司', ownerOpenid: 'o-owner' });
    expect(await cloud.db.find('inspections', { uscc: taken.uscc })).toEqual([]);
    const demo = ok(await cloud.call('redlist', { action: 'detail', uscc: DEMO_ENTERPRISE.uscc }, 'o-visitor'));
    expect(demo).toMatchObject({ name: DEMO_ENTERPRISE.name, tier: 'five', streakStart: '2019-05-10' });
    expect(demo.history.map((h: { tier: string }) => h.tier)).toEqual(['five', 'five']);
  });
});
