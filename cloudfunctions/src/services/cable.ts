/** Quick-screen requests: views, red-list and follow-up look-ups, and the transactional state change. */
import type { RedlistRowDoc } from './redlist';
import { latestPublishedVersion } from './redlist-versions';
import { ownUploadFolder, tempFileUrls } from './files';
import type {
  CableFileView,
  CableFollowUpView,
  CableRequestSummary,
  CableRequestView,
  RedlistStatusView,
} from '../contract/cable';
import {
  CABLE_CONCERNS,
  CABLE_TYPES,
  cableLine,
  COMPLAINT_CHANNELS,
  FINDING_OUTCOMES,
  PURCHASE_CHANNELS,
  SAMPLE_DELIVERY,
} from '../core/cable/catalog';
import { knownOrUnknown, type CableRequestDoc, type CableRequesterDoc } from '../core/cable/request';
import {
  applyTransition,
  CABLE_STATUS_LABELS,
  checkTransition,
  daysWaiting,
  isOpenStatus,
  nextStatuses,
  VERDICTS,
  type Actor,
  type CableStatus,
  type StaffScope,
  type TransitionInput,
} from '../core/cable/workflow';
import { maskPersonName, maskPhone } from '../core/privacy';
import { TIER_LABELS } from '../core/redlist/types';
import { formatDateTime } from '../core/time';
import { audit } from '../runtime/audit';
import type { Database } from '../runtime/cloud';
import { list, txGet, type Transaction, runInTransaction } from '../runtime/db';
import { AppError } from '../runtime/errors';
import type { CampaignDoc } from './documents';

export const REQUESTS = 'cable_requests';
export const REQUESTERS = 'cable_requesters';

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/**
 * Who is looking: the requester, staff of a hospital in a given relation to the request, or a list
 * (where contact data is always masked).
 */
export type Viewer =
  { kind: 'requester' } | { kind: 'staff'; scope: Exclude<StaffScope, 'none'>; ownRequest: boolean } | { kind: 'list' };

/**
 * The requester and the hospital the request is assigned to see everything: full contact, pickup
 * address, photos and report. Hospitals that may still accept it see the request without them.
 */
const fullAccess = (viewer: Viewer) =>
  viewer.kind === 'requester' || (viewer.kind === 'staff' && viewer.scope === 'assigned');

/** How long the temp URLs of a view stay valid; the pages reload the view for fresh ones after. */
export const FILE_URL_SECONDS = 2 * 3600;

/** Temp URLs of a request's files, as one getTempFileURL call answered them. */
export interface FileUrls {
  urls: Map<string, string>;
  /** Seconds they stay valid (0 when none were issued). */
  expiresIn: number;
}

const NO_FILE_URLS: FileUrls = { urls: new Map(), expiresIn: 0 };

/** The stored files of a request this viewer may open: photos and report, for full-access viewers only. */
export function openableFileIDs(doc: CableRequestDoc, viewer: Viewer): string[] {
  if (!fullAccess(viewer)) return [];
  return [...(doc.photos ?? []), ...(doc.reportFileID ? [doc.reportFileID] : [])];
}

/**
 * Signed temp URLs of the files this viewer may open, in one getTempFileURL call. Storage failing does
 * not fail the view: its files then show as unavailable and a reload asks again.
 */
export async function fileUrlsFor(doc: CableRequestDoc, viewer: Viewer): Promise<FileUrls> {
  const fileIDs = openableFileIDs(doc, viewer);
  if (!fileIDs.length) return NO_FILE_URLS;
  try {
    return { urls: await tempFileUrls(fileIDs, FILE_URL_SECONDS), expiresIn: FILE_URL_SECONDS };
  } catch (error) {
    console.error(`cable: no temp URLs for request ${doc._id}: ${(error as Error).message}`);
    return NO_FILE_URLS;
  }
}

const fileView = (fileID: string, files: FileUrls): CableFileView => ({
  url: files.urls.get(fileID) ?? null,
  kind: /\.pdf$/i.test(fileID) ? 'pdf' : 'image',
});

