/**
 * The preview runtime on a small fixture mini-program (tests/e2e/fixtures/mp, plain JS): taps and
 * datasets, rpx and style isolation, custom components and their events, navigation with queries
 * and lifecycles, system dialogs, wx.cloud errors, per-identity storage, and the form controls
 * with WeChat's event details.
 */
import path from 'node:path';
import { waitUntil } from '../helpers/wait';
import { startPreview, type PreviewSession } from './helpers/browser';

jest.setTimeout(60_000);

let preview: PreviewSession;

beforeAll(async () => {
  preview = await startPreview({ miniprogramRoot: path.join(__dirname, 'fixtures/mp'), seed: false });
});

afterAll(async () => {
  await preview?.close();
});

afterEach(async () => {
  expect(await preview.errors()).toEqual([]);
});

/** A 3×2 PNG (WeChat green). */
const PNG_3X2 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGNgP5gAQQxwFgBDXgbxxrCrLwAAAABJRU5ErkJggg==',
  'base64',
);

const text = (selector: string) => preview.screen().locator(selector).filter({ visible: true }).first().innerText();
const pickOption = (label: string) => preview.page.locator('.wxp-picker__item', { hasText: label }).first().click();
const confirmSheet = () => preview.page.locator('.wxp-picker__action--primary').click();

describe('rendering', () => {
  beforeAll(async () => {
    await preview.openAs('demo-consumer');
  });

  it('runs App() once and opens the first page with the text-only tab bar', async () => {
    await preview.waitForText('启动次数：1');
    expect(await preview.currentRoute()).toBe('pages/index/index');
    expect(await preview.page.locator('.wxp-tabbar__item').allInnerTexts()).toEqual(['首页', '表单']);
  });

  it('turns a click into a tap whose handler sees the dataset', async () => {
    await preview.tap('计数：0');
    await preview.waitForText('计数：2');
    await preview.tap('计数：2');
    await preview.waitForText('计数：4');
  });

  it('sizes rpx from the phone width and keeps component styles isolated', async () => {
    const style = (selector: string) =>
      preview.page
        .locator(selector)
        .first()
        .evaluate((el) => {
          const computed = el.ownerDocument.defaultView!.getComputedStyle(el);
          return { width: el.getBoundingClientRect().width, color: computed.color };
        });
    // 375rpx on a 375 px wide phone.
    expect((await style('#half')).width).toBeCloseTo(187.5, 1);
    // Page `.label` and the badge component's own `.label` do not leak into each other.
    expect((await style('wx-page .label')).color).toBe('rgb(0, 0, 255)');
    expect((await style('wxc-badge wx-view')).color).toBe('rgb(250, 81, 81)');
    // styleIsolation apply-shared: app.wxss reaches into the component.
    expect((await style('wxc-shared-card wx-view')).color).toBe('rgb(1, 2, 3)');
    // <include> is inlined with the page's data.
    await preview.waitForText('页脚：固定文字');
  });

  it('delivers a custom component event with its detail', async () => {
    await preview.tap('徽标');
    await preview.waitForText('收到：徽标');
  });

  it('reports a failed cloud function call with its errCode', async () => {
    await preview.tap('调用不存在的云函数');
    await preview.waitForText('调用失败：-501000');
  });
});

