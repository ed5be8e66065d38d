import { snapshotHash } from '../../../cloudfunctions/src/core/draw';
import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { startTestCloud } from '../helpers/local-cloud';
import { ok, type TestCloud } from '../voucher/fixtures';
import { enterpriseApplication, openCampaign } from '../voucher/lifecycle';

/**
 * The snapshot is read in four streams side by side, cut where generated _ids start '4', '8' and 'c'
 * (admin/draw/snapshot.ts). Over a page per stream, and ids on and around the cuts or outside hex: every
 * application is in it exactly once, which the hash the close publishes shows.
 */
const GENERATED = 4500;
const EDGE_IDS = ['', '0', '3~', '4', '4\u0000', '7zzz', '8', 'b', 'c', 'C', 'zz', '~', '_id', '一'].filter(Boolean);

describe('the close reads the whole snapshot, each application once', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('streams cut at 4, 8 and c: a hash over every application, edge ids included', async () => {
    const { campaignId } = await openCampaign(cloud);
    const application = (i: number) =>
      enterpriseApplication(
        campaignId,
        `o-snap-${i}`,
        makeUscc({ division: '440604', orgCode: String(30000000 + i * 7) }),
        ['G500'],
      );
    await cloud.db.insertMany(
      'applications',
      Array.from({ length: GENERATED }, (_, i) => application(i)),
    );
    await cloud.db.insertMany(
      'applications',
      EDGE_IDS.map((_id, i) => ({ ...application(GENERATED + i), _id })),
    );
    const stored = (await cloud.db.find('applications', { campaignId })) as any[];
    expect(stored).toHaveLength(GENERATED + EDGE_IDS.length);
    // More than a page (1,000) in each stream, so each one pages and trims its last page.
    for (const [from, until] of [
      ['', '4'],
      ['4', '8'],
      ['8', 'c'],
      ['c', '\uffff'],
    ])
      expect(stored.filter((a) => a._id >= from && a._id < until).length).toBeGreaterThan(1000);

    const closed = ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
    expect(closed.snapshotCount).toBe(stored.length);
    expect(closed.snapshotHash).toBe(
      snapshotHash(stored.map((a) => ({ applicationId: a._id, applicantKey: a.applicantKey, poolIds: a.poolIds }))),
    );
  }, 60_000);
});
