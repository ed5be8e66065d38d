/**
 * The quick-screen journey in the web preview, on a seeded local cloud: the demo consumer submits a
 * request (with a photo) from the 帮扶 tab, the demo staff member of the cable hospital (gd-cable)
 * accepts it and sees the photo, receives the sample, screens it and completes it with a verdict and a
 * PDF report, and the consumer then sees the verdict, the findings and where to go next, and opens the
 * report. Storage is private: the photo and the report reach the other side only through the temp URLs
 * the functions hand out. Screenshots of each step go to tests/e2e/artifacts/cable-*.png.
 */
import { makeUscc } from '../../cloudfunctions/src/core/uscc';
import { pickOption, usePreview, type Envelope } from './helpers/browser';

jest.setTimeout(180_000);

const PNG_3X2 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGNgP5gAQQxwFgBDXgbxxrCrLwAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n% 电线电缆快速筛查报告（演示）\n%%EOF\n');
const MAKER_USCC = makeUscc({ division: '441900', orgCode: '61803725' });

interface FileData {
  url: string | null;
  kind: 'image' | 'pdf';
}
interface RequestData {
  requestId: string;
  requestNo: string;
  status: string;
  photos: FileData[];
  verdict: string | null;
  report: FileData | null;
  cable: { type: string; manufacturerUscc: string | null };
}

const preview = usePreview();
let request: RequestData;

/** Waits until no toast is on the phone (before a screenshot). */
const settle = () => preview.toastGone();
/** GETs a temp URL from the local cloud as anyone would (no identity): status and bytes. */
async function download(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}
/** An <img> as seen from the test (the e2e project has no DOM typings). */
interface ImageLike {
  complete: boolean;
  naturalWidth: number;
  naturalHeight: number;
}
/** Waits until the page's first photo thumbnail has loaded its image, and gives its natural size. */
async function loadedPhotoSize(): Promise<number[]> {
  const img = preview.screen().locator('.photo__img img').filter({ visible: true }).first();
  await img.waitFor();
  const handle = await img.elementHandle();
  await preview.page.waitForFunction(
    (el) => {
      const image = el as unknown as ImageLike;
      return image.complete && image.naturalWidth > 0;
    },
    handle,
    { timeout: 10_000 },
  );
  return img.evaluate((el) => {
    const image = el as unknown as ImageLike;
    return [image.naturalWidth, image.naturalHeight];
  });
}
/** Confirms the open modal (wx.showModal). */
async function confirmModal(title: string) {
  const dialog = preview.page.getByRole('dialog', { name: title });
  await dialog.getByRole('button', { name: '确定' }).click();
}

it('the consumer submits a request from the 帮扶 tab', async () => {
  await preview.openAs('demo-consumer', 'pages/help-tab/index');
  await preview.screenshot('cable-0-tab');
  await preview.tap('申请筛查');
  await preview.waitForRoute('pages/cable/submit/index');
  await preview.waitForText('申请人类型');

  await preview.type('联系人姓名', '林晓雯');
  await preview.type('11 位手机号，用于联系送样', '1380013');
  await preview.waitForText('请输入 11 位手机号（还差 4 位）');
  await preview.type('11 位手机号，用于联系送样', '13800138000');
  await preview.tap('所在城市');
  await pickOption(preview.page, '佛山市');
  await preview.tap('型号');
  await pickOption(preview.page, 'BVV · 铜芯聚氯乙烯绝缘聚氯乙烯护套电线');
  await preview.tap('标称截面');
  await pickOption(preview.page, '2.5 mm²');
  await preview.tap('芯数');
  await pickOption(preview.page, '3 芯');
  await preview.type('无品牌可填“无”', '粤星');
  await preview.type('见线盘标签或合格证上的厂名', '东莞市粤星电线电缆有限公司');
  await preview.type('选填，18 位统一社会信用代码', MAKER_USCC.slice(0, 10));
  await preview.waitForText('还需输入 8 位（不清楚可不填）');
  await preview.type('选填，18 位统一社会信用代码', MAKER_USCC);
  await preview.waitForText('代码校验通过');
  await preview.tap('购买渠道');
  await pickOption(preview.page, '网购平台');
  await preview.tap('购买日期');
  await preview.page.locator('.wxp-picker__action--primary').click(); // today
  await preview.type('购买或敷设的长度', '100');
  await preview.tap('导体偏细（截面“缩水”）');
  await preview.tap('产品医院');
  await pickOption(preview.page, '广东省电线电缆产品医院（电线电缆专业）');
  const [chooser] = await Promise.all([preview.page.waitForEvent('filechooser'), preview.tap('.add-photo')]);
  await chooser.setFiles({ name: 'label.png', mimeType: 'image/png', buffer: PNG_3X2 });
  await preview.screen().locator('.photo__img').first().waitFor();
  await preview.screenshot('cable-1-form');

  await preview.tap('提交申请');
  await preview.waitForRoute('pages/cable/request/index');
  await preview.waitForText('已提交');
  await settle();
  await preview.screenshot('cable-2-submitted');

  const mine = await preview.callAs<Envelope<{ items: { requestId: string }[] }>>('demo-consumer', 'cable', {
    action: 'myRequests',
  });
  const got = await preview.callAs<Envelope<RequestData>>('demo-consumer', 'cable', {
    action: 'getRequest',
    requestId: mine.data.items[0].requestId,
  });
  request = got.data;
  expect(request).toMatchObject({ status: 'submitted', cable: { type: 'BVV', manufacturerUscc: MAKER_USCC } });
  expect(request.photos).toHaveLength(1);
  // Uploaded into the consumer's own photo folder, handed back as a temp URL.
  expect(request.photos[0].url).toMatch(/\/files\/cable-photos\/[0-9a-f]{32}\/[A-Za-z0-9_-]+\.jpg\?/);
  const photo = await download(request.photos[0].url!);
  expect(photo.status).toBe(200);
  expect(photo.body.equals(PNG_3X2)).toBe(true);
  await preview.waitForText(`申请编号：${request.requestNo}`);
});

