/**
 * Every page of app.json in the web preview, as the identity that uses it and with the query it
 * needs (seeded demo data): text contrast of at least 4.5:1 against what is painted behind it
 * (placeholders included), tap targets at least 44×44 px, no text box painted on the page where
 * WeChat paints none (the "white box" behind empty states and 没有更多了), and, at WeChat's largest
 * text size, no date, time, number or latin word broken across lines.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatHex, wcagContrast, type Rgb } from 'culori';
import { AUDIT_EXPR, type Audit, type Rgba } from './helpers/audit';
import { startPreview, type PreviewSession } from './helpers/browser';

jest.setTimeout(600_000);

const MIN_CONTRAST = 4.5;
const MIN_TARGET = 44;

let preview: PreviewSession;

interface Envelope<T> {
  ok: boolean;
  data: T;
}

interface AppJson {
  pages: string[];
  subpackages: { root: string; pages: string[] }[];
}
const app = JSON.parse(readFileSync(path.resolve(__dirname, '../../miniprogram/app.json'), 'utf8')) as AppJson;
const PAGES = [...app.pages, ...app.subpackages.flatMap((s) => s.pages.map((p) => s.root + p))];

interface Visit {
  route: string;
  as: string;
  query?: string;
  /** Typed into the input with this placeholder once the page is open (shows what only a query shows). */
  typed?: { placeholder: string; text: string };
}

/** The search boxes' placeholder (the 红榜 tab, red-list search, a campaign's results). */
const SEARCH_PLACEHOLDER = '企业名称或统一社会信用代码';

/**
 * Each page: who opens it and with which query (ids from the seeded demo data); then the search
 * pages once more with a query typed, so their clear icons and result controls are measured too.
 */
