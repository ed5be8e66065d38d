/**
 * The web preview of the real mini-program (miniprogram/) on a seeded local cloud, in Chromium:
 * it starts on the entry page with the tab bar, tabs switch, pages show what the functions return
 * for the current demo identity, the identity switcher relaunches as another user, and the
 * simulated getPhoneNumber button verifies a phone end to end.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_ENTERPRISE, DEMO_IDENTITIES } from '../../seed/identities';
import { usePreview, type Envelope } from './helpers/browser';

jest.setTimeout(90_000);

const MINIPROGRAM = path.resolve(__dirname, '../../miniprogram');
const appJson = JSON.parse(readFileSync(path.join(MINIPROGRAM, 'app.json'), 'utf8')) as {
  pages: string[];
  entryPagePath?: string;
  window?: { navigationBarTitleText?: string };
  subpackages?: { root: string; pages: string[] }[];
  tabBar: { list: { pagePath: string; text: string }[] };
};
const ENTRY = appJson.entryPagePath ?? appJson.pages[0];
const TABS = appJson.tabBar.list;

/** The title a page's .json (or app.json) gives its navigation bar. */
function pageTitle(route: string): string {
  const json = JSON.parse(readFileSync(path.join(MINIPROGRAM, `${route}.json`), 'utf8')) as {
    navigationBarTitleText?: string;
  };
  return json.navigationBarTitleText ?? appJson.window?.navigationBarTitleText ?? '';
}

const preview = usePreview();

it('opens on the entry page with the tab bar', async () => {
  await preview.openAs('demo-consumer');

  expect(await preview.currentRoute()).toBe(ENTRY);
  const tabs = preview.page.locator('.wxp-tabbar__item');
  expect(await tabs.allInnerTexts()).toEqual(TABS.map((t) => t.text));
  expect(await tabs.nth(0).getAttribute('aria-selected')).toBe('true');
  expect(await preview.page.locator('.wxp-navbar__title').innerText()).toBe(pageTitle(ENTRY));
  await preview.screenshot('home');
});

it('switches between every tab page', async () => {
  await preview.openAs('demo-consumer');

  for (const [index, tab] of TABS.entries()) {
    await preview.page.locator(`.wxp-tabbar__item[data-path="${tab.pagePath}"]`).click();
    await preview.waitForRoute(tab.pagePath);
    expect(await preview.page.locator('.wxp-tabbar__item').nth(index).getAttribute('aria-selected')).toBe('true');
    expect(await preview.page.locator('.wxp-navbar__title').innerText()).toBe(pageTitle(tab.pagePath));
    // Tab pages have no back button: switching tabs replaces the stack.
    expect(await preview.page.locator('.wxp-navbar__btn[aria-label="返回"]').count()).toBe(0);
  }
  await preview.screenshot('last-tab');
});

it('opens every page of app.json without a script error', async () => {
  const pages = [
    ...appJson.pages,
    ...(appJson.subpackages ?? []).flatMap((sub) => sub.pages.map((p) => path.posix.join(sub.root, p))),
  ];
  const failures: string[] = [];
  for (const route of pages) {
    await preview.openAs('demo-consumer', route);
    await preview.idle();
    expect(await preview.currentRoute()).toBe(route);
    const errors = await preview.errors();
    if (errors.length) failures.push(`${route}: ${errors.join(' | ')}`);
  }
  expect(failures).toEqual([]);
}, 240_000);

it('shows the campaigns the voucher function returns for this user', async () => {
  const reply = await preview.callAs<Envelope<{ items: { title: string }[] }>>('demo-consumer', 'voucher', {
    action: 'listCampaigns',
    page: 1,
  });
  expect(reply.ok).toBe(true);
  expect(reply.data.items.length).toBeGreaterThan(0);

  await preview.openAs('demo-consumer', 'pages/voucher-tab/index');
  for (const campaign of reply.data.items) {
    await preview.screen().getByText(campaign.title).first().waitFor({ state: 'visible', timeout: 15_000 });
  }
  await preview.screenshot('voucher-tab');
});

it('relaunches as another demo identity from the side panel', async () => {
  const consumer = await preview.callAs<Envelope<{ phoneMasked: string | null }>>('demo-consumer', 'user', {
    action: 'login',
  });
  expect(consumer.data.phoneMasked).toBeTruthy();

  await preview.openAs('demo-consumer', 'pages/mine/index', { wide: true });
  await preview
    .screen()
    .getByText(consumer.data.phoneMasked ?? '')
    .first()
    .waitFor({ timeout: 15_000 });
  expect(await preview.page.locator('.wxp-identity-card__label').getAttribute('data-openid')).toBe('demo-consumer');

  await Promise.all([
    preview.page.waitForURL(/as=demo-enterprise/),
    preview.page.locator('.wxp-identity[data-openid="demo-enterprise"]').click(),
  ]);
  await preview.page.waitForFunction("document.body.dataset.previewReady === 'true'");

  // A relaunch starts on the entry page, as the new user.
  expect(await preview.currentRoute()).toBe(ENTRY);
  const enterpriseLabel = DEMO_IDENTITIES.find((i) => i.openid === 'demo-enterprise')?.label ?? '';
  expect(await preview.page.locator('.wxp-identity-card__label').innerText()).toBe(enterpriseLabel);
  const mine = TABS.find((t) => t.pagePath === 'pages/mine/index');
  await preview.page.locator(`.wxp-tabbar__item[data-path="${mine?.pagePath}"]`).click();
  await preview.screen().getByText(DEMO_ENTERPRISE.name).first().waitFor({ timeout: 15_000 });
  await preview.screenshot('identity-enterprise', { window: true });
});

it('verifies a phone number through the simulated getPhoneNumber button', async () => {
  const phone = '13912345678';
  const before = await preview.callAs<Envelope<{ phoneVerified: boolean }>>('demo-newcomer', 'user', {
    action: 'login',
  });
  expect(before.data.phoneVerified).toBe(false);

  await preview.openAs('demo-newcomer', 'pages/user/phone/index');
  await preview.tap('wx-button[open-type="getPhoneNumber"]');
  const dialog = preview.page.getByRole('dialog');
  await dialog.locator('input').fill(phone);
  await dialog.getByRole('button', { name: '允许' }).click();

  // The page shows the masked number the function stored (only the last digits are in clear).
  await preview.screen().getByText(/5678/).first().waitFor({ timeout: 15_000 });
  const after = await preview.callAs<Envelope<{ phoneVerified: boolean; phoneMasked: string }>>(
    'demo-newcomer',
    'user',
    {
      action: 'login',
    },
  );
  expect(after.data.phoneVerified).toBe(true);
  expect(after.data.phoneMasked).toMatch(/5678$/);
  expect(await preview.screen().getByText(after.data.phoneMasked).filter({ visible: true }).count()).toBeGreaterThan(0);
  await preview.screenshot('phone-verified');
});