export function cableSummary(doc: CableRequestDoc, now: Date): CableRequestSummary {
  return {
    requestId: doc._id,
    requestNo: doc.requestNo,
    status: doc.status,
    statusLabel: CABLE_STATUS_LABELS[doc.status],
    requesterType: doc.requesterType,
    contact: { name: maskPersonName(doc.contact.name), phone: maskPhone(doc.contact.phone) },
    city: doc.city,
    cable: {
      type: doc.cable.type,
      crossSection: doc.cable.crossSection,
      cores: doc.cable.cores,
      brand: doc.cable.brand,
    },
    concerns: doc.concerns,
    hospitalId: doc.hospitalId ?? null,
    hospitalName: doc.hospitalName ?? null,
    preferredHospitalId: doc.preferredHospitalId ?? null,
    verdict: doc.verdict ?? null,
    verdictLabel: doc.verdict ? VERDICTS[doc.verdict] : null,
    submittedAt: iso(doc.submittedAt)!,
    statusChangedAt: iso(doc.statusChangedAt ?? doc.submittedAt)!,
    daysWaiting: daysWaiting(doc, now),
  };
}

export function cableRequestView(
  doc: CableRequestDoc,
  viewer: Viewer,
  now: Date,
  extras: {
    redlist?: RedlistStatusView | null;
    followUp?: CableFollowUpView | null;
    /** Temp URLs of the files (fileUrlsFor); without them the files show as unavailable. */
    files?: FileUrls;
    reportFolder?: string | null;
  } = {},
): CableRequestView {
  const full = fullAccess(viewer);
  const files = extras.files ?? NO_FILE_URLS;
  const spec = CABLE_TYPES[doc.cable.type];
  let actions: CableStatus[] = [];
  if (viewer.kind === 'requester') actions = nextStatuses(doc.status, 'requester');
  // Staff never process their own request (conflict of interest).
  if (viewer.kind === 'staff' && !viewer.ownRequest) actions = nextStatuses(doc.status, 'staff');
  return {
    ...cableSummary(doc, now),
    contact: full
      ? { ...doc.contact }
      : { name: maskPersonName(doc.contact.name), phone: maskPhone(doc.contact.phone) },
    contactMasked: !full,
    organization: doc.organization ?? '',
    cable: {
      type: doc.cable.type,
      typeLabel: spec.label,
      family: spec.family,
      crossSection: doc.cable.crossSection,
      cores: doc.cable.cores,
      brand: doc.cable.brand,
      manufacturer: doc.cable.manufacturer ?? null,
      manufacturerText: knownOrUnknown(doc.cable.manufacturer),
      manufacturerUscc: doc.cable.manufacturerUscc ?? null,
      purchaseChannel: doc.cable.purchaseChannel,
      purchaseChannelLabel: PURCHASE_CHANNELS[doc.cable.purchaseChannel],
      purchaseChannelDetail: doc.cable.purchaseChannelDetail ?? '',
      purchaseDate: doc.cable.purchaseDate ?? null,
      purchaseDateText: knownOrUnknown(doc.cable.purchaseDate),
      length: doc.cable.length ?? null,
      lengthText: knownOrUnknown(doc.cable.length, (metres) => `${metres} 米`),
    },
    concernLabels: doc.concerns.map((c) => CABLE_CONCERNS[c]),
    description: doc.description ?? '',
    photos: full ? (doc.photos ?? []).map((fileID) => fileView(fileID, files)) : [],
    photoCount: (doc.photos ?? []).length,
    preferredHospitalName: doc.preferredHospitalName ?? null,
    sampleDelivery: doc.sampleDelivery,
    sampleDeliveryLabel: SAMPLE_DELIVERY[doc.sampleDelivery],
    pickupAddress: doc.sampleDelivery === 'pickup' && full ? doc.pickupAddress : null,
    history: (doc.statusHistory ?? []).map((h) => ({
      from: h.from,
      to: h.to,
      toLabel: CABLE_STATUS_LABELS[h.to],
      at: iso(h.at)!,
      by: h.role,
      hospitalName: h.role === 'staff' ? (h.hospitalName ?? h.hospitalId) : null,
      note: h.note ?? '',
    })),
    findings: (doc.findings ?? []).map((f) => ({
      item: f.item,
      itemLabel: CABLE_CONCERNS[f.item],
      outcome: f.outcome,
      outcomeLabel: FINDING_OUTCOMES[f.outcome],
      detail: f.detail ?? '',
    })),
    report: full && doc.reportFileID ? fileView(doc.reportFileID, files) : null,
    filesExpireIn: files.urls.size ? files.expiresIn : 0,
    reportFolder: extras.reportFolder ?? null,
    rejectionReason: doc.rejectionReason ?? null,
    redlist: extras.redlist ?? null,
    followUp: extras.followUp ?? null,
    actions,
  };
}

