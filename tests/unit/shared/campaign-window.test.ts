/**
 * The application window: one table, checked against the shared rule and against what each side makes
 * of it (the functions' refusal, the mini-program's phase), so the two can never read a campaign apart.
 */
import { assertWindowOpen } from '../../../cloudfunctions/src/services/campaigns';
import { applicationWindow, type ApplicationWindow } from '../../../miniprogram/shared/campaign-window';
import { campaignPhase, type Phase } from '../../../miniprogram/utils/campaign';

const NOW = Date.parse('2026-07-01T02:00:00Z');
const H = 3600_000;

type Row = [
  label: string,
  status: string,
  opensAt: number,
  closesAt: number,
  window: ApplicationWindow,
  serverCode: 'ok' | 'CAMPAIGN_NOT_OPEN' | 'CAMPAIGN_CLOSED',
  phase: Phase,
];

const TABLE: Row[] = [
  ['open, inside the window', 'open', NOW - H, NOW + H, 'open', 'ok', 'accepting'],
  ['open, the first instant', 'open', NOW, NOW + H, 'open', 'ok', 'accepting'],
  ['open, before it opens', 'open', NOW + 1, NOW + H, 'not-open', 'CAMPAIGN_NOT_OPEN', 'upcoming'],
  [
    'open, at the closing instant (timer not yet run)',
    'open',
    NOW - H,
    NOW,
    'closed',
    'CAMPAIGN_CLOSED',
    'awaiting-draw',
  ],
  ['open, after it closes', 'open', NOW - 2 * H, NOW - H, 'closed', 'CAMPAIGN_CLOSED', 'awaiting-draw'],
  ['closed early, still inside the dates', 'closed', NOW - H, NOW + H, 'closed', 'CAMPAIGN_CLOSED', 'awaiting-draw'],
  ['drawn', 'drawn', NOW - 2 * H, NOW - H, 'closed', 'CAMPAIGN_CLOSED', 'drawn'],
  ['published', 'published', NOW - 2 * H, NOW - H, 'closed', 'CAMPAIGN_CLOSED', 'published'],
];

const SERVER_ONLY: Row[] = [
  // Drafts never reach the mini-program; the functions say the campaign has not opened.
  ['draft, inside its dates', 'draft', NOW - H, NOW + H, 'not-open', 'CAMPAIGN_NOT_OPEN', 'awaiting-draw'],
];

function serverCode(status: string, opensAt: number, closesAt: number): string {
  try {
    assertWindowOpen(
      { status: status as 'open', opensAt: new Date(opensAt), closesAt: new Date(closesAt) },
      new Date(NOW),
    );
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe.each([...TABLE, ...SERVER_ONLY])('%s', (_label, status, opensAt, closesAt, window, code, phase) => {
  it('the rule', () => {
    expect(applicationWindow({ status, opensAt: new Date(opensAt), closesAt: new Date(closesAt) }, NOW)).toBe(window);
    expect(
      applicationWindow(
        { status, opensAt: new Date(opensAt).toISOString(), closesAt: new Date(closesAt).toISOString() },
        NOW,
      ),
    ).toBe(window);
  });

  it('the functions refuse outside it, with the reason', () => {
    expect(serverCode(status, opensAt, closesAt)).toBe(code);
  });

  if (status !== 'draft') {
    it('the mini-program reads the same phase', () => {
      const view = {
        status: status as 'open',
        opensAt: new Date(opensAt).toISOString(),
        closesAt: new Date(closesAt).toISOString(),
      };
      expect(campaignPhase(view, NOW)).toBe(phase);
    });
  }
});
