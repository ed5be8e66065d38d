/**
 * The red list in the web preview on the seeded local cloud: the 红榜 tab shows the latest version,
 * a search for 美达 finds the demo enterprise, and its detail shows the tier badge, the per-year
 * chart and the link to the about page. Screenshots go to tests/e2e/artifacts/redlist-*.png.
 */
import { DEMO_ENTERPRISE } from '../../seed/identities';
import { waitUntil } from '../helpers/wait';
import { usePreview, type Envelope } from './helpers/browser';

jest.setTimeout(90_000);

const preview = usePreview();

it('red-list search → detail: finds 美达 and shows its tier badge', async () => {
  const stats = await preview.callAs<Envelope<{ version: string; counts: { total: number } }>>(
    'demo-consumer',
    'redlist',
    { action: 'stats' },
  );
  const detail = await preview.callAs<Envelope<{ tierLabel: string; streakStart: string; years: number }>>(
    'demo-consumer',
    'redlist',
    { action: 'detail', uscc: DEMO_ENTERPRISE.uscc },
  );
  expect(stats.ok && detail.ok).toBe(true);

  await preview.openAs('demo-consumer', 'pages/redlist-tab/index');
  await preview.waitForText(`${stats.data.version} 期`);
  await preview.waitForText(`共 ${stats.data.counts.total.toLocaleString('en-US')} 家企业`);
  await preview.screenshot('redlist-tab');

  await preview.type('企业名称或统一社会信用代码', '美达');
  await preview.tap('搜索');
  await preview.waitForRoute('pages/redlist/search/index');
  await preview.waitForText(DEMO_ENTERPRISE.name);
  await preview.waitForText(`${detail.data.streakStart} 起连续 ${detail.data.years} 年无不合格`);
  await preview.screenshot('redlist-search');

  await preview.tap(DEMO_ENTERPRISE.name);
  await preview.waitForRoute('pages/redlist/detail/index');
  await preview.waitForText(DEMO_ENTERPRISE.name);
  const badge = preview.screen().locator('.hero__tier').filter({ visible: true }).first();
  await badge.waitFor({ state: 'visible' });
  expect((await badge.innerText()).trim()).toBe(detail.data.tierLabel);
  await preview.waitForText('每年抽检次数');
  await preview.screenshot('redlist-detail');
  // The whole page, down to the objection link.
  await preview.tap('如对榜单信息有异议，可向省市场监管局提出');
  await preview.waitForRoute('pages/redlist/about/index');
  await preview.waitForText('如何提出异议');
  // Opened at the objection section: its heading is at the top, not below the method text.
  const onScreen = async () => {
    const box = await preview.visible('如何提出异议').boundingBox();
    const screen = await preview.screen().boundingBox();
    // Near the top, under the navigation bar.
    return Boolean(box && screen && box.y >= screen.y && box.y < screen.y + screen.height / 3);
  };
  expect(await waitUntil(onScreen, { timeoutMs: 5_000, what: '如何提出异议 scrolled to the top' })).toBe(true);
  await preview.screenshot('redlist-about');
});

it('checks a code as typed and filters by tier and city', async () => {
  await preview.openAs('demo-consumer', 'pages/redlist/search/index');
  await preview.screen().locator('.result').filter({ visible: true }).first().waitFor({ state: 'visible' });
  const wrong = DEMO_ENTERPRISE.uscc.slice(0, 17) + (DEMO_ENTERPRISE.uscc[17] === '0' ? '1' : '0');
  await preview.type('企业名称或统一社会信用代码', wrong);
  await preview.waitForText('统一社会信用代码有误：校验位不符，请核对营业执照上的代码');
  await preview.screenshot('redlist-search-invalid');

  await preview.type('企业名称或统一社会信用代码', '');
  await preview.tap('十年榜');
  const reply = await preview.callAs<Envelope<{ total: number }>>('demo-consumer', 'redlist', {
    action: 'search',
    tier: 'ten',
    page: 1,
  });
  await preview.waitForText(new RegExp(`共 ${reply.data.total.toLocaleString('en-US')} 家$`));
  const tiers = await preview.screen().locator('.result__tier').filter({ visible: true }).allInnerTexts();
  expect(tiers.length).toBeGreaterThan(0);
  expect(new Set(tiers.map((t) => t.trim()))).toEqual(new Set(['十年榜']));
  await preview.screenshot('redlist-search-ten');

  // City: the picker's bottom sheet (tap the option, then 确定).
  await preview.tap('.city-picker');
  await preview.page.locator('.wxp-picker__item', { hasText: /^佛山市$/ }).click();
  await preview.page.locator('.wxp-picker__action--primary').click();
  const foshan = await preview.callAs<Envelope<{ total: number }>>('demo-consumer', 'redlist', {
    action: 'search',
    tier: 'ten',
    city: '佛山市',
    page: 1,
  });
  await preview.waitForText(new RegExp(`共 ${foshan.data.total.toLocaleString('en-US')} 家$`));
  const cities = await preview.screen().locator('.result__city').filter({ visible: true }).allInnerTexts();
  expect(cities.length).toBeGreaterThan(0);
  expect(new Set(cities.map((c) => c.trim()))).toEqual(new Set(['所在城市：佛山市']));
  await preview.screenshot('redlist-search-ten-foshan');
});
