/**
 * Cloud storage of the local cloud (SDK actions, mini-program uploads, file serving) and
 * persistence of database + files across restarts, export/import and reset.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestCloud, type TestCloud } from './helpers/local-cloud';

jest.setTimeout(60_000);

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
    expect(res.tempFileURL).toBe(`${cloud.url}/files/reports/报告 1.txt`);
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

  it('accepts raw and multipart uploads from the mini-program and serves them back', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const raw = await fetch(`${cloud.url}/client/upload?cloudPath=${encodeURIComponent('avatars/u1.png')}`, {
      method: 'POST',
      body: bytes,
    });
    expect(await raw.json()).toEqual({
      fileID: `cloud://local.${cloud.cloud.storage.bucket}/avatars/u1.png`,
      statusCode: 200,
    });

    const form = new FormData();
    form.set('cloudPath', 'docs/说明.txt');
    form.set('file', new Blob([Buffer.from('多部分上传')]), 'x.txt');
    const multi = await fetch(`${cloud.url}/client/upload`, { method: 'POST', body: form });
    expect(((await multi.json()) as { fileID: string }).fileID).toMatch(/\/docs\/说明\.txt$/);

    const png = await fetch(`${cloud.url}/files/avatars/u1.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await (await fetch(encodeURI(`${cloud.url}/files/docs/说明.txt`))).text()).toBe('多部分上传');
    const head = await fetch(`${cloud.url}/files/avatars/u1.png`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
  });

  it('refuses bad paths and unknown files', async () => {
    expect((await fetch(`${cloud.url}/files/nope/missing.png`)).status).toBe(404);
    // Encoded slashes survive URL normalisation; the decoded segments must still be refused.
    expect(await rawStatus(`/files/..%2F..%2Fetc%2Fpasswd`)).toBe(400);
    expect(await rawStatus(`/files/a/%2E%2E/%2E%2E/%2E%2E/etc/passwd`)).not.toBe(200);
    const noPath = await fetch(`${cloud.url}/client/upload`, { method: 'POST', body: 'x' });
    expect(noPath.status).toBe(400);
    const traversal = await fetch(`${cloud.url}/client/upload?cloudPath=../x.txt`, { method: 'POST', body: 'x' });
    expect(traversal.status).toBe(400);
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
      data: { download_list: [{ fileID, tempFileURL: `${cloud.url}/files/shape/x.txt`, code: 'SUCCESS', maxAge: 60 }] },
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
    } finally {
      await first.stop();
    }

    const second = await startTestCloud({ fixtures: true, dataDir });
    try {
      expect(await second.db.find('probe_counters', { _id: 'persist' })).toEqual([
        expect.objectContaining({ value: 1 }),
      ]);
      expect(await (await fetch(`${second.url}/files/keep/me.txt`)).text()).toBe('kept');
      expect(fileID).toBe(second.cloud.storage.fileIdFor('keep/me.txt'));

      const exportDir = path.join(dir, 'export');
      await second.cloud.exportTo(exportDir);
      await second.cloud.reset();
      // reset drops collections the specs do not declare (the probe created this one itself).
      expect(await second.db.find('probe_counters', { _id: 'persist' }).catch(() => [])).toEqual([]);
      expect((await fetch(`${second.url}/files/keep/me.txt`)).status).toBe(404);

      await second.cloud.importFrom(exportDir);
      expect(await second.db.find('probe_counters', { _id: 'persist' })).toEqual([
        expect.objectContaining({ value: 1 }),
      ]);
      expect(await (await fetch(`${second.url}/files/keep/me.txt`)).text()).toBe('kept');
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
