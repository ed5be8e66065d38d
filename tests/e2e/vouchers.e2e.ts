/**
 * Voucher journeys in the web preview of the real mini-program, on a seeded local cloud:
 *  - a newcomer binds a Guangdong enterprise from the application form, has it verified by documents an
 *    admin approves in 管理, comes back and applies;
 *  - a holder shows a voucher's code, and hospital staff redeem it by manual entry (and cannot twice).
 * Screenshots of each step land in tests/e2e/artifacts/voucher-*.png.
 */
import { makeUscc } from '../../cloudfunctions/src/core/uscc';
import { usePreview, type Envelope } from './helpers/browser';

jest.setTimeout(120_000);

interface CampaignItem {
  campaignId: string;
  title: string;
  status: string;
}

/** A 3×2 PNG: the scans the newcomer uploads. */
const PNG_3X2 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGNgP5gAQQxwFgBDXgbxxrCrLwAAAABJRU5ErkJggg==',
  'base64',
);
const NEW_USCC = makeUscc({ division: '440305', orgCode: '7E2E0001' });
const NEW_NAME = '深圳市粤测新材料有限公司';

const preview = usePreview();

/** Taps the n-th visible element matching a selector on the phone screen. */
async function tapNth(selector: string, index: number): Promise<void> {
  await preview.screen().locator(selector).filter({ visible: true }).nth(index).click({ timeout: 5_000 });
}

/** Screenshots without a toast still fading over the page. */
async function shot(name: string): Promise<void> {
  await preview.page.locator('.wxp-toast').waitFor({ state: 'detached', timeout: 5_000 });
  await preview.screenshot(name);
}

async function openCampaign(): Promise<CampaignItem> {
  const list = await preview.callAs<Envelope<{ items: CampaignItem[] }>>('demo-newcomer', 'voucher', {
    action: 'listCampaigns',
    page: 1,
  });
  const open = list.data.items.find((c) => c.status === 'open');
  if (!open) throw new Error('the seed has no open campaign');
  return open;
}

it('a newcomer binds an enterprise, has it verified by documents, comes back, and applies', async () => {
  const campaign = await openCampaign();

  // From the 检测券 tab to the campaign and its form.
  await preview.openAs('demo-newcomer', 'pages/voucher-tab/index');
  await preview.waitForText(campaign.title, 15_000);
  await preview.tap(campaign.title);
  await preview.waitForRoute('pages/voucher/campaign/index');
  await preview.waitForText('立即申领');
  await shot('voucher-campaign');
  await preview.tap('立即申领');
  await preview.waitForRoute('pages/voucher/apply/index');
  await preview.waitForText('尚未绑定企业');
  await shot('voucher-apply-unbound');

  // Bind on the enterprise page: a public code and name make only a claim, to be verified.
  await preview.tap('去绑定企业');
  await preview.waitForRoute('pages/user/enterprise/index');
  await preview.type('18 位，见营业执照', NEW_USCC);
  await preview.type('与营业执照上的名称一致', NEW_NAME);
  await preview.tap('.submit');
  await preview.waitForText('待验证');
  await preview.waitForText('方式二：上传证明材料（人工审核）');
  await shot('enterprise-pending');

  // The manual path: the business licence and the authorisation letter, uploaded and sent for review.
  for (const [button, file] of [
    ['上传营业执照', 'licence.png'],
    ['上传授权委托书', 'letter.png'],
  ]) {
    const [chooser] = await Promise.all([preview.page.waitForEvent('filechooser'), preview.tap(button)]);
    await chooser.setFiles({ name: file, mimeType: 'image/png', buffer: PNG_3X2 });
    await preview.waitForText(`重新${button}`);
  }
  await preview.tap('提交审核');
  await preview.waitForText('证明材料审核中', 15_000);
  await shot('enterprise-documents-sent');

  // Back on the form, which says why the enterprise cannot apply yet.
  await preview.page.locator('.wxp-navbar__btn[aria-label="返回"]').click();
  await preview.waitForRoute('pages/voucher/apply/index');
  await preview.waitForText('企业尚未验证');
  await preview.waitForText('企业的证明材料正在审核，审核通过后即可以企业身份申领。');
  await shot('voucher-apply-unverified');

  // An admin approves the documents in 管理.
  await preview.openAs('demo-admin', 'pages/admin/index/index');
  await preview.tap('企业材料审核');
  await preview.waitForText(NEW_USCC, 15_000);
  await preview.screen().locator('.document__image_licence').first().waitFor();
  await shot('admin-enterprise-documents');
  await preview.tap('审核通过');
  await preview.page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
  await preview.waitForText('没有待审核的证明材料', 15_000);

  // The newcomer's enterprise is verified now; the form shows it and takes the application.
  await preview.openAs('demo-newcomer', `pages/voucher/apply/index?campaignId=${campaign.campaignId}`);
  await preview.waitForText(NEW_NAME, 15_000);
  await preview.waitForText(NEW_USCC);
  expect(await preview.screen().getByText('企业尚未验证').filter({ visible: true }).count()).toBe(0);

  // Two pools (5000 and 2000), contact, consent.
  await tapNth('.pool', 0);
  await tapNth('.pool', 1);
  await preview.waitForText('已选面值合计 7,000 元');
  await preview.type('联系人真实姓名', '黄伟明');
  await preview.type('11 位手机号', '13923456789');
  await preview.waitForText('手机号格式正确');
  await preview.tap('.consent');
  await shot('voucher-apply-filled');
  await preview.tap('.submit');
  await preview.waitForText('申领已提交', 15_000);
  await shot('voucher-apply-done');

  const mine = await preview.callAs<
    Envelope<{ items: { campaignId: string; applicantName: string; poolIds: string[]; contact: { name: string } }[] }>
  >('demo-newcomer', 'voucher', { action: 'myApplications', page: 1 });
  expect(mine.data.items).toHaveLength(1);
  expect(mine.data.items[0]).toMatchObject({
    campaignId: campaign.campaignId,
    applicantName: NEW_NAME,
    poolIds: ['G2000', 'G5000'],
    contact: { name: '黄伟明' },
  });

  // My applications lists it, with withdrawal offered while open.
  await preview.tap('查看我的申领');
  await preview.waitForRoute('pages/voucher/my-applications/index');
  await preview.waitForText('撤回申领');
  await shot('voucher-my-applications');
});

