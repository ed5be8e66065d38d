import { verifyRecord } from '../../../cloudfunctions/src/core/draw';
import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { startTestCloud } from '../helpers/local-cloud';
import { failure, hoursFromNow, ok, personUser, smallCampaign, type TestCloud } from '../voucher/fixtures';
import { advanceDrand, storedSecret } from '../voucher/lifecycle';

const DAY = 24 * 3600_000;
const shanghaiDay = (ms: number) => calendarDate(new Date(ms));

/**
 * The pinned beacon (issue 9 §3): the campaign fixes its beacon source at open, for a value that
 * appears only after the close; the draw takes that value and nothing else, and the secret stays on
 * the server until the record is published.
 */
describe('the pinned beacon', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
    await personUser(cloud, 'o-beacon-1', '13855550001');
  }, 60_000);
  afterAll(() => cloud?.stop());

  const create = async (overrides: Record<string, unknown> = {}) =>
    ok(await cloud.admin('admin', { action: 'createCampaign', ...smallCampaign(overrides) })).campaignId as string;

  test('opening pins a drand round after the close and answers no secret; no action returns it before publication', async () => {
    const campaignId = await create();
    const closesAt = new Date(((await cloud.db.find('campaigns', { _id: campaignId }))[0] as any).closesAt).getTime();
    const answers: unknown[] = [];
    const opened = ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
    answers.push(opened);
    const secret = await storedSecret(cloud, campaignId);
    expect(Object.keys(opened).sort()).toEqual(['beaconSource', 'campaignId', 'commitment']);
    expect(opened.beaconSource).toMatchObject({ type: 'drand', chain: 'test', test: true });
    // The first round of the (3 s) test chain at least 10 minutes after closesAt.
    const roundTime = Date.parse(opened.beaconSource.roundTime);
    expect(roundTime).toBeGreaterThanOrEqual(closesAt + 600_000);
    expect(roundTime).toBeLessThan(closesAt + 603_000);

    // While open, anyone sees the pinned source (round and time), not yet its value.
    const view = ok(await cloud.call('voucher', { action: 'getCampaign', campaignId }, 'o-beacon-1'));
    answers.push(view);
    expect(view.campaign.beaconSource).toEqual({
      type: 'drand',
      chain: 'test',
      test: true,
      chainHash: opened.beaconSource.chainHash,
      round: opened.beaconSource.round,
      roundTime: opened.beaconSource.roundTime,
      randomness: null,
    });
    answers.push(
      ok(
        await cloud.call(
          'voucher',
          {
            action: 'apply',
            campaignId,
            applicantType: 'person',
            poolIds: ['C1000'],
            contact: { name: '林晓雯', phone: '13855550001' },
            consent: true,
          },
          'o-beacon-1',
        ),
      ),
    );
    answers.push(ok(await cloud.call('voucher', { action: 'listCampaigns' }, 'o-beacon-1')));
    answers.push(ok(await cloud.call('voucher', { action: 'myApplications' }, 'o-beacon-1')));
    answers.push(ok(await cloud.admin('admin', { action: 'listCampaigns' })));
    answers.push(ok(await cloud.admin('admin', { action: 'campaignStats', campaignId })));
    answers.push(ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId })));
    answers.push(await cloud.admin('admin', { action: 'draw', campaignId }));
    await advanceDrand(cloud, 3 * 3600);
    answers.push(ok(await cloud.admin('admin', { action: 'draw', campaignId })));
    answers.push(ok(await cloud.call('voucher', { action: 'getCampaign', campaignId }, 'o-beacon-1')));
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(secret);

    // Publication reveals it, with the record.
    ok(await cloud.admin('admin', { action: 'publishResults', campaignId }));
    expect(ok(await cloud.call('voucher', { action: 'drawRecord', campaignId }, 'o-beacon-1')).secret).toBe(secret);
  });

  test('the draw fetches the pinned round: not produced yet → BEACON_NOT_READY; the record carries round, randomness and signature', async () => {
    // Two hours ahead of the test chain's clock (earlier tests advanced it).
    const chainNow = (await advanceDrand(cloud, 0)).getTime();
    const campaignId = await create({ closesAt: new Date(chainNow + 2 * 3600_000).toISOString() });
    ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
    ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
    const early = failure(await cloud.admin('admin', { action: 'draw', campaignId }));
    expect(early.code).toBe('BEACON_NOT_READY');
    expect(early.message).toMatch(/drand 第 \d+ 轮/);

    await advanceDrand(cloud, 3 * 3600);
    expect(ok(await cloud.admin('admin', { action: 'draw', campaignId })).status).toBe('done');
    ok(await cloud.admin('admin', { action: 'publishResults', campaignId }));
    const { recordUrl } = ok(await cloud.call('voucher', { action: 'drawRecord', campaignId }, 'o-beacon-1'));
    const record = (await (await fetch(recordUrl)).json()) as any;
    const { beaconSource } = record;
    expect(beaconSource).toMatchObject({ type: 'drand', chain: 'test', test: true });
    expect(beaconSource.randomness).toMatch(/^[0-9a-f]{64}$/);
    expect(beaconSource.signature).toMatch(/^[0-9a-f]{96}$/);
    // The beacon string derives from the round, and it is the round the campaign pinned at open.
    expect(record.beacon).toBe(`drand ${beaconSource.chainHash} ${beaconSource.round} ${beaconSource.randomness}`);
    const view = ok(await cloud.call('voucher', { action: 'getCampaign', campaignId }, 'o-beacon-1'));
    expect(view.campaign.beaconSource).toMatchObject({
      round: beaconSource.round,
      randomness: beaconSource.randomness,
    });
    // The served round is the chain's own: the relay gives the same signature.
    const served = await (
      await fetch(`${cloud.url}/_emulator/drand/${beaconSource.chainHash}/public/${beaconSource.round}`)
    ).json();
    expect(served).toMatchObject({ signature: beaconSource.signature, randomness: beaconSource.randomness });
    expect(verifyRecord(record).ok).toBe(false);
    expect(verifyRecord(record, { allowTestChain: true })).toMatchObject({ ok: true });
  });

  test('nothing but the pinned source is accepted as the beacon', async () => {
    const campaignId = await create();
    ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
    ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
    await advanceDrand(cloud, 3 * 3600);
    const chosen = failure(
      await cloud.admin('admin', { action: 'draw', campaignId, beacon: '2026-11-20 福彩3D 第2026310期 1 2 3' }),
    );
    expect(chosen).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(chosen.message).toContain('公开随机数由活动开放时锁定的来源决定');
    const typed = await cloud.admin('admin', {
      action: 'draw',
      campaignId,
      announced: { issue: '福彩3D 第2026310期', numbers: '1 2 3' },
    });
    expect(failure(typed).code).toBe('BEACON_MISMATCH');
    // Nothing was drawn by the refused calls.
    const [campaign] = (await cloud.db.find('campaigns', { _id: campaignId })) as any[];
    expect(campaign).toMatchObject({ status: 'closed' });
    expect(campaign.beacon ?? null).toBeNull();
  });

  test('a campaign closed after its beacon existed is not drawn', async () => {
    // Due to close an hour ago: its pinned round (closesAt + 10 min) is already public when it closes now.
    const campaignId = await create({ opensAt: hoursFromNow(-3), closesAt: hoursFromNow(-1) });
    ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
    ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
    const late = failure(await cloud.admin('admin', { action: 'draw', campaignId }));
    expect(late.code).toBe('CLOSED_AFTER_BEACON');
    expect(((await cloud.db.find('campaigns', { _id: campaignId }))[0] as any).status).toBe('closed');
  });

  test('an announced lottery issue: drawn after the closing day, for the pinned issue, typed from its draw day on', async () => {
    const closesAt = Date.now() + 3600_000;
    const sameDay = { type: 'announced', issue: '福彩3D 第2026335期', drawDate: shanghaiDay(closesAt) };
    const refused = failure(
      await cloud.admin('admin', {
        action: 'createCampaign',
        ...smallCampaign({ closesAt: new Date(closesAt).toISOString(), beaconSource: sameDay }),
      }),
    );
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(refused.message).toContain('彩票开奖日期必须晚于申领截止日期');

    const drawDate = shanghaiDay(closesAt + 2 * DAY);
    const campaignId = await create({
      closesAt: new Date(closesAt).toISOString(),
      beaconSource: { type: 'announced', issue: ' 福彩3D  第2026335期 ', drawDate },
    });
    expect(ok(await cloud.admin('admin', { action: 'openCampaign', campaignId })).beaconSource).toEqual({
      type: 'announced',
      issue: '福彩3D 第2026335期',
      drawDate,
    });
    const view = ok(await cloud.call('voucher', { action: 'getCampaign', campaignId }, 'o-beacon-1'));
    expect(view.campaign.beaconSource).toEqual({
      type: 'announced',
      issue: '福彩3D 第2026335期',
      drawDate,
      numbers: null,
    });
    ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
    expect(failure(await cloud.admin('admin', { action: 'draw', campaignId })).code).toBe('VALIDATION_FAILED');
    const otherIssue = { issue: '福彩3D 第2026336期', numbers: '5 0 8' };
    expect(failure(await cloud.admin('admin', { action: 'draw', campaignId, announced: otherIssue })).code).toBe(
      'BEACON_MISMATCH',
    );
    const early = failure(
      await cloud.admin('admin', {
        action: 'draw',
        campaignId,
        announced: { issue: '福彩3D 第2026335期', numbers: '5 0 8' },
      }),
    );
    expect(early.code).toBe('BEACON_NOT_READY');
    expect(early.message).toContain(drawDate);
  });

  test('an announced issue drawn today: the numbers become the beacon; the record says people check them', async () => {
    const closesAt = Date.now() - 3 * DAY;
    const drawDate = shanghaiDay(Date.now());
    const issue = '福彩3D 第2026335期';
    const campaignId = await create({
      opensAt: new Date(closesAt - DAY).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
      beaconSource: { type: 'announced', issue, drawDate },
    });
    ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
    ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
    const numbers = { issue, numbers: '5，0，8' };
    // Closed just now, after the draw day began: refused like any late close.
    expect(failure(await cloud.admin('admin', { action: 'draw', campaignId, announced: numbers })).code).toBe(
      'CLOSED_AFTER_BEACON',
    );
    // As if the timer had closed it on time.
    await cloud.db.update('campaigns', { _id: campaignId }, { $set: { closedAt: new Date(closesAt) } });
    expect(ok(await cloud.admin('admin', { action: 'draw', campaignId, announced: numbers })).status).toBe('done');
    ok(await cloud.admin('admin', { action: 'publishResults', campaignId }));
    const { recordUrl, beacon } = ok(await cloud.call('voucher', { action: 'drawRecord', campaignId }, 'o-beacon-1'));
    expect(beacon).toBe(`${drawDate} ${issue} 5 0 8`);
    const record = (await (await fetch(recordUrl)).json()) as any;
    expect(record.beaconSource).toEqual({ type: 'announced', issue, drawDate, numbers: '5 0 8', checkedBy: 'people' });
    const verified = verifyRecord(record);
    expect(verified.ok).toBe(true);
    if (verified.ok) expect(verified.notices.join()).toContain('公开随机数需对照官方开奖公告人工核对');
  });
});
