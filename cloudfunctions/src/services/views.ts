import QRCode from 'qrcode';
import type { ApplicationView, BeaconSourceView, CampaignView, HospitalView, VoucherView } from '../contract/voucher';
import type { AnnouncedValue, DrandValue } from '../core/draw/beacon';
import { maskPersonName, maskPhone } from '../core/privacy';
import { calendarDate } from '../core/time';
import { pinnedBeaconOf } from './campaigns';
import type { ApplicationDoc, CampaignDoc, HospitalDoc, VoucherDoc } from './documents';
import { qrPayloadFor } from './voucher-codes';

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function campaignView(doc: CampaignDoc): CampaignView {
  const published = doc.status === 'published';
  return {
    campaignId: doc._id,
    title: doc.title,
    description: doc.description ?? '',
    status: doc.status,
    opensAt: iso(doc.opensAt)!,
    closesAt: iso(doc.closesAt)!,
    cap: doc.cap,
    voucherValidUntil: doc.voucherValidUntil,
    pools: doc.pools,
    services: doc.services,
    commitment: doc.commitment ?? null,
    snapshotHash: doc.snapshotHash ?? null,
    snapshotCount: doc.snapshotCount ?? null,
    // The beacon, seed and digest are public once the draw is published; before that they'd leak nothing
    // useful, but the verification page should only show a complete set.
    beacon: published ? (doc.beacon ?? null) : null,
    beaconSource: beaconSourceView(doc, published),
    seed: published ? (doc.seed ?? null) : null,
    resultDigest: published ? (doc.resultDigest ?? null) : null,
    publishedAt: iso(doc.publishedAt),
  };
}

/** The pinned source, public from open on (so anyone can note the round or issue in advance); its value once published. */
function beaconSourceView(doc: CampaignDoc, published: boolean): BeaconSourceView | null {
  const pinned = pinnedBeaconOf(doc);
  if (!pinned) return null;
  const value = published ? (doc.beaconValue ?? null) : null;
  if (pinned.type === 'announced') {
    return {
      type: 'announced',
      issue: pinned.issue,
      drawDate: pinned.drawDate,
      numbers: (value as AnnouncedValue | null)?.numbers ?? null,
    };
  }
  return {
    type: 'drand',
    chain: pinned.chain,
    test: pinned.chain === 'test',
    chainHash: pinned.chainHash,
    round: pinned.round,
    roundTime: pinned.roundTime,
    randomness: (value as DrandValue | null)?.randomness ?? null,
  };
}

/**
 * An application as its owner sees it (unmasked contact). Results stay hidden until published so
 * nobody learns an outcome before the regulator announces it.
 */
export function applicationView(
  doc: ApplicationDoc,
  campaign: Pick<CampaignDoc, 'title' | 'status'>,
  waitlist: { poolId: string; rank: number }[] = [],
  viewer: 'owner' | 'other' = 'owner',
): ApplicationView {
  const published = campaign.status === 'published';
  return {
    applicationId: doc._id,
    campaignId: doc.campaignId,
    campaignTitle: campaign.title,
    applicantType: doc.applicantType,
    applicantName:
      doc.applicantType === 'person' && viewer !== 'owner' ? maskPersonName(doc.applicantName) : doc.applicantName,
    poolIds: doc.poolIds,
    services: doc.services ?? [],
    contact:
      viewer === 'owner'
        ? doc.contact
        : { name: maskPersonName(doc.contact.name), phone: maskPhone(doc.contact.phone) },
    status: published ? doc.status : 'submitted',
    wonPoolIds: published ? (doc.wonPoolIds ?? []) : [],
    waitlist: published ? waitlist : [],
    submittedAt: iso(doc.submittedAt)!,
  };
}

export async function voucherView(doc: VoucherDoc, viewer: 'holder' | 'staff'): Promise<VoucherView> {
  const usable = doc.status === 'issued';
  const qrPayload = viewer === 'holder' && usable ? qrPayloadFor(doc._id) : null;
  return {
    voucherId: doc._id,
    campaignId: doc.campaignId,
    campaignTitle: doc.campaignTitle,
    poolId: doc.poolId,
    faceValue: doc.faceValue,
    status: doc.status,
    validUntil: doc.validUntilDate ?? calendarDate(doc.validUntil),
    holderName: doc.applicantType === 'person' && viewer !== 'holder' ? maskPersonName(doc.holderName) : doc.holderName,
    services: doc.services ?? [],
    redemption: doc.redemption
      ? {
          hospitalId: doc.redemption.hospitalId,
          hospitalName: doc.redemption.hospitalName,
          serviceType: doc.redemption.serviceType,
          fee: doc.redemption.fee,
          offset: doc.redemption.offset,
          redeemedAt: iso(doc.redemption.redeemedAt)!,
        }
      : null,
    qrPayload,
    qrImage: qrPayload ? await QRCode.toDataURL(qrPayload, { errorCorrectionLevel: 'M', margin: 1, width: 480 }) : null,
  };
}

export function hospitalView(doc: HospitalDoc): HospitalView {
  return {
    hospitalId: doc._id,
    name: doc.name,
    city: doc.city,
    address: doc.address ?? '',
    phone: doc.phone ?? '',
    specialties: doc.specialties ?? [],
    services: doc.services ?? [],
    latitude: typeof doc.latitude === 'number' ? doc.latitude : null,
    longitude: typeof doc.longitude === 'number' ? doc.longitude : null,
  };
}