describe('navigation', () => {
  beforeAll(async () => {
    await preview.openAs('demo-consumer');
  });

  it('navigateTo passes the raw query to onLoad and runs load, show, ready in order', async () => {
    await preview.tap('打开详情');
    await preview.waitForRoute('pages/detail/index');
    await preview.waitForText('id=42 name=测试');
    await preview.waitForText('load,show,ready');
    // onReady set the title; the back button is there.
    expect(await preview.page.locator('.wxp-navbar__title').innerText()).toBe('详情 42');
    expect(await preview.page.locator('.wxp-navbar__btn[aria-label="返回"]').count()).toBe(1);
    await preview.screenshot('fixture-detail');
  });

  it('answers showModal and showActionSheet with what the user chose', async () => {
    await preview.tap('提问');
    await preview.page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await preview.waitForText('确定');
    await preview.tap('菜单');
    await preview.page.getByRole('dialog').getByRole('button', { name: '乙' }).click();
    await preview.waitForText('选了1');
    await preview.tap('菜单');
    await preview.page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await preview.waitForText('showActionSheet:fail cancel');
  });

  it('scanCode asks for the code’s content', async () => {
    await preview.tap('扫码');
    const dialog = preview.page.getByRole('dialog');
    await dialog.locator('input').fill('YPT1.demo');
    await dialog.getByRole('button', { name: '识别' }).click();
    await preview.waitForText('扫到：YPT1.demo');
  });

  it('chooseMedia + cloud.uploadFile store the file in the local cloud, and <image> shows the fileID', async () => {
    const [chooser] = await Promise.all([preview.page.waitForEvent('filechooser'), preview.tap('上传图片')]);
    await chooser.setFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG_3X2 });
    const fileID = await text('.file-id');
    expect(fileID).toMatch(/^cloud:\/\/.+\/fixture\/\d+\.png$/);
    // The image loads from the local cloud's /files/ with the uploaded bytes.
    await preview.waitForText('3x2');
    const stored = await preview.cloud.storage.get(fileID.replace(/^cloud:\/\/[^/]+\//, ''));
    expect(stored?.equals(PNG_3X2)).toBe(true);
  });

  it('navigateBack returns to the page below, which kept its state and got the event channel’s message', async () => {
    await preview.tap('返回上一页');
    await preview.waitForRoute('pages/index/index');
    await preview.waitForText('启动次数：1');
    await preview.waitForText('回执：详情 42 已打开');
  });

  it('opens a subpackage page from a navigator, with the page’s own bar colours, and goes back', async () => {
    await preview.tap('分包页面');
    await preview.waitForRoute('pkg/other/index');
    await preview.waitForText('来自 index');
    // Undeclared tags render as views rather than breaking the page.
    await preview.waitForText('未声明的标签');
    const navbar = preview.page.locator('.wxp-navbar');
    expect(await navbar.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor)).toBe(
      'rgb(7, 193, 96)',
    );
    await preview.page.locator('.wxp-navbar__btn[aria-label="返回"]').click();
    await preview.waitForRoute('pages/index/index');
  });
});

describe('storage', () => {
  it('is kept per identity', async () => {
    await preview.openAs('demo-consumer');
    await preview.tap('写入存储');
    await preview.waitForText('存储：已保存');

    await preview.openAs('demo-consumer');
    await preview.waitForText('存储：已保存');

    await preview.openAs('demo-staff');
    await preview.waitForText('存储：（空）');
  });
});

describe('form controls', () => {
  beforeAll(async () => {
    await preview.openAs('demo-consumer', 'pages/form/index');
  });

  it('input events carry the value; type=number drops other characters; model:value writes back', async () => {
    await preview.type('请输入姓名', '张三');
    await preview.waitForText('输入：张三');
    await preview.type('请输入手机号', '138abc0013');
    await preview.waitForText('双向：1380013');
  });

  it('checkbox-group, radio-group and switch report WeChat’s change details', async () => {
    await preview.tap('选项A');
    await preview.waitForText('多选：a,b');
    await preview.tap('选项B');
    await preview.waitForText('多选：a');
    await preview.tap('个人');
    await preview.tap('wx-switch');
    await preview.waitForText('开关：true');
  });

  it('pickers: selector gives an index, date a YYYY-MM-DD string, region names', async () => {
    await preview.tap('城市：广州');
    await pickOption('深圳');
    await confirmSheet();
    await preview.waitForText('城市：深圳');

    await preview.tap('日期：2025-06-15');
    await pickOption('2026年');
    await confirmSheet();
    await preview.waitForText('日期：2026-06-15');

    await preview.tap('地区：广东省/广州市/天河区');
    await pickOption('佛山市');
    await pickOption('顺德区');
    await confirmSheet();
    await preview.waitForText('地区：广东省/佛山市/顺德区');
  });

  it('submits detail.value collected from the named fields', async () => {
    await preview.tap('提交');
    await preview.screen().locator('.result').filter({ hasText: '{' }).waitFor();
    expect(JSON.parse(await text('.result'))).toEqual({
      name: '张三',
      phone: '1380013',
      note: '',
      tags: ['a'],
      kind: 'person',
      agree: true,
      city: 1,
      date: '2026-06-15',
      region: ['广东省', '佛山市', '顺德区'],
    });
    await preview.screenshot('fixture-form');
  });

  it('reset clears the fields and fires reset', async () => {
    await preview.tap('重置');
    await preview.waitForText('已重置');
    expect(await preview.screen().locator('wx-input input').first().inputValue()).toBe('');
  });

  it('getPhoneNumber: refusing gives errMsg "fail user deny", allowing a cloudID', async () => {
    await preview.tap('获取手机号');
    await preview.page.getByRole('dialog').getByRole('button', { name: '拒绝' }).click();
    await preview.waitForText('getPhoneNumber:fail user deny');

    await preview.tap('获取手机号');
    const dialog = preview.page.getByRole('dialog');
    // The demo consumer's own number is offered.
    expect(await dialog.locator('input').inputValue()).toMatch(/^1\d{10}$/);
    await dialog.getByRole('button', { name: '允许' }).click();
    await preview.waitForText('cloudID:getPhoneNumber:ok');
  });
});

