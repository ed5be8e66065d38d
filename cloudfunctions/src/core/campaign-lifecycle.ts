/**
 * What an admin may do next with a campaign, from its state alone: the 管理 pages show exactly these
 * buttons (admin campaignDetail answers them), and each action refuses anything else on its own.
 *
 * draft → updateCampaign, openCampaign; open → closeCampaign (early too); closed → draw (repeated while it
 * answers `running`), or closeCampaign again when an interrupted close left no snapshot; drawn →
 * publishResults; published → promoteWaitlist, per pool with free seats and a waitlist, while vouchers are valid.
 */
export type CampaignNextAction =
  'updateCampaign' | 'openCampaign' | 'closeCampaign' | 'draw' | 'publishResults' | 'promoteWaitlist';

export interface LifecycleState {
  status: 'draft' | 'open' | 'closed' | 'drawn' | 'published';
  /** Set once the close wrote the snapshot (an interrupted close leaves it null). */
  snapshotHash: string | null;
  /** End of the vouchers' last valid day (promotion stops then). */
  validUntilMs: number;
  pools: {
    poolId: string;
    quantity: number;
    /** Vouchers of the pool issued or redeemed (seats taken). */
    held: number;
    /** Length of the pool's published waitlist. */
    waitlist: number;
  }[];
}

export interface NextActions {
  nextActions: CampaignNextAction[];
  /** The pools promoteWaitlist may fill now (present only with 'promoteWaitlist'). */
  promotablePoolIds: string[];
}

export function nextActions(state: LifecycleState, nowMs: number): NextActions {
  switch (state.status) {
    case 'draft':
      return { nextActions: ['updateCampaign', 'openCampaign'], promotablePoolIds: [] };
    case 'open':
      return { nextActions: ['closeCampaign'], promotablePoolIds: [] };
    case 'closed':
      return { nextActions: [state.snapshotHash ? 'draw' : 'closeCampaign'], promotablePoolIds: [] };
    case 'drawn':
      return { nextActions: ['publishResults'], promotablePoolIds: [] };
    case 'published': {
      if (nowMs > state.validUntilMs) return { nextActions: [], promotablePoolIds: [] };
      const promotablePoolIds = state.pools
        .filter((p) => p.quantity - p.held > 0 && p.waitlist > 0)
        .map((p) => p.poolId);
      return { nextActions: promotablePoolIds.length ? ['promoteWaitlist'] : [], promotablePoolIds };
    }
    default:
      return { nextActions: [], promotablePoolIds: [] };
  }
}
