/** Views as the cloud functions return them, for the fake cloud. Override what a test is about. */
import type { CampaignView, EnterpriseView, HospitalView, ProfileView } from '../../../typings/api';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function campaign(overrides: Partial<CampaignView> = {}, nowMs = Date.now()): CampaignView {
  return {
    campaignId: 'c-2026-2',
    title: '2026 年第二批广东省产品检测券（20000 份）',
    description: '',
    status: 'open',
    opensAt: new Date(nowMs - 2 * DAY).toISOString(),
    closesAt: new Date(nowMs + 14 * DAY).toISOString(),
    cap: 5000,
    voucherValidUntil: '2027-06-30',
    pools: [
      { poolId: 'G5000', faceValue: 5000, quantity: 2000, applicantTypes: ['enterprise'] },
      { poolId: 'G2000', faceValue: 2000, quantity: 5000, applicantTypes: ['enterprise'] },
      { poolId: 'G1000', faceValue: 1000, quantity: 6000, applicantTypes: ['enterprise'] },
      { poolId: 'G500', faceValue: 500, quantity: 6000, applicantTypes: ['enterprise'] },
      { poolId: 'C1000', faceValue: 1000, quantity: 1000, applicantTypes: ['person'] },
    ],
    services: ['ccc', 'commissioned'],
    commitment: 'a'.repeat(64),
    snapshotHash: null,
    snapshotCount: null,
    beacon: null,
    beaconSource: null,
    seed: null,
    resultDigest: null,
    publishedAt: null,
    ...overrides,
  };
}

export function paged<T>(items: T[], page = 1, pageSize = 20, total = items.length) {
  return { items, page, pageSize, total };
}

export function profile(overrides: Partial<ProfileView> = {}): ProfileView {
  return {
    openid: 'o-test',
    roles: [],
    hospitalId: null,
    hospitalName: null,
    expertId: null,
    organiserId: null,
    enterprise: null,
    phoneVerified: false,
    phoneMasked: null,
    ...overrides,
  };
}

/** A bound enterprise as the profile shows it: verified unless the test says otherwise. */
export function enterprise(overrides: Partial<EnterpriseView> = {}): EnterpriseView {
  return {
    uscc: '91440606722473344C',
    name: '佛山市顺德区美达电器有限公司',
    city: '佛山市',
    verification: 'verified',
    verifiedBy: 'registry-phone',
    rejectionReason: null,
    documentsWaitingSince: null,
    ...overrides,
  };
}

export function hospital(overrides: Partial<HospitalView> = {}): HospitalView {
  return {
    hospitalId: 'gd-cable',
    name: '广东省电线电缆产品医院',
    city: '广州',
    address: '广州市黄埔区科学大道 118 号',
    phone: '020-32296001',
    specialties: ['电线电缆'],
    services: ['commissioned'],
    latitude: 23.1702,
    longitude: 113.4497,
    ...overrides,
  };
}

export { DAY, HOUR };
