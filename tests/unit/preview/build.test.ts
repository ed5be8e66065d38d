import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManifestReader, PreviewBuilder } from '../../../emulator/preview/build';
import { preprocessWxml } from '../../../emulator/preview/wxml';

const FIXTURE = path.resolve(__dirname, '../../e2e/fixtures/mp');

describe('ManifestReader (fixture mini-program)', () => {
  const manifest = new ManifestReader(FIXTURE).readManifest();

  it('lists main-package and subpackage pages, entry first', () => {
    expect(manifest.pages).toEqual([
      'pages/index/index',
      'pages/form/index',
      'pages/detail/index',
      'pages/more/index',
      'pkg/other/index',
    ]);
    expect(manifest.entryPagePath).toBe('pages/index/index');
  });

  it('merges app.json window with each page’s .json', () => {
    expect(manifest.pageEntries['pages/index/index'].window).toMatchObject({
      navigationBarTitleText: '试验首页',
      backgroundColor: '#ededed',
    });
    expect(manifest.pageEntries['pkg/other/index'].window).toMatchObject({
      navigationBarTitleText: '分包页面',
      navigationBarTextStyle: 'white',
    });
  });

  it('reads the tab bar; items without icons have no icon URLs', () => {
    expect(manifest.tabBar?.list).toEqual([
      { pagePath: 'pages/index/index', text: '首页', iconUrl: undefined, selectedIconUrl: undefined },
      { pagePath: 'pages/form/index', text: '表单', iconUrl: undefined, selectedIconUrl: undefined },
    ]);
    expect(manifest.tabBar?.selectedColor).toBe('#07C160');
  });

  it('resolves app-wide and page-relative usingComponents to component entries', () => {
    expect(manifest.pageEntries['pages/index/index'].using).toEqual({
      badge: 'components/badge/index',
      'shared-card': 'components/shared-card/index',
    });
    expect(manifest.componentEntries['components/badge/index']).toMatchObject({ name: 'badge', tagName: 'wxc-badge' });
    expect(manifest.componentEntries['components/shared-card/index'].styleIsolation).toBe('apply-shared');
  });

  it('inlines <include> and warns about undeclared tags', () => {
    expect(manifest.pageEntries['pages/index/index'].template).toContain(
      '<view class="footer">页脚：{{footerText}}</view>',
    );
    expect(manifest.pageEntries['pkg/other/index'].unknownTags).toEqual(['unknown-widget']);
    expect(manifest.warnings).toEqual(['pkg/other/index.wxml: 未声明的组件 <unknown-widget>（预览中按 view 渲染）']);
  });

  it('translates app.wxss with its imports, and scopes page styles', () => {
    expect(manifest.appCss).toContain('.half{width: calc(375 * var(--rpx))');
    expect(manifest.appCss).toContain('wx-page{background-color: #ededed');
    expect(manifest.pageEntries['pages/index/index'].css).toContain(
      '.wxp-pages-index-index .label{color: rgb(0, 0, 255)',
    );
  });
});

describe('preprocessWxml', () => {
  const files: Record<string, string> = {
    '/mp/pages/a/util.wxs': 'module.exports = { twice: function (n) { return n * 2; } };',
    '/mp/parts/head.wxml': '<template name="t"><view>x</view></template><view class="head">{{title}}</view>',
  };
  const run = (source: string) =>
    preprocessWxml(source, { file: '/mp/pages/a/index.wxml', root: '/mp', readFile: (f) => files[f] });

  it('turns model:value into a value plus the write-back marker', () => {
    expect(run('<input model:value="{{form.name}}" />').template).toBe(
      '<input value="{{form.name}}" data-wxp-model="value:form.name" />',
    );
  });

  it('inlines <wxs src> and root-absolute <include>, without the included file’s templates', () => {
    const result = run(
      '<wxs src="./util.wxs" module="u" /><include src="/parts/head.wxml" /><view>{{u.twice(2)}}</view>',
    );
    expect(result.template).toBe(
      `<wxs module="u">${files['/mp/pages/a/util.wxs']}</wxs><view class="head">{{title}}</view><view>{{u.twice(2)}}</view>`,
    );
    expect(result.files).toEqual(['/mp/parts/head.wxml', '/mp/pages/a/util.wxs']);
    expect(result.warnings).toEqual([]);
  });

  it('warns about missing includes and unsupported <import>', () => {
    const result = run('<import src="./x.wxml" /><include src="./gone.wxml" /><view />');
    expect(result.warnings).toEqual([
      'pages/a/index.wxml: <include src="./gone.wxml"> 文件不存在',
      'pages/a/index.wxml: <import> / <template is> 在预览中不渲染，请改用自定义组件',
    ]);
  });
});

describe('PreviewBuilder', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ypt-preview-build-'));
    await cp(FIXTURE, root, { recursive: true });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('bundles every page and component module behind a lazy factory, well under 2 s', async () => {
    const build = await new PreviewBuilder({ root }).app();
    expect(build.error).toBeUndefined();
    for (const key of ['app', 'pages/index/index', 'pages/form/index', 'pkg/other/index', 'components/badge/index']) {
      expect(build.js).toContain(`preview.defineModule(${JSON.stringify(key)}, () =>`);
    }
    expect(build.durationMs).toBeLessThan(2000);
  });

  it('rebuilds when a source changes and reports compile errors with the file', async () => {
    const builder = new PreviewBuilder({ root, checkIntervalMs: 0 });
    const first = await builder.app();
    expect(await builder.app()).toBe(first);

    await writeFile(path.join(root, 'pages/detail/index.js'), 'Page({ data: { broken: ');
    const broken = await builder.app();
    expect(broken.error).toMatch(/小程序编译失败/);
    expect(broken.error).toContain('pages/detail/index.js');
    expect(broken.js).toContain('buildFailed');

    await writeFile(path.join(root, 'pages/detail/index.js'), 'Page({ data: { fixed: true } });');
    const fixed = await builder.app();
    expect(fixed.error).toBeUndefined();
    expect(fixed.js).toContain('fixed: true');
  });

  it('bundles the runtime with the j-component patches applied', async () => {
    const runtime = await new PreviewBuilder({ root }).runtime();
    expect(runtime.js).toContain('writeIdToDOM: true');
    expect(runtime.js).toContain('globalThis.__wxPreviewRpx');
    expect(runtime.durationMs).toBeLessThan(2000);
  });
});
