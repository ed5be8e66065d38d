/**
 * Cloud storage of the local cloud (SDK actions, mini-program uploads, file serving) and
 * persistence of database + files across restarts, export/import and reset.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestCloud, type TestCloud } from '../helpers/local-cloud';

jest.setTimeout(60_000);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What node-sdk gets back as a temp URL: the file under /files/, signed until it expires (COS-style). */
const signedUrl = (base: string, cloudPath: string) =>
  new RegExp(`^${escapeRegExp(`${base}/files/${cloudPath}`)}\\?t=\\d+&sign=[0-9a-f]{64}$`);

/** wx.cloud.uploadFile from the mini-program as `openid` (raw body). */
const clientUpload = (cloud: TestCloud, cloudPath: string, openid: string, body: string | Buffer) =>
  fetch(`${cloud.url}/client/upload?cloudPath=${encodeURIComponent(cloudPath)}&openid=${openid}`, {
    method: 'POST',
    body,
  });

/** A mini-program user (or, without openid, anyone) opening the file behind a fileID. */
const clientRead = (cloud: TestCloud, cloudPath: string, openid?: string) =>
  fetch(encodeURI(`${cloud.url}/files/${cloudPath}`) + (openid ? `?openid=${openid}` : ''));

interface StorageProbe {
  fileID: string;
  tempFileURL: string;
  urlStatus: number;
  content: string;
  deleted: { fileID: string; status: number }[] | null;
  afterDelete: { status: number; tempFileURL: string } | null;
}

