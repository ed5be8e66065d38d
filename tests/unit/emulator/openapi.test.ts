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

function reply(emulator: OpenApiEmulator, params: Record<string, unknown>) {
  const res = emulator.handle('subscribeMessage.send', request(params));
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

  test('malformed request data is an error reply, not a crash', () => {
    const emulator = new OpenApiEmulator();
    expect(emulator.handle('subscribeMessage.send', Buffer.from([0x12, 0xff, 0xff, 0x01]))).toMatchObject({
      ok: false,
      code: 'INVALID_PARAM',
    });
    expect(emulator.handle('subscribeMessage.send', Buffer.from('{"not":"protobuf"}'))).toMatchObject({ ok: false });
    expect(emulator.handle('security.msgSecCheck', request(valid))).toMatchObject({
      ok: false,
      code: 'INVALID_ACTION',
    });
    expect(emulator.messages()).toEqual([]);
  });

  test('subscribeMessage.send validates like WeChat and records what it accepts', () => {
    const emulator = new OpenApiEmulator();
    expect(reply(emulator, { ...valid, touser: '' }).errcode).toBe(40003);
    expect(reply(emulator, { ...valid, template_id: undefined }).errcode).toBe(40037);
    expect(reply(emulator, { ...valid, data: {} }).errcode).toBe(47003);
    expect(reply(emulator, { ...valid, data: { thing1: { value: '' } } }).errcode).toBe(47003);
    expect(reply(emulator, { ...valid, touser: 'refuse-1' })).toEqual({
      errcode: 43101,
      errmsg: 'user refuse to accept the msg',
    });
    expect(emulator.messages()).toEqual([]);
    expect(reply(emulator, valid)).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(reply(emulator, { ...valid, touser: 'o-2' }).errcode).toBe(0);
    expect(emulator.messages()).toMatchObject([
      { touser: 'o-1', templateId: 'tpl', page: 'pages/index/index', data: valid.data, miniprogramState: 'formal' },
      { touser: 'o-2' },
    ]);
    emulator.clear();
    expect(emulator.messages()).toEqual([]);
  });
});
