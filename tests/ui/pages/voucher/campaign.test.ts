import { flush, renderPage } from '../../helpers/render';
import { campaign, hospital } from '../../helpers/fixtures';
import { deferred, fail, ok, type Envelope } from '../../helpers/wx';
import { application, mockVoucherWx } from '../../helpers/voucher';

const NOW = Date.parse('2026-07-01T01:00:00Z');
const ROUTE = 'pages/voucher/campaign/index';
const HOSPITALS = [
  hospital(),
  hospital({
    hospitalId: 'gd-appliance',
    name: '广东省家用电器产品医院',
    city: '佛山',
    services: ['ccc', 'energy_label'],
  }),
  hospital({ hospitalId: 'gd-toy', name: '广东省玩具产品医院', city: '汕头', services: ['ccc'] }),
  hospital({
    hospitalId: 'gd-light',
    name: '广东省灯具产品医院',
    city: '中山',
    services: ['commissioned', 'training'],
  }),
];

function detail(
  overrides: Parameters<typeof campaign>[0] = {},
  myApplication: ReturnType<typeof application> | null = null,
) {
  return ok({
    campaign: campaign({ opensAt: '2026-06-29T01:00:00Z', closesAt: '2026-07-15T10:00:00Z', ...overrides }, NOW),
    hospitals: HOSPITALS,
    myApplication,
  });
}

async function open(routes: Parameters<typeof mockVoucherWx>[0], query = { campaignId: 'c-2026-2' }) {
  const wx = mockVoucherWx(routes);
  const view = await renderPage(ROUTE, query);
  return { wx, view };
}

