import type { RedlistPosterView } from '../../../../typings/api';
import { flush, renderPage } from '../../helpers/render';
import { fail, mockWx, ok } from '../../helpers/wx';
import { MEIDA_USCC } from '../../helpers/redlist-fixtures';

const POSTER_PAGE = 'pages/redlist/poster/index';

function poster(overrides: Partial<RedlistPosterView> = {}): RedlistPosterView {
  return {
    uscc: MEIDA_USCC,
    name: '佛山市顺德区美达电器有限公司',
    tier: 'ten',
    tierLabel: '十年榜',
    years: 13,
    streakStart: '2012-05-01',
    version: '2025-10',
    asOf: '2025-10-31',
    codeUrl: 'https://files.example/redlist-codes/code.png?sign=1',
    codeExpiresIn: 1800,
    scene: `u=${MEIDA_USCC}`,
    page: 'pages/redlist/detail/index',
    ...overrides,
  };
}

type Callbacks = { success?: (r: any) => void; fail?: (e: { errMsg: string }) => void };

/** WeChat's canvas 2d as the page meets it: a node from the selector query whose context records calls. */
function mockCanvas(options: { album?: 'ok' | 'deny'; download?: number } = {}) {
  const calls: { op: string; args: unknown[] }[] = [];
  const ctx = new Proxy(
    { measureText: (text: string) => ({ width: Array.from(text).length * 16 }) } as Record<string, unknown>,
    {
      get: (target, prop: string) =>
        prop in target ? target[prop] : (...args: unknown[]) => calls.push({ op: prop, args }),
      set: (_t, prop: string, value) => {
        calls.push({ op: `set ${prop}`, args: [value] });
        return true;
      },
    },
  );
  const image: { src: string; onload: (() => void) | null; onerror: (() => void) | null } = {
    src: '',
    onload: null,
    onerror: null,
  };
  const node = {
    width: 300,
    height: 150,
    getContext: jest.fn(() => ctx),
    createImage: jest.fn(() => {
      // Loads as soon as src is set, as a local temp file does.
      return new Proxy(image, {
        set(target, prop, value) {
          (target as Record<string | symbol, unknown>)[prop] = value;
          if (prop === 'src') queueMicrotask(() => target.onload?.());
          return true;
        },
      });
    }),
  };
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  const mocks = {
    createSelectorQuery: jest.fn(() => {
      const query = {
        select: () => query,
        fields: () => query,
        exec: (cb: (r: unknown[]) => void) => queueMicrotask(() => cb([{ node, width: 300, height: 500 }])),
      };
      return query;
    }),
    getWindowInfo: jest.fn(() => ({ pixelRatio: 3 })),
    downloadFile: jest.fn((o: Callbacks & { url: string }) =>
      o.success?.({ tempFilePath: 'wxfile://tmp/code.png', statusCode: options.download ?? 200 }),
    ),
    canvasToTempFilePath: jest.fn((o: Callbacks) => o.success?.({ tempFilePath: 'wxfile://tmp/poster.png' })),
    saveImageToPhotosAlbum: jest.fn((o: Callbacks) =>
      options.album === 'deny'
        ? o.fail?.({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' })
        : o.success?.({ errMsg: 'saveImageToPhotosAlbum:ok' }),
    ),
    openSetting: jest.fn(),
  };
  Object.assign(wx, mocks);
  const texts = () => calls.filter((c) => c.op === 'fillText').map((c) => c.args[0]);
  return { ...mocks, node, image, calls, texts };
}

describe('红榜海报', () => {
  it('asks for the poster of the linked enterprise and draws it on a canvas sized for the screen', async () => {
    const wx = mockWx({ 'redlist.poster': ok(poster()) });
    const canvas = mockCanvas();
    const view = await renderPage(POSTER_PAGE, { uscc: MEIDA_USCC });
    await flush();

    expect(wx.calls()).toEqual([{ name: 'redlist', data: { action: 'poster', uscc: MEIDA_USCC } }]);
    expect(canvas.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: poster().codeUrl }));
    expect(canvas.image.src).toBe('wxfile://tmp/code.png');
    expect(canvas.node).toMatchObject({ width: 900, height: 1500 });
    expect(canvas.calls).toContainEqual({ op: 'scale', args: [3, 3] });
    expect(canvas.texts()).toEqual(
      expect.arrayContaining([
        '广东省产品质量红榜',
        '十年榜',
        '佛山市顺德区美达电器有限公司',
        '连续 13 年抽检无不合格',
        '2025-10 期红榜 · 评估日期 2025年10月31日',
        '微信扫码 查看红榜最新信息',
      ]),
    );
    const drawn = canvas.calls.find((c) => c.op === 'drawImage');
    expect(drawn?.args[0]).toBe(canvas.node.createImage.mock.results[0].value);
    expect(view.data.drawn).toBe(true);
    expect(view.dom('.poster-save')?.getAttribute('disabled')).not.toBe('true');
    // The canvas has a text alternative.
    expect(view.data.alt).toBe(
      '红榜海报：佛山市顺德区美达电器有限公司，十年榜，连续 13 年抽检无不合格，2025-10 期红榜，附查看红榜信息的小程序码',
    );
  });

  it('saves the drawn poster to the album', async () => {
    const wx = mockWx({ 'redlist.poster': ok(poster()) });
    const canvas = mockCanvas();
    const view = await renderPage(POSTER_PAGE, { uscc: MEIDA_USCC });
    await flush();
    await view.tap('.poster-save');
    await flush();
    expect(canvas.canvasToTempFilePath).toHaveBeenCalledWith(expect.objectContaining({ canvas: canvas.node }));
    expect(canvas.saveImageToPhotosAlbum).toHaveBeenCalledWith(
      expect.objectContaining({ filePath: 'wxfile://tmp/poster.png' }),
    );
    expect(wx.lastToast()).toBe('已保存到相册');
  });

  it('says how to allow the album when the user refused it, and opens the settings', async () => {
    const wx = mockWx({ 'redlist.poster': ok(poster()) });
    const canvas = mockCanvas({ album: 'deny' });
    wx.showModal.mockImplementation((o: Callbacks) => o.success?.({ confirm: true }));
    const view = await renderPage(POSTER_PAGE, { uscc: MEIDA_USCC });
    await flush();
    await view.tap('.poster-save');
    await flush();
    expect(wx.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ title: '无法保存到相册', confirmText: '去设置' }),
    );
    expect(canvas.openSetting).toHaveBeenCalled();
    expect(wx.lastToast()).toBeUndefined();
  });

  it('cannot save before the poster is drawn (the code could not be downloaded)', async () => {
    mockWx({ 'redlist.poster': ok(poster()) });
    const canvas = mockCanvas({ download: 404 });
    const view = await renderPage(POSTER_PAGE, { uscc: MEIDA_USCC });
    await flush();
    expect(view.data.drawn).toBe(false);
    expect(view.text('.poster-drawing')).toBe('海报绘制失败，请返回重试');
    await view.tap('.poster-save');
    await flush();
    expect(canvas.canvasToTempFilePath).not.toHaveBeenCalled();
  });

  it('shows the server’s reason when the enterprise is not on the latest list', async () => {
    mockWx({
      'redlist.poster': fail('NOT_FOUND', '该企业未列入 2025-10 期红榜（评估日期 2025-10-31），不能生成红榜海报'),
    });
    const canvas = mockCanvas();
    const view = await renderPage(POSTER_PAGE, { uscc: MEIDA_USCC });
    await flush();
    expect(view.text('.state-empty')).toBe('该企业未列入 2025-10 期红榜（评估日期 2025-10-31），不能生成红榜海报');
    expect(canvas.downloadFile).not.toHaveBeenCalled();
  });
});
