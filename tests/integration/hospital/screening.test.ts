import { smallCampaign } from '../voucher/fixtures';
import { startTestCloud } from '../helpers/local-cloud';
import {
  completion,
  docs,
  failure,
  MAKER_USCC,
  ok,
  setUpHospitals,
  staffUser,
  submit,
  type TestCloud,
  update,
  uploadReport,
  validRequest,
} from '../cable/fixtures';

const baseCable = () => validRequest().cable as Record<string, unknown>;

/**
 * The hospital's side through /client/call: the queue (own hospital only, contact masked), the workflow
 * moves with their history and subscribe messages, the red-list and follow-up hints, and the admin figures.
 */
describe('cable screening by product hospitals', () => {
  let cloud: TestCloud;
  let cable: string; // staff of gd-cable
  let appliance: string; // staff of gd-appliance
  let report: string; // a report uploaded by `cable` into their own report folder

  beforeAll(async () => {
    cloud = await startTestCloud();
    await setUpHospitals(cloud);
    cable = await staffUser(cloud, 'gd-cable');
    appliance = await staffUser(cloud, 'gd-appliance');
    report = await uploadReport(cloud, cable);
  }, 60_000);
  afterAll(() => cloud?.stop());

  const queue = async (openid: string, extra: object = {}) =>
    ok(await cloud.call('hospital', { action: 'screeningQueue', ...extra }, openid));
  const ids = (page: { items: { requestId: string }[] }) => page.items.map((i) => i.requestId);
  const outboxFor = (requestId: string) => docs(cloud, 'outbox', { dedupeKey: { $regex: `^cable:${requestId}:` } });

  test('non-staff users have no queue', async () => {
    expect(failure(await cloud.call('hospital', { action: 'screeningQueue' }, 'o-nobody')).code).toBe('FORBIDDEN');
    expect(
      failure(await cloud.call('hospital', { action: 'updateScreening', requestId: 'x', to: 'accepted' }, 'o-nobody'))
        .code,
    ).toBe('FORBIDDEN');
  });

  test('queues: preferred hospital only, or every hospital when none was chosen; contact masked', async () => {
    const preferred = ok(await submit(cloud, 'o-p1', { preferredHospitalId: 'gd-cable' })).request;
    const open = ok(await submit(cloud, 'o-p2', { preferredHospitalId: null })).request;
    const forAppliance = ok(await submit(cloud, 'o-p3', { preferredHospitalId: 'gd-appliance' })).request;

    const cableQueue = await queue(cable);
    expect(ids(cableQueue)).toEqual(expect.arrayContaining([preferred.requestId, open.requestId]));
    expect(ids(cableQueue)).not.toContain(forAppliance.requestId);
    expect(cableQueue.hospitalId).toBe('gd-cable');
    expect(cableQueue.counts.submitted).toBe(2);
    expect(JSON.stringify(cableQueue)).not.toContain('13800138000');
    expect(cableQueue.items[0].contact).toEqual({ name: '林**', phone: '138****8000' });
    expect(typeof cableQueue.items[0].daysWaiting).toBe('number');

    const applianceQueue = await queue(appliance);
    expect(ids(applianceQueue).sort()).toEqual([open.requestId, forAppliance.requestId].sort());

    // Detail of an unassigned request: masked (only the assigned hospital sees full contact).
    const detail = ok(await cloud.call('hospital', { action: 'getScreening', requestId: open.requestId }, cable));
    expect(detail).toMatchObject({
      contactMasked: true,
      contact: { phone: '138****8000' },
      actions: ['accepted', 'rejected'],
    });
    // Another hospital's preferred request is invisible: NOT_FOUND, as for a missing one.
    expect(
      failure(await cloud.call('hospital', { action: 'getScreening', requestId: forAppliance.requestId }, cable)).code,
    ).toBe('NOT_FOUND');
    expect(failure(await update(cloud, cable, forAppliance.requestId, 'accepted')).code).toBe('NOT_FOUND');
  });

  test('accepting assigns: full contact for the assigned hospital, gone from the other queue', async () => {
    const request = ok(
      await submit(cloud, 'o-q1', {
        preferredHospitalId: null,
        sampleDelivery: 'pickup',
        pickupAddress: '广州市天河区演示路 8 号',
      }),
    ).request;
    const accepted = ok(await update(cloud, appliance, request.requestId, 'accepted', { note: '明天上门取样' }));
    expect(accepted).toMatchObject({
      status: 'accepted',
      hospitalId: 'gd-appliance',
      hospitalName: '广东省家用电器产品医院',
      contactMasked: false,
      contact: { name: '林晓雯', phone: '13800138000' },
      pickupAddress: '广州市天河区演示路 8 号',
    });
    expect(ids(await queue(cable))).not.toContain(request.requestId);
    expect(
      failure(await cloud.call('hospital', { action: 'getScreening', requestId: request.requestId }, cable)).code,
    ).toBe('NOT_FOUND');
    const again = ok(await cloud.call('hospital', { action: 'getScreening', requestId: request.requestId }, appliance));
    expect(again.contact.phone).toBe('13800138000');
    // Lists stay masked even for the assigned hospital.
    const list = await queue(appliance, { status: 'accepted' });
    expect(list.items.find((i: { requestId: string }) => i.requestId === request.requestId).contact.phone).toBe(
      '138****8000',
    );
  });

  test('two hospitals accepting at once: exactly one wins', async () => {
    const request = ok(await submit(cloud, 'o-race', { preferredHospitalId: null })).request;
    const [a, b] = await Promise.all([
      update(cloud, cable, request.requestId, 'accepted'),
      update(cloud, appliance, request.requestId, 'accepted'),
    ]);
    const outcomes = [a, b].map((r) => (r as { ok: boolean }).ok);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const loser = failure([a, b].find((r) => !(r as { ok: boolean }).ok));
    expect(['INVALID_TRANSITION', 'NOT_FOUND']).toContain(loser.code);
    expect(await outboxFor(request.requestId)).toHaveLength(1);
  });

  test('the whole path: every move recorded with actor, time and note, one subscribe message each', async () => {
    const { request } = ok(await submit(cloud, 'o-walk', { preferredHospitalId: 'gd-cable' }));
    const id = request.requestId;
    ok(await update(cloud, cable, id, 'accepted', { note: '请送样 1 米' }));
    ok(await update(cloud, cable, id, 'sample_received'));
    ok(await update(cloud, cable, id, 'screening', { note: '开始检测' }));
    const done = ok(
      await update(cloud, cable, id, 'completed', { note: '建议停止使用', ...completion(report, 'non_conforming') }),
    );
    expect(done).toMatchObject({
      status: 'completed',
      verdict: 'non_conforming',
      verdictLabel: '不合格',
      report: { kind: 'pdf', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\/cable-reports\//) },
      actions: [],
    });
    expect(done.findings[0]).toMatchObject({ item: 'conductor_resistance', outcome: 'fail', outcomeLabel: '不符合' });
    expect(done.history.map((h: { to: string }) => h.to)).toEqual([
      'submitted',
      'accepted',
      'sample_received',
      'screening',
      'completed',
    ]);
    expect(done.history[1]).toMatchObject({ by: 'staff', hospitalName: '广东省电线电缆产品医院', note: '请送样 1 米' });
    expect(done.history.every((h: { at: string }) => !Number.isNaN(Date.parse(h.at)))).toBe(true);

    const [stored] = await docs(cloud, 'cable_requests', { _id: id });
    expect(stored.statusHistory.slice(1).map((h: { actorOpenid: string }) => h.actorOpenid)).toEqual(
      Array(4).fill(cable),
    );
    expect(stored.closedAt).toBeInstanceOf(Date);

    const messages = await outboxFor(id);
    expect(messages.map((m) => m.dedupeKey).sort()).toEqual(
      ['accepted', 'completed', 'sample_received', 'screening'].map((s) => `cable:${id}:${s}`).sort(),
    );
    for (const m of messages) {
      expect(m).toMatchObject({
        toOpenid: 'o-walk',
        status: 'pending',
        page: `pages/cable/request/index?requestId=${id}`,
      });
    }
    expect(messages.find((m) => m.dedupeKey.endsWith(':completed'))!.data).toMatchObject({
      status: '已完成',
      verdict: '不合格',
      requestNo: request.requestNo,
    });
    // One audit entry per staff move; the submission is in the request's own history.
    expect(await docs(cloud, 'audit_log', { targetId: id })).toHaveLength(4);
    const [holder] = await docs(cloud, 'cable_requesters', { _id: 'o-walk' });
    expect(holder.openRequestIds).toEqual([]);
  });

  test('representative refused moves through the function', async () => {
    const { request } = ok(await submit(cloud, 'o-bad-moves', { preferredHospitalId: 'gd-cable' }));
    const id = request.requestId;
    const skip = failure(await update(cloud, cable, id, 'screening'));
    expect(skip.code).toBe('INVALID_TRANSITION');
    expect(skip.message).toContain('已提交');
    expect(failure(await update(cloud, cable, id, 'completed', completion(report))).code).toBe('INVALID_TRANSITION');
    expect(failure(await update(cloud, cable, id, 'cancelled')).code).toBe('FORBIDDEN');
    expect(failure(await update(cloud, cable, id, 'rejected')).code).toBe('VALIDATION_FAILED');
    expect(failure(await update(cloud, cable, id, 'accepted', { verdict: 'conforming' })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(failure(await update(cloud, cable, id, 'submitted')).code).toBe('INVALID_TRANSITION');

    ok(await update(cloud, cable, id, 'accepted'));
    ok(await update(cloud, cable, id, 'sample_received'));
    expect(failure(await update(cloud, cable, id, 'rejected', { note: '太迟了' })).code).toBe('INVALID_TRANSITION');
    ok(await update(cloud, cable, id, 'screening'));
    expect(
      failure(await update(cloud, cable, id, 'completed', { verdict: 'non_conforming', reportFileID: report })).code,
    ).toBe('VALIDATION_FAILED');
    ok(await update(cloud, cable, id, 'completed', completion(report, 'conforming')));
    for (const to of ['screening', 'completed', 'rejected', 'cancelled']) {
      expect(failure(await update(cloud, cable, id, to, to === 'rejected' ? { note: '原因说明' } : {})).code).toBe(
        'INVALID_TRANSITION',
      );
    }
    // Refused moves leave no trace.
    expect(await outboxFor(id)).toHaveLength(4);
    const [stored] = await docs(cloud, 'cable_requests', { _id: id });
    expect(stored.statusHistory).toHaveLength(5);
  });

  test('rejection from accepted records the reason; the requester is told', async () => {
    const { request } = ok(await submit(cloud, 'o-rej', { preferredHospitalId: 'gd-cable' }));
    ok(await update(cloud, cable, request.requestId, 'accepted'));
    const rejected = ok(
      await update(cloud, cable, request.requestId, 'rejected', { note: '样品不足 1 米，请重新申请' }),
    );
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: '样品不足 1 米，请重新申请' });
    const seen = ok(await cloud.call('cable', { action: 'getRequest', requestId: request.requestId }, 'o-rej'));
    expect(seen.rejectionReason).toBe('样品不足 1 米，请重新申请');
    expect((await outboxFor(request.requestId)).map((m) => m.dedupeKey).sort()).toEqual([
      `cable:${request.requestId}:accepted`,
      `cable:${request.requestId}:rejected`,
    ]);
    // The requester's cancel is a move too, with its own message.
    const other = ok(await submit(cloud, 'o-rej')).request;
    ok(await cloud.call('cable', { action: 'cancel', requestId: other.requestId }, 'o-rej'));
    expect((await outboxFor(other.requestId)).map((m) => m.dedupeKey)).toEqual([`cable:${other.requestId}:cancelled`]);
  });

  test('staff cannot process their own request', async () => {
    const { request } = ok(await submit(cloud, cable, { preferredHospitalId: 'gd-cable' }));
    const view = ok(await cloud.call('hospital', { action: 'getScreening', requestId: request.requestId }, cable));
    expect(view.actions).toEqual([]);
    expect(failure(await update(cloud, cable, request.requestId, 'accepted')).code).toBe('FORBIDDEN');
  });

  test('queue filter by status and closed requests (most recent first)', async () => {
    const completed = await queue(cable, { status: 'completed' });
    expect(completed.total).toBeGreaterThanOrEqual(2);
    expect(
      completed.items.every(
        (i: { status: string; hospitalId: string }) => i.status === 'completed' && i.hospitalId === 'gd-cable',
      ),
    ).toBe(true);
    const times = completed.items.map((i: { statusChangedAt: string }) => Date.parse(i.statusChangedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const open = await queue(cable);
    expect(
      open.items.every((i: { status: string }) =>
        ['submitted', 'accepted', 'sample_received', 'screening'].includes(i.status),
      ),
    ).toBe(true);
    const submitted = open.items.map((i: { submittedAt: string }) => Date.parse(i.submittedAt));
    expect([...submitted].sort((a, b) => a - b)).toEqual(submitted);
  });

  test('red-list standing of the manufacturer: latest published version, listed or not, null without data', async () => {
    const { request } = ok(await submit(cloud, 'o-red', { preferredHospitalId: 'gd-cable' }));
    const before = ok(await cloud.call('cable', { action: 'getRequest', requestId: request.requestId }, 'o-red'));
    expect(before.redlist).toBeNull();

    await cloud.db.insertMany('redlist_versions', [
      {
        _id: '2025-04',
        version: '2025-04',
        asOf: '2025-04-30',
        status: 'published',
        publishedAt: new Date('2025-04-30T02:00:00Z'),
      },
      // Published later but evaluated earlier: the list in force is the latest evaluation (asOf), as lookups read it.
      {
        _id: '2025-03',
        version: '2025-03',
        asOf: '2025-03-31',
        status: 'published',
        publishedAt: new Date('2025-11-01T02:00:00Z'),
      },
      {
        _id: '2025-10',
        version: '2025-10',
        asOf: '2025-10-31',
        status: 'published',
        publishedAt: new Date('2025-10-31T02:00:00Z'),
      },
      { _id: '2026-04', version: '2026-04', asOf: '2026-04-30', status: 'building', publishedAt: null },
    ]);
    await cloud.db.insertMany('redlist', [
      { version: '2025-04', uscc: MAKER_USCC, name: '东莞市粤星电线电缆有限公司', tier: 'three', years: 3 },
      { version: '2025-10', uscc: MAKER_USCC, name: '东莞市粤星电线电缆有限公司', tier: 'five', years: 5 },
      { version: '2026-04', uscc: MAKER_USCC, name: '东莞市粤星电线电缆有限公司', tier: 'ten', years: 10 },
    ]);
    const listed = ok(await cloud.call('cable', { action: 'getRequest', requestId: request.requestId }, 'o-red'));
    expect(listed.redlist).toMatchObject({
      uscc: MAKER_USCC,
      version: '2025-10',
      listed: true,
      tier: 'five',
      tierLabel: '五年榜',
      years: 5,
    });
    const staffSees = ok(await cloud.call('hospital', { action: 'getScreening', requestId: request.requestId }, cable));
    expect(staffSees.redlist.tier).toBe('five');

    const unlisted = ok(
      await submit(cloud, 'o-red', { cable: { ...baseCable(), manufacturerUscc: '91441300195971850Y' } }),
    ).request;
    expect(unlisted.redlist).toMatchObject({ version: '2025-10', listed: false, tier: null });
    const noUscc = ok(await submit(cloud, 'o-red', { cable: { ...baseCable(), manufacturerUscc: '' } })).request;
    expect(noUscc.redlist).toBeNull();
  });

  test('a bad verdict points to the cable voucher and 12315; a clean one does not', async () => {
    const campaign = ok(await cloud.admin('admin', { action: 'createCampaign', ...smallCampaign() }));
    ok(await cloud.admin('admin', { action: 'openCampaign', campaignId: campaign.campaignId }));

    const finish = async (verdict: 'conforming' | 'suspected' | 'non_conforming') => {
      const { request } = ok(await submit(cloud, `o-verdict-${verdict}`, { preferredHospitalId: 'gd-cable' }));
      for (const to of ['accepted', 'sample_received', 'screening'])
        ok(await update(cloud, cable, request.requestId, to));
      ok(await update(cloud, cable, request.requestId, 'completed', completion(report, verdict)));
      return ok(
        await cloud.call('cable', { action: 'getRequest', requestId: request.requestId }, `o-verdict-${verdict}`),
      );
    };
    for (const verdict of ['suspected', 'non_conforming'] as const) {
      const view = await finish(verdict);
      expect(view.followUp.voucherCampaign).toMatchObject({
        campaignId: campaign.campaignId,
        poolId: 'C1000',
        faceValue: 1000,
        poolLabel: '电线电缆专用券',
      });
      expect(view.followUp.complaint).toMatchObject({ hotline: '12315', platform: '全国12315平台' });
    }
    expect((await finish('conforming')).followUp).toBeNull();

    ok(await cloud.admin('admin', { action: 'closeCampaign', campaignId: campaign.campaignId }));
    // With no campaign open, the complaint channels remain and the voucher offer disappears.
    const afterClose = await finish('non_conforming');
    expect(afterClose.followUp.voucherCampaign).toBeNull();
    expect(afterClose.followUp.complaint.hotline).toBe('12315');
  });

  test('admin cableStats: by city, status, verdict; median turnaround; admins only', async () => {
    const day = 24 * 3600_000;
    const base = Date.parse('2025-03-10T02:00:00Z');
    const row = (i: number, extra: object) => ({
      _id: `stats-${i}`,
      requesterOpenid: `o-stats-${i}`,
      clientRequestId: `stats-client-${i}`,
      requesterType: 'consumer',
      city: '佛山市',
      status: 'submitted',
      hospitalId: null,
      submittedAt: new Date(base + i * 3600_000),
      ...extra,
    });
    await cloud.db.insertMany('cable_requests', [
      row(1, {
        status: 'completed',
        verdict: 'non_conforming',
        hospitalId: 'gd-cable',
        completedAt: new Date(base + 1 * 3600_000 + 2 * day),
      }),
      row(2, {
        status: 'completed',
        verdict: 'conforming',
        hospitalId: 'gd-cable',
        completedAt: new Date(base + 2 * 3600_000 + 9 * day),
      }),
      row(3, {
        status: 'completed',
        verdict: 'suspected',
        hospitalId: 'gd-appliance',
        completedAt: new Date(base + 3 * 3600_000 + 4 * day),
        city: '中山市',
      }),
      row(4, { status: 'cancelled', requesterType: 'contractor' }),
      row(5, { status: 'screening', hospitalId: 'gd-cable', requesterType: 'enterprise', city: '汕头市' }),
      // Outside the range: submitted the day after.
      row(6, { submittedAt: new Date('2025-03-31T16:30:00Z'), city: '深圳市' }),
    ]);
    const stats = ok(await cloud.admin('admin', { action: 'cableStats', from: '2025-03-01', to: '2025-03-31' }));
    expect(stats).toMatchObject({
      from: '2025-03-01',
      to: '2025-03-31',
      total: 5,
      completed: 3,
      medianTurnaroundDays: 4,
      byVerdict: { conforming: 1, suspected: 1, non_conforming: 1 },
      byRequesterType: { consumer: 3, contractor: 1, enterprise: 1 },
      byHospital: { 'gd-cable': 3, 'gd-appliance': 1 },
    });
    expect(stats.byCity).toMatchObject({ 佛山市: 3, 中山市: 1, 汕头市: 1, 深圳市: 0 });
    expect(stats.byStatus).toMatchObject({ completed: 3, cancelled: 1, screening: 1, submitted: 0 });
    // The row submitted 00:30 on 1 April (Asia/Shanghai) belongs to April.
    const april = ok(await cloud.admin('admin', { action: 'cableStats', from: '2025-04-01', to: '2025-04-01' }));
    expect(april).toMatchObject({ total: 1, byCity: { 深圳市: 1 }, medianTurnaroundDays: null });

    expect(
      failure(await cloud.call('admin', { action: 'cableStats', from: '2025-03-01', to: '2025-03-31' }, cable)).code,
    ).toBe('FORBIDDEN');
    expect(
      failure(await cloud.admin('admin', { action: 'cableStats', from: '2025-03-31', to: '2025-03-01' })).code,
    ).toBe('VALIDATION_FAILED');
  });
});