describe('检测券活动详情', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('shows loading, then the rules, pools, window with countdown, hospitals and commitment', async () => {
    const answer = deferred<Envelope>();
    const wx = mockVoucherWx({ 'voucher.getCampaign': () => answer.promise });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(view.text('.state-loading')).toBe('正在加载活动');
    answer.resolve(detail());
    await flush();
    expect(wx.calls()[0]).toEqual({ name: 'voucher', data: { action: 'getCampaign', campaignId: 'c-2026-2' } });
    expect(view.text('.campaign__title')).toBe('2026 年第二批广东省产品检测券（20000 份）');
    expect(view.text('.campaign__phase')).toBe('申领中');
    expect(view.text('.window__opens')).toBe('开始时间：2026-06-29 09:00');
    expect(view.text('.window__closes')).toBe('截止时间：2026-07-15 18:00');
    expect(view.text('.window__countdown')).toBe('距申领截止还有 14天9小时0分');
    expect(view.text('.cap')).toBe('每个申领人可同时申领多种面值，中签金额合计最高不超过 5,000 元。');
    expect(view.texts('.pool__label')).toEqual(['5,000 元券', '2,000 元券', '1,000 元券', '500 元券', '1,000 元券']);
    expect(view.texts('.pool__quantity')).toEqual(['2,000 份', '5,000 份', '6,000 份', '6,000 份', '1,000 份']);
    expect(view.texts('.pool__who').at(-1)).toBe('申领对象：个人');
    expect(view.has('.who_enterprise')).toBe(true);
    expect(view.has('.who_person')).toBe(true);
    expect(view.text('.valid-until')).toBe('2027年6月30日');
    expect(view.text('.services')).toBe('CCC 认证检验、委托检测');
    expect(view.text('.commitment')).toBe('a'.repeat(64));
    expect(view.text('.hospitals__title')).toBe('可使用的产品医院（4 家）');
    // Three shown at first, all four on request.
    expect(view.texts('.hospital__name')).toHaveLength(3);
    expect(view.texts('.hospital__services')[1]).toBe('可抵扣：CCC 认证检验、能效标识检测');
    await view.tap('.toggle-hospitals');
    expect(view.texts('.hospital__name')).toHaveLength(4);
    expect(view.text('.main-action')).toBe('立即申领');
    expect(view.has('.mine')).toBe(false);
  });

  it('opens the form with the campaign id', async () => {
    const { wx, view } = await open({ 'voucher.getCampaign': detail() });
    await view.tap('.main-action');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/apply/index?campaignId=c-2026-2' }),
    );
  });

  it('shows my application while open and offers it instead of applying again', async () => {
    const { wx, view } = await open({ 'voucher.getCampaign': detail({}, application()) });
    expect(view.text('.mine__status')).toBe('已提交');
    expect(view.text('.mine__pools')).toBe('申领面值：5,000 元券、2,000 元券');
    expect(view.text('.mine__as')).toBe('申领身份：企业 · 佛山市顺德区美达电器有限公司');
    expect(view.text('.main-action')).toBe('查看我的申领');
    await view.tap('.main-action');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/my-applications/index' }),
    );
  });

  it('after publication: my outcome and 查看结果', async () => {
    const mine = application({ status: 'won', wonPoolIds: ['G5000'], waitlist: [] });
    const { wx, view } = await open({
      'voucher.getCampaign': detail(
        { status: 'published', opensAt: '2026-05-01T00:00:00Z', closesAt: '2026-06-01T00:00:00Z' },
        mine,
      ),
    });
    expect(view.text('.campaign__phase')).toBe('结果已公布');
    expect(view.has('.window__countdown')).toBe(false);
    expect(view.text('.mine__status')).toBe('中签');
    expect(view.texts('.mine__detail')).toEqual(['中签：5,000 元券']);
    expect(view.text('.main-action')).toBe('查看结果');
    await view.tap('.main-action');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/results/index?campaignId=c-2026-2' }),
    );
    expect(view.has('.mine-link')).toBe(true);
  });

  it('before opening: a countdown to the start and a disabled button', async () => {
    const { view } = await open({
      'voucher.getCampaign': detail({ opensAt: '2026-07-02T01:00:00Z', closesAt: '2026-07-20T01:00:00Z' }),
    });
    expect(view.text('.campaign__phase')).toBe('即将开始');
    expect(view.text('.window__countdown')).toBe('距申领开始还有 1天0小时0分');
    expect(view.text('.main-action')).toBe('尚未开始申领');
    expect(view.data.detail.action.kind).toBe('none');
  });

  it('after the close: waiting for the draw', async () => {
    const { wx, view } = await open({
      'voucher.getCampaign': detail({ status: 'closed', closesAt: '2026-06-30T01:00:00Z' }),
    });
    expect(view.text('.main-action')).toBe('申领已截止，等待摇号');
    await view.tap('.main-action');
    expect(wx.navigateTo).not.toHaveBeenCalled();
  });

  it('while open shows the pinned drand round; once published, its value and where to look it up', async () => {
    const pinned = {
      type: 'drand' as const,
      chain: 'quicknet' as const,
      test: false,
      chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
      round: 12345678,
      roundTime: '2026-07-15T10:10:03Z',
      randomness: null,
    };
    const { view: openView } = await open({ 'voucher.getCampaign': detail({ beaconSource: pinned }) });
    expect(openView.text('.beacon__title')).toBe('drand 随机信标（quicknet 网络）第 12345678 轮');
    expect(openView.text('.beacon__detail')).toContain('该轮于 2026-07-15 18:10 产生，晚于申领截止 10 分钟以上');
    expect(openView.has('.beacon__value')).toBe(false);
    expect(openView.has('.beacon__url')).toBe(false);

    const { wx, view } = await open({
      'voucher.getCampaign': detail({
        status: 'published',
        opensAt: '2026-05-01T00:00:00Z',
        closesAt: '2026-06-01T00:00:00Z',
        beaconSource: { ...pinned, randomness: 'f'.repeat(64) },
      }),
    });
    expect(view.text('.beacon__value')).toBe('f'.repeat(64));
    const url = `https://api.drand.sh/${pinned.chainHash}/public/12345678`;
    expect(view.text('.beacon__url')).toBe(url);
    await view.tap('.copy-beacon-url');
    expect(wx.setClipboardData).toHaveBeenLastCalledWith(expect.objectContaining({ data: url }));
    expect(wx.lastToast()).toBe('查询链接已复制');
  });

  it('an announced lottery issue as the source: its draw day while open, then the numbers and the official site', async () => {
    const issue = { type: 'announced' as const, issue: '福彩3D 第2026200期', drawDate: '2026-07-20', numbers: null };
    const { view: openView } = await open({ 'voucher.getCampaign': detail({ beaconSource: issue }) });
    expect(openView.text('.beacon__title')).toBe('福彩3D 第2026200期开奖号码');
    expect(openView.text('.beacon__detail')).toContain('该期于 2026年7月20日开奖，晚于申领截止日期');
    const { view } = await open({
      'voucher.getCampaign': detail({ status: 'published', beaconSource: { ...issue, numbers: '5 0 8' } }),
    });
    expect(view.text('.beacon__value')).toBe('5 0 8');
    expect(view.text('.beacon__lookup')).toBe('在中国福利彩票官网（www.cwl.gov.cn）查询该期开奖号码');
    expect(view.has('.copy-beacon-url')).toBe(false);
  });

  it('a campaign without a pinned source says it is pinned at open', async () => {
    const { view } = await open({ 'voucher.getCampaign': detail({ beaconSource: null }) });
    expect(view.text('.beacon__pending')).toBe('活动开放时锁定');
  });

  it('links to the verification page', async () => {
    const { wx, view } = await open({ 'voucher.getCampaign': detail() });
    await view.tap('.verify-link');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/verify/index?campaignId=c-2026-2' }),
    );
  });

  it('an unknown campaign is an empty page', async () => {
    const { view } = await open({ 'voucher.getCampaign': fail('NOT_FOUND', '活动不存在') });
    expect(view.text('.state-empty')).toBe('活动不存在或尚未发布');
  });

  it('a failure shows the error state and the server’s message, and retries', async () => {
    let attempts = 0;
    const { wx, view } = await open({
      'voucher.getCampaign': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : detail()),
    });
    expect(view.text('.state-error__text')).toBe('活动加载失败');
    expect(wx.lastToast()).toBe('服务繁忙');
    await view.tap('#state >>> .state-retry');
    expect(view.text('.main-action')).toBe('立即申领');
  });

  it('reloads quietly when shown again (e.g. back from the form)', async () => {
    let mine: ReturnType<typeof application> | null = null;
    const { view } = await open({ 'voucher.getCampaign': () => detail({}, mine) });
    expect(view.text('.main-action')).toBe('立即申领');
    mine = application();
    view.pageLifetime('show');
    await flush();
    expect(view.text('.main-action')).toBe('查看我的申领');
  });
});

