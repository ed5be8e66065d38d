import {
  NOTICE_RATE,
  campaignResultNote,
  mapOutboxMessage,
  type OutboxData,
} from '../../cloudfunctions/src/core/notifications';

const IDS = { campaignResult: 'tpl-result' } as const;

/** The campaignResult message (摇号结果通知: thing1 活动名称 / phrase2 摇号结果 / thing3 结果说明 / time4 公布时间). */
function layout(data: OutboxData) {
  const res = mapOutboxMessage({ template: 'campaignResult', page: 'pages/voucher/my-applications/index', data }, IDS);
  if (!res.ok) throw new Error(res.reason);
  return res.message;
}

const base = { title: '2026 年广东省产品检测券', time: '2026-12-05 10:30' };

describe('campaignResult notice layout', () => {
  test('won: 中签 with the pools won', () => {
    const m = layout({ ...base, outcome: 'won', pools: '5,000 元券' });
    expect(m.templateId).toBe('tpl-result');
    expect(m.data).toEqual({
      thing1: { value: '2026 年广东省产品检测券' },
      phrase2: { value: '中签' },
      thing3: { value: '获得5,000 元券，请查看我的检测券' },
      time4: { value: '2026-12-05 10:30' },
    });
  });

  test('waitlisted: 候补 with the best place and its pool', () => {
    const m = layout({ ...base, outcome: 'waitlisted', waitlistRank: 12, pools: '2,000 元券' });
    expect(m.data.phrase2.value).toBe('候补');
    expect(m.data.thing3.value).toBe('候补第 12 位（2,000 元券）');
    expect(campaignResultNote({ outcome: 'waitlisted' })).toBe('已进入候补');
  });

  test('not drawn: 未中签 with a closing line', () => {
    const m = layout({ ...base, outcome: 'lost' });
    expect(m.data.phrase2.value).toBe('未中签');
    expect(m.data.thing3.value).toBe('感谢参与，欢迎关注后续活动');
  });

  test("every keyword stays within WeChat's limits (thing ≤ 20, phrase ≤ 5), long titles and pool lists cut", () => {
    const m = layout({
      title: '2026 年广东省中小微企业产品质量检测服务券（第一批）',
      outcome: 'won',
      pools: '5,000 元券、2,000 元券、1,000 元券、电线电缆专用券',
      time: '2026-12-05 10:30',
    });
    expect(Array.from(m.data.thing1.value)).toHaveLength(20);
    expect(m.data.thing1.value.endsWith('…')).toBe(true);
    expect(Array.from(m.data.thing3.value).length).toBeLessThanOrEqual(20);
    expect(m.data.thing3.value.startsWith('获得5,000 元券、2,000 元券')).toBe(true);
    for (const outcome of ['won', 'waitlisted', 'lost'])
      expect(Array.from(layout({ ...base, outcome }).data.phrase2.value).length).toBeLessThanOrEqual(5);
  });

  test('the send rate: perRun is what a run can send at perSecond within its budget', () => {
    expect(NOTICE_RATE.perRun).toBe((NOTICE_RATE.perSecond * NOTICE_RATE.runBudgetMs) / 1000);
    // 200,000 notices within a working afternoon at one run every 5 minutes.
    const hours = (Math.ceil(200_000 / NOTICE_RATE.perRun) * NOTICE_RATE.runEveryMinutes) / 60;
    expect(hours).toBeLessThanOrEqual(5);
  });
});
