import type { ChangeRowView, RedlistVersionView, TierCode } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { fill, groupDigits } from '../../../utils/format';
import { openPage, withQuery } from '../../../utils/nav';
import { TIERS, TIER_LABELS, TIER_MIN_YEARS } from '../../../shared/redlist-tiers';
import { REDLIST_PAGES } from '../../../utils/redlist';
import { formatChineseDate, formatDate } from '../../../utils/time';

/**
 * About the red list: the method in plain words (REDLIST.md, as announced at the regulator's
 * 2025-12 press conference), the published versions, entries and exits of the latest version, and
 * how to object. Facts only: no contact numbers beyond the public 12315 line.
 */
const TEXT = {
  title: '关于红榜',
  subtitle: '广东省工业产品质量信用优良企业榜单',
  whatTitle: '什么是红榜',
  what: [
    '红榜由广东省市场监督管理局依据产品质量监督抽查数据定期评价形成，通过省市场监管局官网和“粤品通”小程序公布。',
    '列入红榜的，是连续 3 年及以上在各级市场监管部门产品质量监督抽查中无不合格的我省生产企业。',
  ],
  dataTitle: '数据从哪里来',
  data: [
    '2011 年 1 月 1 日以来，国家市场监管总局、各省（自治区、直辖市）市场监管部门和我省各级市场监管部门依法公示的产品质量监督抽查结果，包括国家、省、市、县四级。',
    '抽查结果归集到生产企业名下：有统一社会信用代码的按代码归集，没有的按企业名称（含曾用名）匹配。',
  ],
  methodTitle: '怎么评',
  steps: [
    { key: 'fail', text: '找出企业 2011 年以来最近一次不合格的抽检。' },
    {
      key: 'start',
      text: '这次不合格之后的第一次抽检，就是“连续无不合格”的起点；从没有不合格的，起点是 2011 年以来的第一次抽检。',
    },
    { key: 'years', text: '从起点算到评估日期，满几个整年，就是连续几年无不合格。' },
    {
      key: 'tier',
      text: '满 10 年列入十年榜，满 5 年列入五年榜，满 3 年列入三年榜；不满 3 年，或最近一次抽检就是不合格的，不列入。',
    },
    { key: 'gd', text: '只列入在广东省登记的企业。' },
  ],
  example:
    '例如：某企业 2013 年抽检不合格，2014 年 3 月 2 日再次抽检合格，此后的抽检都合格。按 2025 年 10 月 31 日评估，起点是 2014 年 3 月 2 日，已满 11 年，列入十年榜，显示为：',
  exampleShown: '2014-03-02 起连续 11 年无不合格',
  notListed: '未列入红榜不代表产品不合格：例如抽检记录不满 3 年的企业也不会列入。',
  tiersTitle: '榜单等级',
  tierRule: '连续 {n} 年及以上无不合格',
  tierCount: '{n} 家',
  loading: '正在加载榜单期次',
  empty: '红榜尚未发布，发布后会在这里显示评价期次和变动情况',
  failed: '榜单期次加载失败',
  updateTitle: '更新情况',
  update: '榜单定期重新评估，每次评估形成一期，以评估月份命名（如 2025-10）；以前各期保留，可以查看。',
  latest: '最新一期：{version} 期，评估日期 {asOf}{published}。',
  published: '，发布于 {date}',
  dataWindow: '数据范围：2011 年 1 月 1 日至评估日期。',
  versionLine: '评估日期 {asOf} · 共 {total} 家',
  versionCounts: '十年榜 {ten} · 五年榜 {five} · 三年榜 {three}',
  versionChanges: '较 {previous} 期：新进入 {entries}、退出 {exits}、升级 {up}、降级 {down}',
  versionFirst: '第一期',
  changesTitle: '进入和退出',
  changesRules: [
    '新进入：连续无不合格满 3 年的企业，在之后的评估中进入榜单。',
    '退出：新公示的抽检结果中出现不合格的企业，在下一期退出；连续时长从那次不合格之后的第一次抽检重新计算，再满 3 年可以再次进入。',
    '升级和降级：连续年数满 5 年、10 年时升入更高一级；此前未收录的抽检结果补充归集后，起点可能后移，等级随之下调。',
  ],
  kinds: [
    { kind: 'entries', label: '新进入' },
    { kind: 'exits', label: '退出' },
  ],
  changesLoading: '正在加载变动名单',
  changesFailed: '变动名单加载失败',
  changesEmpty: '本期与上一期相比没有{kind}的企业',
  firstVersion: '这是第一期红榜，没有可比较的上一期',
  changesCaption: '{version} 期与 {previous} 期相比，{kind} {n} 家',
  exitWas: '原为',
  unknownCity: '城市未知',
  more: '加载更多',
  loadingMore: '正在加载…',
  objectionTitle: '如何提出异议',
  objection: [
    '如认为榜单中的企业信息、抽检结果归集或榜单等级有误，可以通过 12315 或广东省市场监督管理局官方渠道提出，请写明企业名称、统一社会信用代码和具体异议。',
    '对某一次监督抽查结果本身有异议的，按该次抽查的有关规定，向组织抽查的市场监管部门提出。',
  ],
};