describe('sharing a campaign', () => {
  it('shares a card with the campaign’s title that opens this campaign, to friends and the timeline', async () => {
    const { view } = await open({ 'voucher.getCampaign': detail() });
    await flush();
    const title = view.data.detail.summary.title as string;
    expect(title).not.toBe('');
    expect(view.instance.onShareAppMessage()).toEqual({
      title: `产品质量检测券：${title}`,
      path: '/pages/voucher/campaign/index?campaignId=c-2026-2',
    });
    expect(view.instance.onShareTimeline()).toEqual({
      title: `产品质量检测券：${title}`,
      query: 'campaignId=c-2026-2',
    });
  });

  it('still shares a working link before the campaign has loaded', async () => {
    const answer = deferred<Envelope>();
    const { view } = await open({ 'voucher.getCampaign': () => answer.promise });
    expect(view.instance.onShareAppMessage()).toEqual({
      title: '产品质量检测券申领',
      path: '/pages/voucher/campaign/index?campaignId=c-2026-2',
    });
  });
});

/** voucher.liveFigures as the server answers it (counts only). */
function figures(counts: Record<string, number>, final = false) {
  const quantity: Record<string, number> = { G5000: 2000, G2000: 5000, G1000: 6000, G500: 6000, C1000: 1000 };
  return ok({
    campaignId: 'c-2026-2',
    final,
    applicants: Object.values(counts).reduce((a, b) => a + b, 0),
    pools: Object.entries(quantity).map(([poolId, q]) => ({ poolId, quantity: q, applicants: counts[poolId] ?? 0 })),
    countedAt: '2026-07-01T00:59:40.000Z',
    maxAgeSeconds: final ? 600 : 30,
  });
}

