/**
 * "Did I win?" in the web preview, on the seeded published campaign: the enterprise finds its own
 * standing and the ticket that decided it, recomputes that ticket from what the page shows, and anyone
 * finds the enterprise by name. Screenshots: tests/e2e/artifacts/results-*.png.
 */
import { createHmac } from 'node:crypto';
import { usePreview, type Envelope } from './helpers/browser';

jest.setTimeout(120_000);

const preview = usePreview();

async function publishedCampaignId(): Promise<string> {
  const list = await preview.callAs<Envelope<{ items: { campaignId: string; status: string }[] }>>(
    'demo-consumer',
    'voucher',
    { action: 'listCampaigns', page: 1 },
  );
  const published = list.data.items.find((c) => c.status === 'published');
  if (!published) throw new Error('the seed has no published campaign');
  return published.campaignId;
}

it('my ticket on the results page is one HMAC of the published seed and what the page shows', async () => {
  const campaignId = await publishedCampaignId();
  await preview.openAs('demo-enterprise', `pages/voucher/results/index?campaignId=${campaignId}`);
  await preview.waitForText('我的摇号结果', 15_000);
  await preview.waitForText('以企业身份申领：佛山市顺德区美达电器有限公司');
  await preview.tap('如何核对这个签号');
  const text = (selector: string) => preview.screen().locator(selector).filter({ visible: true }).first().innerText();
  await preview.screen().locator('.check__seed').first().waitFor({ state: 'visible' });
  const [seed, message, ticket, command] = await Promise.all([
    text('.check__seed'),
    text('.check__message'),
    text('.mine-pool__ticket'),
    text('.check__command'),
  ]);
  expect(ticket).toBe(createHmac('sha256', Buffer.from(seed, 'hex')).update(message, 'utf8').digest('hex'));
  expect(command).toContain(`'${message}'`);
  expect(command).toContain(`hexkey:${seed}`);
  await preview.screenshot('results-my-ticket');
});

it('anyone finds an enterprise by name and reads its outcome per pool', async () => {
  const campaignId = await publishedCampaignId();
  await preview.openAs('demo-consumer', `pages/voucher/results/index?campaignId=${campaignId}`);
  await preview.waitForText('查一查是否中签', 15_000);
  await preview.type('企业名称或统一社会信用代码', '美达电器');
  await preview.tap('.search-submit');
  await preview.waitForText('共找到 1 家企业');
  await preview.waitForText('佛山市顺德区美达电器有限公司');
  expect(await preview.screen().locator('.hit-pool').filter({ visible: true }).count()).toBeGreaterThan(0);
  await preview.screenshot('results-search');
});
