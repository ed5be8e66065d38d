import { startTestCloud } from '../helpers/local-cloud';
import {
  BAD_INPUTS,
  clientId,
  docs,
  failure,
  ok,
  requester,
  setUpHospitals,
  staffUser,
  submit,
  type TestCloud,
  update,
  uploadPhotos,
  validRequest,
} from './fixtures';

/** The input paths a VALIDATION_FAILED answer names (details.fields; the message speaks Chinese). */
const fieldPaths = (res: object) =>
  ((res as { details?: { fields?: { path: string }[] } }).details?.fields ?? []).map((f) => f.path);

/**
 * The requester's side of the quick screen through /client/call: submitting (validation, idempotency,
 * the open-request limit), reading and cancelling, and never seeing anyone else's request.
 */
describe('cable quick-screen requests', () => {
  let cloud: TestCloud;
  let staff: string;

  beforeAll(async () => {
    cloud = await startTestCloud();
    await setUpHospitals(cloud);
    staff = await staffUser(cloud, 'gd-cable');
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('formOptions offers the catalogue, the 21 cities and the active hospitals (cable specialist first)', async () => {
    const options = ok(await cloud.call('cable', { action: 'formOptions' }, 'o-anyone'));
    expect(options.cities).toHaveLength(21);
    expect(options.cableTypes.map((t: { code: string }) => t.code)).toEqual(
      expect.arrayContaining(['BV', 'RVV', 'YJV']),
    );
    expect(options.hospitals.map((h: { hospitalId: string }) => h.hospitalId)).toEqual(['gd-cable', 'gd-appliance']);
    expect(options).toMatchObject({ maxPhotos: 9, maxOpenRequests: 5 });
  });

  test('a consumer submits; the request is stored with its history and counted as open', async () => {
    const res = ok(await submit(cloud, 'o-alice', { city: '广州', preferredHospitalId: 'gd-cable' }));
    expect(res.created).toBe(true);
    const request = res.request;
    expect(request).toMatchObject({
      status: 'submitted',
      city: '广州市',
      contact: { name: '林晓雯', phone: '13800138000' },
      contactMasked: false,
      preferredHospitalName: '广东省电线电缆产品医院',
      hospitalId: null,
      actions: ['cancelled'],
      daysWaiting: 0,
    });
    expect(request.requestNo).toMatch(/^DL\d{8}-[0-9A-F]{6}$/);
    expect(request.history).toEqual([expect.objectContaining({ from: null, to: 'submitted', by: 'requester' })]);
    const [stored] = await docs(cloud, 'cable_requests', { _id: request.requestId });
    expect(stored).toMatchObject({ requesterOpenid: 'o-alice', status: 'submitted' });
    expect(stored.createdAt).toBeInstanceOf(Date);
    const [holder] = await docs(cloud, 'cable_requesters', { _id: 'o-alice' });
    expect(holder.openRequestIds).toEqual([request.requestId]);
    // The request's own history is the record of the submission: who, when.
    expect(stored.statusHistory).toEqual([
      expect.objectContaining({ from: null, to: 'submitted', actorOpenid: 'o-alice' }),
    ]);
  });

  test('bad input on every field is refused with VALIDATION_FAILED naming the field', async () => {
    await requester(cloud, 'o-bad');
    for (const { name, make, path } of BAD_INPUTS) {
      const res = failure(await cloud.call('cable', { action: 'submit', ...make(validRequest()) }, 'o-bad'));
      expect({ name, code: res.code }).toEqual({ name, code: 'VALIDATION_FAILED' });
      expect({ name, fields: fieldPaths(res) }).toEqual({ name, fields: expect.arrayContaining([path]) });
    }
    expect(await docs(cloud, 'cable_requests', { requesterOpenid: 'o-bad' })).toHaveLength(0);
  });

  test('an unknown or inactive preferred hospital is refused', async () => {
    expect(failure(await submit(cloud, 'o-bad', { preferredHospitalId: 'gd-nowhere' })).code).toBe('VALIDATION_FAILED');
    ok(
      await cloud.admin('admin', {
        action: 'upsertHospital',
        hospitalId: 'gd-closed',
        name: '已停用医院',
        city: '广州市',
        active: false,
      }),
    );
    expect(failure(await submit(cloud, 'o-bad', { preferredHospitalId: 'gd-closed' })).code).toBe('VALIDATION_FAILED');
  });

  test('photos: nine accepted, a tenth or a non-image refused', async () => {
    const photos: string[] = [];
    for (const ext of ['jpg', 'png', 'webp', 'heic', 'jpeg', 'jpg', 'png', 'webp', 'heic']) {
      photos.push(...(await uploadPhotos(cloud, 'o-photos', 1, ext)));
    }
    const res = ok(await submit(cloud, 'o-photos', { photos }));
    expect(res.request.photos).toHaveLength(9);
    expect(res.request.photos.every((p: { url: string | null; kind: string }) => p.url && p.kind === 'image')).toBe(
      true,
    );
    const [stored] = await docs(cloud, 'cable_requests', { _id: res.request.requestId });
    expect(stored.photos).toEqual(photos);
    const ten = [...photos, ...(await uploadPhotos(cloud, 'o-photos'))];
    expect(failure(await submit(cloud, 'o-photos', { photos: ten })).message).toContain('9');
    expect(failure(await submit(cloud, 'o-photos', { photos: ['cloud://local.local-1300000000/a.bmp'] })).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  test('the same clientRequestId returns the first request instead of creating another', async () => {
    const id = clientId('same');
    const first = ok(await submit(cloud, 'o-bob', { clientRequestId: id }));
    const again = ok(await submit(cloud, 'o-bob', { clientRequestId: id, city: '深圳' }));
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.request.requestId).toBe(first.request.requestId);
    expect(again.request.city).toBe('广州市');
    // Another user may use the same id: ids are per requester.
    const other = ok(await submit(cloud, 'o-carol', { clientRequestId: id }));
    expect(other.created).toBe(true);
    expect(await docs(cloud, 'cable_requests', { clientRequestId: id })).toHaveLength(2);
  });

  test('10 concurrent submits with one clientRequestId → one request, everyone gets it', async () => {
    const id = clientId('burst');
    const payload = validRequest({ clientRequestId: id });
    await requester(cloud, 'o-burst');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => cloud.call('cable', { action: 'submit', ...payload }, 'o-burst')),
    );
    const data = results.map((r) => ok(r));
    expect(new Set(data.map((d) => d.request.requestId)).size).toBe(1);
    expect(data.filter((d) => d.created)).toHaveLength(1);
    expect(await docs(cloud, 'cable_requests', { requesterOpenid: 'o-burst' })).toHaveLength(1);
    const [holder] = await docs(cloud, 'cable_requesters', { _id: 'o-burst' });
    expect(holder.openRequestIds).toEqual([data[0].request.requestId]);
  }, 60_000);

  test('at most 5 open requests; closing one frees a slot', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(ok(await submit(cloud, 'o-dave')).request.requestId);
    const sixth = failure(await submit(cloud, 'o-dave'));
    expect(sixth.code).toBe('TOO_MANY_OPEN_REQUESTS');
    expect(sixth.message).toContain('5');
    const mine = ok(await cloud.call('cable', { action: 'myRequests' }, 'o-dave'));
    expect(mine).toMatchObject({ total: 5, openCount: 5, maxOpen: 5 });

    ok(await cloud.call('cable', { action: 'cancel', requestId: ids[0] }, 'o-dave'));
    ok(await submit(cloud, 'o-dave'));
    expect(failure(await submit(cloud, 'o-dave')).code).toBe('TOO_MANY_OPEN_REQUESTS');

    // A completed or rejected request frees its slot too.
    ok(await update(cloud, staff, ids[1], 'rejected', { note: '样品不是电线电缆' }));
    ok(await submit(cloud, 'o-dave'));
    const after = ok(await cloud.call('cable', { action: 'myRequests' }, 'o-dave'));
    expect(after).toMatchObject({ total: 7, openCount: 5 });
  });

  test('8 concurrent submits with different ids never exceed the limit', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => submit(cloud, 'o-erin')));
    const created = results.filter((r) => (r as { ok: boolean }).ok);
    const refused = results.filter((r) => !(r as { ok: boolean }).ok).map((r) => failure(r).code);
    expect(created).toHaveLength(5);
    expect(refused).toEqual(Array(3).fill('TOO_MANY_OPEN_REQUESTS'));
    expect(await docs(cloud, 'cable_requests', { requesterOpenid: 'o-erin' })).toHaveLength(5);
  }, 60_000);

  test('a requester never sees or touches another requester’s request (NOT_FOUND, like a missing one)', async () => {
    const alice = ok(await cloud.call('cable', { action: 'myRequests' }, 'o-alice')).items[0];
    const asMallory = failure(
      await cloud.call('cable', { action: 'getRequest', requestId: alice.requestId }, 'o-mallory'),
    );
    const missing = failure(
      await cloud.call('cable', { action: 'getRequest', requestId: 'no-such-request' }, 'o-mallory'),
    );
    expect(asMallory).toEqual(missing);
    expect(asMallory.code).toBe('NOT_FOUND');
    expect(failure(await cloud.call('cable', { action: 'cancel', requestId: alice.requestId }, 'o-mallory')).code).toBe(
      'NOT_FOUND',
    );
    const list = ok(await cloud.call('cable', { action: 'myRequests' }, 'o-mallory'));
    expect(list.total).toBe(0);
    // Staff role does not open the requester API either.
    expect(failure(await cloud.call('cable', { action: 'getRequest', requestId: alice.requestId }, staff)).code).toBe(
      'NOT_FOUND',
    );
    const [stored] = await docs(cloud, 'cable_requests', { _id: alice.requestId });
    expect(stored.status).toBe('submitted');
  });

  test('lists mask personal data, the owner’s detail view does not', async () => {
    const list = ok(await cloud.call('cable', { action: 'myRequests' }, 'o-alice'));
    expect(list.items[0].contact).toEqual({ name: '林**', phone: '138****8000' });
    expect(JSON.stringify(list)).not.toContain('13800138000');
    const detail = ok(
      await cloud.call('cable', { action: 'getRequest', requestId: list.items[0].requestId }, 'o-alice'),
    );
    expect(detail.contact).toEqual({ name: '林晓雯', phone: '13800138000' });
  });

  test('myRequests filters by status and pages', async () => {
    const cancelled = ok(await cloud.call('cable', { action: 'myRequests', status: 'cancelled' }, 'o-dave'));
    expect(cancelled.total).toBe(1);
    expect(cancelled.items.every((i: { status: string }) => i.status === 'cancelled')).toBe(true);
    expect(failure(await cloud.call('cable', { action: 'myRequests', status: 'lost' }, 'o-dave')).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  test('cancel: with a reason, once, and only before the sample is received', async () => {
    const { request } = ok(await submit(cloud, 'o-frank'));
    const cancelled = ok(
      await cloud.call('cable', { action: 'cancel', requestId: request.requestId, reason: '已退货' }, 'o-frank'),
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', actions: [] });
    expect(cancelled.history.at(-1)).toMatchObject({
      from: 'submitted',
      to: 'cancelled',
      by: 'requester',
      note: '已退货',
    });
    expect(failure(await cloud.call('cable', { action: 'cancel', requestId: request.requestId }, 'o-frank')).code).toBe(
      'INVALID_TRANSITION',
    );

    const second = ok(await submit(cloud, 'o-frank')).request;
    ok(await update(cloud, staff, second.requestId, 'accepted'));
    ok(await update(cloud, staff, second.requestId, 'sample_received'));
    const late = failure(await cloud.call('cable', { action: 'cancel', requestId: second.requestId }, 'o-frank'));
    expect(late.code).toBe('INVALID_TRANSITION');
    expect(late.message).toContain('不能再撤销');
  });

  test('不清楚: manufacturer, purchase date and length may be unknown; stored as null, read as 不清楚', async () => {
    const base = validRequest();
    const cable = { ...(base.cable as object), manufacturer: null, purchaseDate: null, length: null };
    const res = ok(await submit(cloud, 'o-unknown', { cable }));
    expect(res.request.cable).toMatchObject({
      manufacturer: null,
      manufacturerText: '不清楚',
      purchaseDate: null,
      purchaseDateText: '不清楚',
      length: null,
      lengthText: '不清楚',
    });
    const [stored] = await docs(cloud, 'cable_requests', { _id: res.request.requestId });
    expect(stored.cable).toMatchObject({ manufacturer: null, purchaseDate: null, length: null });
    // The hospital reads the same words once it has the request.
    ok(await update(cloud, staff, res.request.requestId, 'accepted'));
    const seen = ok(await cloud.call('hospital', { action: 'getScreening', requestId: res.request.requestId }, staff));
    expect(seen.cable).toMatchObject({ manufacturerText: '不清楚', purchaseDateText: '不清楚', lengthText: '不清楚' });
    // Known values read as themselves, the length with its unit.
    const known = ok(await submit(cloud, 'o-unknown')).request.cable;
    expect(known).toMatchObject({ manufacturerText: '东莞市粤星电线电缆有限公司', lengthText: '100 米' });
    expect(known.purchaseDateText).toBe(known.purchaseDate);
  });

  test('不清楚 is null, never a missing field or a made-up word', async () => {
    await requester(cloud, 'o-unknown-bad');
    const base = validRequest();
    const attempts: [string, Record<string, unknown>, string][] = [
      ['manufacturer missing', { manufacturer: undefined }, 'cable.manufacturer'],
      ['manufacturer "不清楚" typed', { manufacturer: '不' }, 'cable.manufacturer'],
      ['purchaseDate "unknown"', { purchaseDate: 'unknown' }, 'cable.purchaseDate'],
      ['purchaseDate missing', { purchaseDate: undefined }, 'cable.purchaseDate'],
      ['length "不清楚"', { length: '不清楚' }, 'cable.length'],
      ['length missing', { length: undefined }, 'cable.length'],
      ['length NaN-like', { length: '' }, 'cable.length'],
    ];
    for (const [name, patch, path] of attempts) {
      const cable = { ...(base.cable as object), ...patch };
      const res = failure(await cloud.call('cable', { action: 'submit', ...base, cable }, 'o-unknown-bad'));
      expect({ name, code: res.code, fields: fieldPaths(res) }).toEqual({
        name,
        code: 'VALIDATION_FAILED',
        fields: expect.arrayContaining([path]),
      });
    }
    expect(await docs(cloud, 'cable_requests', { requesterOpenid: 'o-unknown-bad' })).toHaveLength(0);
  });

  test('a user without a verified phone cannot submit (as the phone page says); after verifying they can', async () => {
    ok(await cloud.call('user', { action: 'login' }, 'o-unverified'));
    const refused = failure(await cloud.call('cable', { action: 'submit', ...validRequest() }, 'o-unverified'));
    expect(refused.code).toBe('PHONE_NOT_VERIFIED');
    expect(refused.message).toContain('验证');
    // Not even a users document (never logged in): same answer, nothing stored.
    const stranger = failure(await cloud.call('cable', { action: 'submit', ...validRequest() }, 'o-stranger'));
    expect(stranger.code).toBe('PHONE_NOT_VERIFIED');
    expect(await docs(cloud, 'cable_requests', { requesterOpenid: 'o-unverified' })).toHaveLength(0);
    expect(await docs(cloud, 'cable_requesters', { _id: 'o-unverified' })).toHaveLength(0);
    expect(ok(await submit(cloud, 'o-unverified')).created).toBe(true);
  });

  test('calls without an OPENID (console) are refused: requests belong to a WeChat user', async () => {
    expect(failure(await cloud.admin('cable', { action: 'myRequests' })).code).toBe('UNAUTHENTICATED');
    expect(failure(await cloud.admin('cable', { action: 'submit', ...validRequest() })).code).toBe('UNAUTHENTICATED');
  });
});
