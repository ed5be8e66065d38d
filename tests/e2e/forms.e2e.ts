/**
 * Every form page of the app, as the identity that uses it: each input and textarea on it is typed
 * into the way a user types (a click, then keys), and the value must arrive in the page's data. A
 * text box the preview draws 0 px tall (WeChat's auto-height textarea, before it grew from one
 * line) cannot be clicked, so this fails on it; auto-height boxes must also grow with their lines.
 */
import { usePreview, type Envelope } from './helpers/browser';

jest.setTimeout(240_000);

const preview = usePreview();

/** The current page's data, as JSON. */
const pageDataJson = () =>
  preview.page.evaluate<string>('JSON.stringify(window.__wxPreview.router.current().instance.data)');

/** Fields of the current page: the built-in hosts, visible whatever size their inner box has. */
const fieldHosts = () =>
  preview.screen().locator('.wxp-pages').locator('wx-input, wx-textarea').filter({ visible: true });

/**
 * Types into every visible field of the current page and checks each value reached the page's data.
 * Returns how many fields it filled.
 */
async function typeIntoEveryField(where: string, skip: string[] = []): Promise<number> {
  const hosts = fieldHosts();
  const count = await hosts.count();
  let filled = 0;
  for (let i = 0; i < count; i++) {
    const host = hosts.nth(i);
    const label = (await host.locator('input, textarea').getAttribute('aria-label')) ?? '';
    if (skip.includes(label)) continue;
    const isTextarea = (await host.evaluate((el) => (el as unknown as { tagName: string }).tagName)) === 'WX-TEXTAREA';
    const box = host.locator('input, textarea');
    const { inputMode, maxLength } = await box.evaluate((el) => {
      const field = el as unknown as { inputMode: string; maxLength: number };
      return { inputMode: field.inputMode, maxLength: field.maxLength };
    });
    let value = isTextarea
      ? `说明第${i}段\n第二行\n第三行\n第四行\n第五行\n第六行`
      : inputMode === 'numeric' || inputMode === 'decimal'
        ? `${31 + i}`
        : `测试${i}号`;
    if (maxLength > 0) value = value.slice(0, maxLength);
    const before = (await host.boundingBox())?.height ?? 0;
    // As a user does: tap into the box (fails on a box with no area), then type.
    await box.click({ timeout: 5_000 });
    await box.fill('');
    await box.pressSequentially(value);
    await box.blur();
    const expected = JSON.stringify(value).slice(1, -1);
    await preview.page
      .waitForFunction(
        `JSON.stringify(window.__wxPreview.router.current().instance.data).includes(${JSON.stringify(expected)})`,
        undefined,
        { timeout: 5_000 },
      )
      .catch(async () => {
        throw new Error(`${where}: 「${label}」 typed ${JSON.stringify(value)}, page data: ${await pageDataJson()}`);
      });
    if (isTextarea && (await host.getAttribute('auto-height')) !== null) {
      // Six lines are taller than the box was empty: an auto-height box grows with its text.
      const after = (await host.boundingBox())?.height ?? 0;
      expect({ where, label, grew: after > before }).toEqual({ where, label, grew: true });
    }
    filled += 1;
  }
  return filled;
}

it('the cable request (consumer): every field, 问题描述 included', async () => {
  await preview.openAs('demo-consumer', 'pages/cable/submit/index');
  await preview.waitForText('申请人类型');
  await preview.idle();
  const description = preview.screen().locator('wx-textarea.description');
  await description.waitFor({ state: 'visible' });
  // WeChat's auto-height box starts at least one line tall.
  expect((await description.locator('textarea').boundingBox())?.height ?? 0).toBeGreaterThan(16);
  expect(await typeIntoEveryField('cable/submit')).toBeGreaterThanOrEqual(5);
  await preview.screenshot('forms-cable-submit');
});

it('the enterprise binding form (newcomer)', async () => {
  await preview.openAs('demo-newcomer', 'pages/user/enterprise/index');
  await preview.idle();
  expect(await typeIntoEveryField('user/enterprise')).toBeGreaterThanOrEqual(1);
});

it('the voucher application (enterprise)', async () => {
  const list = await preview.callAs<Envelope<{ items: { campaignId: string; status: string }[] }>>(
    'demo-enterprise',
    'voucher',
    { action: 'listCampaigns', page: 1 },
  );
  const open = list.data.items.find((c) => c.status === 'open');
  if (!open) throw new Error('the seed has no open campaign');
  await preview.openAs('demo-enterprise', `pages/voucher/apply/index?campaignId=${open.campaignId}`);
  await preview.idle();
  expect(await typeIntoEveryField('voucher/apply')).toBeGreaterThanOrEqual(1);
});

it('the help-desk case form (enterprise): title, failed items, description, contact', async () => {
  await preview.openAs('demo-enterprise', 'pages/help/case-form/index?problemType=failed_sampling');
  await preview.waitForText('问题类型');
  await preview.idle();
  // 标题, 不合格项目, 问题描述, 联系人姓名, 手机号.
  expect(await typeIntoEveryField('help/case-form')).toBeGreaterThanOrEqual(5);
});

it('voucher redemption (staff)', async () => {
  await preview.openAs('demo-staff', 'pages/hospital/redeem/index');
  await preview.idle();
  expect(await typeIntoEveryField('hospital/redeem')).toBeGreaterThanOrEqual(1);
});

async function queued(status: string): Promise<string> {
  const queue = await preview.callAs<Envelope<{ items: { requestId: string }[] }>>('demo-staff', 'hospital', {
    action: 'screeningQueue',
    status,
    page: 1,
  });
  const first = queue.data.items[0];
  if (!first) throw new Error(`the seed has no ${status} cable request for demo-staff`);
  return first.requestId;
}

it('screening (staff): 备注 on a move, the reason of a refusal, and 结论说明', async () => {
  await preview.openAs('demo-staff', `pages/hospital/screening-detail/index?requestId=${await queued('submitted')}`);
  await preview.waitForText('受理申请');
  expect(await typeIntoEveryField('screening-detail (备注)')).toBeGreaterThanOrEqual(1);
  await preview.tap('不予受理');
  await preview.waitForText('确认不予受理');
  expect(await typeIntoEveryField('screening-detail (不予受理)')).toBeGreaterThanOrEqual(1);

  await preview.openAs('demo-staff', `pages/hospital/screening-detail/index?requestId=${await queued('screening')}`);
  await preview.tap('录入筛查结果');
  await preview.waitForText('提交筛查结论');
  expect(await typeIntoEveryField('screening-detail (结论说明)')).toBeGreaterThanOrEqual(1);
  await preview.screenshot('forms-screening-complete');
});

it('the red-list searches (consumer)', async () => {
  await preview.openAs('demo-consumer', 'pages/redlist/search/index');
  await preview.idle();
  expect(await typeIntoEveryField('redlist/search')).toBe(1);
  await preview.openAs('demo-consumer', 'pages/redlist-tab/index');
  await preview.idle();
  expect(await typeIntoEveryField('redlist-tab')).toBe(1);
});
