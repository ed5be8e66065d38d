import { verifyRecord } from '../../../cloudfunctions/src/core/draw';
import { startTestCloud } from '../helpers/local-cloud';
import { failure, ok, personUser, type TestCloud } from '../voucher/fixtures';
import { closeAndDraw, openCampaign } from '../voucher/lifecycle';

interface PublishedRecord {
  campaignId: string;
  resultDigest: string;
  entries: { applicationId: string; applicantKey: string }[];
}

/** The published draw record: written by the server only, and no handle to follow a person across campaigns. */
describe('published draw records', () => {
  let cloud: TestCloud;
  const campaigns: string[] = [];
  const person = 'o-record-person';
  const other = 'o-record-other';

  const upload = (cloudPath: string, openid: string, body: string) =>
    fetch(`${cloud.url}/client/upload?cloudPath=${encodeURIComponent(cloudPath)}&openid=${openid}`, {
      method: 'POST',
      body,
    });
  const downloadRecord = async (campaignId: string) => {
    const { recordUrl, resultDigest } = ok(await cloud.call('voucher', { action: 'drawRecord', campaignId }, other));
    const record = (await (await fetch(recordUrl)).json()) as PublishedRecord;
    return { record, resultDigest: resultDigest as string };
  };

  beforeAll(async () => {
    cloud = await startTestCloud();
    await personUser(cloud, person, '13844440001');
    await personUser(cloud, other, '13844440002');
    for (let i = 0; i < 3; i++) {
      const { campaignId } = await openCampaign(cloud, { title: `2026 年第 ${i + 1} 批检测券（记录测试）` });
      for (const openid of [person, other]) {
        ok(
          await cloud.call(
            'voucher',
            {
              action: 'apply',
              campaignId,
              applicantType: 'person',
              poolIds: ['C1000'],
              contact: { name: '林晓雯', phone: '13844440000' },
              consent: true,
            },
            openid,
          ),
        );
      }
      campaigns.push(campaignId);
    }
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('users cannot write the record file; drawRecord serves the server’s record', async () => {
    const [campaignId] = campaigns;
    const recordPath = `draw-records/${campaignId}.json`;
    const forgery = JSON.stringify({ campaignId, resultDigest: 'forged', entries: [] });
    // Squatting the path before the draw does not help: the draw's upload replaces it.
    expect((await upload(recordPath, other, forgery)).status).toBe(200);
    await closeAndDraw(cloud, campaignId, { publish: false });
    // From the draw on the file is the server's, and nobody can read it (it holds the secret) before publication.
    expect((await upload(recordPath, other, forgery)).status).toBe(403);
    expect((await fetch(`${cloud.url}/files/${recordPath}?openid=${other}`)).status).toBe(403);
    expect(failure(await cloud.call('voucher', { action: 'drawRecord', campaignId }, other)).code).toBe(
      'CAMPAIGN_STATE',
    );
    ok(await cloud.admin('admin', { action: 'publishResults', campaignId }));

    const overwrite = await upload(recordPath, other, forgery);
    expect(overwrite.status).toBe(403);
    expect(await overwrite.json()).toMatchObject({ errCode: -503002 });
    const { record, resultDigest } = await downloadRecord(campaignId);
    expect(record.resultDigest).toBe(resultDigest);
    // Recomputes from the record alone (the local cloud's drand test chain signs the beacon).
    expect(verifyRecord(record, { allowTestChain: true })).toMatchObject({ ok: true });
    expect(record.entries).toHaveLength(2);
  });

  test('the same person has a different pseudonym in each campaign’s record', async () => {
    await closeAndDraw(cloud, campaigns[1]);
    const mine = ok(await cloud.call('voucher', { action: 'myApplications' }, person)).items as {
      applicationId: string;
      campaignId: string;
    }[];
    const keys = [];
    for (const campaignId of campaigns.slice(0, 2)) {
      const { record } = await downloadRecord(campaignId);
      const applicationId = mine.find((a) => a.campaignId === campaignId)!.applicationId;
      keys.push(record.entries.find((e) => e.applicationId === applicationId)!.applicantKey);
    }
    expect(keys[0]).toMatch(/^P:[0-9a-f]{24}$/);
    expect(keys[1]).toMatch(/^P:[0-9a-f]{24}$/);
    expect(keys[0]).not.toBe(keys[1]);
    // Nor is either the key kept on the person's user record.
    const [user] = (await cloud.db.find('users', { _id: person })) as { phoneKey: string }[];
    expect(keys).not.toContain(user.phoneKey);
  });

  test('a campaign drawn before draws stored their record gets it at publication, only from inputs that still check out', async () => {
    const campaignId = campaigns[2];
    await closeAndDraw(cloud, campaignId, { publish: false });
    const drawn = ((await cloud.db.find('campaigns', { _id: campaignId })) as any[])[0];
    expect(drawn.recordFileID).toContain(`draw-records/${campaignId}.json`);
    // As an earlier draw left it: no record stored.
    await cloud.db.update('campaigns', { _id: campaignId }, { $unset: { recordFileID: '' } });
    const [app] = (await cloud.db.find('applications', { campaignId })) as any[];
    await cloud.db.update('applications', { _id: app._id }, { $set: { applicantKey: 'P:000000000000000000000000' } });
    expect(failure(await cloud.admin('admin', { action: 'publishResults', campaignId })).code).toBe('CONFLICT');

    await cloud.db.update('applications', { _id: app._id }, { $set: { applicantKey: app.applicantKey } });
    expect(ok(await cloud.admin('admin', { action: 'publishResults', campaignId })).recordFileID).toBe(
      drawn.recordFileID,
    );
    const { record, resultDigest } = await downloadRecord(campaignId);
    expect(record.resultDigest).toBe(resultDigest);
    expect(verifyRecord(record, { allowTestChain: true })).toMatchObject({ ok: true });
  });
});
