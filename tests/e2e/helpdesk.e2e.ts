/**
 * The help-desk journey in the web preview, on a seeded local cloud: the demo enterprise opens a case
 * (问诊) in 家用电器 from the 帮扶 tab with a photo; the demo expert (佛山, 家用电器, 检验检测: the seeded
 * expert first in line for it) sees it offered with the contact masked, accepts, replies, records a
 * diagnosis with an improvement plan and proposes closing; the enterprise confirms it solved and rates
 * it. Screenshots of each step go to tests/e2e/artifacts/helpdesk-*.png.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pickOption, usePreview, type Envelope } from './helpers/browser';

jest.setTimeout(240_000);

const preview = usePreview();

/** A small PNG of our own (the tab icon) as the photo the enterprise attaches. */
const PHOTO = readFileSync(path.resolve(__dirname, '../../miniprogram/assets/tabbar/help-active.png'));
const TITLE = '电饭煲 CCC 认证需要补做哪些检测';
const MESSAGE = '请提供产品铭牌照片和现有的型式试验报告。';
const DIAGNOSIS = '该型号变更了发热盘供应商，属于认证变更，需补做输入功率和温升试验后申请变更。';
const MEASURES = [
  { measure: '送样补做输入功率和温升试验', target: '两项试验合格' },
  { measure: '向认证机构提交变更申请', target: '取得变更后的 CCC 证书' },
];

interface CaseData {
  caseId: string;
  status: string;
  title: string;
  contact: { name: string; phone: string };
  contactMasked: boolean;
  files: { url: string | null; kind: string }[];
  diagnosis: { plan: { measure: string; target: string; dueDate: string }[] } | null;
  rating: { stars: number; comment: string } | null;
  actions: string[];
}

let caseId = '';

/** The `nth` visible text box with this placeholder. */
const box = (placeholder: string, nth = 0) =>
  preview
    .screen()
    .locator('wx-input, wx-textarea')
    .filter({ has: preview.page.locator('.wxb-placeholder', { hasText: placeholder }), visible: true })
    .nth(nth)
    .locator('input, textarea');
/** Answers WeChat's modal titled `title` (typing `text` first when it is an editable one). */
async function answerModal(title: string, text?: string) {
  const dialog = preview.page.getByRole('dialog', { name: title });
  if (text !== undefined) await dialog.locator('input').fill(text);
  await dialog.getByRole('button', { name: '确定' }).click();
}
const getCase = (openid: string) =>
  preview.callAs<Envelope<CaseData>>(openid, 'helpdesk', { action: 'getCase', caseId }).then((r) => r.data);

/**
 * The seed gives the demo expert one open case of the demo enterprise (demo-case-accepted), and routing
 * prefers the lighter load among equal matches, so a new 家用电器 case would go to ten idle experts first.
 * The enterprise withdraws that case (through the page, confirming), which frees the demo expert.
 */
it('the enterprise withdraws its case the demo expert was handling (confirming first)', async () => {
  await preview.openAs('demo-enterprise', 'pages/help/my-cases/index');
  await preview.waitForText('电热水壶温控器批次动作温度偏高');
  await preview.tap('电热水壶温控器批次动作温度偏高');
  await preview.waitForRoute('pages/help/case/index');
  await preview.waitForText('撤回问诊');
  await preview.tap('撤回问诊');
  const dialog = preview.page.getByRole('dialog', { name: '撤回问诊' });
  await dialog.getByRole('button', { name: '撤回' }).click();
  await preview.waitForText('已撤回');
  await preview.toastGone();
  await preview.screenshot('helpdesk-0-withdrawn');
});

