import { flush, renderPage } from '../../helpers/render';
import { campaign } from '../../helpers/fixtures';
import { deferred, fail, ok, type Envelope } from '../../helpers/wx';
import { mockVoucherWx } from '../../helpers/voucher';

const NOW = Date.parse('2026-07-01T01:00:00Z');
const ROUTE = 'pages/voucher/verify/index';
const hex = (c: string) => c.repeat(64);
const PUBLISHED = campaign(
  {
    status: 'published',
    commitment: hex('a'),
    snapshotHash: hex('b'),
    snapshotCount: 20013,
    beacon: '2026-09-30 福彩3D 第2026265期 3 8 1',
    seed: hex('c'),
    resultDigest: hex('d'),
    opensAt: '2026-05-01T00:00:00Z',
    closesAt: '2026-06-01T00:00:00Z',
  },
  NOW,
);
const RECORD = {
  algorithm: 'draw-v1',
  campaignId: 'c-2026-2',
  cap: 5000,
  pools: [],
  commitment: hex('a'),
  secret: hex('e'),
  beacon: '2026-09-30 福彩3D 第2026265期 3 8 1',
  snapshotHash: hex('b'),
  seed: hex('c'),
  resultDigest: hex('d'),
  entryCount: 20013,
  recordFileID: 'cloud://env/draws/c-2026-2.json',
  recordUrl: 'https://files.example/draws/c-2026-2.json?sign=1',
};

/** The quicknet round a campaign pinned at open; its randomness is null until the round is out. */
function quicknetRound(randomness: string | null) {
  return {
    type: 'drand' as const,
    chain: 'quicknet' as const,
    test: false,
    chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
    round: 12345678,
    roundTime: '2026-06-01T00:10:03Z',
    randomness,
  };
}