describe('storage', () => {
  let cloud: TestCloud;
  // fetch() normalises dot segments away; send the path exactly as written.
  const rawStatus = (pathname: string) =>
    new Promise<number>((resolve, reject) => {
      get(`${cloud.url}${pathname}`, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
  beforeAll(async () => {
    cloud = await startTestCloud({ fixtures: true });
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('round-trips uploadFile → getTempFileURL → downloadFile → deleteFile through wx-server-sdk', async () => {
    const res = await cloud.call<StorageProbe>('probe', {
      op: 'storage',
      cloudPath: 'reports/报告 1.txt',
      content: '检测报告 ok',
    });
    expect(res.fileID).toBe(`cloud://local.${cloud.cloud.storage.bucket}/reports/报告 1.txt`);
    expect(res.urlStatus).toBe(0);
    expect(res.tempFileURL).toMatch(signedUrl(cloud.url, 'reports/报告 1.txt'));
    expect(res.content).toBe('检测报告 ok');
    expect(res.deleted).toEqual([{ fileID: res.fileID, status: 0, errMsg: 'ok' }]);
    expect(res.afterDelete).toMatchObject({ status: -503003, tempFileURL: '' });
    expect(await cloud.cloud.storage.list()).not.toContain('reports/报告 1.txt');
  });

  it('serves a file uploaded by a function at its temp URL', async () => {
    const res = await cloud.call<StorageProbe>('probe', {
      op: 'storage',
      cloudPath: 'a/b.json',
      content: '{"x":1}',
      keep: true,
    });
    const file = await fetch(encodeURI(res.tempFileURL));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/json');
    expect(await file.text()).toBe('{"x":1}');
  });

  it('accepts raw and multipart uploads from the mini-program and serves them back to their uploader', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const raw = await clientUpload(cloud, 'avatars/u1.png', 'o-u1', bytes);
    expect(await raw.json()).toEqual({
      fileID: `cloud://local.${cloud.cloud.storage.bucket}/avatars/u1.png`,
      statusCode: 200,
    });

    const form = new FormData();
    form.set('cloudPath', 'docs/说明.txt');
    form.set('openid', 'o-u1');
    form.set('file', new Blob([Buffer.from('多部分上传')]), 'x.txt');
    const multi = await fetch(`${cloud.url}/client/upload`, { method: 'POST', body: form });
    expect(((await multi.json()) as { fileID: string }).fileID).toMatch(/\/docs\/说明\.txt$/);

    const png = await clientRead(cloud, 'avatars/u1.png', 'o-u1');
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await (await clientRead(cloud, 'docs/说明.txt', 'o-u1')).text()).toBe('多部分上传');
    const head = await fetch(`${cloud.url}/files/avatars/u1.png?openid=o-u1`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
  });

  it('refuses bad paths and unknown files', async () => {
    expect((await fetch(cloud.cloud.storage.tempUrlFor('nope/missing.png'))).status).toBe(404);
    // Encoded slashes survive URL normalisation; the decoded segments must still be refused.
    expect(await rawStatus(`/files/..%2F..%2Fetc%2Fpasswd`)).toBe(400);
    expect(await rawStatus(`/files/a/%2E%2E/%2E%2E/%2E%2E/etc/passwd`)).not.toBe(200);
    const noPath = await fetch(`${cloud.url}/client/upload?openid=o-u1`, { method: 'POST', body: 'x' });
    expect(noPath.status).toBe(400);
    const traversal = await fetch(`${cloud.url}/client/upload?cloudPath=../x.txt&openid=o-u1`, {
      method: 'POST',
      body: 'x',
    });
    expect(traversal.status).toBe(400);
    // A mini-program request always carries its user: an upload without one is malformed.
    const anonymous = await fetch(`${cloud.url}/client/upload?cloudPath=x.txt`, { method: 'POST', body: 'x' });
    expect(anonymous.status).toBe(400);
    expect(await cloud.cloud.storage.exists('x.txt')).toBe(false);
    const badTicket = await fetch(`${cloud.url}/_upload/not-a-ticket`, { method: 'PUT', body: 'x' });
    expect(badTicket.status).toBe(403);
    expect(await badTicket.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('answers storage actions with the shapes node-sdk reads', async () => {
    const fileID = (await cloud.cloud.storage.put('shape/x.txt', Buffer.from('x'))) as string;
    const urls = await cloud.adminRaw({
      action: 'storage.batchGetDownloadUrl',
      file_list: [{ fileid: fileID, max_age: 60 }],
    });
    expect(urls).toMatchObject({
      data: {
        download_list: [
          {
            fileID,
            tempFileURL: expect.stringMatching(signedUrl(cloud.url, 'shape/x.txt')),
            code: 'SUCCESS',
            maxAge: 60,
          },
        ],
      },
    });
    const del = await cloud.adminRaw({ action: 'storage.batchDeleteFile', fileid_list: [fileID, fileID] });
    expect(del).toMatchObject({
      data: {
        delete_list: [
          { fileID, code: 'SUCCESS' },
          { fileID, code: 'STORAGE_FILE_NONEXIST' },
        ],
      },
    });
  });
});

describe('storage permissions of mini-program users', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterEach(() => {
    cloud.cloud.storage.acl = 'PRIVATE';
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('as deployed (PRIVATE), users read and rewrite only the files they uploaded', async () => {
    expect(cloud.cloud.storage.acl).toBe('PRIVATE');
    expect((await clientUpload(cloud, 'notes/alice.txt', 'o-alice', 'A1')).status).toBe(200);
    expect(await (await clientRead(cloud, 'notes/alice.txt', 'o-alice')).text()).toBe('A1');

    const peek = await clientRead(cloud, 'notes/alice.txt', 'o-bob');
    expect(peek.status).toBe(403);
    expect(await peek.json()).toMatchObject({ code: 'STORAGE_EXCEED_AUTHORITY' });
    expect((await clientRead(cloud, 'notes/alice.txt')).status).toBe(403);
    // Refused before looking: a missing path answers the same, so nobody probes for files.
    expect((await clientRead(cloud, 'notes/nobody.txt', 'o-bob')).status).toBe(403);

    const overwrite = await clientUpload(cloud, 'notes/alice.txt', 'o-bob', 'B');
    expect(overwrite.status).toBe(403);
    expect(await overwrite.json()).toMatchObject({ errCode: -503002 });
    expect((await clientUpload(cloud, 'notes/alice.txt', 'o-alice', 'A2')).status).toBe(200);
    expect((await cloud.cloud.storage.get('notes/alice.txt'))?.toString()).toBe('A2');
  });

  it('files the server wrote cannot be overwritten or read by users; the server’s signed temp URLs serve them', async () => {
    const storage = cloud.cloud.storage;
    await storage.put('records/r.json', Buffer.from('{"by":"server"}'));
    expect((await clientUpload(cloud, 'records/r.json', 'o-alice', '{"by":"alice"}')).status).toBe(403);
    expect((await clientRead(cloud, 'records/r.json', 'o-alice')).status).toBe(403);
    // A user's file overwritten by the server is the server's from then on.
    await clientUpload(cloud, 'records/squat.json', 'o-alice', 'early');
    await storage.put('records/squat.json', Buffer.from('server'));
    expect((await clientUpload(cloud, 'records/squat.json', 'o-alice', 'again')).status).toBe(403);

    const url = storage.tempUrlFor('records/r.json', 60);
    expect(await (await fetch(url)).text()).toBe('{"by":"server"}');
    const forged = url.replace(/sign=(.)/, (_m, c: string) => `sign=${c === '0' ? '1' : '0'}`);
    expect((await fetch(forged)).status).toBe(403);
    expect((await fetch(url.replace('records/r.json', 'records/squat.json'))).status).toBe(403);
    const later = url.replace(/t=(\d+)/, (_m, t: string) => `t=${Number(t) + 3600}`);
    expect((await fetch(later)).status).toBe(403);
  });

  // What each CloudBase mode lets a file's creator, another user and an anonymous request do.
  it.each([
    ['READONLY', { ownerRead: 200, otherRead: 200, anonymousRead: 200, ownerWrite: 200, otherWrite: 403, create: 200 }],
    ['PRIVATE', { ownerRead: 200, otherRead: 403, anonymousRead: 403, ownerWrite: 200, otherWrite: 403, create: 200 }],
    [
      'ADMINWRITE',
      { ownerRead: 200, otherRead: 200, anonymousRead: 200, ownerWrite: 403, otherWrite: 403, create: 403 },
    ],
    [
      'ADMINONLY',
      { ownerRead: 403, otherRead: 403, anonymousRead: 403, ownerWrite: 403, otherWrite: 403, create: 403 },
    ],
  ] as const)('%s', async (mode, expected) => {
    const file = `modes/${mode}.txt`;
    expect((await clientUpload(cloud, file, 'o-alice', 'mine')).status).toBe(200);
    cloud.cloud.storage.acl = mode;
    expect({
      ownerRead: (await clientRead(cloud, file, 'o-alice')).status,
      otherRead: (await clientRead(cloud, file, 'o-bob')).status,
      anonymousRead: (await clientRead(cloud, file)).status,
      ownerWrite: (await clientUpload(cloud, file, 'o-alice', 'mine 2')).status,
      otherWrite: (await clientUpload(cloud, file, 'o-bob', 'theirs')).status,
      create: (await clientUpload(cloud, `modes/${mode}-new.txt`, 'o-bob', 'new')).status,
    }).toEqual(expected);
  });
});

describe('persistence', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ypt-cloud-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps database and files across a restart, exports, imports and resets', async () => {
    const dataDir = path.join(dir, 'data');
    const first = await startTestCloud({ fixtures: true, dataDir });
    let fileID: string;
    try {
      await first.call('probe', { op: 'transaction', counterId: 'persist' });
      fileID = (
        await first.call<StorageProbe>('probe', {
          op: 'storage',
          cloudPath: 'keep/me.txt',
          content: 'kept',
          keep: true,
        })
      ).fileID;
      expect((await clientUpload(first, 'mine/alice.txt', 'o-alice', 'alice')).status).toBe(200);
    } finally {
      await first.stop();
    }
    // Who uploaded a file is kept with it: users' rights survive restarts, exports and imports.
    const creatorsHold = async (cloud: TestCloud) => {
      expect((await clientUpload(cloud, 'mine/alice.txt', 'o-bob', 'bob')).status).toBe(403);
      expect(await (await clientRead(cloud, 'mine/alice.txt', 'o-alice')).text()).toBe('alice');
    };

    const second = await startTestCloud({ fixtures: true, dataDir });
    try {
      expect(await second.db.find('probe_counters', { _id: 'persist' })).toEqual([
        expect.objectContaining({ value: 1 }),
      ]);
      const kept = second.cloud.storage.tempUrlFor('keep/me.txt');
      expect(await (await fetch(kept)).text()).toBe('kept');
      expect(fileID).toBe(second.cloud.storage.fileIdFor('keep/me.txt'));
      await creatorsHold(second);

      const exportDir = path.join(dir, 'export');
      await second.cloud.exportTo(exportDir);
      await second.cloud.reset();
      // reset drops collections the specs do not declare (the probe created this one itself).
      expect(await second.db.find('probe_counters', { _id: 'persist' }).catch(() => [])).toEqual([]);
      expect((await fetch(kept)).status).toBe(404);
      // reset forgets who uploaded what along with the files.
      expect((await clientUpload(second, 'mine/alice.txt', 'o-bob', 'bob')).status).toBe(200);
      await second.cloud.reset();

      await second.cloud.importFrom(exportDir);
      expect(await second.db.find('probe_counters', { _id: 'persist' })).toEqual([
        expect.objectContaining({ value: 1 }),
      ]);
      expect(await (await fetch(kept)).text()).toBe('kept');
      await creatorsHold(second);
      // The SDK still works on imported data.
      expect(await second.call('probe', { op: 'transaction', counterId: 'persist' })).toEqual({
        returned: 2,
        stored: 2,
      });
    } finally {
      await second.stop();
    }
  });
});