describe('more components and page events', () => {
  beforeAll(async () => {
    await preview.openAs('demo-consumer', 'pages/more/index');
  });

  const scrollTo = (selector: string, where: 'top' | 'end') =>
    preview
      .screen()
      .locator(selector)
      .filter({ visible: true })
      .first()
      .evaluate((el, end) => {
        el.scrollTop = end ? el.scrollHeight : 0;
      }, where === 'end');
  const PAGE_SCROLLER = '.wxp-page-frame:not(.wxp-page-frame--hidden) .wxp-page-scroll';

  it('multiSelector fires columnchange and follows the range the page changes in response', async () => {
    await preview.tap('分类：电器 / 冰箱');
    await pickOption('线缆');
    // The page replaced the second column on columnchange; the open sheet shows it.
    await pickOption('电缆');
    await confirmSheet();
    await preview.waitForText('分类：线缆 / 电缆');
  });

  it('scroll-view fires scrolltolower', async () => {
    await scrollTo('wx-scroll-view', 'end');
    await preview.waitForText('触底：1');
  });

  it('swiper follows `current` and draws its dots', async () => {
    await preview.tap('下一张（当前 0）');
    await preview.waitForText('下一张（当前 1）');
    const track = preview.screen().locator('.wxb-swiper__track');
    await expectEventually(async () => (await track.getAttribute('style')) ?? '', /translateX\(-100%\)/);
    expect(await preview.screen().locator('.wxb-swiper__dot').count()).toBe(2);
  });

  it('rich-text renders markup without scripts', async () => {
    expect(await preview.screen().locator('wx-rich-text b').innerText()).toBe('加粗');
    expect(await preview.screen().locator('wx-rich-text script').count()).toBe(0);
  });

  it('icon sizes are px, progress shows its percentage', async () => {
    const box = await preview.screen().locator('wx-icon .wxb-icon__box').first().boundingBox();
    expect(box?.width).toBeCloseTo(30, 0);
    expect(box?.height).toBeCloseTo(30, 0);
    expect(await preview.screen().locator('wx-progress .wxb-progress__info').innerText()).toBe('60%');
  });

  it('an API the preview lacks fails with "not supported in preview"', async () => {
    await preview.tap('调用预览不支持的接口');
    await preview.waitForText('openChannelsActivity:fail not supported in preview');
  });

  it('a wheel pull at the top triggers onPullDownRefresh, scrolling to the end onReachBottom', async () => {
    await scrollTo(PAGE_SCROLLER, 'top');
    await preview.page.mouse.move(187, 400);
    await preview.page.mouse.wheel(0, -400);
    await preview.waitForText('刷新次数：1');
    await preview.screenshot('fixture-more');
    await scrollTo(PAGE_SCROLLER, 'end');
    await preview.waitForText('页面底部（触底 1 次）');
  });
});

/** Polls `read` until it matches (for style changes applied after a render tick). */
async function expectEventually(read: () => Promise<string>, pattern: RegExp, timeoutMs = 3000): Promise<void> {
  let last = '';
  await waitUntil(
    async () => {
      last = await read();
      return pattern.test(last);
    },
    { timeoutMs, what: `a value matching ${pattern}` },
  ).catch(() => undefined);
  expect(last).toMatch(pattern);
}
