/**
 * The enterprise's red-list standing for the check-up's next steps, from its own inspections: its tier in
 * the latest published version, or the day the `redlist-v1` rule (core/redlist, evaluateEnterprise) would
 * first list it in the 三年榜. The rule is asked, never restated: the clean streak's start comes from
 * evaluating the records at a far date, and the entry day is that start plus the 三年榜's years.
 */
import {
  addDays,
  addYears,
  DATA_START,
  evaluateEnterprise,
  formatDateKey,
  parseDateKey,
  TIER_LABELS,
  TIER_MIN_YEARS,
  type RuleRecord,
  type Tier,
} from '../core/redlist';
import type { RedlistStandingView } from '../contract/checkup';

/** Far enough that every clean streak on record has its years. */
const FAR = '9999-12-31';

export interface PublishedStanding {
  version: string;
  /** The enterprise's row in that version, or null when it is not listed. */
  row: { tier: Tier; years: number } | null;
}

/** The first day the rule lists these records in the 三年榜, or null when no clean streak has started. */
function threeYearEntry(records: RuleRecord[]): string | null {
  const streak = evaluateEnterprise(records, FAR);
  return streak ? formatDateKey(addYears(parseDateKey(streak.streakStart), TIER_MIN_YEARS.three)) : null;
}

/**
 * records: the enterprise's inspections; published: the latest published version and its row (null when
 * no version is published yet); today: 'YYYY-MM-DD' in Asia/Shanghai.
 */
export function redlistStanding(
  records: readonly RuleRecord[],
  published: PublishedStanding | null,
  today: string,
): RedlistStandingView {
  const none = { tier: null, tierLabel: null, years: null, version: null, lastFailAt: null, eligibleFrom: null };
  if (published?.row) {
    const { tier, years } = published.row;
    return {
      ...none,
      status: 'listed',
      tier,
      tierLabel: TIER_LABELS[tier],
      years,
      version: published.version,
      text: `已列入红榜${TIER_LABELS[tier]}（${published.version} 期，连续 ${years} 年抽检无不合格）`,
    };
  }
  const known = records.filter((r) => r.sampledAt >= DATA_START && r.sampledAt <= today);
  if (!known.length) {
    return {
      ...none,
      status: 'no_record',
      text: '暂无本企业的产品质量监督抽查记录；连续 3 年以上抽检无不合格的企业可列入红榜',
    };
  }
  const lastFailAt = known.reduce<string | null>(
    (last, r) => (r.result === 'fail' && (!last || r.sampledAt > last) ? r.sampledAt : last),
    null,
  );
  const now = evaluateEnterprise(known, today);
  if (now) {
    return {
      ...none,
      status: 'qualifies',
      tier: now.tier,
      tierLabel: TIER_LABELS[now.tier],
      years: now.years,
      lastFailAt,
      text: `按本企业的抽检记录已满足${TIER_LABELS[now.tier]}条件，将在下一期红榜公布时列入`,
    };
  }
  const entry = threeYearEntry(known);
  if (entry) {
    return {
      ...none,
      status: 'waiting',
      lastFailAt,
      eligibleFrom: entry,
      text: lastFailAt
        ? `最近一次不合格 ${lastFailAt}，${entry} 起可进入三年榜`
        : `首次抽检合格记录起满 3 年，${entry} 起可进入三年榜`,
    };
  }
  // The last sampling failed: a clean streak starts with the next passed sampling, the day after at the earliest.
  const earliest = threeYearEntry([
    ...known,
    { sampledAt: formatDateKey(addDays(parseDateKey(lastFailAt!), 1)), result: 'pass' },
  ]);
  return {
    ...none,
    status: 'waiting',
    lastFailAt,
    eligibleFrom: earliest,
    text: `最近一次不合格 ${lastFailAt}，此后抽检合格并保持 3 年可进入三年榜（最早 ${earliest}）`,
  };
}
