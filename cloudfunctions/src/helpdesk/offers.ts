/**
 * Failed-sampling offers (抽检不合格整改提示): when an inspections import brings a failed sampling of an
 * enterprise whose binding in the app is verified, the help desk offers it a 抽检不合格整改 case with the
 * failed items prefilled (helpdesk.myOffers lists them; openCase with offerId answers one and sets
 * caseId). One offer per inspection row: its id is the row key, so re-imports and repeated batches write
 * nothing new. Offers are about recent samplings: a failure sampled more than OFFER_MONTHS ago gets no
 * offer, and an offer that ages past it is no longer shown (myOffers reads only the recent ones).
 */
import dayjs from 'dayjs';
import { isProductCategory } from '../../../miniprogram/shared/product-categories';
import type { CaseOfferView } from '../contract/helpdesk';
import { verifiedOwnerOf } from '../core/binding';
import { calendarDate } from '../core/time';
import type { Database } from '../runtime/cloud';
import { insertIdempotent, list } from '../runtime/db';
import type { EnterpriseDoc } from '../services/documents';
import type { InspectionDoc } from '../services/redlist';
import { CASE_OFFERS, type CaseOfferDoc } from './documents';

/** A failed sampling is offered, and its offer shown, for this many months after it was sampled. */
export const OFFER_MONTHS = 12;
/** Offers myOffers lists at most (an enterprise rarely fails more than a few samplings a year). */
export const OFFER_LIST_LIMIT = 50;

/** The earliest sampling date (YYYY-MM-DD, Asia/Shanghai) still offered / shown on `now`. */
export const offerCutoff = (now: Date): string =>
  dayjs(calendarDate(now)).subtract(OFFER_MONTHS, 'month').format('YYYY-MM-DD');

/** The offer's id for an inspection row: the row key itself (stable across re-imports). */
export const offerIdOf = (inspectionId: string): string => inspectionId;

export function offerDocOf(inspection: InspectionDoc, now: Date): CaseOfferDoc {
  return {
    _id: offerIdOf(inspection._id),
    uscc: inspection.uscc,
    inspectionId: inspection._id,
    productCategory: isProductCategory(inspection.productCategory) ? inspection.productCategory : null,
    productName: inspection.productName,
    sampledAt: inspection.sampledAt,
    failedItems: inspection.failedItems ?? '',
    announcement: inspection.announcement,
    caseId: null,
    createdAt: now,
  };
}

export function offerViewOf(doc: CaseOfferDoc): CaseOfferView {
  return {
    offerId: doc._id,
    productCategory: doc.productCategory,
    productName: doc.productName,
    sampledAt: doc.sampledAt,
    failedItems: doc.failedItems,
    announcement: doc.announcement,
    caseId: doc.caseId ?? null,
  };
}

/**
 * Called by the inspections import for each batch it wrote (new and already-known rows alike, so a batch
 * repeated after a crash still gets its offers): writes an offer for every recent failed sampling whose
 * enterprise has a verified owner in the app. Existing offers are left as they are (their caseId kept).
 * Answers how many offers were new. Two reads and at most one write per batch.
 */
export async function offerFailedSamplings(
  db: Database,
  inspections: readonly InspectionDoc[],
  now: Date,
): Promise<number> {
  const cutoff = offerCutoff(now);
  const today = calendarDate(now);
  const failed = inspections.filter((i) => i.result === 'fail' && i.sampledAt >= cutoff && i.sampledAt <= today);
  if (!failed.length) return 0;
  const _ = db.command;
  const usccs = [...new Set(failed.map((i) => i.uscc))];
  const enterprises = await list<EnterpriseDoc>(
    db
      .collection('enterprises')
      .where({ _id: _.in(usccs) })
      .field({ _id: true, ownerOpenid: true, ownerVerifiedBy: true })
      .limit(usccs.length),
  );
  const bound = new Set(enterprises.filter((e) => verifiedOwnerOf(e)).map((e) => e._id));
  const offers = failed.filter((i) => bound.has(i.uscc)).map((i) => offerDocOf(i, now));
  if (!offers.length) return 0;
  const known = await list<{ _id: string }>(
    db
      .collection(CASE_OFFERS)
      .where({ _id: _.in(offers.map((o) => o._id)) })
      .field({ _id: true })
      .limit(offers.length),
  );
  const knownIds = new Set(known.map((k) => k._id));
  const fresh = offers.filter((o) => !knownIds.has(o._id));
  await insertIdempotent(db, CASE_OFFERS, fresh);
  return fresh.length;
}

/** The enterprise's offers still shown (sampled within OFFER_MONTHS), newest sampling first. */
export async function offersOf(db: Database, uscc: string, now: Date): Promise<CaseOfferDoc[]> {
  return list<CaseOfferDoc>(
    db
      .collection(CASE_OFFERS)
      .where({ uscc, sampledAt: db.command.gte(offerCutoff(now)) })
      .orderBy('sampledAt', 'desc')
      .orderBy('_id', 'asc')
      .limit(OFFER_LIST_LIMIT),
  );
}
