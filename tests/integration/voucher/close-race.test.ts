import { startTestCloud } from '../helpers/local-cloud';
import { failure, ok, personUser, type TestCloud } from './fixtures';
import { openCampaign, pauseDatabase } from './lifecycle';

/**
 * The close freezes the snapshot (LOTTERY.md "Close"): an application racing it either lands before the
 * close and is in the snapshot, or is refused. `apply` checks the window inside its transaction; the
 * close landing before the transaction starts or between the transaction's read and its commit is made
 * certain here by holding the apply at that point while the close runs to completion.
 */
describe('an application racing the close never lands after it', () => {
  let cloud: TestCloud;
  const early = 'o-race-early';
  const late = 'o-race-late';

  beforeAll(async () => {
    cloud = await startTestCloud();
    await personUser(cloud, early, '13822220001');
    await personUser(cloud, late, '13822220002');
  }, 60_000);
  afterAll(() => cloud?.stop());

  const applyAs = (campaignId: string, openid: string) =>
    cloud.call(
      'voucher',
      {
        action: 'apply',
        campaignId,
        applicantType: 'person',
        poolIds: ['C1000'],
        contact: { name: '林晓雯', phone: '13822220000' },
        consent: true,
      },
      openid,
    );

  async function raceTheClose(holdAt: (action: string, body: Record<string, unknown>) => boolean) {
    const { campaignId } = await openCampaign(cloud);
    ok(await applyAs(campaignId, early));
    const pause = pauseDatabase(cloud, holdAt);
    try {
      const racing = applyAs(campaignId, late);
      await pause.reached;
      const closed = ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
      pause.release();
      return { campaignId, closed, outcome: await racing };
    } finally {
      pause.restore();
    }
  }

  async function expectFrozen(campaignId: string, snapshotCount: number) {
    const apps = (await cloud.db.find('applications', { campaignId })) as { ownerOpenid: string }[];
    expect(apps.map((a) => a.ownerOpenid)).toEqual([early]);
    expect(snapshotCount).toBe(1);
  }

  test('the close commits between the transaction’s read of the campaign and its commit', async () => {
    const { campaignId, closed, outcome } = await raceTheClose(
      (action, body) =>
        action === 'database.insertDocument' && body.collectionName === 'applications' && !!body.transactionId,
    );
    expect(failure(outcome)).toMatchObject({ code: 'CAMPAIGN_CLOSED', message: '申领已截止' });
    await expectFrozen(campaignId, closed.snapshotCount);
  });

  test('the close commits before the transaction starts', async () => {
    const { campaignId, closed, outcome } = await raceTheClose((action) => action === 'database.startTransaction');
    expect(failure(outcome)).toMatchObject({ code: 'CAMPAIGN_CLOSED', message: '申领已截止' });
    await expectFrozen(campaignId, closed.snapshotCount);
  });
});
