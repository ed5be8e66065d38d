/**
 * What the help desk's collections hold. Dates are Date objects. Every collection is closed to
 * clients (database rules: none); pages read through the `helpdesk` function's views only.
 */
import type { CaseStatus, Discipline, ProblemType, Urgency } from '../../../miniprogram/shared/helpdesk';
import type { ProductCategory } from '../../../miniprogram/shared/product-categories';

export { EXPERTS } from '../services/expert-binding';
export const CASES = 'help_cases';
export const CASE_MESSAGES = 'help_messages';
/** Failed samplings offered to bound enterprises for a 抽检不合格整改 case. */
export const CASE_OFFERS = 'help_offers';
/** One document per enterprise (USCC) the help desk has served: the public count is its count(). */
export const SERVED = 'help_served';

/** An expert of the 专家库, keyed by a stable id from the import (the registry's 专家编号). */
export interface ExpertDoc {
  _id: string;
  name: string;
  /** 高级工程师, 教授级高工, … */
  title: string;
  institution: string;
  /** A product hospital's id when the institution is one. */
  hospitalId: string | null;
  city: string;
  productCategories: ProductCategory[];
  disciplines: Discipline[];
  maxOpenCases: number;
  /** Cases this expert owns that are open (accepted or closing); kept in the accept/close transactions. */
  openCases: number;
  active: boolean;
  /** The WeChat user bound to this expert (users.expertId points back). */
  openid: string | null;
  resolvedCases: number;
  starsTotal: number;
  ratings: number;
  /** Hash of the imported row, so a re-import of the same file changes nothing. */
  importHash: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlanMeasureDoc {
  measure: string;
  target: string;
  dueDate: string;
}

export interface CaseDoc {
  _id: string;
  /** Readable number, e.g. WZ20261205-0001-ab12 (what the pages and the messages show). */
  caseNo: string;
  status: CaseStatus;
  uscc: string;
  enterpriseName: string;
  /** The enterprise's city (registry), used for routing when no city is preferred. */
  city: string;
  /** Who opened it and owns it on the enterprise side. */
  ownerOpenid: string;
  contact: { name: string; phone: string };
  productCategory: ProductCategory;
  problemType: ProblemType;
  title: string;
  description: string;
  failedItems: string;
  offerId: string | null;
  files: string[];
  urgency: Urgency;
  preferredCity: string | null;
  clientRequestId: string;
  /** Experts it was offered to (routing), best first; an accept must come from one of them. */
  offeredTo: string[];
  expertId: string | null;
  expertName: string | null;
  submittedAt: Date;
  acceptedAt: Date | null;
  firstAnswerDueAt: Date;
  firstAnsweredAt: Date | null;
  escalatedAt: Date | null;
  /**
   * When an admin last moved the case to another expert (helpdesk.reassignCase). Reassigning keeps
   * escalatedAt: the escalation stays on record, and the case stays in the admins' queue until it gets
   * its first answer; reassignedAt tells the queue it has been acted on. Absent on cases never reassigned.
   */
  reassignedAt?: Date | null;
  diagnosis: { text: string; plan: PlanMeasureDoc[]; at: Date } | null;
  closingNote: string | null;
  closingProposedAt: Date | null;
  resolvedAt: Date | null;
  withdrawnAt: Date | null;
  rating: { stars: number; comment: string; at: Date } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a new case holds in the fields later moves fill in (accept, answer, escalation, diagnosis, close, rating). */
export const UNTOUCHED_CASE = {
  expertId: null,
  expertName: null,
  acceptedAt: null,
  firstAnsweredAt: null,
  escalatedAt: null,
  diagnosis: null,
  closingNote: null,
  closingProposedAt: null,
  resolvedAt: null,
  withdrawnAt: null,
  rating: null,
} as const satisfies Partial<CaseDoc>;

export interface CaseMessageDoc {
  _id: string;
  caseId: string;
  from: 'enterprise' | 'expert' | 'admin' | 'system';
  /** The author's openid (empty for the system); never shown to the other side. */
  authorOpenid: string;
  expertId: string | null;
  text: string;
  files: string[];
  /** (caseId, authorOpenid, clientRequestId) is unique: a repeated post is one message. */
  clientRequestId: string;
  at: Date;
}

export interface CaseOfferDoc {
  _id: string;
  uscc: string;
  /** The inspection row (inspections._id) that failed. */
  inspectionId: string;
  productCategory: ProductCategory | null;
  productName: string;
  sampledAt: string;
  failedItems: string;
  announcement: string;
  caseId: string | null;
  createdAt: Date;
}
