import type {
  ApplicantType,
  ApplicationStatus,
  BeaconChoice,
  CampaignStatus,
  Pool,
  ServiceType,
  VoucherStatus,
} from '../contract/voucher';
import type { Ownership } from '../core/binding';
import type { BeaconValue, PinnedBeacon } from '../core/draw/beacon';

/** Stored document shapes (what the collections hold). Dates are Date objects. */

export interface CampaignDoc {
  _id: string;
  title: string;
  description: string;
  status: CampaignStatus;
  opensAt: Date;
  closesAt: Date;
  cap: number;
  voucherValidUntil: string;
  pools: Pool[];
  services: ServiceType[];
  commitment?: string | null;
  snapshotHash?: string | null;
  snapshotCount?: number | null;
  beacon?: string | null;
  /** The draft's choice; from open on, the pinned source (admin/draw/beacon.ts pinBeacon). */
  beaconSource?: BeaconChoice | PinnedBeacon | null;
  /** The pinned source's value, stored when the draw starts (drand: verified round; announced: numbers). */
  beaconValue?: BeaconValue | null;
  seed?: string | null;
  resultDigest?: string | null;
  closedAt?: Date | null;
  drawnAt?: Date | null;
  publishedAt?: Date | null;
  recordFileID?: string | null;
  createdAt?: Date;
  updatedAt?: Date;
}

export interface ApplicationDoc {
  _id: string;
  campaignId: string;
  applicantKey: string;
  applicantType: ApplicantType;
  applicantName: string;
  uscc: string | null;
  ownerOpenid: string;
  contact: { name: string; phone: string };
  city: string | null;
  poolIds: string[];
  services: ServiceType[];
  status: ApplicationStatus;
  wonPoolIds?: string[];
  waitlistPoolIds?: string[];
  submittedAt: Date;
}

export interface RedemptionDoc {
  hospitalId: string;
  hospitalName: string;
  serviceType: ServiceType;
  fee: number;
  offset: number;
  staffOpenid: string;
  note: string;
  redeemedAt: Date;
}

/**
 * An enterprise, keyed by USCC: written by the registry import (name, former names, city, the keyed
 * contact phone) and by a claim for a firm the registry does not know (`registered: false`), with who
 * owns and who claims it (core/binding.ts).
 */
export interface EnterpriseDoc extends Ownership {
  _id: string;
  name: string;
  nameKey: string;
  formerNames: string[];
  formerNameKeys?: string[];
  city: string | null;
  address?: string;
  province?: string;
  /** Keyed hash of the registry's contact phone (never the number itself). */
  contactPhoneKey?: string | null;
  /** false: created by a claim, not by the registry import; its name is only what a claimant typed. */
  registered?: boolean;
}

export interface VoucherDoc {
  _id: string;
  campaignId: string;
  campaignTitle: string;
  poolId: string;
  faceValue: number;
  applicationId: string;
  holderKey: string;
  holderOpenid: string;
  holderName: string;
  applicantType: ApplicantType;
  services: ServiceType[];
  status: VoucherStatus;
  validUntil: Date;
  validUntilDate: string;
  issuedBy: 'draw' | 'waitlist';
  redemption?: RedemptionDoc | null;
  expiryWarned?: boolean;
  /**
   * Set by publishResults (and on vouchers promoted after it). The draw writes vouchers before the
   * results are public; until this is true nobody outside the console may see or redeem them.
   */
  published?: boolean;
}

export interface HospitalDoc {
  _id: string;
  name: string;
  city: string;
  address: string;
  phone: string;
  specialties: string[];
  services: ServiceType[];
  active: boolean;
  latitude?: number | null;
  longitude?: number | null;
}

export interface JobDoc {
  _id: string;
  kind: string;
  status: 'running' | 'done' | 'failed';
  phase: string;
  cursor: number;
  done: number;
  total: number;
  message?: string | null;
  params?: Record<string, unknown>;
}
