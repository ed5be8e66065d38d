/** What the check-up's actions answer: the result with its next steps, and the history rows. */
import {
  CHECKUP_DIMENSIONS,
  DIMENSION_PROBLEM_TYPE,
  caseTitleFor,
  scoreLevel,
} from '../../../miniprogram/shared/checkup';
import type { CheckupNextStepsView, CheckupSummary, CheckupView } from '../contract/checkup';
import type { RuleRecord } from '../core/redlist';
import { calendarDate, formatDateTime } from '../core/time';
import type { Database } from '../runtime/cloud';
import { fetchAll, list } from '../runtime/db';
import { redlistStatus } from '../services/cable';
import type { CampaignDoc } from '../services/documents';
import type { CheckupDoc } from './documents';
import { redlistStanding } from './redlist-standing';

export const CASE_FORM_PATH = '/pages/help/case-form/index';
export const CAMPAIGN_PATH = '/pages/voucher/campaign/index';
export const HOSPITALS_PATH = '/pages/home/hospitals/index';

const withQuery = (path: string, query: Record<string, string>) =>
  `${path}?${Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&')}`;

/** The campaign taking enterprise applications now that closes soonest (the one an enterprise could miss). */
async function openEnterpriseCampaign(db: Database, now: Date): Promise<CampaignDoc | null> {
  const open = await list<CampaignDoc>(db.collection('campaigns').where({ status: 'open' }).limit(100));
  return (
    open
      .filter((c) => new Date(c.opensAt) <= now && now < new Date(c.closesAt))
      .filter((c) => c.pools.some((p) => p.applicantTypes.includes('enterprise')))
      .sort((a, b) => new Date(a.closesAt).getTime() - new Date(b.closesAt).getTime())[0] ?? null
  );
}

async function nextSteps(db: Database, doc: CheckupDoc, now: Date): Promise<CheckupNextStepsView> {
  const [campaign, published, inspections] = await Promise.all([
    openEnterpriseCampaign(db, now),
    redlistStatus(db, doc.uscc),
    fetchAll<RuleRecord>(db, 'inspections', { uscc: doc.uscc }),
  ]);
  const weakest = doc.result.weakest;
  const standing = redlistStanding(
    inspections.map((r) => ({ sampledAt: r.sampledAt, result: r.result, productCategory: r.productCategory })),
    published
      ? {
          version: published.version,
          row: published.tier ? { tier: published.tier, years: published.years ?? 0 } : null,
        }
      : null,
    calendarDate(now),
  );
  return {
    openCase: weakest
      ? {
          dimension: weakest,
          dimensionLabel: CHECKUP_DIMENSIONS[weakest],
          problemType: DIMENSION_PROBLEM_TYPE[weakest],
          title: caseTitleFor(weakest),
          path: withQuery(CASE_FORM_PATH, {
            problemType: DIMENSION_PROBLEM_TYPE[weakest],
            title: caseTitleFor(weakest),
          }),
        }
      : null,
    voucherCampaign: campaign
      ? {
          campaignId: campaign._id,
          title: campaign.title,
          closesAt: new Date(campaign.closesAt).toISOString(),
          path: withQuery(CAMPAIGN_PATH, { campaignId: campaign._id }),
        }
      : null,
    hospitalsPath: HOSPITALS_PATH,
    redlist: standing,
  };
}

export async function checkupView(db: Database, doc: CheckupDoc, now: Date): Promise<CheckupView> {
  const { result } = doc;
  return {
    checkupId: doc._id,
    version: doc.version,
    questionnaireTitle: doc.questionnaireTitle,
    uscc: doc.uscc,
    enterpriseName: doc.enterpriseName,
    submittedAt: new Date(doc.submittedAt).toISOString(),
    submittedAtText: formatDateTime(doc.submittedAt),
    overall: result.overall,
    overallLevelLabel: scoreLevel(result.overall).label,
    overallLevel: scoreLevel(result.overall).code,
    dimensions: result.dimensions.map((d) => {
      const level = scoreLevel(d.score);
      return { ...d, level: level.code, levelLabel: level.label };
    }),
    findings: result.findings.map((f) => ({
      dimension: f.dimension,
      dimensionLabel: CHECKUP_DIMENSIONS[f.dimension],
      question: f.question,
      answer: f.answer,
      text: f.text,
    })),
    weakest: result.weakest,
    nextSteps: await nextSteps(db, doc, now),
  };
}

export function checkupSummary(doc: CheckupDoc): CheckupSummary {
  return {
    checkupId: doc._id,
    version: doc.version,
    submittedAt: new Date(doc.submittedAt).toISOString(),
    submittedAtText: formatDateTime(doc.submittedAt),
    overall: doc.result.overall,
    dimensions: doc.result.dimensions.map((d) => ({ dimension: d.dimension, label: d.label, score: d.score })),
    findingCount: doc.result.findings.length,
  };
}
