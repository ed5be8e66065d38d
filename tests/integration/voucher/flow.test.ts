import { createHash } from 'node:crypto';
import { verifyRecord } from '../../../cloudfunctions/src/core/draw';
import { startTestCloud } from '../helpers/local-cloud';
import {
  enterpriseUser,
  failure,
  ok,
  personUser,
  setUpHospitals,
  smallCampaign,
  staffUser,
  timer,
  type TestCloud,
} from './fixtures';
import { advanceDrand, storedSecret } from './lifecycle';

/**
 * The whole voucher path through /client/call and /admin on the local cloud:
 * apply → close → draw → publish → voucher → redeem → expire, with bad input at each step.
 */
describe('testing vouchers end to end', () => {
  let cloud: TestCloud;
  let campaignId: string;
  let secret: string;
  const applicants: string[] = [];

  beforeAll(async () => {
    cloud = await startTestCloud();
    await setUpHospitals(cloud);
    for (let i = 0; i < 6; i++) applicants.push(await enterpriseUser(cloud, i));
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('an admin creates and opens a campaign; the commitment is SHA-256 of the secret kept on the server', async () => {
    campaignId = ok(await cloud.admin('admin', { action: 'createCampaign', ...smallCampaign() })).campaignId;
    // Drafts are invisible to users.
    expect(failure(await cloud.call('voucher', { action: 'getCampaign', campaignId }, 'o-ent-0')).code).toBe(
      'NOT_FOUND',
    );
    const opened = ok(await cloud.admin('admin', { action: 'openCampaign', campaignId }));
    secret = await storedSecret(cloud, campaignId);
    expect(opened.commitment).toBe(createHash('sha256').update(Buffer.from(secret, 'hex')).digest('hex'));
    const view = ok(await cloud.call('voucher', { action: 'getCampaign', campaignId }, 'o-ent-0'));
    expect(view.campaign.status).toBe('open');
    expect(view.campaign.commitment).toBe(opened.commitment);
    expect(JSON.stringify(view)).not.toContain(secret);
    expect(view.hospitals.map((h: { hospitalId: string }) => h.hospitalId)).toEqual(['gd-appliance', 'gd-cable']);
  });

  test('non-admin users cannot run admin actions', async () => {
    expect(failure(await cloud.call('admin', { action: 'openCampaign', campaignId }, 'o-ent-0')).code).toBe(
      'FORBIDDEN',
    );
  });

  test('apply validates input, identity, pools and duplicates', async () => {
    const base = {
      action: 'apply',
      campaignId,
      applicantType: 'enterprise',
      contact: { name: '李四', phone: '13800138000' },
      consent: true,
    };
    expect(failure(await cloud.call('voucher', { ...base, poolIds: 'G5000' }, 'o-ent-0')).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(failure(await cloud.call('voucher', { ...base, poolIds: ['G5000'], consent: false }, 'o-ent-0')).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      failure(
        await cloud.call(
          'voucher',
          { ...base, poolIds: ['G5000'], contact: { name: '李四', phone: '123' } },
          'o-ent-0',
        ),
      ).code,
    ).toBe('VALIDATION_FAILED');
    expect(failure(await cloud.call('voucher', { ...base, poolIds: ['C1000'] }, 'o-ent-0')).code).toBe(
      'POOL_NOT_ELIGIBLE',
    );
    expect(failure(await cloud.call('voucher', { ...base, poolIds: ['NOPE'] }, 'o-ent-0')).code).toBe(
      'VALIDATION_FAILED',
    );
    ok(await cloud.call('user', { action: 'login' }, 'o-unbound'));
    expect(failure(await cloud.call('voucher', { ...base, poolIds: ['G5000'] }, 'o-unbound')).code).toBe(
      'ENTERPRISE_NOT_BOUND',
    );
    expect(
      failure(await cloud.call('voucher', { ...base, applicantType: 'person', poolIds: ['C1000'] }, 'o-unbound')).code,
    ).toBe('PHONE_NOT_VERIFIED');

    const choices = [
      ['G5000', 'G2000'],
      ['G2000', 'G1000', 'G500'],
      ['G5000'],
      ['G1000', 'G500'],
      ['G5000', 'G2000', 'G1000', 'G500'],
      ['G500'],
    ];
    for (let i = 0; i < 6; i++) {
      const app = ok(await cloud.call('voucher', { ...base, poolIds: choices[i] }, applicants[i]));
      expect(app).toMatchObject({
        status: 'submitted',
        applicantType: 'enterprise',
        applicantName: `测试企业${i}有限公司`,
      });
    }
    expect(failure(await cloud.call('voucher', { ...base, poolIds: ['G500'] }, applicants[0])).code).toBe(
      'ALREADY_APPLIED',
    );
    // A client-sent identity is ignored: the application still belongs to the caller's bound enterprise.
    const spoof = await cloud.call(
      'voucher',
      { ...base, poolIds: ['G500'], userInfo: { openId: 'o-ent-5' }, applicantKey: 'X' },
      applicants[1],
    );
    expect(failure(spoof).code).toBe('ALREADY_APPLIED');
    const mine = ok(await cloud.call('voucher', { action: 'myApplications' }, applicants[2]));
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0].poolIds).toEqual(['G5000']);
  });

  test('persons apply for cable vouchers with a verified phone; client-made phone data is not trusted', async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-forger'));
    const forged = await cloud.call(
      'user',
      { action: 'verifyPhone', phone: { cloudID: 'made-up', data: { purePhoneNumber: '13912345678' } } },
      'o-forger',
    );
    expect(failure(forged).code).toBe('VALIDATION_FAILED');
    // Someone else's cloudID does not verify the forger either.
    const res = await fetch(`${cloud.url}/client/open-data`, {
      method: 'POST',
      body: JSON.stringify({ openid: 'o-victim', phone: '13911112222' }),
    });
    const { cloudID } = (await res.json()) as { cloudID: string };
    expect(failure(await cloud.call('user', { action: 'verifyPhone', phone: { cloudID } }, 'o-forger')).code).toBe(
      'VALIDATION_FAILED',
    );

    const consumers = [
      await personUser(cloud, 'o-person-1', '13811110001'),
      await personUser(cloud, 'o-person-2', '13811110002'),
    ];
    const profile = ok(await cloud.call('user', { action: 'profile' }, consumers[0]));
    expect(profile).toMatchObject({ phoneVerified: true, phoneMasked: '138****0001' });
    const base = { action: 'apply', campaignId, applicantType: 'person', poolIds: ['C1000'], consent: true };
    expect(
      failure(
        await cloud.call(
          'voucher',
          { ...base, poolIds: ['G500'], contact: { name: '林晓雯', phone: '13811110001' } },
          consumers[0],
        ),
      ).code,
    ).toBe('POOL_NOT_ELIGIBLE');
    ok(await cloud.call('voucher', { ...base, contact: { name: '林晓雯', phone: '13811110001' } }, consumers[0]));
    ok(await cloud.call('voucher', { ...base, contact: { name: '欧阳娜娜', phone: '13811110002' } }, consumers[1]));
    // The same phone on another WeChat account is the same applicant.
    await personUser(cloud, 'o-person-1-other-account', '13811110001');
    expect(
      failure(
        await cloud.call(
          'voucher',
          { ...base, contact: { name: '林晓雯', phone: '13811110001' } },
          'o-person-1-other-account',
        ),
      ).code,
    ).toBe('ALREADY_APPLIED');
  });

  test('withdraw only your own application while open, and you may apply again', async () => {
    const mine = ok(await cloud.call('voucher', { action: 'myApplications' }, applicants[5])).items[0];
    expect(
      failure(await cloud.call('voucher', { action: 'withdraw', applicationId: mine.applicationId }, applicants[4]))
        .code,
    ).toBe('NOT_FOUND');
    ok(await cloud.call('voucher', { action: 'withdraw', applicationId: mine.applicationId }, applicants[5]));
    expect(ok(await cloud.call('voucher', { action: 'myApplications' }, applicants[5])).items).toHaveLength(0);
    ok(
      await cloud.call(
        'voucher',
        {
          action: 'apply',
          campaignId,
          applicantType: 'enterprise',
          poolIds: ['G500'],
          contact: { name: '王五', phone: '13900139000' },
          consent: true,
        },
        applicants[5],
      ),
    );
  });

  test('close freezes applications and publishes the snapshot hash; draw needs the close first', async () => {
    expect(failure(await cloud.admin('admin', { action: 'draw', campaignId })).code).toBe('CAMPAIGN_STATE');
    const closed = ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId }));
    expect(closed.snapshotCount).toBe(8);
    expect(closed.snapshotHash).toMatch(/^[0-9a-f]{64}$/);
    const late = await cloud.call(
      'voucher',
      {
        action: 'apply',
        campaignId,
        applicantType: 'enterprise',
        poolIds: ['G500'],
        contact: { name: '赵六', phone: '13700137000' },
        consent: true,
      },
      'o-unbound',
    );
    expect(failure(late).code).toBe('CAMPAIGN_CLOSED');
  });

  test('the draw writes vouchers; results stay hidden until published; the record verifies', async () => {
    await advanceDrand(cloud, 3 * 3600); // the campaign's pinned drand round is produced
    const drawn = ok(await cloud.admin('admin', { action: 'draw', campaignId }));
    expect(drawn.status).toBe('done');
    // Re-running the same draw is harmless; a beacon of the caller's choosing is refused.
    expect(ok(await cloud.admin('admin', { action: 'draw', campaignId })).resultDigest).toBe(drawn.resultDigest);
    expect(failure(await cloud.admin('admin', { action: 'draw', campaignId, beacon: 'another beacon' })).code).toBe(
      'VALIDATION_FAILED',
    );

    const before = ok(await cloud.call('voucher', { action: 'myApplications' }, applicants[0])).items[0];
    expect(before.status).toBe('submitted');
    expect(failure(await cloud.call('voucher', { action: 'results', campaignId }, 'o-anyone')).code).toBe(
      'CAMPAIGN_STATE',
    );

    ok(await cloud.admin('admin', { action: 'publishResults', campaignId }));
    const record = ok(await cloud.call('voucher', { action: 'drawRecord', campaignId }, 'o-anyone'));
    expect(record.secret).toBe(secret);
    const file = await fetch(record.recordUrl);
    expect(file.status).toBe(200);
    const full = (await file.json()) as any;
    // Drawn on the local cloud's drand test chain: verifies only when test chains are accepted.
    expect(verifyRecord(full, { allowTestChain: true })).toMatchObject({ ok: true });
    expect(full.resultDigest).toBe(drawn.resultDigest);

    // Each winner of each pool holds exactly one voucher of that pool; caps hold.
    let totalWinners = 0;
    for (const pool of full.result) totalWinners += pool.winners.length;
    const vouchers = await cloud.db.find('vouchers', { campaignId });
    expect(vouchers).toHaveLength(totalWinners);
    const perHolder = new Map<string, number>();
    for (const v of vouchers as { holderKey: string; faceValue: number }[])
      perHolder.set(v.holderKey, (perHolder.get(v.holderKey) ?? 0) + v.faceValue);
    for (const total of perHolder.values()) expect(total).toBeLessThanOrEqual(5000);

    const results = ok(await cloud.call('voucher', { action: 'results', campaignId, poolId: 'G2000' }, 'o-anyone'));
    expect(results.items.map((r: { applicationId: string }) => r.applicationId)).toEqual(
      full.result.find((p: { poolId: string }) => p.poolId === 'G2000').winners,
    );
    expect(results.items[0].displayName).toMatch(/^测试企业\d有限公司$/);
    // Persons are shown masked in the public list.
    const cable = ok(await cloud.call('voucher', { action: 'results', campaignId, poolId: 'C1000' }, 'o-anyone'));
    expect(cable.items.map((r: { displayName: string }) => r.displayName).sort()).toEqual(['林**', '欧***']);
    expect(JSON.stringify(cable)).not.toContain('1381111');
  });

  test('a holder sees a QR voucher; staff redeem it once; forged and repeated redeems are refused', async () => {
    const staff = await staffUser(cloud, 'gd-cable');
    const holders = await cloud.db.find('vouchers', { campaignId });
    const voucherDoc = holders[0] as { _id: string; holderOpenid: string; faceValue: number };
    const voucher = ok(
      await cloud.call('voucher', { action: 'getVoucher', voucherId: voucherDoc._id }, voucherDoc.holderOpenid),
    );
    expect(voucher.status).toBe('issued');
    expect(voucher.qrPayload).toMatch(/^YPT1\.V[0-9A-Z]{16}\./);
    expect(voucher.qrImage).toMatch(/^data:image\/png;base64,/);
    const stranger = applicants.find((a) => a !== voucherDoc.holderOpenid)!;
    expect(
      failure(await cloud.call('voucher', { action: 'getVoucher', voucherId: voucherDoc._id }, stranger)).code,
    ).toBe('NOT_FOUND');

    // Only staff redeem; a tampered signature or voucher id is refused.
    expect(
      failure(await cloud.call('hospital', { action: 'lookupVoucher', payload: voucher.qrPayload }, stranger)).code,
    ).toBe('FORBIDDEN');
    const forged = voucher.qrPayload.slice(0, -2) + (voucher.qrPayload.endsWith('AA') ? 'BB' : 'AA');
    expect(failure(await cloud.call('hospital', { action: 'lookupVoucher', payload: forged }, staff)).code).toBe(
      'VOUCHER_INVALID',
    );
    const looked = ok(await cloud.call('hospital', { action: 'lookupVoucher', payload: voucher.qrPayload }, staff));
    expect(looked.qrPayload).toBeNull();

    const fee = voucherDoc.faceValue + 300;
    expect(
      failure(
        await cloud.call(
          'hospital',
          { action: 'redeemVoucher', payload: voucher.qrPayload, serviceType: 'massage', fee },
          staff,
        ),
      ).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      failure(
        await cloud.call(
          'hospital',
          { action: 'redeemVoucher', payload: voucher.qrPayload, serviceType: 'ccc', fee: -1 },
          staff,
        ),
      ).code,
    ).toBe('VALIDATION_FAILED');
    const redeemed = ok(
      await cloud.call(
        'hospital',
        { action: 'redeemVoucher', payload: voucher.qrPayload, serviceType: 'ccc', fee },
        staff,
      ),
    );
    expect(redeemed.status).toBe('redeemed');
    expect(redeemed.redemption).toMatchObject({ hospitalId: 'gd-cable', fee, offset: voucherDoc.faceValue });
    expect(
      failure(
        await cloud.call(
          'hospital',
          { action: 'redeemVoucher', payload: voucher.qrPayload, serviceType: 'ccc', fee },
          staff,
        ),
      ).code,
    ).toBe('VOUCHER_ALREADY_REDEEMED');

    const history = ok(await cloud.call('hospital', { action: 'myRedemptions' }, staff));
    expect(history.items.map((v: { voucherId: string }) => v.voucherId)).toEqual([voucherDoc._id]);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const report = ok(await cloud.admin('hospital', { action: 'settlementReport', from: today, to: today }));
    expect(report.rows).toEqual([
      {
        hospitalId: 'gd-cable',
        hospitalName: '广东省电线电缆产品医院',
        count: 1,
        totalFee: fee,
        totalOffset: voucherDoc.faceValue,
      },
    ]);
    expect(report.csv).toContain('gd-cable');
    // The redemption on the voucher is its record: who, where, what for, when.
    const [stored] = (await cloud.db.find('vouchers', { _id: voucherDoc._id })) as any[];
    expect(stored.redemption).toMatchObject({
      hospitalId: 'gd-cable',
      staffOpenid: staff,
      fee,
      offset: voucherDoc.faceValue,
    });
    expect(stored.redemption.redeemedAt).toBeInstanceOf(Date);
  });

  test('100 concurrent redeems of one voucher: exactly one succeeds', async () => {
    const staff = await staffUser(cloud, 'gd-appliance');
    const issued = (await cloud.db.find('vouchers', { campaignId, status: 'issued' })) as {
      _id: string;
      holderOpenid: string;
    }[];
    const target = issued[0];
    const { qrPayload } = ok(
      await cloud.call('voucher', { action: 'getVoucher', voucherId: target._id }, target.holderOpenid),
    );
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, () =>
        cloud.call('hospital', { action: 'redeemVoucher', payload: qrPayload, serviceType: 'ccc', fee: 100 }, staff),
      ),
    );
    const wins = outcomes.filter((o: any) => o.ok);
    expect(wins).toHaveLength(1);
    expect(outcomes.filter((o: any) => !o.ok).every((o: any) => o.code === 'VOUCHER_ALREADY_REDEEMED')).toBe(true);
  }, 60_000);

  test('the daily timer expires vouchers past validity and warns those close to it; expired ones cannot be redeemed', async () => {
    const staff = `o-staff-gd-cable`;
    const issued = (await cloud.db.find('vouchers', { campaignId, status: 'issued' })) as {
      _id: string;
      holderOpenid: string;
    }[];
    expect(issued.length).toBeGreaterThanOrEqual(2);
    const [old, soon] = issued;
    const { qrPayload } = ok(
      await cloud.call('voucher', { action: 'getVoucher', voucherId: old._id }, old.holderOpenid),
    );
    await cloud.db.update('vouchers', { _id: old._id }, { $set: { validUntil: new Date(Date.now() - 1000) } });
    await cloud.db.update(
      'vouchers',
      { _id: soon._id },
      { $set: { validUntil: new Date(Date.now() + 3 * 24 * 3600_000) } },
    );
    expect(
      failure(
        await cloud.call(
          'hospital',
          { action: 'redeemVoucher', payload: qrPayload, serviceType: 'ccc', fee: 10 },
          staff,
        ),
      ).code,
    ).toBe('VOUCHER_EXPIRED');

    const first = ok(await timer(cloud, 'admin', 'expireVouchers'));
    expect(first).toEqual({ expired: 1, warned: 1 });
    expect(ok(await timer(cloud, 'admin', 'expireVouchers'))).toEqual({ expired: 0, warned: 0 });
    const outbox = await cloud.db.find('outbox', { toOpenid: soon.holderOpenid, template: 'voucherExpiry' });
    expect(outbox).toHaveLength(1);
    const after = ok(await cloud.call('voucher', { action: 'getVoucher', voucherId: old._id }, old.holderOpenid));
    expect(after.status).toBe('expired');
    expect(after.qrPayload).toBeNull();
  });
});
