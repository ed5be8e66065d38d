import { z } from 'zod';
import {
  MAX_CASE_FILES,
  MAX_OPEN_CASES,
  PROBLEM_TYPES,
  URGENCIES,
  type ProblemType,
  type Urgency,
} from '../../../../miniprogram/shared/helpdesk';
import { PRODUCT_CATEGORIES } from '../../../../miniprogram/shared/product-categories';
import type { HelpFormOptions } from '../../contract/helpdesk';
import { GUANGDONG_CITIES } from '../../core/uscc';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { ownUploadFolder } from '../../services/files';
import { CASE_HOLDERS, verifiedCaller, type CaseHolderDoc } from '../cases';
import { findById } from '../../runtime/db';

const entries = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([code, label]) => ({ code, label }));

/**
 * What the case form offers (the mini-program bundles no zod, so labels come from here), the caller's
 * own upload folder, and why this caller cannot open a case now (not bound, not verified, too many open),
 * so the page says it before the user fills the form.
 */
export const formOptions = action({
  access: 'user',
  input: z.object({}),
  async handler(_input, { caller, db }): Promise<HelpFormOptions> {
    let blockedReason: string | null = null;
    try {
      const enterprise = await verifiedCaller(db, caller);
      const holder = await findById<CaseHolderDoc>(db, CASE_HOLDERS, enterprise._id);
      const open = holder?.openCaseIds.length ?? 0;
      if (open >= MAX_OPEN_CASES) {
        blockedReason = `您的企业已有 ${open} 个问诊正在处理，最多同时 ${MAX_OPEN_CASES} 个；请等待已有问诊解决或撤回后再发起`;
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      blockedReason = error.message;
    }
    return {
      productCategories: [...PRODUCT_CATEGORIES],
      problemTypes: entries<ProblemType>(PROBLEM_TYPES),
      urgencies: entries<Urgency>(URGENCIES),
      cities: GUANGDONG_CITIES.map((c) => c.name),
      maxFiles: MAX_CASE_FILES,
      uploadFolder: caller.openid ? ownUploadFolder('help-files', caller.openid) : null,
      blockedReason,
    };
  },
});