/**
 * The manufacturer's row in the latest published red-list version: listed with its tier, or not listed;
 * null when no version has been published yet (nothing to say either way).
 */
export async function redlistStatus(db: Database, uscc: string): Promise<RedlistStatusView | null> {
  const version = await latestPublishedVersion(db);
  if (!version) return null;
  const [row] = await list<RedlistRowDoc>(db.collection('redlist').where({ version: version.version, uscc }).limit(1));
  return {
    uscc,
    version: version.version,
    publishedAt: iso(version.publishedAt),
    listed: !!row,
    tier: row?.tier ?? null,
    tierLabel: row ? (TIER_LABELS[row.tier] ?? null) : null,
    years: row?.years ?? null,
    name: row?.name ?? null,
  };
}

/** After a suspected or non-conforming verdict: the cable voucher (if a campaign offers one now) and 12315. */
export async function followUpFor(db: Database, now: Date): Promise<CableFollowUpView> {
  const open = await list<CampaignDoc>(db.collection('campaigns').where({ status: 'open' }).limit(100));
  const offers = open
    .filter((c) => new Date(c.opensAt) <= now && now < new Date(c.closesAt))
    .flatMap((c) => c.pools.filter((p) => p.applicantTypes.includes('person')).map((pool) => ({ campaign: c, pool })))
    // The soonest-closing offer first: it is the one a requester could miss.
    .sort((a, b) => new Date(a.campaign.closesAt).getTime() - new Date(b.campaign.closesAt).getTime());
  const offer = offers[0];
  return {
    voucherCampaign: offer
      ? {
          campaignId: offer.campaign._id,
          title: offer.campaign.title,
          poolId: offer.pool.poolId,
          poolLabel: offer.pool.label ?? '电线电缆专用检测券',
          faceValue: offer.pool.faceValue,
          closesAt: iso(offer.campaign.closesAt)!,
        }
      : null,
    complaint: {
      ...COMPLAINT_CHANNELS,
      hint: '可凭本筛查报告拨打 12315 热线或登录全国12315平台投诉举报，也可申领电线电缆专用检测券做正式检测。',
    },
  };
}

/** The requester's detail view, with the red-list standing and (after a bad verdict) where to go next. */
/** `knownUrls`: the photos' temp URLs (FILE_URL_SECONDS) when the caller has them already (a submit). */
export async function requesterView(
  db: Database,
  doc: CableRequestDoc,
  now: Date,
  knownUrls?: Map<string, string>,
): Promise<CableRequestView> {
  const badVerdict = doc.status === 'completed' && (doc.verdict === 'suspected' || doc.verdict === 'non_conforming');
  const viewer: Viewer = { kind: 'requester' };
  const [redlist, followUp, files] = await Promise.all([
    doc.cable.manufacturerUscc ? redlistStatus(db, doc.cable.manufacturerUscc) : null,
    badVerdict ? followUpFor(db, now) : null,
    knownUrls ? { urls: knownUrls, expiresIn: FILE_URL_SECONDS } : fileUrlsFor(doc, viewer),
  ]);
  return cableRequestView(doc, viewer, now, { redlist, followUp, files });
}

