import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call } from '../../../services/api';
import type { CheckupView } from '../../../../typings/api';
import { fill } from '../../../utils/format';
import { openPage, TAB_PAGES } from '../../../utils/nav';
import { formatDate } from '../../../utils/time';
import { drawRadar } from '../chart';
import { CHECKUP_PAGES } from '../routes';

const TEXT = {
  loading: '正在加载体检结果',
  failed: '体检结果加载失败',
  notFound: '没有找到这次体检',
  title: '质量体检结果',
  submittedAt: '体检时间：{time} · 问卷 {version} 版',
  overall: '综合得分',
  overallValue: '{score} 分 · {level}',
  overallNa: '不适用',
  chartTitle: '各维度得分',
  chartAlt: '各维度得分雷达图：{scores}',
  chartFailed: '图表暂时无法显示，各维度得分见下表',
  chartScore: '{label} {score} 分',
  dimension: '维度',
  score: '得分',
  level: '水平',
  scoreValue: '{score}',
  findingsTitle: '发现的问题（{n} 项）',
  noFindings: '本次体检没有发现明显问题，请继续保持。',
  findingAnswer: '您的回答：{answer}',
  nextTitle: '下一步',
  caseTitle: '请专家帮扶',
  caseBody: '“{label}”得分最低，可以发起问诊，由对口专家免费帮您找原因、定措施。',
  caseButton: '就“{label}”发起问诊',
  voucherTitle: '申领检测券',
  voucherBody: '“{title}”正在申领，{closes} 截止，可抵扣产品检测费用。',
  voucherButton: '去申领检测券',
  hospitalTitle: '预约产品医院',
  hospitalBody: '到省级产品质量医院做检测、问诊、治病。',
  hospitalButton: '查看产品医院',
  redlistTitle: '红榜情况',
  redlistButton: '查看红榜',
  history: '查看历次体检',
  again: '再做一次体检',
};

type Row = CheckupView['dimensions'][number] & { scoreText: string };

/**
 * One check-up's result: the overall score, a radar chart of the dimensions (uCharts on a canvas 2d,
 * chart.ts) with the same numbers in a table under it, the findings, and the next steps the server
 * worked out (a case on the weakest dimension, an open voucher campaign, the hospitals, the red-list standing).
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    emptyText: TEXT.notFound,
    checkupId: '',
    result: null as CheckupView | null,
    submittedText: '',
    overallText: '',
    rows: [] as Row[],
    findings: [] as (CheckupView['findings'][number] & { answerText: string })[],
    findingsTitle: '',
    chartAlt: '',
    chartWidth: 320,
    chartHeight: 300,
    chartDrawn: false,
    chartFailed: false,
    caseBody: '',
    caseButton: '',
    voucherBody: '',
  },
  onLoad(query: Record<string, string | undefined>) {
    const width = Math.min(wx.getWindowInfo().windowWidth - 32, 480);
    this.setData({
      checkupId: decodeURIComponent(query.checkupId ?? ''),
      chartWidth: width,
      chartHeight: Math.round(width * 0.8),
    });
    this.load();
  },
  async load() {
    const result = await this.runLoad(
      async () => {
        try {
          return await call('checkup', 'get', { checkupId: this.data.checkupId });
        } catch (error) {
          if (error instanceof ApiError && error.code === 'NOT_FOUND') return null;
          throw error;
        }
      },
      (r) => r === null,
    );
    if (!result) return;
    const scored = (score: number | null) => (score === null ? TEXT.overallNa : String(score));
    const rows = result.dimensions.map((d) => ({ ...d, scoreText: scored(d.score) }));
    const next = result.nextSteps;
    this.setData({
      result,
      rows,
      findings: result.findings.map((f) => ({ ...f, answerText: fill(TEXT.findingAnswer, { answer: f.answer }) })),
      submittedText: fill(TEXT.submittedAt, { time: result.submittedAtText, version: result.version }),
      overallText:
        result.overall === null
          ? TEXT.overallNa
          : fill(TEXT.overallValue, { score: result.overall, level: result.overallLevelLabel }),
      findingsTitle: fill(TEXT.findingsTitle, { n: result.findings.length }),
      chartAlt: fill(TEXT.chartAlt, {
        scores: rows.map((r) => fill(TEXT.chartScore, { label: r.label, score: r.scoreText })).join('，'),
      }),
      caseBody: next.openCase ? fill(TEXT.caseBody, { label: next.openCase.dimensionLabel }) : '',
      caseButton: next.openCase ? fill(TEXT.caseButton, { label: next.openCase.dimensionLabel }) : '',
      voucherBody: next.voucherCampaign
        ? fill(TEXT.voucherBody, {
            title: next.voucherCampaign.title,
            closes: formatDate(next.voucherCampaign.closesAt),
          })
        : '',
      chartDrawn: false,
      chartFailed: false,
    });
    await this.drawChart(result);
  },
  async drawChart(result: CheckupView) {
    try {
      await drawRadar(
        '#radar',
        result.dimensions.map((d) => d.label),
        [{ name: TEXT.score, scores: result.dimensions.map((d) => d.score) }],
      );
      this.setData({ chartDrawn: true });
    } catch {
      // The table under the chart has every number.
      this.setData({ chartFailed: true });
    }
  },
  onOpenCase() {
    const path = this.data.result?.nextSteps.openCase?.path;
    if (path) openPage(path);
  },
  onVoucher() {
    const path = this.data.result?.nextSteps.voucherCampaign?.path;
    if (path) openPage(path);
  },
  onHospitals() {
    const path = this.data.result?.nextSteps.hospitalsPath;
    if (path) openPage(path);
  },
  onRedlist() {
    openPage(TAB_PAGES.redlist);
  },
  onHistory() {
    openPage(CHECKUP_PAGES.history);
  },
  onAgain() {
    openPage(CHECKUP_PAGES.questionnaire);
  },
});
