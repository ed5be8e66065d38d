import { nextActions, type LifecycleState } from '../../../cloudfunctions/src/core/campaign-lifecycle';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const state = (overrides: Partial<LifecycleState> = {}): LifecycleState => ({
  status: 'published',
  snapshotHash: 'f'.repeat(64),
  validUntilMs: Date.parse('2027-06-30T15:59:59Z'),
  pools: [
    { poolId: 'A', quantity: 2, held: 2, waitlist: 5 },
    { poolId: 'B', quantity: 2, held: 1, waitlist: 3 },
    { poolId: 'C', quantity: 2, held: 1, waitlist: 0 },
  ],
  ...overrides,
});

describe('nextActions (what the campaign page may offer)', () => {
  it('follows the lifecycle: draft → open → closed → drawn → published', () => {
    expect(nextActions(state({ status: 'draft', snapshotHash: null }), NOW).nextActions).toEqual([
      'updateCampaign',
      'openCampaign',
    ]);
    expect(nextActions(state({ status: 'open', snapshotHash: null }), NOW).nextActions).toEqual(['closeCampaign']);
    expect(nextActions(state({ status: 'closed' }), NOW).nextActions).toEqual(['draw']);
    expect(nextActions(state({ status: 'drawn' }), NOW).nextActions).toEqual(['publishResults']);
  });

  it('an interrupted close (no snapshot yet) is closed again before any draw', () => {
    expect(nextActions(state({ status: 'closed', snapshotHash: null }), NOW).nextActions).toEqual(['closeCampaign']);
  });

  it('promotes only pools with a free seat and someone waiting, and nothing once the vouchers expired', () => {
    expect(nextActions(state(), NOW)).toEqual({ nextActions: ['promoteWaitlist'], promotablePoolIds: ['B'] });
    expect(nextActions(state({ validUntilMs: NOW - 1 }), NOW)).toEqual({ nextActions: [], promotablePoolIds: [] });
    const full = state({ pools: [{ poolId: 'A', quantity: 2, held: 2, waitlist: 5 }] });
    expect(nextActions(full, NOW)).toEqual({ nextActions: [], promotablePoolIds: [] });
  });
});
