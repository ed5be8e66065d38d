import {
  decodeCommApiData,
  decodeCommOpenApiResp,
  encodeCommApiData,
  encodeCommOpenApiResp,
  OpenApiEmulator,
} from '../../../emulator/openapi';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

function request(params: Record<string, unknown>): Buffer {
  return encodeCommApiData({
    apiType: 0,
    appid: 'wx-local',
    // Like the SDK: parameters that are undefined are not sent.
    pairs: Object.entries(params)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => ({ key, value: json(value) })),
  });
}

async function reply(emulator: OpenApiEmulator, params: Record<string, unknown>) {
  const res = await emulator.handle('subscribeMessage.send', request(params));
  if (!res.ok) throw new Error(res.message);
  const resp = decodeCommOpenApiResp(res.body);
  expect(resp).toMatchObject({ contentType: 'application/json', httpCode: 200 });
  return JSON.parse(resp.respData.toString()) as { errcode: number; errmsg: string };
}

const valid = {
  touser: 'o-1',
  template_id: 'tpl',
  page: 'pages/index/index',
  data: { thing1: { value: '检测券' } },
  miniprogram_state: 'formal',
};

describe('emulator open API', () => {
  test('CommApiData and CommOpenApiResp round-trip (the SDK side is covered by tests/integration/notifications)', () => {
    const pairs = [
      { key: 'touser', value: json('o-1') },
      { key: 'data', value: json({ thing1: { value: '长'.repeat(300) } }) },
    ];
    const decoded = decodeCommApiData(encodeCommApiData({ apiType: 0, appid: 'wx1', pairs }));
    expect(decoded).toEqual({ apiType: 0, appid: 'wx1', pairs });
    const resp = { respData: json({ errcode: 0 }), contentType: 'application/json', httpCode: 200 };
    expect(decodeCommOpenApiResp(encodeCommOpenApiResp(resp))).toEqual(resp);
  });

  test('malformed request data is an error reply, not a crash', async () => {
    const emulator = new OpenApiEmulator();
    expect(await emulator.handle('subscribeMessage.send', Buffer.from([0x12, 0xff, 0xff, 0x01]))).toMatchObject({
      ok: false,
      code: 'INVALID_PARAM',
    });
    expect(await emulator.handle('subscribeMessage.send', Buffer.from('{"not":"protobuf"}'))).toMatchObject({
      ok: false,
    });
    expect(await emulator.handle('security.msgSecCheck', request(valid))).toMatchObject({
      ok: false,
      code: 'INVALID_ACTION',
    });
    expect(emulator.messages()).toEqual([]);
  });

  test('subscribeMessage.send validates like WeChat and records what it accepts', async () => {
    const emulator = new OpenApiEmulator();
    expect((await reply(emulator, { ...valid, touser: '' })).errcode).toBe(40003);
    expect((await reply(emulator, { ...valid, template_id: undefined })).errcode).toBe(40037);
    expect((await reply(emulator, { ...valid, data: {} })).errcode).toBe(47003);
    expect((await reply(emulator, { ...valid, data: { thing1: { value: '' } } })).errcode).toBe(47003);
    expect(await reply(emulator, { ...valid, touser: 'refuse-1' })).toEqual({
      errcode: 43101,
      errmsg: 'user refuse to accept the msg',
    });
    expect(emulator.messages()).toEqual([]);
    expect(await reply(emulator, valid)).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await reply(emulator, { ...valid, touser: 'o-2' })).errcode).toBe(0);
    expect(emulator.messages()).toMatchObject([
      { touser: 'o-1', templateId: 'tpl', page: 'pages/index/index', data: valid.data, miniprogramState: 'formal' },
      { touser: 'o-2' },
    ]);
    emulator.clear();
    expect(emulator.messages()).toEqual([]);
  });

  describe('wxacode.getUnlimited', () => {
    async function code(emulator: OpenApiEmulator, params: Record<string, unknown>) {
      const res = await emulator.handle('wxacode.getUnlimited', request(params));
      if (!res.ok) throw new Error(res.message);
      return decodeCommOpenApiResp(res.body);
    }
    const json = (resp: { respData: Buffer }) => JSON.parse(resp.respData.toString()) as { errcode: number };
    /** Width and height from a PNG's IHDR. */
    const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

    test('answers a PNG of the asked width that encodes the page and scene, and records it', async () => {
      const emulator = new OpenApiEmulator();
      const resp = await code(emulator, { scene: 'u=91440606722473344C', page: 'pages/redlist/detail/index' });
      expect(resp.contentType).toBe('image/png');
      expect(resp.respData.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(pngSize(resp.respData)).toEqual({ width: 430, height: 430 });
      expect(emulator.codes()).toMatchObject([
        {
          scene: 'u=91440606722473344C',
          page: 'pages/redlist/detail/index',
          width: 430,
          envVersion: 'release',
          checkPath: true,
          opens: 'pages/redlist/detail/index?scene=u%3D91440606722473344C',
          bytes: resp.respData.length,
        },
      ]);
      // Width is clamped to WeChat's 280–1280 px (the upper bound is not drawn here: pngjs is slow under jest).
      expect(pngSize((await code(emulator, { scene: 'a', width: 100 })).respData).width).toBe(280);
      emulator.clear();
      expect(emulator.codes()).toEqual([]);
    });

    test('refuses scenes and pages WeChat refuses, with its error codes', async () => {
      const emulator = new OpenApiEmulator();
      expect(json(await code(emulator, { page: 'pages/a/index' })).errcode).toBe(40129);
      expect(json(await code(emulator, { scene: '' })).errcode).toBe(40129);
      expect(json(await code(emulator, { scene: 'x'.repeat(33) })).errcode).toBe(40129);
      expect(json(await code(emulator, { scene: 'id=中文' })).errcode).toBe(40129);
      expect(json(await code(emulator, { scene: '100%' })).errcode).toBe(40129);
      expect(json(await code(emulator, { scene: 'a', page: '/pages/a/index' })).errcode).toBe(41030);
      expect(json(await code(emulator, { scene: 'a', page: 'pages/a/index?x=1' })).errcode).toBe(41030);
      expect(json(await code(emulator, { scene: 'a', env_version: 'beta' })).errcode).toBe(40097);
      expect(emulator.codes()).toEqual([]);
      // Every allowed special character passes.
      expect((await code(emulator, { scene: "!#$&'()*+,/:;=?@-._~" })).contentType).toBe('image/png');
    });
  });
});
