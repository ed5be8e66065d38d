import { connect } from '../../../seed/client';
import { QUESTIONNAIRE_2026_1, seedCheckupQuestionnaire } from '../../../seed/checkup-questionnaire';
import { DEMO_ENTERPRISE } from '../../../seed/identities';
import { startTestCloud } from '../helpers/local-cloud';
import { ok, type TestCloud } from '../voucher/fixtures';

/** The check-up seed: the questionnaire the function serves, and the demo enterprise's earlier check-ups. */
describe('checkup demo seed', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
    // demo-enterprise as the bindings seed leaves it: the verified owner of its enterprise.
    await cloud.db.insertMany('enterprises', [
      {
        _id: DEMO_ENTERPRISE.uscc,
        name: DEMO_ENTERPRISE.name,
        city: DEMO_ENTERPRISE.city,
        ownerOpenid: 'demo-enterprise',
        ownerVerifiedBy: 'registry_phone',
        claimantOpenids: [],
      },
    ]);
    await cloud.db.insertMany('users', [{ _id: 'demo-enterprise', roles: [], enterpriseUscc: DEMO_ENTERPRISE.uscc }]);
    await seedCheckupQuestionnaire(connect(cloud.cloud));
    // Seeding again (npm run cloud -- seed on existing data) adds nothing.
    await seedCheckupQuestionnaire(connect(cloud.cloud));
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('the function serves the seeded questionnaire', async () => {
    const view = ok(await cloud.call('checkup', { action: 'questionnaire' }, 'demo-enterprise'));
    expect(view).toMatchObject({ version: QUESTIONNAIRE_2026_1.version, questionCount: 40, blockedReason: null });
    expect(await cloud.db.find('checkup_questionnaires')).toHaveLength(1);
  });

  test('the demo enterprise has two earlier check-ups, the later one better, and counts as served', async () => {
    const mine = ok(await cloud.call('checkup', { action: 'mine' }, 'demo-enterprise'));
    expect(mine.total).toBe(2);
    const [later, earlier] = mine.items;
    expect(later.overall).toBeGreaterThan(earlier.overall);
    const first = ok(await cloud.call('checkup', { action: 'get', checkupId: earlier.checkupId }, 'demo-enterprise'));
    expect(first.weakest).toBe('metrology');
    expect(first.findings.length).toBeGreaterThan(5);
    expect(await cloud.db.find('help_served', { _id: DEMO_ENTERPRISE.uscc })).toHaveLength(1);
  });
});