/**
 * A staff member's detail view. `staffOpenid` is the viewer: staff of the assigned hospital get the
 * folder for their report upload (never on their own request, which they may not process).
 */
export async function staffView(
  db: Database,
  doc: CableRequestDoc,
  viewer: Extract<Viewer, { kind: 'staff' }>,
  now: Date,
  staffOpenid: string,
): Promise<CableRequestView> {
  const [redlist, files] = await Promise.all([
    doc.cable.manufacturerUscc ? redlistStatus(db, doc.cable.manufacturerUscc) : null,
    fileUrlsFor(doc, viewer),
  ]);
  const reportFolder =
    viewer.scope === 'assigned' && !viewer.ownRequest ? ownUploadFolder('cable-reports', staffOpenid) : null;
  return cableRequestView(doc, viewer, now, { redlist, files, reportFolder });
}

/**
 * Moves a request in one transaction: the status and its history, the requester's open-request list when
 * it closes, a subscribe message for the requester in the outbox, and the audit entry. `authorize` sees the
 * current document and throws (NOT_FOUND / FORBIDDEN) when the actor may not touch it.
 */
export async function transitionRequest(
  db: Database,
  params: {
    requestId: string;
    input: TransitionInput;
    actor: Actor;
    actorLabel: string;
    authorize: (doc: CableRequestDoc) => void;
  },
): Promise<CableRequestDoc> {
  const { requestId, input, actor } = params;
  return runInTransaction(
    db,
    async (t: Transaction) => {
      const doc = await txGet<CableRequestDoc>(t, REQUESTS, requestId);
      if (!doc) throw new AppError('NOT_FOUND', '筛查申请不存在');
      params.authorize(doc);
      const check = checkTransition(doc.status, input, actor.role);
      if (!check.ok) throw new AppError(check.code, check.message);
      const now = new Date();
      const patch = applyTransition(doc, input, actor, now);
      await t
        .collection(REQUESTS)
        .doc(requestId)
        .update({ data: { ...patch, updatedAt: db.serverDate() } });
      if (isOpenStatus(doc.status) && !isOpenStatus(patch.status)) {
        const holder = await txGet<CableRequesterDoc>(t, REQUESTERS, doc.requesterOpenid);
        if (holder) {
          await t
            .collection(REQUESTERS)
            .doc(doc.requesterOpenid)
            .update({
              data: {
                openRequestIds: holder.openRequestIds.filter((id) => id !== requestId),
                updatedAt: db.serverDate(),
              },
            });
        }
      }
      // One message per reached status: each status is reached at most once, so the key never repeats.
      await t.collection('outbox').add({
        data: {
          dedupeKey: `cable:${requestId}:${patch.status}`,
          toOpenid: doc.requesterOpenid,
          template: 'cableScreeningStatus',
          page: `pages/cable/request/index?requestId=${requestId}`,
          data: {
            requestNo: doc.requestNo,
            cable: cableLine(doc.cable),
            status: CABLE_STATUS_LABELS[patch.status],
            verdict: patch.verdict ? VERDICTS[patch.verdict] : '',
            hospital: patch.hospitalName ?? '',
            note: patch.statusHistory[patch.statusHistory.length - 1].note,
            time: formatDateTime(now),
          },
          status: 'pending',
          createdAt: db.serverDate(),
          updatedAt: db.serverDate(),
        },
      });
      await audit(t, db, {
        actor: params.actorLabel,
        action: `cable.${patch.status}`,
        targetType: 'cable_request',
        targetId: requestId,
        before: { status: doc.status, hospitalId: doc.hospitalId },
        after: { status: patch.status, hospitalId: patch.hospitalId, verdict: patch.verdict ?? null },
        note: input.note ?? '',
      });
      return { ...doc, ...patch, updatedAt: now };
    },
    10,
  ) as Promise<CableRequestDoc>;
}