type ChangeKind = 'entries' | 'exits';

interface VersionRow {
  version: string;
  line: string;
  counts: string;
  changes: string;
}

interface ChangeItem {
  uscc: string;
  name: string;
  cityText: string;
  tier: TierCode;
  tierLabel: string;
  ariaLabel: string;
}

const TIER_ROWS = TIERS.map((code) => ({
  code,
  label: TIER_LABELS[code],
  rule: fill(TEXT.tierRule, { n: TIER_MIN_YEARS[code] }),
}));

function versionRow(v: RedlistVersionView): VersionRow {
  const c = v.changes;
  return {
    version: v.version,
    line: fill(TEXT.versionLine, { asOf: formatChineseDate(v.asOf), total: groupDigits(v.counts.total) }),
    counts: fill(TEXT.versionCounts, {
      ten: groupDigits(v.counts.ten),
      five: groupDigits(v.counts.five),
      three: groupDigits(v.counts.three),
    }),
    changes: c.previousVersion
      ? fill(TEXT.versionChanges, {
          previous: c.previousVersion,
          entries: groupDigits(c.entries),
          exits: groupDigits(c.exits),
          up: groupDigits(c.tierUp),
          down: groupDigits(c.tierDown),
        })
      : TEXT.versionFirst,
  };
}

function changeItem(row: ChangeRowView, kind: ChangeKind): ChangeItem {
  const cityText = row.city ?? TEXT.unknownCity;
  const tierText = kind === 'exits' ? `${TEXT.exitWas}${row.tierLabel}` : row.tierLabel;
  return {
    uscc: row.uscc,
    name: row.name,
    cityText,
    tier: row.tier,
    tierLabel: row.tierLabel,
    ariaLabel: `${row.name}，${cityText}，${tierText}`,
  };
}

