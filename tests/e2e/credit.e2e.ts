/**
 * The credit-code journey in the web preview, on a seeded local cloud: the demo enterprise opens 产品信用赋码
 * from 我的, sees its products and the month's scans, opens 电源线组件 and reads its first code off the
 * page; a consumer types that code into 产品信用码查询 and sees the product, the maker's red-list line and
 * the warning that the code may be copied, then follows the link to the cable quick-screen form with the
 * maker filled in; the regulator sees the revoked product in 信用赋码管理. Screenshots go to
 * tests/e2e/artifacts/credit-*.png.
 */
import { usePreview } from './helpers/browser';

jest.setTimeout(240_000);

const preview = usePreview();
let code = '';

it('the enterprise finds its product and its first code', async () => {
  await preview.openAs('demo-enterprise', 'pages/mine/index');
  await preview.waitForText('产品信用赋码');
  await preview.tap('产品信用赋码');
  await preview.waitForRoute('pages/credit/products/index');
  const cord = preview.screen().locator('.product').filter({ hasText: '电源线组件' }).first();
  await cord.waitFor();
  await preview.screen().locator('.stats__city').first().waitFor();
  await preview.idle();
  await preview.screenshot('credit-1-products');
  await preview.screen().locator('.scan-chart').scrollIntoViewIfNeeded();
  await preview.screenshot('credit-1b-scans');
  await cord.click();
  await preview.waitForRoute('pages/credit/product/index');
  await preview.screen().locator('.issuance__first').first().waitFor();
  await preview.idle();
  await preview.screenshot('credit-2-product');
  const first = await preview.screen().locator('.issuance__first').first().innerText();
  code = first.replace('首个码：', '').trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
});

it('a consumer types the code and is warned it may be copied; the cable link fills in the maker', async () => {
  await preview.openAs('demo-consumer', 'pages/home/index');
  await preview.tap('产品信用码查询');
  await preview.waitForRoute('pages/credit/scan/index');
  // As people type it: lower case, spaces instead of dashes.
  await preview.type('如 7K3M-9QXA-2BCD', code.toLowerCase().replace(/-/g, ' '));
  await preview.tap('.check');
  await preview.waitForText('此码可能被复制');
  await preview.waitForText('佛山市顺德区美达电器有限公司');
  await preview.idle();
  await preview.screenshot('credit-3-scan');
  expect(await preview.screen().locator('.product__name').innerText()).toBe('电源线组件');
  await preview.tap('.cable-link');
  await preview.waitForRoute('pages/cable/submit/index');
  await preview.idle();
  expect(await preview.screen().locator('.manufacturer input').first().inputValue()).toBe(
    '佛山市顺德区美达电器有限公司',
  );
  await preview.screenshot('credit-4-cable-form');
});

it('a typed code that was never issued is shown as possibly fake', async () => {
  await preview.openAs('demo-consumer', 'pages/credit/scan/index');
  await preview.type('如 7K3M-9QXA-2BCD', '0000-0000-0000');
  await preview.tap('.check');
  await preview.waitForText('未查到此码，可能是假冒产品');
  await preview.screenshot('credit-5-unknown');
});

it('the regulator sees the revoked product and its reason in 信用赋码管理', async () => {
  await preview.openAs('demo-admin', 'pages/admin/index/index');
  await preview.tap('信用赋码管理');
  await preview.waitForRoute('pages/admin/credit/index');
  await preview.screen().locator('.product__name').filter({ hasText: '电热水壶' }).first().waitFor();
  await preview.waitForText('撤销原因：2026 年省级监督抽查该型号电热水壶“发热元件”项目不合格');
  await preview.idle();
  await preview.screenshot('credit-6-admin');
});
