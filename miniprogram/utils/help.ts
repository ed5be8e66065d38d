/**
 * What the enterprise's help-desk pages share (the 帮扶 tab, the case form, my cases, the case thread):
 * page addresses, the case form's prefill from a link (a failed-sampling offer, a check-up's weakest
 * dimension), the public counts as the home page and the tab show them, and the case form's checks on
 * the rules of shared/helpdesk.ts (the server's schema, contract/helpdesk.ts openCaseInput, is built
 * from the same rules).
 */
import type { CaseOfferView, HelpCountsView } from '../../typings/api';
import { checkMobile, personNameProblem } from '../shared/contact';
import {
  CASE_FILE_EXTENSIONS,
  CASE_TEXT,
  PROBLEM_TYPES,
  type CaseStatus,
  type ProblemType,
  type Urgency,
} from '../shared/helpdesk';
import { isProductCategory, type ProductCategory } from '../shared/product-categories';
import { textProblem } from '../shared/text';
import { groupDigits } from './format';
import { withQuery } from './nav';

export const HELP_PAGES = {
  caseForm: '/pages/help/case-form/index',
  myCases: '/pages/help/my-cases/index',
  case: '/pages/help/case/index',
  /** The 质量体检 questionnaire (pages/checkup, its own subpackage). */
  checkup: '/pages/checkup/index/index',
  /** Admins reassign in their escalation queue (pages/admin). */
  escalations: '/pages/admin/help-escalations/index',
} as const;

/** Tag colour per case status (classes of styles/common.wxss). */
export const CASE_TAGS: Readonly<Record<CaseStatus, string>> = {
  open: 'tag_info',
  accepted: 'tag_info',
  closing: 'tag_warn',
  resolved: 'tag_brand',
  withdrawn: '',
};

/** What a link may prefill on the case form (all optional; anything unknown is ignored). */
export interface CasePrefillQuery {
  productCategory?: string;
  problemType?: string;
  title?: string;
  failedItems?: string;
  offerId?: string;
}

/** The case form's address with a prefill (values are URL-encoded; empty ones left out). */
export function caseFormUrl(prefill: CasePrefillQuery = {}): string {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(prefill)) if (value) query[key] = value;
  return withQuery(HELP_PAGES.caseForm, query);
}

/** The case form's address for a failed-sampling offer: 抽检不合格整改, its category, product and failed items. */
export function offerCaseUrl(offer: CaseOfferView): string {
  return caseFormUrl({
    productCategory: offer.productCategory ?? '',
    problemType: 'failed_sampling',
    title: `${offer.productName}抽检不合格整改`.slice(0, CASE_TEXT.title.max),
    failedItems: offer.failedItems,
    offerId: offer.offerId,
  });
}

/** A page query value as the form takes it: decoded once (WeChat decodes, the preview may not), trimmed. */
function decoded(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value).trim();
  } catch {
    return value.trim();
  }
}

/** The case form's fields. */
export interface CaseFormFields {
  productCategory: ProductCategory | '';
  problemType: ProblemType | '';
  title: string;
  description: string;
  failedItems: string;
  urgency: Urgency;
  /** '' = any city. */
  preferredCity: string;
  /** Who the expert calls (as typed; the 11 digits are sent). */
  contactName: string;
  contactPhone: string;
  offerId: string;
}

export type CaseFieldName = keyof CaseFormFields | 'files';
export type CaseFieldErrors = Partial<Record<CaseFieldName, string>>;

export function emptyCaseForm(): CaseFormFields {
  return {
    productCategory: '',
    problemType: '',
    title: '',
    description: '',
    failedItems: '',
    urgency: 'normal',
    preferredCity: '',
    contactName: '',
    contactPhone: '',
    offerId: '',
  };
}

/** The fields a link prefills, checked: an unknown category or problem type is left for the user to choose. */
export function prefillFromQuery(query: Record<string, string | undefined>): Partial<CaseFormFields> {
  const patch: Partial<CaseFormFields> = {};
  const category = decoded(query.productCategory);
  if (isProductCategory(category)) patch.productCategory = category;
  const problemType = decoded(query.problemType);
  if (problemType in PROBLEM_TYPES) patch.problemType = problemType as ProblemType;
  const title = decoded(query.title);
  if (title) patch.title = title;
  const failedItems = decoded(query.failedItems);
  if (failedItems) patch.failedItems = failedItems;
  const offerId = decoded(query.offerId);
  if (/^[A-Za-z0-9_-]{1,64}$/.test(offerId)) patch.offerId = offerId;
  return patch;
}

export const CASE_FORM_MESSAGES = {
  productCategory: '请选择产品类别',
  problemType: '请选择问题类型',
  title: '请填写标题',
  description: '请描述遇到的问题',
};

/** The form's problems, field by field, on the rules the server checks (shared/helpdesk CASE_TEXT). */
export function validateCaseForm(form: CaseFormFields): CaseFieldErrors {
  const errors: CaseFieldErrors = {};
  if (!form.productCategory) errors.productCategory = CASE_FORM_MESSAGES.productCategory;
  if (!form.problemType) errors.problemType = CASE_FORM_MESSAGES.problemType;
  const title = form.title.trim() ? textProblem(CASE_TEXT.title, form.title) : CASE_FORM_MESSAGES.title;
  if (title) errors.title = title;
  const description = form.description.trim()
    ? textProblem(CASE_TEXT.description, form.description)
    : CASE_FORM_MESSAGES.description;
  if (description) errors.description = description;
  const failedItems = textProblem(CASE_TEXT.failedItems, form.failedItems);
  if (failedItems) errors.failedItems = failedItems;
  const name = personNameProblem(form.contactName);
  if (name) errors.contactName = name;
  const phone = checkMobile(form.contactPhone);
  if (!phone.valid) errors.contactPhone = phone.hint;
  return errors;
}

/** The public counts as the home page and the tab show them: 11,212 家 / 4,239 个 / 700 名. */
export function countTiles(counts: HelpCountsView): { key: string; value: string; unit: string; label: string }[] {
  return [
    { key: 'served', value: groupDigits(counts.enterprisesServed), unit: '家', label: '已服务企业' },
    { key: 'solved', value: groupDigits(counts.problemsSolved), unit: '个', label: '解决质量问题' },
    { key: 'experts', value: groupDigits(counts.experts), unit: '名', label: '入驻专家' },
  ];
}

/** The extension of a chosen or stored file, for the name it gets in storage (pdf or an image type). */
export function caseFileExtension(path: string, fallback: 'jpg' | 'pdf' = 'jpg'): string {
  const match = /\.([A-Za-z0-9]+)$/.exec(path.split('?')[0]);
  const ext = match ? match[1].toLowerCase() : '';
  return (CASE_FILE_EXTENSIONS as readonly string[]).includes(ext) ? ext : fallback;
}
