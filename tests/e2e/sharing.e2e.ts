/**
 * Sharing and places in the web preview on the seeded local cloud: a red-list enterprise's badge
 * poster is drawn on a canvas 2d (checked by its pixels) and saved; the capsule menu's 发送给朋友 /
 * 分享到朋友圈 show the card each page returns, and the shared path opens for a new user (the poster's
 * code scene too); the product hospitals sort by distance from the preview's demo location and open a
 * hospital's location. Screenshots go to tests/e2e/artifacts/sharing-*.png.
 */
import { DEMO_ENTERPRISE } from '../../seed/identities';
import { usePreview, type Envelope } from './helpers/browser';

jest.setTimeout(120_000);

const preview = usePreview();

/** Opens the capsule's ··· menu and picks an entry; returns the share card's title and path. */
async function share(entry: '发送给朋友' | '分享到朋友圈'): Promise<{ title: string; path: string }> {
  await preview.tap('.wxp-capsule__btn[aria-label="更多"]');
  await preview.tap(entry);
  const card = preview.screen().locator('.wxp-share').filter({ visible: true }).first();
  await card.waitFor({ state: 'visible' });
  return {
    title: (await card.locator('.wxp-share__title').innerText()).trim(),
    path: (await card.locator('.wxp-share__path').innerText()).trim(),
  };
}

async function closeCard(): Promise<void> {
  await preview.tap('关闭');
  await preview.screen().locator('.wxp-share').waitFor({ state: 'detached' });
}

it('draws the badge poster on the canvas and saves it', async () => {
  await preview.openAs('demo-enterprise', `pages/redlist/detail/index?uscc=${DEMO_ENTERPRISE.uscc}`);
  await preview.waitForText(DEMO_ENTERPRISE.name);
  await preview.tap('生成红榜海报');
  await preview.waitForRoute('pages/redlist/poster/index');
  const save = preview.screen().locator('.poster-save').filter({ visible: true }).first();
  await save.waitFor({ state: 'visible' });
  await preview.page.waitForFunction(
    `!document.querySelector('#wxp-screen .poster-save')?.hasAttribute('disabled')`,
    undefined,
    { timeout: 20_000 },
  );

  // The canvas holds the poster: white paper, the red header band and the dark modules of the code.
  // (A string: the tests' tsconfig has no DOM types.)
  const pixels = await preview.page.evaluate<{
    width: number;
    height: number;
    total: number;
    painted: number;
    red: number;
    dark: number;
  }>(`(() => {
    const canvas = [...document.querySelectorAll('#wxp-screen wx-canvas canvas')].find((c) => c.offsetParent !== null);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0, red = 0, dark = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i], g = data[i + 1], b = data[i + 2], a = data[i + 3];
      if (a > 0) painted += 1;
      if (r > 150 && g < 60 && b < 60) red += 1;
      if (a > 0 && r < 60 && g < 60 && b < 60) dark += 1;
    }
    return { width: canvas.width, height: canvas.height, total: data.length / 4, painted, red, dark };
  })()`);
  expect(pixels.width).toBeGreaterThanOrEqual(300);
  expect(pixels.height / pixels.width).toBeCloseTo(500 / 300, 2);
  expect(pixels.painted).toBe(pixels.total);
  expect(pixels.red / pixels.total).toBeGreaterThan(0.1);
  expect(pixels.dark / pixels.total).toBeGreaterThan(0.02);
  await preview.screenshot('sharing-poster');

  await save.click();
  await preview.waitForText('已保存到相册');
});

it('shares a red-list entry; the card opens the same entry for a new user, as does the poster’s code', async () => {
  await preview.openAs('demo-consumer', `pages/redlist/detail/index?uscc=${DEMO_ENTERPRISE.uscc}`);
  await preview.waitForText(DEMO_ENTERPRISE.name);
  const friend = await share('发送给朋友');
  expect(friend.title).toContain(DEMO_ENTERPRISE.name);
  expect(friend.title).toMatch(/广东省产品质量红榜(十年榜|五年榜|三年榜)/);
  expect(friend.path).toBe(`/pages/redlist/detail/index?uscc=${DEMO_ENTERPRISE.uscc}`);
  await preview.screenshot('sharing-redlist-card');
  await closeCard();
  const timeline = await share('分享到朋友圈');
  expect(timeline.path).toBe(friend.path);
  await closeCard();

  await preview.openAs('demo-newcomer', friend.path.slice(1));
  await preview.waitForText(DEMO_ENTERPRISE.name);
  const scene = encodeURIComponent(`u=${DEMO_ENTERPRISE.uscc}`);
  await preview.openAs('demo-newcomer', `pages/redlist/detail/index?scene=${scene}`);
  await preview.waitForText(DEMO_ENTERPRISE.name);
});

it('shares a campaign and its results; each opens for a new user', async () => {
  const campaigns = await preview.callAs<Envelope<{ items: { campaignId: string; title: string; status: string }[] }>>(
    'demo-newcomer',
    'voucher',
    { action: 'listCampaigns' },
  );
  const campaign = campaigns.data.items[0];
  await preview.openAs('demo-consumer', `pages/voucher/campaign/index?campaignId=${campaign.campaignId}`);
  await preview.waitForText(campaign.title);
  const card = await share('发送给朋友');
  expect(card.title).toBe(`产品质量检测券：${campaign.title}`);
  expect(card.path).toBe(`/pages/voucher/campaign/index?campaignId=${campaign.campaignId}`);
  await closeCard();
  await preview.openAs('demo-newcomer', card.path.slice(1));
  await preview.waitForText(campaign.title);

  const published = campaigns.data.items.find((c) => c.status === 'published');
  if (!published) throw new Error('the demo seed publishes a campaign');
  await preview.openAs('demo-consumer', `pages/voucher/results/index?campaignId=${published.campaignId}`);
  await preview.idle();
  const results = await share('分享到朋友圈');
  expect(results.title).toBe(`${published.title} · 摇号结果`);
  expect(results.path).toBe(`/pages/voucher/results/index?campaignId=${published.campaignId}`);
  await closeCard();
  await preview.openAs('demo-newcomer', results.path.slice(1));
  await preview.idle();
  expect(await preview.currentRoute()).toBe('pages/voucher/results/index');
});

it('lists the product hospitals nearest first and opens one’s location', async () => {
  await preview.openAs('demo-consumer', 'pages/home/hospitals/index');
  await preview.waitForText('按离我最近排序');
  const names = () => preview.screen().locator('.hospital__name').allInnerTexts();
  const before = await names();
  await preview.tap('按离我最近排序');
  await preview.waitForText('已按离你的距离由近到远排序');
  const after = await names();
  expect(after).not.toEqual(before);
  // The preview's demo location is in central Guangzhou: a Guangzhou hospital comes first.
  const firstCity = await preview.screen().locator('.hospital').first().innerText();
  expect(firstCity).toContain('广州市');
  expect(firstCity).toMatch(/距你约 [\d.]+ (公里|米)/);
  expect(await preview.screen().locator('.hospital').first().innerText()).not.toContain('演示地址');
  await preview.screenshot('sharing-hospitals');

  await preview.screen().locator('.hospital__map').first().click();
  const panel = preview.screen().locator('.wxp-location');
  await panel.waitFor({ state: 'visible' });
  expect(await panel.innerText()).toContain(after[0]);
  expect(await panel.innerText()).toMatch(/纬度 23\.\d+，经度 113\.\d+/);
});