it('staff redeem the voucher a holder shows, by manual entry, once', async () => {
  // The holder opens their first voucher (the list's order is the function's) and reads its code from the page.
  const vouchers = await preview.callAs<
    Envelope<{ items: { voucherId: string; qrPayload: string; faceValue: number; status: string }[] }>
  >('demo-enterprise', 'voucher', { action: 'myVouchers', page: 1 });
  const first = vouchers.data.items[0];
  expect(first?.status).toBe('issued');
  await preview.openAs('demo-enterprise', 'pages/voucher/my-vouchers/index');
  await preview.waitForText('可使用', 15_000);
  await shot('voucher-my-vouchers');
  await tapNth('.voucher', 0);
  await preview.waitForRoute('pages/voucher/voucher/index');
  await preview.waitForText('请向产品医院工作人员出示此二维码');
  await shot('voucher-detail');
  const shown = (await preview.screen().locator('.qr__code').filter({ visible: true }).first().innerText()).trim();
  expect(shown).toBe(first.qrPayload);
  const voucherId = first.voucherId;
  const fromFunction = { data: first };
  const faceValue = fromFunction.data.faceValue;

  // Staff type the code, choose the service, enter the fee, confirm the offset.
  await preview.openAs('demo-staff', 'pages/hospital/redeem/index');
  await preview.waitForText('扫码核销', 15_000);
  await preview.type('以 YPT1. 开头的券码', shown);
  await preview.tap('查询');
  await preview.waitForText('检测券信息');
  await preview.tap('.service-picker');
  await preview.page.locator('.wxp-picker__item', { hasText: '委托检测' }).click();
  await preview.page.locator('.wxp-picker__action--primary').click();
  await preview.waitForText('委托检测');
  const fee = faceValue + 800;
  await preview.type('本次应收费用', String(fee));
  await preview.waitForText(`本券抵扣 ${faceValue.toLocaleString('en-US')} 元，持券人另付 800 元`);
  await shot('voucher-redeem-form');
  await preview.tap('.redeem');
  const dialog = preview.page.getByRole('dialog');
  await expect(dialog.innerText()).resolves.toContain(`抵扣金额：${faceValue.toLocaleString('en-US')} 元`);
  await dialog.getByRole('button', { name: '核销' }).click();
  await preview.waitForText('核销成功', 15_000);
  await shot('voucher-redeem-done');

  const after = await preview.callAs<
    Envelope<{ status: string; redemption: { fee: number; offset: number; serviceType: string } }>
  >('demo-enterprise', 'voucher', { action: 'getVoucher', voucherId });
  expect(after.data.status).toBe('redeemed');
  expect(after.data.redemption).toMatchObject({ fee, offset: faceValue, serviceType: 'commissioned' });

  // The same code again: shown as used, with no form.
  await preview.tap('继续核销');
  await preview.type('以 YPT1. 开头的券码', shown);
  await preview.tap('查询');
  await preview.waitForText('已核销');
  expect(await preview.screen().locator('.redeem').filter({ visible: true }).count()).toBe(0);
  await shot('voucher-redeem-again');

  // The history lists it and this month's totals include it.
  await preview.tap('核销记录与本月结算');
  await preview.waitForRoute('pages/hospital/redemptions/index');
  await preview.waitForText('核销明细');
  await shot('voucher-redemptions');
});

it('shows the public results and the draw verification of the published campaign', async () => {
  const list = await preview.callAs<Envelope<{ items: CampaignItem[] }>>('demo-consumer', 'voucher', {
    action: 'listCampaigns',
    page: 1,
  });
  const published = list.data.items.find((c) => c.status === 'published');
  if (!published) throw new Error('the seed has no published campaign');
  const record = await preview.callAs<Envelope<{ secret: string; resultDigest: string }>>('demo-consumer', 'voucher', {
    action: 'drawRecord',
    campaignId: published.campaignId,
  });

  await preview.openAs('demo-consumer', `pages/voucher/results/index?campaignId=${published.campaignId}`);
  await preview.waitForText('第 1 位', 15_000);
  await shot('voucher-results');
  await preview.tap('如何验证摇号结果');
  await preview.waitForRoute('pages/voucher/verify/index');
  await preview.waitForText(record.data.secret);
  await preview.waitForText(record.data.resultDigest);
  // The seed draws on the local cloud's drand test chain: the page names it, and the command accepts it.
  await preview.waitForText(/^本地测试随机信标 第 \d+ 轮$/);
  await preview.waitForText('npm run draw -- verify record.json --allow-test-chain');
  await shot('voucher-verify');
});