async function visits(): Promise<Visit[]> {
  const campaigns = await preview.callAs<Envelope<{ items: { campaignId: string; status: string }[] }>>(
    'demo-enterprise',
    'voucher',
    { action: 'listCampaigns', page: 1 },
  );
  const open = campaigns.data.items.find((c) => c.status === 'open')!;
  const published = campaigns.data.items.find((c) => c.status === 'published')!;
  const vouchers = await preview.callAs<Envelope<{ items: { voucherId: string }[] }>>('demo-enterprise', 'voucher', {
    action: 'myVouchers',
    page: 1,
  });
  const requests = await preview.callAs<Envelope<{ items: { requestId: string }[] }>>('demo-consumer', 'cable', {
    action: 'myRequests',
    page: 1,
  });
  const queue = await preview.callAs<Envelope<{ items: { requestId: string }[] }>>('demo-staff', 'hospital', {
    action: 'screeningQueue',
    page: 1,
  });
  const redlist = await preview.callAs<Envelope<{ items: { uscc: string; name: string }[] }>>(
    'demo-consumer',
    'redlist',
    {
      action: 'search',
      page: 1,
    },
  );
  const checkups = await preview.callAs<Envelope<{ items: { checkupId: string }[] }>>('demo-enterprise', 'checkup', {
    action: 'mine',
  });
  const cases = await preview.callAs<Envelope<{ items: { caseId: string; status: string }[] }>>(
    'demo-enterprise',
    'helpdesk',
    { action: 'myCases', page: 1 },
  );
  const trainerSessions = await preview.callAs<Envelope<{ items: { sessionId: string; title: string }[] }>>(
    'demo-trainer',
    'training',
    { action: 'trainerSessions', page: 1 },
  );
  const openSessions = await preview.callAs<
    Envelope<{ items: { sessionId: string; phase: string; programmeId: string | null }[] }>
  >('demo-enterprise', 'training', { action: 'listSessions', page: 1 });
  const signupOpen = openSessions.data.items.find((s) => s.phase === 'signup')!;
  const programmeId = openSessions.data.items.find((s) => s.programmeId)!.programmeId!;
  const activeSignups = await preview.callAs<Envelope<{ items: { signupId: string }[] }>>(
    'demo-enterprise',
    'training',
    { action: 'mySignups', scope: 'active', page: 1 },
  );
  const pastSignups = await preview.callAs<Envelope<{ items: { signupId: string; certificateCode: string | null }[] }>>(
    'demo-enterprise',
    'training',
    { action: 'mySignups', scope: 'past', page: 1 },
  );
  const certified = pastSignups.data.items.find((s) => s.certificateCode)!;
  // The seeded serial code scanned in seven cities: every part of the scan page, the copy warning included.
  const cord = await preview.callAs<Envelope<{ issuances: { firstCode: string }[] }>>('demo-enterprise', 'credit', {
    action: 'getProduct',
    productId: 'demo-cord',
  });
  // The case the demo expert handles: thread, composer and the most buttons.
  const helpCase = `caseId=${(cases.data.items.find((c) => c.status === 'accepted') ?? cases.data.items[0])?.caseId}`;
  const special: Record<string, { as: string; query?: string }> = {
    'pages/voucher-tab/index': { as: 'demo-enterprise' },
    'pages/help-tab/index': { as: 'demo-enterprise' },
    'pages/help/case-form/index': { as: 'demo-enterprise' },
    'pages/help/my-cases/index': { as: 'demo-enterprise' },
    'pages/help/case/index': { as: 'demo-enterprise', query: helpCase },
    'pages/mine/index': { as: 'demo-enterprise' },
    'pages/user/enterprise/index': { as: 'demo-newcomer' },
    'pages/user/phone/index': { as: 'demo-newcomer' },
    'pages/voucher/campaign/index': { as: 'demo-enterprise', query: `campaignId=${open.campaignId}` },
    'pages/voucher/apply/index': { as: 'demo-enterprise', query: `campaignId=${open.campaignId}` },
    'pages/voucher/my-applications/index': { as: 'demo-enterprise' },
    'pages/voucher/my-vouchers/index': { as: 'demo-enterprise' },
    'pages/voucher/voucher/index': { as: 'demo-enterprise', query: `voucherId=${vouchers.data.items[0]?.voucherId}` },
    'pages/voucher/results/index': { as: 'demo-consumer', query: `campaignId=${published.campaignId}` },
    'pages/voucher/verify/index': { as: 'demo-consumer', query: `campaignId=${published.campaignId}` },
    'pages/hospital/redeem/index': { as: 'demo-staff' },
    'pages/hospital/redemptions/index': { as: 'demo-staff' },
    'pages/hospital/screening/index': { as: 'demo-staff' },
    'pages/hospital/screening-detail/index': {
      as: 'demo-staff',
      query: `requestId=${queue.data.items[0]?.requestId}`,
    },
    'pages/cable/request/index': { as: 'demo-consumer', query: `requestId=${requests.data.items[0]?.requestId}` },
    'pages/admin/index/index': { as: 'demo-admin' },
    'pages/admin/help-escalations/index': { as: 'demo-admin' },
    'pages/admin/experts/index': { as: 'demo-admin' },
    'pages/admin/help-stats/index': { as: 'demo-admin' },
    'pages/admin/imports/index': { as: 'demo-admin' },
    'pages/admin/campaigns/index': { as: 'demo-admin' },
    'pages/admin/campaign/index': { as: 'demo-admin', query: `campaignId=${published.campaignId}` },
    'pages/admin/campaign-form/index': { as: 'demo-admin' },
    'pages/admin/dashboard/index': { as: 'demo-admin' },
    'pages/expert/offers/index': { as: 'demo-expert' },
    'pages/expert/cases/index': { as: 'demo-expert' },
    'pages/redlist/detail/index': { as: 'demo-consumer', query: `uscc=${redlist.data.items[0]?.uscc}` },
    'pages/checkup/index/index': { as: 'demo-enterprise' },
    'pages/checkup/result/index': { as: 'demo-enterprise', query: `checkupId=${checkups.data.items[0]?.checkupId}` },
    'pages/checkup/history/index': { as: 'demo-enterprise' },
    'pages/training/session/index': { as: 'demo-enterprise', query: `sessionId=${signupOpen.sessionId}` },
    'pages/training/apply/index': { as: 'demo-enterprise', query: `sessionId=${signupOpen.sessionId}` },
    'pages/training/programme/index': { as: 'demo-consumer', query: `programmeId=${programmeId}` },
    'pages/training/my-signups/index': { as: 'demo-enterprise' },
    'pages/training/ticket/index': {
      as: 'demo-enterprise',
      query: `signupId=${activeSignups.data.items[0]?.signupId}`,
    },
    'pages/training/certificate/index': { as: 'demo-enterprise', query: `signupId=${certified.signupId}` },
    'pages/training/verify/index': { as: 'demo-consumer', query: `code=${certified.certificateCode}` },
    'pages/trainer/sessions/index': { as: 'demo-trainer' },
    'pages/trainer/roster/index': {
      as: 'demo-trainer',
      query: `sessionId=${trainerSessions.data.items[0]?.sessionId}`,
    },
    'pages/admin/training/index': { as: 'demo-admin' },
    'pages/admin/training-form/index': { as: 'demo-admin' },
    'pages/credit/scan/index': { as: 'demo-consumer', query: `code=${cord.data.issuances[0]?.firstCode}` },
    'pages/credit/products/index': { as: 'demo-enterprise' },
    'pages/credit/product/index': { as: 'demo-enterprise', query: 'productId=demo-cord' },
    'pages/credit/product-form/index': { as: 'demo-enterprise', query: 'productId=demo-cooker' },
    'pages/admin/credit/index': { as: 'demo-admin' },
  };
  // A fragment of a listed enterprise's name: a query that finds something.
  const typed = { placeholder: SEARCH_PLACEHOLDER, text: redlist.data.items[0]!.name.slice(0, 4) };
  return [
    ...PAGES.map((route) => ({ route, ...(special[route] ?? { as: 'demo-consumer' }) })),
    { route: 'pages/help/case/index', as: 'demo-expert', query: helpCase },
    { route: 'pages/redlist-tab/index', as: 'demo-consumer', typed },
    { route: 'pages/redlist/search/index', as: 'demo-consumer', typed },
    { ...special['pages/voucher/results/index'], route: 'pages/voucher/results/index', typed },
  ];
}