it('the enterprise opens a case in 家用电器 from the 帮扶 tab, with a photo', async () => {
  await preview.openAs('demo-enterprise', 'pages/help-tab/index');
  await preview.waitForText('已服务企业');
  await preview.idle();
  await preview.screenshot('helpdesk-1-tab');
  await preview.tap('我要问诊');
  await preview.waitForRoute('pages/help/case-form/index');
  await preview.waitForText('问题类型');

  await preview.tap('.category-picker');
  await pickOption(preview.page, '家用电器');
  await preview.tap('检测认证');
  await box('一句话说明问题').fill(TITLE);
  await box('产品型号、发现问题的经过').fill(
    '我司 MD-30 电饭煲更换了发热盘供应商，不清楚原有 CCC 证书是否仍然有效，需要补做哪些检测。',
  );
  await preview.tap('.city-picker');
  await pickOption(preview.page, '佛山市');
  await box('联系人姓名').fill('李明');
  await box('11 位手机号').fill('137 1234 5678');
  const [chooser] = await Promise.all([preview.page.waitForEvent('filechooser'), preview.tap('.add-photo')]);
  await chooser.setFiles({ name: 'nameplate.png', mimeType: 'image/png', buffer: PHOTO });
  await preview.screen().locator('.file-thumb').first().waitFor();
  await preview.screenshot('helpdesk-2-form');

  await preview.tap('提交问诊');
  await preview.waitForRoute('pages/help/case/index');
  await preview.waitForText(TITLE);
  await preview.waitForText('待专家接单');
  await preview.waitForText('首次答复期限');
  await preview.toastGone();
  await preview.screenshot('helpdesk-3-submitted');

  const mine = await preview.callAs<Envelope<{ items: { caseId: string; title: string }[] }>>(
    'demo-enterprise',
    'helpdesk',
    { action: 'myCases', status: 'open', page: 1 },
  );
  caseId = mine.data.items.find((c) => c.title === TITLE)!.caseId;
  const opened = await getCase('demo-enterprise');
  expect(opened).toMatchObject({ status: 'open', contact: { name: '李明', phone: '13712345678' } });
  expect(opened.files).toEqual([{ url: expect.stringMatching(/\/files\/help-files\//), kind: 'image' }]);
});

it('the demo expert is offered it (contact masked), accepts, replies, diagnoses with a plan and proposes closing', async () => {
  const offers = await preview.callAs<Envelope<{ items: { caseId: string }[] }>>('demo-expert', 'helpdesk', {
    action: 'expertOffers',
    page: 1,
  });
  expect(offers.data.items.map((c) => c.caseId)).toContain(caseId);
  const before = await getCase('demo-expert');
  expect(before.contactMasked).toBe(true);
  expect(before.contact.phone).not.toContain('12345678');

  await preview.openAs('demo-expert', `pages/help/case/index?caseId=${caseId}`);
  await preview.waitForText('接单后可见完整联系方式');
  await preview.screenshot('helpdesk-4-offer');
  await preview.tap('接单');
  await preview.waitForText('13712345678');
  await preview.toastGone();

  await box('写下要说明或询问的内容').fill(MESSAGE);
  await preview.tap('发送');
  await preview.screen().locator('.message__text').filter({ hasText: MESSAGE }).waitFor();
  await preview.toastGone();

  await preview.tap('填写诊断与整改计划');
  await box('问题原因分析').fill(DIAGNOSIS);
  await preview.tap('添加一项措施');
  for (const [i, m] of MEASURES.entries()) {
    await box('要做什么', i).fill(m.measure);
    await box('达到什么结果', i).fill(m.target);
    await preview.screen().locator('.due-picker').nth(i).click();
    await preview.page.locator('.wxp-picker__action--primary').click(); // today
  }
  await preview.screenshot('helpdesk-5-diagnosis-form');
  await preview.tap('保存诊断与整改计划');
  await preview.waitForText('修改诊断与整改计划');
  await preview.waitForText(`措施 2 ${MEASURES[1].measure}`);
  await preview.toastGone();
  await preview.screenshot('helpdesk-6-diagnosed');

  await preview.tap('提请结案');
  await answerModal('结案说明（选填）', '已给出补测和变更方案，请按计划办理。');
  await preview.waitForText('待确认解决');

  const after = await getCase('demo-expert');
  expect(after).toMatchObject({ status: 'closing', contactMasked: false, contact: { phone: '13712345678' } });
  expect(after.diagnosis!.plan.map(({ measure, target }) => ({ measure, target }))).toEqual(MEASURES);
});

it('the enterprise confirms it solved and rates the expert', async () => {
  await preview.openAs('demo-enterprise', `pages/help/case/index?caseId=${caseId}`);
  await preview.waitForText('专家认为问题已解决，请确认');
  await preview.waitForText(MESSAGE);
  await preview.screenshot('helpdesk-7-closing');
  await preview.tap('问题已解决');
  await answerModal('确认问题已解决');
  await preview.waitForText('给专家评价');
  await preview.toastGone();
  await preview.screen().locator('.star').nth(4).click();
  await box('说说专家的帮助').fill('答复及时，方案清楚。');
  await preview.tap('提交评价');
  await preview.waitForText('5 星');
  await preview.waitForText('答复及时，方案清楚。');
  await preview.toastGone();
  await preview.screenshot('helpdesk-8-rated');

  expect(await getCase('demo-enterprise')).toMatchObject({
    status: 'resolved',
    rating: { stars: 5, comment: '答复及时，方案清楚。' },
    actions: [],
  });
});
