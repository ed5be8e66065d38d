/**
 * A long form's draft survives the app being closed, in the web preview: the demo consumer types into
 * the cable request, the page is reloaded (the app closed and opened again on the same phone), and the
 * form comes back filled in with the note "已为你恢复上次未提交的内容"; 清空 forgets it for good.
 * Screenshots: tests/e2e/artifacts/drafts-*.png.
 */
import { usePreview, READY_EXPR } from './helpers/browser';

jest.setTimeout(120_000);

const preview = usePreview();

const ROUTE = 'pages/cable/submit/index';
/** True once the preview's storage (localStorage, one namespace per identity) holds the cable draft. */
const DRAFT_SAVED = "Object.keys(localStorage).some((k) => k.includes('draft:cable-request:demo-consumer'))";
const DRAFT_GONE = `!(${DRAFT_SAVED})`;

/** Closes and reopens the app on the same page, as the same user (the phone keeps its storage). */
async function reopen() {
  await preview.page.reload();
  await preview.page.waitForFunction(READY_EXPR, undefined, { timeout: 15_000 });
  await preview.waitForRoute(ROUTE);
  await preview.idle();
}

const valueOf = (selector: string) => preview.screen().locator(`${selector} input`).first().inputValue();

it('the cable request typed so far comes back after the app is closed', async () => {
  await preview.openAs('demo-consumer', ROUTE);
  await preview.waitForText('申请人类型');
  await preview.idle();
  await preview.type('联系人姓名', '林晓雯');
  await preview.type('无品牌可填“无”', '粤星');
  await preview.tap('.length-unknown');
  // Saved while typing (after a short pause), not only when the page is left.
  await preview.page.waitForFunction(DRAFT_SAVED, undefined, { timeout: 10_000 });

  await reopen();
  await preview.waitForText('已为你恢复上次未提交的内容');
  expect(await valueOf('.name')).toBe('林晓雯');
  expect(await valueOf('.brand')).toBe('粤星');
  await preview.waitForText('不清楚');
  await preview.screenshot('drafts-1-restored');

  await preview.tap('清空');
  await preview.page.waitForFunction(DRAFT_GONE, undefined, { timeout: 10_000 });
  expect(await valueOf('.brand')).toBe('');
  await reopen();
  expect(await preview.visible('已为你恢复上次未提交的内容').count()).toBe(0);
  expect(await valueOf('.name')).toBe('');
});