it('the cable hospital’s staff accepts, receives, screens and completes it', async () => {
  await preview.openAs('demo-staff', 'pages/hospital/screening/index');
  await preview.waitForText('BVV 3×2.5mm² 粤星');
  await preview.screenshot('cable-3-queue');
  await preview.tap('BVV 3×2.5mm² 粤星');
  await preview.waitForRoute('pages/hospital/screening-detail/index');
  await preview.waitForText('受理申请');
  // Until accepted, the contact is masked and only the staff moves from 已提交 are offered.
  await preview.waitForText('林** 138****8000');
  expect(await preview.screen().locator('.action').filter({ visible: true }).allInnerTexts()).toEqual([
    '受理申请',
    '不予受理',
  ]);

  // Nor are the photos shown before accepting: only how many there are.
  await preview.waitForText('申请人上传了 1 张照片，受理后可查看。');

  await preview.tap('受理申请');
  await confirmModal('受理申请');
  await preview.waitForText('林晓雯 13800138000');
  // Accepted: the consumer's photo loads from its temp URL (the PNG is 3×2).
  expect(await loadedPhotoSize()).toEqual([3, 2]);
  await preview.screenshot('cable-3b-accepted');
  await preview.tap('确认已收到样品');
  await confirmModal('确认已收到样品');
  await preview.waitForText('开始筛查');
  await preview.tap('开始筛查');
  await confirmModal('开始筛查');
  await preview.tap('录入筛查结果');

  await preview.tap('不合格');
  await preview
    .screen()
    .locator('.outcome')
    .filter({ hasText: /^不符合$/ })
    .first()
    .click();
  await preview.type('检查说明（选填）', '导体实测截面约 1.9 mm²，标称 2.5 mm²');
  const [chooser] = await Promise.all([preview.page.waitForEvent('filechooser'), preview.tap('从聊天选择文件')]);
  await chooser.setFiles({ name: '筛查报告.pdf', mimeType: 'application/pdf', buffer: PDF });
  await preview.waitForText('已上传：筛查报告.pdf');
  await settle();
  await preview.screenshot('cable-4-result-form');
  await preview.tap('提交筛查结论');
  await confirmModal('提交筛查结论');
  await preview.waitForText('当前状态没有需要本院处理的操作。');

  const done = await preview.callAs<Envelope<RequestData>>('demo-consumer', 'cable', {
    action: 'getRequest',
    requestId: request.requestId,
  });
  expect(done.data).toMatchObject({ status: 'completed', verdict: 'non_conforming', report: { kind: 'pdf' } });
  expect(done.data.report!.url).toMatch(/\/files\/cable-reports\/[0-9a-f]{32}\/[A-Za-z0-9_-]+\.pdf\?/);
  const report = await download(done.data.report!.url!);
  expect(report.status).toBe(200);
  expect(report.body.equals(PDF)).toBe(true);
});

it('the consumer sees the verdict, the findings and where to go next', async () => {
  await preview.openAs('demo-consumer', 'pages/cable/my-requests/index');
  await preview.waitForText('BVV 3×2.5mm² 粤星 · 佛山市');
  await preview.tap('BVV 3×2.5mm² 粤星 · 佛山市');
  await preview.waitForRoute('pages/cable/request/index');
  await preview.waitForText('筛查结论');
  await preview.waitForText('导体实测截面约 1.9 mm²，标称 2.5 mm²');
  await preview.waitForText('查看筛查报告');
  await preview.waitForText('后续可以做什么');
  await preview.waitForText('拨打 12315 投诉举报');
  // The consumer's own photo shows from its temp URL too.
  expect(await loadedPhotoSize()).toEqual([3, 2]);
  await preview.screenshot('cable-5-verdict');

  // The staff member's report opens: downloaded from its temp URL (wx.downloadFile) and opened.
  const [opened] = await Promise.all([preview.context.waitForEvent('page'), preview.tap('查看筛查报告')]);
  await opened.waitForLoadState();
  const bytes = (await opened.evaluate(
    'fetch(location.href).then((r) => r.arrayBuffer()).then((b) => Array.from(new Uint8Array(b)))',
  )) as number[];
  expect(Buffer.from(bytes).equals(PDF)).toBe(true);
  await opened.close();
  expect(
    await preview
      .screen()
      .getByText(/无法直接打开报告|暂时无法读取/)
      .count(),
  ).toBe(0);
});
