/** The stored shape of a quick-screen request and how a new one is built (pure). */
import { shanghai } from '../time';
import type { CableConcern, CableType, PurchaseChannel, RequesterType, SampleDelivery } from './catalog';
import { submittedEntry, type CableStatus, type Finding, type HistoryEntry, type Verdict } from './workflow';

// 不清楚 (a stored null) reads the same on every page: the rule lives in miniprogram/shared.
export { knownOrUnknown, UNKNOWN_TEXT } from '../../../../miniprogram/shared/cable-request';

export interface CableSpec {
  type: CableType;
  crossSection: number;
  cores: number;
  brand: string;
  /** null: the requester answered 不清楚 (so for the purchase date and the length). */
  manufacturer: string | null;
  manufacturerUscc: string | null;
  purchaseChannel: PurchaseChannel;
  purchaseChannelDetail: string;
  purchaseDate: string | null;
  length: number | null;
}

/** `cable_requests` documents. Dates are Date objects. */
export interface CableRequestDoc {
  _id: string;
  /** Short number shown to people (on the phone, on the sample bag). */
  requestNo: string;
  requesterOpenid: string;
  clientRequestId: string;
  requesterType: RequesterType;
  organization: string;
  contact: { name: string; phone: string };
  city: string;
  cable: CableSpec;
  concerns: CableConcern[];
  description: string;
  photos: string[];
  preferredHospitalId: string | null;
  preferredHospitalName: string | null;
  sampleDelivery: SampleDelivery;
  pickupAddress: string;
  status: CableStatus;
  statusHistory: HistoryEntry[];
  statusChangedAt: Date;
  hospitalId: string | null;
  hospitalName: string | null;
  verdict?: Verdict | null;
  findings?: Finding[];
  reportFileID?: string | null;
  rejectionReason?: string | null;
  cancelReason?: string | null;
  submittedAt: Date;
  completedAt?: Date | null;
  closedAt?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** `cable_requesters` documents: the requester's open requests, the ground truth of the open-request limit. */
export interface CableRequesterDoc {
  _id: string;
  openRequestIds: string[];
}

export interface NewRequestFields {
  requesterType: RequesterType;
  organization: string;
  contact: { name: string; phone: string };
  city: string;
  cable: Omit<CableSpec, 'manufacturerUscc'> & { manufacturerUscc?: string | null };
  concerns: CableConcern[];
  description: string;
  photos: string[];
  preferredHospitalId?: string | null;
  sampleDelivery: SampleDelivery;
  pickupAddress: string;
  clientRequestId: string;
}

/** DL + submission day (Asia/Shanghai) + the first six characters of the id, e.g. DL20260701-3FA9C2. */
export function requestNumber(id: string, submittedAt: Date): string {
  return `DL${shanghai(submittedAt).format('YYYYMMDD')}-${id.slice(0, 6).toUpperCase()}`;
}

export function buildRequestDoc(
  id: string,
  requesterOpenid: string,
  fields: NewRequestFields,
  preferredHospitalName: string | null,
  now: Date,
): CableRequestDoc {
  return {
    _id: id,
    requestNo: requestNumber(id, now),
    requesterOpenid,
    clientRequestId: fields.clientRequestId,
    requesterType: fields.requesterType,
    organization: fields.organization,
    contact: { name: fields.contact.name, phone: fields.contact.phone },
    city: fields.city,
    cable: { ...fields.cable, manufacturerUscc: fields.cable.manufacturerUscc ?? null },
    concerns: fields.concerns,
    description: fields.description,
    photos: fields.photos,
    preferredHospitalId: fields.preferredHospitalId ?? null,
    preferredHospitalName: fields.preferredHospitalId ? preferredHospitalName : null,
    sampleDelivery: fields.sampleDelivery,
    // The address only matters (and is only kept) when the hospital comes to pick the sample up.
    pickupAddress: fields.sampleDelivery === 'pickup' ? fields.pickupAddress : '',
    status: 'submitted',
    statusHistory: [submittedEntry(requesterOpenid, now)],
    statusChangedAt: now,
    hospitalId: null,
    hospitalName: null,
    verdict: null,
    findings: [],
    reportFileID: null,
    rejectionReason: null,
    cancelReason: null,
    submittedAt: now,
    completedAt: null,
    closedAt: null,
  };
}
