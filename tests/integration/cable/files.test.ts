import { startTestCloud } from '../helpers/local-cloud';
import {
  completion,
  docs,
  failure,
  ok,
  PDF,
  photoFolderOf,
  reportFolderOf,
  setUpHospitals,
  staffUser,
  submit,
  type TestCloud,
  update,
  uploadAs,
  uploadPhotos,
  uploadReport,
} from './fixtures';

/**
 * Photos and reports under PRIVATE storage (cloudfunctions/storage.json): a user can read only their own
 * uploads, so the requester's photos reach the hospital, and the hospital's report the requester, only
 * as temp URLs the functions hand out, and only to those who may see the request. Nobody can make the
 * server hand out a file they did not upload: submit and updateScreening accept fileIDs only from the
 * caller's own folder, and only files that exist.
 */
describe('cable photos and reports through server-issued temp URLs', () => {
  let cloud: TestCloud;
  let cable: string; // staff of gd-cable
  let appliance: string; // staff of gd-appliance

  beforeAll(async () => {
    cloud = await startTestCloud();
    await setUpHospitals(cloud);
    cable = await staffUser(cloud, 'gd-cable');
    appliance = await staffUser(cloud, 'gd-appliance');
  }, 60_000);
  afterAll(() => cloud?.stop());

  const getScreening = (openid: string, requestId: string) =>
    cloud.call('hospital', { action: 'getScreening', requestId }, openid);
  const getRequest = (openid: string, requestId: string) =>
    cloud.call('cable', { action: 'getRequest', requestId }, openid);
  /** GET a URL from the local cloud: status and body. */
  const download = async (url: string) => {
    const res = await fetch(url);
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  };
  /** What reading a fileID directly as a mini-program user gives (the preview's cloud:// loads). */
  const readAsUser = async (fileID: string, openid: string) =>
    (await fetch(`${cloud.url}/files/${fileID.replace(/^cloud:\/\/[^/]+\//, '')}?openid=${openid}`)).status;
  /** Counts the storage.batchGetDownloadUrl requests (cloud.getTempFileURL) made while `run` runs. */
  async function tempUrlCalls(run: () => Promise<unknown>): Promise<{ files: number }[]> {
    const storage = cloud.cloud.storage;
    const calls: { files: number }[] = [];
    const handle = storage.handle.bind(storage);
    const spy = jest.spyOn(storage, 'handle').mockImplementation(async (action, body) => {
      if (action === 'storage.batchGetDownloadUrl') calls.push({ files: (body.file_list as unknown[]).length });
      return handle(action, body);
    });
    try {
      await run();
    } finally {
      spy.mockRestore();
    }
    return calls;
  }

  test('the assigned hospital’s staff get working temp URLs for the requester’s photos; nobody else does', async () => {
    const photos = await uploadPhotos(cloud, 'o-owner', 2);
    const mine = ok(await submit(cloud, 'o-owner', { photos, preferredHospitalId: 'gd-cable' })).request;
    // Storage itself stays closed: the staff member cannot read the photo directly.
    expect(await readAsUser(photos[0], cable)).toBe(403);

    // Before accepting, a candidate hospital learns how many photos there are, not what they show.
    const candidate = ok(await getScreening(cable, mine.requestId));
    expect(candidate).toMatchObject({ photos: [], photoCount: 2, reportFolder: null, filesExpireIn: 0 });
    // Another hospital's staff and another user: as today, the request does not exist for them.
    expect(failure(await getScreening(appliance, mine.requestId)).code).toBe('NOT_FOUND');
    expect(failure(await getRequest('o-mallory', mine.requestId)).code).toBe('NOT_FOUND');
    expect(failure(await getScreening('o-mallory', mine.requestId)).code).toBe('FORBIDDEN');

    const accepted = ok(await update(cloud, cable, mine.requestId, 'accepted'));
    const view = ok(await getScreening(cable, mine.requestId));
    for (const seen of [accepted, view]) {
      expect(seen.photoCount).toBe(2);
      expect(seen.photos).toEqual([
        { kind: 'image', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\/cable-photos\/.+sign=/) },
        { kind: 'image', url: expect.any(String) },
      ]);
      expect(seen.filesExpireIn).toBeGreaterThan(600);
      // URLs, never fileIDs: the view hands out nothing a client could pass back as its own upload.
      expect(JSON.stringify(seen)).not.toContain('cloud://');
    }
    const stored = await Promise.all(photos.map((id) => cloud.cloud.storage.get(id.replace(/^cloud:\/\/[^/]+\//, ''))));
    for (const [i, photo] of view.photos.entries()) {
      const got = await download(photo.url);
      expect(got.status).toBe(200);
      expect(got.body.equals(stored[i]!)).toBe(true);
    }
    // A tampered signature does not open the file.
    expect((await download(view.photos[0].url.replace(/sign=[0-9a-f]/, 'sign=x'))).status).toBe(403);

    // Once assigned, the other hospital still gets NOT_FOUND, the other user too.
    expect(failure(await getScreening(appliance, mine.requestId)).code).toBe('NOT_FOUND');
    expect(failure(await getRequest('o-mallory', mine.requestId)).code).toBe('NOT_FOUND');
    // The requester sees their own photos the same way.
    const own = ok(await getRequest('o-owner', mine.requestId));
    expect((await download(own.photos[1].url)).status).toBe(200);
  });

  test('the requester gets the report’s URL; the assigned staff get their report folder', async () => {
    const { request } = ok(await submit(cloud, 'o-reader', { preferredHospitalId: 'gd-cable' }));
    ok(await update(cloud, cable, request.requestId, 'accepted'));
    ok(await update(cloud, cable, request.requestId, 'sample_received'));
    const screening = ok(await update(cloud, cable, request.requestId, 'screening'));
    expect(screening.reportFolder).toBe(reportFolderOf(cable));
    expect(screening.report).toBeNull();

    const pdf = Buffer.from('%PDF-1.4\n% 报告 o-reader\n%%EOF\n');
    const report = await uploadReport(cloud, cable, pdf);
    expect(await readAsUser(report, 'o-reader')).toBe(403);
    const done = ok(await update(cloud, cable, request.requestId, 'completed', completion(report)));
    expect(done.report).toEqual({ kind: 'pdf', url: expect.stringContaining('/files/cable-reports/') });

    const seen = ok(await getRequest('o-reader', request.requestId));
    expect(seen.report).toEqual({ kind: 'pdf', url: expect.any(String) });
    const got = await download(seen.report.url);
    expect(got.status).toBe(200);
    expect(got.body.equals(pdf)).toBe(true);
    expect(JSON.stringify(seen)).not.toContain('cloud://');
    // The requester's view names no upload folder of anybody's.
    expect(seen.reportFolder).toBeNull();
  });

  test('one getTempFileURL call per view, for all its files', async () => {
    const photos = await uploadPhotos(cloud, 'o-batch', 9);
    const { request } = ok(await submit(cloud, 'o-batch', { photos, preferredHospitalId: 'gd-cable' }));
    for (const to of ['accepted', 'sample_received', 'screening'])
      ok(await update(cloud, cable, request.requestId, to));
    const report = await uploadReport(cloud, cable);
    ok(await update(cloud, cable, request.requestId, 'completed', completion(report)));

    expect(await tempUrlCalls(() => getRequest('o-batch', request.requestId))).toEqual([{ files: 10 }]);
    expect(await tempUrlCalls(() => getScreening(cable, request.requestId))).toEqual([{ files: 10 }]);
    // Nothing to open, nothing asked: a candidate hospital's view, a request without files.
    const bare = ok(await submit(cloud, 'o-batch', { preferredHospitalId: 'gd-cable' })).request;
    expect(await tempUrlCalls(() => getScreening(cable, bare.requestId))).toEqual([]);
    expect(await tempUrlCalls(() => getRequest('o-batch', bare.requestId))).toEqual([]);
  });

  test('a submit with someone else’s photo, or a photo outside the own folder, is refused and stores nothing', async () => {
    const [victims] = await uploadPhotos(cloud, 'o-victim');
    // The plain attack: the server would hand the hospital a temp URL of o-victim's photo.
    expect(failure(await submit(cloud, 'o-mallory', { photos: [victims] }))).toEqual({
      ok: false,
      code: 'VALIDATION_FAILED',
      message: '第 1 张照片不是由当前账号上传的文件，请重新上传',
    });
    const folder = await photoFolderOf(cloud, 'o-mallory');
    const victimFolder = await photoFolderOf(cloud, 'o-victim');
    const env = victims.slice(0, victims.indexOf('/cable-photos/'));
    const [own] = await uploadPhotos(cloud, 'o-mallory');
    const enterpriseProof = await uploadAs(cloud, 'o-victim', 'enterprise-proofs/o-victim/licence.jpg', PDF);

    const attempts: [string, string[]][] = [
      ['another user’s photo after an own one', [own, victims]],
      ['a path stepping out of the own folder', [`${env}/${folder}/../${victimFolder.split('/')[1]}/x.jpg`]],
      ['a folder that only starts like the own one', [`${env}/${folder}x/p.jpg`]],
      ['the own folder’s name as a file', [`${env}/${folder}.jpg`]],
      ['another user’s enterprise proof', [enterpriseProof]],
      ['a file of the same name in the top folder', [`${env}/cable-photos/${victims.split('/').pop()}`]],
    ];
    for (const [name, photos] of attempts) {
      const refused = failure(await submit(cloud, 'o-mallory', { photos }));
      expect({ name, code: refused.code }).toEqual({ name, code: 'VALIDATION_FAILED' });
      expect({ name, message: refused.message }).toEqual({
        name,
        message: expect.stringMatching(/照片.*当前账号上传/),
      });
    }
    // In the own folder but never uploaded (or deleted since): refused too.
    const missing = failure(await submit(cloud, 'o-mallory', { photos: [`${env}/${folder}/never-uploaded.jpg`] }));
    expect(missing).toEqual({ ok: false, code: 'VALIDATION_FAILED', message: expect.stringContaining('不存在') });

    expect(await docs(cloud, 'cable_requests', { requesterOpenid: 'o-mallory' })).toHaveLength(0);
    expect(await docs(cloud, 'cable_requesters', { _id: 'o-mallory' })).toHaveLength(0);
    expect(await docs(cloud, 'audit_log', { action: 'cable.submit', actor: 'user:o-mallory' })).toHaveLength(0);
    // The own photo alone is fine.
    ok(await submit(cloud, 'o-mallory', { photos: [own] }));
    // Folders are per user, and pseudonyms: the URLs handed to staff carry no openid.
    expect(folder).not.toBe(victimFolder);
    expect(folder).toMatch(/^cable-photos\/[0-9a-f]{32}$/);
  });

  test('a report from another folder, or missing, is refused and the request stays in screening', async () => {
    const [photo] = await uploadPhotos(cloud, 'o-req');
    const { request } = ok(await submit(cloud, 'o-req', { photos: [photo], preferredHospitalId: 'gd-cable' }));
    const id = request.requestId;
    for (const to of ['accepted', 'sample_received', 'screening']) ok(await update(cloud, cable, id, to));

    const otherStaffReport = await uploadReport(cloud, appliance);
    const requesterFile = await uploadAs(cloud, 'o-req', `${reportFolderOf(cable)}-x/r.pdf`, PDF);
    const env = otherStaffReport.slice(0, otherStaffReport.indexOf('/cable-reports/'));
    const attempts: [string, string][] = [
      ['another staff member’s report', otherStaffReport],
      ['the requester’s own photo (the server could read it)', photo],
      ['a file in a folder that only starts like the staff member’s', requesterFile],
      ['a path stepping out of the own folder', `${env}/${reportFolderOf(cable)}/../../cable-photos/x.pdf`],
    ];
    for (const [name, fileID] of attempts) {
      const refused = failure(await update(cloud, cable, id, 'completed', completion(fileID)));
      expect({ name, code: refused.code }).toEqual({ name, code: 'VALIDATION_FAILED' });
      expect({ name, message: refused.message }).toEqual({
        name,
        message: '筛查报告不是由当前账号上传的文件，请重新上传',
      });
    }
    const missing = failure(
      await update(cloud, cable, id, 'completed', completion(`${env}/${reportFolderOf(cable)}/gone.pdf`)),
    );
    expect(missing).toEqual({
      ok: false,
      code: 'VALIDATION_FAILED',
      message: '筛查报告文件不存在或已删除，请重新上传',
    });

    const [stored] = await docs(cloud, 'cable_requests', { _id: id });
    expect(stored).toMatchObject({ status: 'screening', reportFileID: null });
    expect(await docs(cloud, 'outbox', { dedupeKey: `cable:${id}:completed` })).toHaveLength(0);
    // Their own report goes through.
    ok(await update(cloud, cable, id, 'completed', completion(await uploadReport(cloud, cable))));
  });
});