definePage({
  data: {
    text: TEXT,
    tiers: TIER_ROWS.map((t) => ({ ...t, countText: '' })),
    state: 'loading' as ViewState,
    latestText: '',
    versions: [] as VersionRow[],
    kind: 'entries' as ChangeKind,
    changesState: 'loading' as ViewState,
    changesEmptyText: '',
    changesCaption: '',
    changes: [] as ChangeItem[],
    changesPage: 1,
    changesHasMore: false,
    changesLoadingMore: false,
    /** The version the exits were listed in: an exit's detail opens there. */
    previousVersion: '',
    changesSeq: 0,
    section: '',
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ section: query.section === 'objection' ? 'objection' : '' });
    this.load();
  },
  /**
   * Opened from "如对榜单信息有异议…": go straight to how to object. Only once the versions are shown:
   * before that the page below the section is too short to scroll it to the top.
   */
  scrollToSection() {
    const section = this.data.section;
    if (!section) return;
    this.setData({ section: '' }, () => wx.pageScrollTo({ selector: `#${section}`, duration: 0 }));
  },
  async load() {
    const versions = await this.runLoad(
      () => call('redlist', 'versions', {}),
      (list) => list.length === 0,
    );
    if (!versions || versions.length === 0) {
      this.scrollToSection();
      return;
    }
    const latest = versions[0];
    this.setData({
      versions: versions.map(versionRow),
      latestText: fill(TEXT.latest, {
        version: latest.version,
        asOf: formatChineseDate(latest.asOf),
        published: latest.publishedAt ? fill(TEXT.published, { date: formatDate(latest.publishedAt) }) : '',
      }),
      tiers: TIER_ROWS.map((t) => ({
        ...t,
        countText: fill(TEXT.tierCount, { n: groupDigits(latest.counts[t.code]) }),
      })),
    });
    this.scrollToSection();
    this.loadChanges();
  },
  /** First page of the selected kind of change in the latest version. */
  async loadChanges() {
    const kind = this.data.kind;
    const seq = this.data.changesSeq + 1;
    const label = TEXT.kinds.find((k) => k.kind === kind)?.label ?? '';
    this.setData({ changesSeq: seq, changesState: 'loading', changesLoadingMore: false });
    try {
      const result = await call('redlist', 'changes', { kind, page: 1 });
      if (seq !== this.data.changesSeq) return;
      const empty = result.items.length === 0;
      this.setData({
        changes: result.items.map((row) => changeItem(row, kind)),
        changesPage: 1,
        changesHasMore: result.items.length < result.total,
        previousVersion: result.previousVersion ?? '',
        changesCaption: result.previousVersion
          ? fill(TEXT.changesCaption, {
              version: result.version,
              previous: result.previousVersion,
              kind: label,
              n: groupDigits(result.total),
            })
          : '',
        changesEmptyText: result.previousVersion ? fill(TEXT.changesEmpty, { kind: label }) : TEXT.firstVersion,
        changesState: empty ? 'empty' : 'ready',
      });
    } catch (error) {
      if (seq !== this.data.changesSeq) return;
      this.setData({ changesState: 'error', changes: [] });
      toastError(error);
    }
  },
  async loadMoreChanges() {
    if (!this.data.changesHasMore || this.data.changesLoadingMore) return;
    const { kind, changesSeq: seq } = this.data;
    const next = this.data.changesPage + 1;
    this.setData({ changesLoadingMore: true });
    try {
      const result = await call('redlist', 'changes', { kind, page: next });
      if (seq !== this.data.changesSeq) return;
      const changes = this.data.changes.concat(result.items.map((row) => changeItem(row, kind)));
      this.setData({
        changes,
        changesPage: next,
        changesHasMore: result.items.length > 0 && changes.length < result.total,
      });
    } catch (error) {
      if (seq === this.data.changesSeq) toastError(error);
    } finally {
      if (seq === this.data.changesSeq) this.setData({ changesLoadingMore: false });
    }
  },
  onKind(e: WechatMiniprogram.BaseEvent) {
    const kind = e.currentTarget.dataset.kind as ChangeKind;
    if (kind === this.data.kind || (kind !== 'entries' && kind !== 'exits')) return;
    this.setData({ kind });
    this.loadChanges();
  },
  onChange(e: WechatMiniprogram.BaseEvent) {
    const uscc = String(e.currentTarget.dataset.uscc);
    // An exit is no longer in the latest version: open it in the version it left.
    const query: Record<string, string> =
      this.data.kind === 'exits' && this.data.previousVersion ? { uscc, version: this.data.previousVersion } : { uscc };
    openPage(withQuery(REDLIST_PAGES.detail, query));
  },
  onSearch() {
    openPage(REDLIST_PAGES.search);
  },
});