describe('摇号验证', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('after publication shows every value of the record, the explanation and how to recompute', async () => {
    const answer = deferred<Envelope>();
    const wx = mockVoucherWx({
      'voucher.getCampaign': ok({ campaign: PUBLISHED, hospitals: [], myApplication: null }),
      'voucher.drawRecord': () => answer.promise,
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(view.text('.state-loading')).toBe('正在加载摇号记录');
    answer.resolve(ok(RECORD));
    await flush();
    expect(wx.calls().map((c) => c.data)).toEqual([
      { action: 'getCampaign', campaignId: 'c-2026-2' },
      { action: 'drawRecord', campaignId: 'c-2026-2' },
    ]);
    expect(view.texts('.story_fixed .story__item')).toHaveLength(3);
    expect(view.texts('.story_drawn .story__item')).toHaveLength(4);
    expect(view.texts('.story_why .story__item')).toHaveLength(4);
    expect(view.text('.value_campaign .value__text')).toBe('c-2026-2');
    expect(view.text('.value_commitment .value__text')).toBe(hex('a'));
    expect(view.text('.value_snapshot .value__text')).toBe(hex('b'));
    expect(view.text('.value_snapshot .value__extra')).toBe('共 20,013 份申领');
    expect(view.text('.value_beacon .value__text')).toBe('2026-09-30 福彩3D 第2026265期 3 8 1');
    expect(view.text('.value_secret .value__text')).toBe(hex('e'));
    expect(view.text('.value_seed .value__text')).toBe(hex('c'));
    expect(view.text('.value_digest .value__text')).toBe(hex('d'));
    expect(view.text('.command')).toBe('npm run draw -- verify record.json');
  });

  it('copies the record link, the command and a value', async () => {
    const wx = mockVoucherWx({
      'voucher.getCampaign': ok({ campaign: PUBLISHED, hospitals: [], myApplication: null }),
      'voucher.drawRecord': ok(RECORD),
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    await view.tap('.copy-link');
    expect(wx.setClipboardData).toHaveBeenLastCalledWith(expect.objectContaining({ data: RECORD.recordUrl }));
    expect(wx.lastToast()).toBe('链接已复制');
    await view.tap('.copy-command');
    expect(wx.setClipboardData).toHaveBeenLastCalledWith(
      expect.objectContaining({ data: 'npm run draw -- verify record.json' }),
    );
    await view.tap('.value__copy', 0);
    expect(wx.setClipboardData).toHaveBeenLastCalledWith(expect.objectContaining({ data: hex('a') }));
  });

  it('before publication shows the commitment (and snapshot) only, without asking for the record', async () => {
    const closed = campaign({ status: 'closed', commitment: hex('a'), snapshotHash: hex('b'), snapshotCount: 8 }, NOW);
    const wx = mockVoucherWx({ 'voucher.getCampaign': ok({ campaign: closed, hospitals: [], myApplication: null }) });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(wx.calls().map((c) => c.data.action)).toEqual(['getCampaign']);
    expect(view.text('.value_commitment .value__text')).toBe(hex('a'));
    expect(view.text('.value_snapshot .value__extra')).toBe('共 8 份申领');
    expect(view.text('.value_secret .value__text')).toBe('待公布');
    expect(view.text('.value_seed .value__text')).toBe('待公布');
    expect(view.has('.copy-link')).toBe(false);
    expect(view.text('.not-published')).toContain('摇号结果公布后');
    // Nothing to copy for a pending value.
    expect(view.doms('.value__copy')).toHaveLength(2);
  });

  it('shows the pinned drand round before publication and, after it, the link to look the round up', async () => {
    const pinned = quicknetRound(null);
    const closed = campaign({ status: 'closed', commitment: hex('a'), beaconSource: pinned }, NOW);
    mockVoucherWx({ 'voucher.getCampaign': ok({ campaign: closed, hospitals: [], myApplication: null }) });
    const before = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(before.text('.beacon__title')).toBe('drand 随机信标（quicknet 网络）第 12345678 轮');
    expect(before.text('.beacon__detail')).toContain('2026-06-01 08:10 产生');
    expect(before.has('.beacon__url')).toBe(false);

    const published = { ...PUBLISHED, beaconSource: { ...pinned, randomness: hex('f') } };
    const wx = mockVoucherWx({
      'voucher.getCampaign': ok({ campaign: published, hospitals: [], myApplication: null }),
      'voucher.drawRecord': ok(RECORD),
    });
    const after = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    const url = `https://api.drand.sh/${pinned.chainHash}/public/12345678`;
    expect(after.text('.beacon__url')).toBe(url);
    await after.tap('.copy-lookup');
    expect(wx.setClipboardData).toHaveBeenLastCalledWith(expect.objectContaining({ data: url }));
    expect(after.text('.command')).toBe('npm run draw -- verify record.json');
  });

  it('a local test chain is named as such, and the command accepts it explicitly', async () => {
    const test = {
      type: 'drand' as const,
      chain: 'test' as const,
      test: true,
      chainHash: hex('9'),
      round: 42,
      roundTime: '2026-06-01T00:10:03Z',
      randomness: hex('f'),
    };
    mockVoucherWx({
      'voucher.getCampaign': ok({ campaign: { ...PUBLISHED, beaconSource: test }, hospitals: [], myApplication: null }),
      'voucher.drawRecord': ok(RECORD),
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(view.text('.beacon__title')).toBe('本地测试随机信标 第 42 轮');
    expect(view.has('.beacon__url')).toBe(false);
    expect(view.text('.command')).toBe('npm run draw -- verify record.json --allow-test-chain');
  });

  it('empty and error states', async () => {
    mockVoucherWx({ 'voucher.getCampaign': fail('NOT_FOUND', '活动不存在') });
    const missing = await renderPage(ROUTE, { campaignId: 'nope' });
    expect(missing.text('.state-empty')).toBe('活动不存在或尚未发布');
    const wx = mockVoucherWx({
      'voucher.getCampaign': ok({ campaign: PUBLISHED, hospitals: [], myApplication: null }),
      'voucher.drawRecord': fail('NOT_FOUND', '摇号记录文件不存在'),
    });
    const broken = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    // The campaign's own public values still show; the record is said to be unavailable.
    expect(wx.calls()).toHaveLength(2);
    expect(broken.text('.value_seed .value__text')).toBe(hex('c'));
    expect(broken.text('.value_secret .value__text')).toBe('待公布');
    expect(broken.text('.record-missing')).toBe('完整摇号记录暂时无法获取，请稍后再打开本页。');
    expect(broken.has('.copy-link')).toBe(false);
    const failing = mockVoucherWx({ 'voucher.getCampaign': fail('INTERNAL', '服务繁忙') });
    const errored = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(errored.text('.state-error__text')).toBe('摇号记录加载失败');
    expect(failing.lastToast()).toBe('服务繁忙');
  });

  it('speaks to the public first: what was fixed before the close, what was drawn, why nobody could steer it; the CLI comes last', async () => {
    const pinned = quicknetRound(hex('f'));
    const wx = mockVoucherWx({
      'voucher.getCampaign': ok({
        campaign: { ...PUBLISHED, beaconSource: pinned },
        hospitals: [],
        myApplication: null,
      }),
      'voucher.drawRecord': ok(RECORD),
    });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    expect(view.text('.lead')).toContain('为什么谁都无法操纵');

    const fixed = view.texts('.story_fixed .story__item');
    expect(fixed[0]).toContain('承诺值');
    // This campaign's pinned round and its application count, in the sentence.
    expect(fixed[1]).toBe(
      '活动开放时还锁定了摇号要用的公开随机数：drand 随机信标（quicknet 网络）第 12345678 轮。它在申领截止之后才产生，锁定后不能更换。',
    );
    expect(fixed[2]).toContain('全部 20,013 份申领被封存');
    expect(fixed[2]).toContain('申领名单摘要');

    // The chain from the beacon to the ranks, in that order.
    const drawn = view.texts('.story_drawn .story__item');
    expect(drawn.map((line) => line.split('：')[0])).toEqual(['1. 公开随机数', '2. 摇号种子', '3. 签号', '4. 排名']);
    expect(drawn[2]).toContain('HMAC-SHA256');
    expect(view.texts('.story__arrow')).toHaveLength(3);

    const why = view.text('.story_why');
    expect(why).toContain('包括管理员');
    expect(why).toContain('事后换不了');
    expect(why).toContain('不能挑选');

    // Plain words first, the expert's command further down.
    const all = view.doms('.card').map((el) => Array.from(el.classList).join(' '));
    const at = (name: string) => all.findIndex((c) => c.includes(name));
    expect(at('story_fixed')).toBeLessThan(at('story_drawn'));
    expect(at('story_drawn')).toBeLessThan(at('story_why'));
    expect(at('story_why')).toBeLessThan(at('recompute'));
    expect(at('beacon-source')).toBeLessThan(at('recompute'));
    expect(view.text('.recompute')).toContain('npm run draw -- verify record.json');

    await view.tap('.to-results');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/results/index?campaignId=c-2026-2' }),
    );
  });

  it('before the close is known, the sentences stay true without a source or a count', async () => {
    const open = campaign({ status: 'open', commitment: hex('a') }, NOW);
    mockVoucherWx({ 'voucher.getCampaign': ok({ campaign: open, hospitals: [], myApplication: null }) });
    const view = await renderPage(ROUTE, { campaignId: 'c-2026-2' });
    const fixed = view.texts('.story_fixed .story__item');
    expect(fixed[1]).toBe('活动开放时还锁定了摇号要用的公开随机数的来源，它在申领截止之后才产生，锁定后不能更换。');
    expect(fixed[2]).toMatch(/^申领截止时，全部申领名单被封存/);
    expect(view.has('.to-results')).toBe(false);
  });
});