describe('live applicant counts and odds', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('while open: applicants per pool and the odds in plain words, refreshed by pulling down', async () => {
    let counts: Record<string, number> = { G5000: 6400, G2000: 4200, G1000: 61234, G500: 0, C1000: 1001 };
    const { wx, view } = await open({ 'voucher.getCampaign': detail(), 'voucher.liveFigures': () => figures(counts) });
    expect(wx.calls().map((c) => c.data.action)).toEqual(['getCampaign', 'liveFigures']);
    expect(view.text('.figures__title')).toBe('实时申领人数');
    expect(view.texts('.figure__label')).toEqual(['5,000 元券', '2,000 元券', '1,000 元券', '500 元券', '1,000 元券']);
    expect(view.texts('.figure__applicants')).toEqual([
      '已申领 6,400 人',
      '已申领 4,200 人',
      '已申领 61,234 人',
      '已申领 0 人',
      '已申领 1,001 人',
    ]);
    expect(view.texts('.figure__odds')).toEqual([
      '中签机会：约 1 / 3.2',
      '中签机会：名额充足',
      '中签机会：约 1 / 10',
      '中签机会：名额充足',
      '中签机会：约 1 / 1.1',
    ]);
    expect(view.text('.figures__total')).toBe('共 72,835 个申领人（可同时申领多种面值）');
    expect(view.text('.figures__note')).toBe('每 30 秒更新一次，下拉可刷新');

    counts = { ...counts, G2000: 15100 };
    await view.instance.onPullDownRefresh();
    await flush();
    expect(view.texts('.figure__odds')[1]).toBe('中签机会：约 1 / 3');
    expect(view.texts('.figure__applicants')[1]).toBe('已申领 15,100 人');
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
  });

  it('after the close: the final counts, without odds', async () => {
    const { view } = await open({
      'voucher.getCampaign': detail({
        status: 'closed',
        opensAt: '2026-05-01T00:00:00Z',
        closesAt: '2026-06-01T00:00:00Z',
      }),
      'voucher.liveFigures': figures({ G5000: 6400, G2000: 12 }, true),
    });
    expect(view.text('.figures__title')).toBe('申领人数');
    expect(view.texts('.figure__applicants').slice(0, 2)).toEqual(['共 6,400 人申领', '共 12 人申领']);
    expect(view.has('.figure__odds')).toBe(false);
    expect(view.text('.figures__note')).toBe('申领已截止，以上为最终人数');
  });

  it('before opening, or when the counts cannot be had, the page shows no counts and works as before', async () => {
    const upcoming = await open({
      'voucher.getCampaign': detail({ opensAt: '2026-07-02T01:00:00Z', closesAt: '2026-07-20T01:00:00Z' }),
      'voucher.liveFigures': figures({ G5000: 0 }),
    });
    expect(upcoming.view.has('.figures')).toBe(false);
    const failing = await open({
      'voucher.getCampaign': detail(),
      'voucher.liveFigures': fail('INTERNAL', '服务繁忙'),
    });
    expect(failing.view.has('.figures')).toBe(false);
    expect(failing.view.text('.main-action')).toBe('立即申领');
    expect(failing.wx.showToast).not.toHaveBeenCalled();
  });
});
