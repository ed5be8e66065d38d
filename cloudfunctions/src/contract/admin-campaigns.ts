/** Campaign lifecycle from the 管理 pages: drafts, open, close, draw (with progress), publish, promote. */
import type { z } from 'zod';
import type { CampaignNextAction } from '../core/campaign-lifecycle';
import type {
  BeaconChoice,
  CampaignView,
  JobView,
  campaignIdInput,
  createCampaignInput,
  drawInput,
  jobStatusInput,
  promoteWaitlistInput,
  updateCampaignInput,
} from './voucher';

export type { CampaignNextAction } from '../core/campaign-lifecycle';

/** What each `draw` call answers (admin/draw/job.ts DrawProgress): `running` until every batch is written. */
export interface DrawProgressView {
  status: 'running' | 'done';
  jobId: string;
  progress: { done: number; total: number };
  resultDigest?: string;
}

/** One pool's figures on the campaign page. */
export interface CampaignPoolFigures {
  poolId: string;
  label: string | null;
  faceValue: number;
  quantity: number;
  /** Applications naming the pool. */
  applied: number;
  /** Vouchers of the pool by status (issued counts those still unused). */
  issued: number;
  redeemed: number;
  expired: number;
  void: number;
  /** After the draw: its winners and waitlist length (null before). */
  winners: number | null;
  waitlist: number | null;
  /** promoteWaitlist may fill this pool now (free seats and a waitlist, vouchers still valid). */
  promotable: boolean;
}

export interface CampaignDetailView {
  campaign: CampaignView;
  /** A draft's own beacon choice (the view's beaconSource is the pinned source, null for drafts). */
  beaconChoice: BeaconChoice | null;
  applications: number;
  pools: CampaignPoolFigures[];
  /** The draw's job (`draw-<campaignId>`) once a draw started: the page resumes a running one. */
  drawJob: JobView | null;
  /** An open campaign whose closing time passed (the close timer has not run yet). */
  overdue: boolean;
  /** Exactly what the admin may do now (core/campaign-lifecycle.ts); the page shows only these. */
  nextActions: CampaignNextAction[];
}

export interface AdminCampaignApi {
  campaignDetail: { input: z.input<typeof campaignIdInput>; output: CampaignDetailView };
  createCampaign: { input: z.input<typeof createCampaignInput>; output: { campaignId: string } };
  updateCampaign: { input: z.input<typeof updateCampaignInput>; output: CampaignView };
  openCampaign: {
    input: z.input<typeof campaignIdInput>;
    output: { campaignId: string; commitment: string; beaconSource: object };
  };
  closeCampaign: {
    input: z.input<typeof campaignIdInput>;
    output: { campaignId: string; snapshotHash: string; snapshotCount: number };
  };
  /** `budgetMs` is honoured on the local cloud only (tests run a draw over many short calls). */
  draw: { input: z.input<typeof drawInput> & { budgetMs?: number }; output: DrawProgressView };
  publishResults: {
    input: z.input<typeof campaignIdInput>;
    output: { campaignId: string; recordFileID: string | null | undefined; resultDigest: string | null | undefined };
  };
  promoteWaitlist: {
    input: z.input<typeof promoteWaitlistInput>;
    output: { campaignId: string; poolId: string; free: number; promoted: string[]; exhausted: boolean };
  };
  jobStatus: { input: z.input<typeof jobStatusInput>; output: JobView };
}
