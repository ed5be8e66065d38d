import type { CampaignView } from '../../../cloudfunctions/src/contract/voucher';
import { campaignPhase, featuredCampaign, summarizeCampaign } from '../../../miniprogram/utils/campaign';

const T = Date.parse('2026-07-01T01:00:00Z');
const H = 3600_000;

function c(status: CampaignView['status'], opensAt: number, closesAt: number, id: string = status): CampaignView {
  return {
    campaignId: id,
    title: id,
    description: '',
    status,
    opensAt: new Date(opensAt).toISOString(),
    closesAt: new Date(closesAt).toISOString(),
    cap: 5000,
    voucherValidUntil: '2027-06-30',
    pools: [
      { poolId: 'A', faceValue: 500, quantity: 6000, applicantTypes: ['enterprise'] },
      { poolId: 'B', faceValue: 5000, quantity: 2000, applicantTypes: ['enterprise'] },
      { poolId: 'C', faceValue: 1000, quantity: 1000, applicantTypes: ['person'] },
      { poolId: 'D', faceValue: 1000, quantity: 6000, applicantTypes: ['enterprise'] },
    ],
    services: [],
    commitment: null,
    snapshotHash: null,
    snapshotCount: null,
    beacon: null,
    beaconSource: null,
    seed: null,
    resultDigest: null,
    publishedAt: null,
  };
}

describe('campaign phases', () => {
  it('reads an open campaign by the clock and the later states by status', () => {
    expect(campaignPhase(c('open', T + H, T + 2 * H), T)).toBe('upcoming');
    expect(campaignPhase(c('open', T - H, T + H), T)).toBe('accepting');
    expect(campaignPhase(c('open', T - 2 * H, T), T)).toBe('awaiting-draw');
    expect(campaignPhase(c('closed', T - 2 * H, T - H), T)).toBe('awaiting-draw');
    expect(campaignPhase(c('drawn', T - 2 * H, T - H), T)).toBe('drawn');
    expect(campaignPhase(c('published', T - 2 * H, T - H), T)).toBe('published');
  });

  it('summarises face values (distinct, largest first) and the total number of vouchers', () => {
    const s = summarizeCampaign(c('open', T - H, T + H), T);
    expect(s.faceValuesText).toBe('5,000 / 1,000 / 500 元');
    expect(s.totalQuantityText).toBe('15,000 份');
    expect(s).toMatchObject({
      accepting: true,
      phaseLabel: '申领中',
      opensAtText: '2026-07-01 08:00',
      closesAtText: '2026-07-01 10:00',
    });
  });

  it('features the campaign closing soonest among those accepting, else an upcoming one, else the newest', () => {
    const accepting = [c('open', T - H, T + 5 * H, 'late'), c('open', T - H, T + 2 * H, 'soon')];
    const upcoming = c('open', T + H, T + 9 * H, 'upcoming');
    const published = c('published', T - 9 * H, T - 8 * H, 'published');
    expect(featuredCampaign([upcoming, ...accepting, published], T)?.campaignId).toBe('soon');
    expect(featuredCampaign([published, upcoming], T)?.campaignId).toBe('upcoming');
    expect(featuredCampaign([published, c('closed', T - 9 * H, T - 8 * H)], T)?.campaignId).toBe('published');
    expect(featuredCampaign([], T)).toBeNull();
  });
});
