import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { PAGES, TAB_PAGES } from '../../miniprogram/utils/nav';
import { MINIPROGRAM_ROOT } from './helpers/render';
import { mockWx } from './helpers/wx';

interface AppJson {
  pages: string[];
  subpackages: { root: string; pages: string[] }[];
  tabBar: { list: { pagePath: string; text: string; iconPath: string; selectedIconPath: string }[] };
}

const app: AppJson = JSON.parse(readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8'));
const subpackagePages = app.subpackages.flatMap((s) => s.pages.map((p) => s.root + p));
const allPages = [...app.pages, ...subpackagePages];

/** Width, height and whether any pixel is visible, from an RGBA PNG without filtering (as generated). */
function readIcon(file: string) {
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat = png.indexOf('IDAT');
  const rows = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
  let visible = false;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) visible ||= rows[y * (width * 4 + 1) + 1 + x * 4 + 3] > 0;
  return { width, height, visible };
}

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'miniprogram_npm' ? [] : filesUnder(full, ext);
    return full.endsWith(ext) ? [full] : [];
  });
}

describe('app.json', () => {
  it('has the five tabs in order, the same as TAB_PAGES', () => {
    expect(app.tabBar.list.map((t) => t.text)).toEqual(['首页', '检测券', '红榜', '帮扶', '我的']);
    expect(app.tabBar.list.map((t) => `/${t.pagePath}`)).toEqual(Object.values(TAB_PAGES));
  });

  it('keeps tab pages in the main package (WeChat requires it) and the rest in subpackages', () => {
    for (const tab of app.tabBar.list) expect(app.pages).toContain(tab.pagePath);
    // Only the tabs and the small public hospital list load with the main package.
    expect(app.pages.filter((p) => !app.tabBar.list.some((t) => t.pagePath === p))).toEqual([
      'pages/home/hospitals/index',
    ]);
  });

  it('gives every tab a small 81×81 PNG icon in grey and in green', () => {
    for (const tab of app.tabBar.list) {
      for (const icon of [tab.iconPath, tab.selectedIconPath]) {
        const file = path.join(MINIPROGRAM_ROOT, icon);
        expect(readIcon(file)).toEqual({ width: 81, height: 81, visible: true });
        expect(statSync(file).size).toBeLessThan(40 * 1024);
      }
    }
  });

  it('links only to pages that exist', () => {
    for (const url of [...Object.values(TAB_PAGES), ...Object.values(PAGES)]) expect(allPages).toContain(url.slice(1));
  });

  it('every component a page uses exists', () => {
    for (const file of filesUnder(MINIPROGRAM_ROOT, '.json').filter((f) => /\/(pages|components)\//.test(f))) {
      const using: Record<string, string> = JSON.parse(readFileSync(file, 'utf8')).usingComponents ?? {};
      for (const target of Object.values(using)) {
        const resolved = target.startsWith('/')
          ? path.join(MINIPROGRAM_ROOT, target)
          : path.join(path.dirname(file), target);
        expect(existsSync(`${resolved}.json`)).toBe(true);
      }
    }
  });
});

describe('app.ts', () => {
  it('initialises the cloud on launch, in the environment the mini-program is bound to', () => {
    const wx = mockWx();
    jest.isolateModules(() => {
      require('../../miniprogram/app');
    });
    const instance = getApp() as unknown as { onLaunch(): void };
    instance.onLaunch();
    expect(wx.cloud.init).toHaveBeenCalledWith({ traceUser: true });
  });
});
