/**
 * The quality check-up (质量体检) in the web preview on the seeded local cloud, as demo-enterprise: the
 * questionnaire answered step by step (计量 answered worst), submitted; the result's radar chart drawn
 * by uCharts on a canvas 2d (checked by its pixels), the scores in the table, the next steps (a case on
 * 计量, the red-list standing); then the history's trend line over the seeded and the new check-ups.
 * Screenshots: tests/e2e/artifacts/checkup-*.png.
 */
import { DEMO_ENTERPRISE } from '../../seed/identities';
import { usePreview, type Envelope } from './helpers/browser';

jest.setTimeout(180_000);

const preview = usePreview();

/** The visible canvas's pixels: how many are painted, not white, and in the brand green's family. */
const CANVAS_PIXELS = `(() => {
  const canvas = [...document.querySelectorAll('#wxp-screen wx-canvas canvas')].find((c) => c.offsetParent !== null);
  if (!canvas || !canvas.width) return null;
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let inked = 0, green = 0, text = 0;
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i], g = data[i + 1], b = data[i + 2], a = data[i + 3];
    if (a > 0 && (r < 245 || g < 245 || b < 245)) inked += 1;
    if (a > 0 && g > r + 30 && g > b + 10) green += 1;
    if (a > 0 && r < 90 && g < 90 && b < 90) text += 1;
  }
  return { width: canvas.width, height: canvas.height, total: data.length / 4, inked, green, text };
})()`;

type Pixels = { width: number; height: number; total: number; inked: number; green: number; text: number };

/** Waits for a drawn chart on the visible canvas (uCharts draws on its next frame) and answers its pixels. */
async function drawnCanvas(): Promise<Pixels> {
  const handle = await preview.page.waitForFunction(
    `(() => { const p = ${CANVAS_PIXELS}; return p && p.inked > p.total * 0.02 ? p : null; })()`,
    undefined,
    { timeout: 20_000 },
  );
  return (await handle.jsonValue()) as Pixels;
}

it('answers the questionnaire, submits, and sees the radar chart, findings and next steps; then the trend', async () => {
  const before = await preview.callAs<Envelope<{ total: number }>>('demo-enterprise', 'checkup', { action: 'mine' });
  expect(before.ok).toBe(true);

  await preview.openAs('demo-enterprise', 'pages/checkup/index/index');
  await preview.waitForText('第 1 / 8 步 · 质量管理体系');
  await preview.waitForText(`体检企业：${DEMO_ENTERPRISE.name}`);
  await preview.screenshot('checkup-questionnaire');

  for (let step = 1; step <= 8; step++) {
    const questions = preview.screen().locator('.checkup-question').filter({ visible: true });
    const count = await questions.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const options = questions.nth(i).locator('.checkup-option');
      // 计量 (step 3): the weakest answer; elsewhere the best one.
      await (step === 3 ? options.last() : options.first()).click();
    }
    if (step < 8) {
      await preview.tap('下一步');
      await preview.waitForText(new RegExp(`^第 ${step + 1} / 8 步`));
    }
  }
  await preview.waitForText('已答 40 / 40 题');
  await preview.tap('提交体检');

  await preview.waitForRoute('pages/checkup/result/index');
  await preview.waitForText('质量体检结果');
  const pixels = await drawnCanvas();
  expect(pixels.width).toBeGreaterThanOrEqual(300);
  // Grid, area and labels: not blank, the brand green's series area, dark label text.
  expect(pixels.inked / pixels.total).toBeGreaterThan(0.05);
  expect(pixels.green / pixels.total).toBeGreaterThan(0.02);
  expect(pixels.text).toBeGreaterThan(200);
  await preview.waitForText('就“计量”发起问诊');
  await preview.waitForText(/^已列入红榜五年榜/);
  await preview.screenshot('checkup-result');

  const after = await preview.callAs<Envelope<{ total: number }>>('demo-enterprise', 'checkup', { action: 'mine' });
  expect(after.data.total).toBe(before.data.total + 1);

  await preview.tap('查看历次体检');
  await preview.waitForRoute('pages/checkup/history/index');
  await preview.waitForText(`${DEMO_ENTERPRISE.name}：共 ${after.data.total} 次体检，按体检时间排列。`);
  const trend = await drawnCanvas();
  expect(trend.green).toBeGreaterThan(50);
  await preview.screenshot('checkup-history');
});
