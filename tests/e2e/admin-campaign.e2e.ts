/**
 * An admin runs a small campaign from the 管理 pages in the web preview: creates the draft through the
 * form, opens it, an enterprise applies, closes it early, draws (the local drand test chain is moved past
 * the pinned round), publishes, then looks at the dashboard. Screenshots: tests/e2e/artifacts/admin-campaign-*.png.
 */
import { usePreview, type Envelope } from './helpers/browser';

jest.setTimeout(180_000);

const preview = usePreview();
const TITLE = '端到端小活动';
const POOL = 'E2E500';

/** Shanghai calendar date `days` from now, as the date picker's columns name it. */
function shanghaiDay(days: number) {
  const d = new Date(Date.now() + days * 86_400_000 + 8 * 3600_000);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

async function pickColumnItem(label: string) {
  await preview.page
    .locator('.wxp-picker__item')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .first()
    .click();
}

async function confirmDialog(button: string) {
  await preview.page.getByRole('dialog').getByRole('button', { name: button }).click();
}

it('an admin creates, opens, closes, draws and publishes a campaign from the pages', async () => {
  const shot = (name: string) => preview.screenshot(`admin-campaign-${name}`);
  await preview.openAs('demo-admin', 'pages/admin/index/index');
  await preview.tap('活动管理');
  await preview.waitForRoute('pages/admin/campaigns/index');
  await preview.waitForText('新建活动', 15_000);
  await preview.tap('新建活动');
  await preview.waitForRoute('pages/admin/campaign-form/index');

  await preview.type('如：2027 年广东省产品检测券（第一批）', TITLE);
  // Applications open from yesterday (the default is tomorrow), so an enterprise can apply at once.
  const yesterday = shanghaiDay(-1);
  await preview.tap('.opens-date');
  await pickColumnItem(`${yesterday.y}年`);
  await pickColumnItem(`${yesterday.m}月`);
  await pickColumnItem(`${yesterday.d}日`);
  await preview.page.locator('.wxp-picker__action--primary').click();
  await preview.type('字母数字，如 G5000', POOL);
  await preview.type('本奖池每张券的面值', '500');
  await preview.type('本奖池发放的张数', '2');
  await shot('form');
  await preview.tap('创建草稿');

  await preview.waitForRoute('pages/admin/campaign/index', 15_000);
  await preview.waitForText('草稿', 15_000);
  await preview.tap('发布活动');
  await preview.waitForText(/发布后将锁定公开随机数来源并公开承诺值/);
  await confirmDialog('发布活动');
  await preview.waitForText('截止申领', 15_000);
  await preview.waitForText('申领中');

  // An enterprise applies while it is open.
  const id = await preview.page.evaluate<string>('window.__wxPreview.router.current().query.campaignId');
  expect(id).toBeTruthy();
  const applied = await preview.callAs<Envelope<unknown> & { message?: string }>('demo-enterprise', 'voucher', {
    action: 'apply',
    campaignId: id,
    applicantType: 'enterprise',
    poolIds: [POOL],
    contact: { name: '陈一', phone: '13800000000' },
    consent: true,
  });
  expect(applied).toMatchObject({ ok: true });

  // Closed early by the admin (its closing time is a week away).
  await preview.tap('截止申领');
  await preview.waitForText(/提前截止将缩短申领时间/);
  await confirmDialog('截止申领');
  await preview.waitForText('开始摇号', 15_000);
  await preview.waitForText('申领已截止，等待摇号');

  // The pinned drand round (closesAt + 10 min) is produced: the local test chain's clock moves on.
  const advanced = await fetch(`${preview.url}/_emulator/drand/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seconds: 10 * 86_400 }),
  });
  expect(advanced.ok).toBe(true);

  await preview.tap('开始摇号');
  await confirmDialog('开始摇号');
  await preview.waitForText('公布结果', 30_000);
  await preview.waitForText('已摇号，结果待公布');
  await preview.waitForText('中签 1 · 候补 0');

  await preview.tap('公布结果');
  await confirmDialog('公布结果');
  await preview.waitForText('结果已公布', 15_000);
  await preview.waitForText('结果通知');
  await preview.idle();
  await preview.toastGone();
  await shot('published');

  // The list shows it in the applicants' words.
  await preview.openAs('demo-admin', 'pages/admin/campaigns/index');
  await preview.waitForText(TITLE, 15_000);
  await preview.idle();
  await shot('list');

  // The journey ends on the dashboard: its charts render in the web preview.
  await preview.openAs('demo-admin', 'pages/admin/dashboard/index');
  const canvas = preview.screen().locator('canvas').filter({ visible: true }).first();
  await canvas.waitFor({ state: 'visible', timeout: 30_000 });
  const box = await canvas.boundingBox();
  expect(box!.width).toBeGreaterThan(100);
  expect(box!.height).toBeGreaterThan(100);
  await preview.idle();
  await shot('dashboard');
});
