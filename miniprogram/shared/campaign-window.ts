/**
 * A campaign's application window: the one copy of the rule, used by the mini-program (what a campaign
 * card and the apply form say) and the cloud functions (apply and withdraw refuse outside it;
 * cloudfunctions/src/core/campaign-window.ts re-exports it). An open campaign is judged by the clock,
 * so the window shuts at closesAt even before the close timer has run.
 */

export type ApplicationWindow = 'not-open' | 'open' | 'closed';

export interface WindowedCampaign {
  status: string;
  /** Instants as ISO strings (views) or Dates (documents). */
  opensAt: string | Date;
  closesAt: string | Date;
}

const ms = (at: string | Date) => (typeof at === 'string' ? Date.parse(at) : at.getTime());

export function applicationWindow(campaign: WindowedCampaign, nowMs: number): ApplicationWindow {
  if (campaign.status === 'draft') return 'not-open';
  if (campaign.status !== 'open') return 'closed';
  if (nowMs < ms(campaign.opensAt)) return 'not-open';
  return nowMs < ms(campaign.closesAt) ? 'open' : 'closed';
}