const css = (c: Rgba) => ({ mode: 'rgb' as const, r: c[0] / 255, g: c[1] / 255, b: c[2] / 255, alpha: c[3] });
/** `top` painted over `bottom` (source-over). */
function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3] + bottom[3] * (1 - top[3]);
  if (a === 0) return [0, 0, 0, 0];
  const mix = (i: number) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
  return [mix(0), mix(1), mix(2), a];
}
/** Layers (nearest first) composed over the phone's white screen. */
function flatten(layers: Rgba[]): Rgba {
  return [...layers].reverse().reduce<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
}
const hex = (c: Rgba) => formatHex(css(c) as Rgb);

interface Findings {
  contrast: string[];
  boxes: string[];
  targets: string[];
  broken: string[];
}

async function audit(route: string): Promise<Findings> {
  const result = await preview.page.evaluate<Audit>(AUDIT_EXPR);
  const findings: Findings = { contrast: [], boxes: [], targets: [], broken: [] };
  for (const t of result.texts) {
    if (!t.layers) continue; // over an image or gradient: judged on the screenshots
    const bg = flatten(t.layers);
    const fg = over(t.color, bg);
    const ratio = wcagContrast(css(fg) as Rgb, css(bg) as Rgb);
    if (ratio < MIN_CONTRAST) {
      findings.contrast.push(`${route}: 「${t.text}」 ${hex(fg)} on ${hex(bg)} = ${ratio.toFixed(2)}:1 (${t.path})`);
    }
    if (t.ownBox && t.under) {
      const under = flatten(t.under);
      if (hex(under) !== hex(bg)) {
        findings.boxes.push(`${route}: 「${t.text}」 paints ${hex(bg)} on ${hex(under)} (${t.path})`);
      }
    }
  }
  for (const t of result.targets) {
    if (t.width < MIN_TARGET || t.height < MIN_TARGET) {
      findings.targets.push(`${route}: 「${t.label}」 ${t.width}×${t.height} (${t.path})`);
    }
  }
  for (const b of result.broken) findings.broken.push(`${route}: 「${b.word}」 in 「${b.text}」 (${b.path})`);
  return findings;
}

async function open({ as, route, query, typed }: Visit, font?: 'largest') {
  await preview.openAs(as, query ? `${route}?${query}` : route, { font });
  await preview.idle();
  if (typed) {
    await preview.type(typed.placeholder, typed.text);
    await preview.idle();
  }
  await preview.toastGone();
}

beforeAll(async () => {
  preview = await startPreview();
});

afterAll(async () => {
  await preview?.close();
});

it('every page: contrast, tap targets, no painted text boxes; at the largest text size nothing breaks', async () => {
  const all: Findings = { contrast: [], boxes: [], targets: [], broken: [] };
  for (const visit of await visits()) {
    const { route } = visit;
    await open(visit);
    const found = await audit(route);
    all.contrast.push(...found.contrast);
    all.boxes.push(...found.boxes);
    all.targets.push(...found.targets);

    await open(visit, 'largest');
    // The setting took: rem follows WeChat's largest text size.
    expect(await preview.page.evaluate<string>('document.documentElement.style.fontSize')).toBe('24px');
    all.broken.push(...(await audit(route)).broken);
    await preview.screenshot(
      `a11y-largest-${route
        .replace(/^pages\//, '')
        .replace(/\/index$/, '')
        .replace(/\//g, '-')}${visit.typed ? '-typed' : ''}`,
    );
  }
  // One assertion, so a failure lists every finding of every kind.
  expect(all).toEqual({ contrast: [], boxes: [], targets: [], broken: [] });
});
