import path from 'node:path';
import { rpxToCss } from '../../../emulator/preview/shared';
import { CLASS_PREFIX_TOKEN, translateWxss, type WxssScope } from '../../../emulator/preview/wxss';

const APP: WxssScope = { kind: 'app' };
const PAGE: WxssScope = { kind: 'page', scopeClass: 'wxp-pages-home-index' };
const COMPONENT: WxssScope = { kind: 'component', hostTag: 'wxc-card' };

/** Normalises whitespace so expectations read like the CSS a browser gets. */
const css = (source: string, scope: WxssScope = APP) => translateWxss(source, scope).css.replace(/\s+/g, ' ').trim();

describe('rpx', () => {
  it('becomes a multiple of the phone screen’s --rpx in values', () => {
    expect(css('.a { width: 750rpx; margin: -10rpx 1.5rpx .5rpx 0 }')).toBe(
      '.a{width: calc(750 * var(--rpx)); margin: calc(-10 * var(--rpx)) calc(1.5 * var(--rpx)) calc(.5 * var(--rpx)) 0}',
    );
  });

  it('is left alone inside strings and identifiers', () => {
    expect(rpxToCss('content: "12rpx"; font-family: a10rpx; width: 2rpx')).toBe(
      'content: "12rpx"; font-family: a10rpx; width: calc(2 * var(--rpx))',
    );
  });

  it('in a media query is taken at the 375 px preview width (var() is not allowed there)', () => {
    expect(css('@media (min-width: 600rpx) { .a { width: 100rpx } }')).toBe(
      '@media (min-width: 300px){.a{width: calc(100 * var(--rpx))}}',
    );
  });

  it('in keyframes declarations is translated, keyframe selectors are not', () => {
    expect(css('@keyframes grow { from { width: 0 } 50% { width: 20rpx } }')).toBe(
      '@keyframes grow{from{width: 0}50%{width: calc(20 * var(--rpx))}}',
    );
  });
});

describe('tag selectors', () => {
  it('map built-in components to their wx- elements, keeping other parts of the selector', () => {
    expect(css('view .title, text.b > button[type=primary]:active, .x image::after { color: red }')).toBe(
      'wx-view .title,wx-text.b > wx-button[type=primary]:active,.x wx-image::after{color: red}',
    );
  });

  it('leave classes, ids, attribute values and pseudo-class arguments that look like tags alone', () => {
    expect(css('.view #text [data-kind="view"]:nth-child(2n+1) { color: red }')).toBe(
      '.view #text [data-kind="view"]:nth-child(2n+1){color: red}',
    );
  });

  it('inside :not() are translated too', () => {
    expect(css('.list > :not(view) { margin: 0 }')).toBe('.list > :not(wx-view){margin: 0}');
  });
});

describe('page selector', () => {
  it('is the page root element in app.wxss', () => {
    expect(css('page { background: #ededed }')).toBe('wx-page{background: #ededed}');
  });

  it('is the page’s own root in a page’s wxss, and every other rule is scoped under it', () => {
    expect(css('page { background: #fff } page.dark .a, .card view { color: red }', PAGE)).toBe(
      'wx-page.wxp-pages-home-index{background: #fff} wx-page.wxp-pages-home-index.dark .a,.wxp-pages-home-index .card wx-view{color: red}',
    );
  });
});

describe('component scope', () => {
  it('marks classes with the prefix token and turns :host into the host element', () => {
    expect(css(':host { display: block } :host(.on) .t, .a.b { color: red }', COMPONENT)).toBe(
      `wxc-card{display: block} wxc-card.on .${CLASS_PREFIX_TOKEN}t,.${CLASS_PREFIX_TOKEN}a.${CLASS_PREFIX_TOKEN}b{color: red}`,
    );
  });
});

describe('comments and at-rules', () => {
  it('drops comments but keeps comment-like text in strings', () => {
    expect(css('/* x */ .a { content: "/* y */" } /* z */')).toBe('.a{content: "/* y */"}');
  });

  it('keeps @font-face and @supports, scoping rules inside @supports', () => {
    expect(
      css('@font-face { font-family: x; src: url(a.ttf) } @supports (display: grid) { .a { display: grid } }', PAGE),
    ).toBe(
      '@font-face{font-family: x; src: url(a.ttf)} @supports (display: grid){.wxp-pages-home-index .a{display: grid}}',
    );
  });
});

describe('@import', () => {
  const root = '/mp';
  const files: Record<string, string> = {
    '/mp/styles/base.wxss': '@import "./colors.wxss"; view { padding: 10rpx }',
    '/mp/styles/colors.wxss': '.red { color: red }',
    '/mp/pages/home/index.wxss':
      '@import "../../styles/base.wxss"; @import \'/styles/colors.wxss\'; .home { margin: 0 }',
    '/mp/loop/a.wxss': '@import "./b.wxss"; .a {}',
    '/mp/loop/b.wxss': '@import "./a.wxss"; .b {}',
  };
  const readFile = (file: string) => files[path.normalize(file)];

  it('inlines relative and root-absolute imports recursively, translated in the importer’s scope', () => {
    const result = translateWxss(files['/mp/pages/home/index.wxss'], PAGE, {
      file: '/mp/pages/home/index.wxss',
      root,
      readFile,
    });
    expect(result.css.replace(/\s+/g, ' ')).toBe(
      '.wxp-pages-home-index .red{color: red} .wxp-pages-home-index wx-view{padding: calc(10 * var(--rpx))} .wxp-pages-home-index .red{color: red} .wxp-pages-home-index .home{margin: 0}',
    );
    expect(result.imports).toEqual(['/mp/styles/base.wxss', '/mp/styles/colors.wxss', '/mp/styles/colors.wxss']);
    expect(result.warnings).toEqual([]);
  });

  it('reports missing files and import cycles instead of failing', () => {
    const missing = translateWxss('@import "./nope.wxss"; .a { color: red }', APP, {
      file: '/mp/app.wxss',
      root,
      readFile,
    });
    expect(missing.css).toBe('.a{color: red}');
    expect(missing.warnings).toEqual(['app.wxss: @import "./nope.wxss" 文件不存在']);

    const cycle = translateWxss(files['/mp/loop/a.wxss'], APP, { file: '/mp/loop/a.wxss', root, readFile });
    expect(cycle.css.replace(/\s+/g, ' ')).toBe('.b{} .a{}');
    expect(cycle.warnings).toEqual(['b.wxss: @import "./a.wxss" 循环引用，已忽略']);
  });
});
