import { figuresView, oddsText } from '../../../miniprogram/utils/live-figures';

describe('campaign odds in plain words', () => {
  test('no more applicants than vouchers: 名额充足', () => {
    expect(oddsText(100, 0)).toBe('名额充足');
    expect(oddsText(100, 100)).toBe('名额充足');
  });

  test('more applicants: 约 1 / r, one decimal below 10, whole numbers above, never 1 / 1', () => {
    expect(oddsText(2000, 6400)).toBe('约 1 / 3.2');
    expect(oddsText(5000, 15100)).toBe('约 1 / 3');
    expect(oddsText(100, 101)).toBe('约 1 / 1.1');
    expect(oddsText(10, 995)).toBe('约 1 / 100');
    expect(oddsText(1, 123456)).toBe('约 1 / 123,456');
  });

  test('final counts carry no odds; pools follow the campaign with its labels', () => {
    const pools = [
      { poolId: 'G5000', faceValue: 5000, quantity: 2, applicantTypes: ['enterprise' as const] },
      { poolId: 'C1000', faceValue: 1000, quantity: 2, applicantTypes: ['person' as const], label: '电线电缆专用券' },
    ];
    const base = { campaignId: 'c', applicants: 9, countedAt: '', maxAgeSeconds: 30 };
    const counts = [
      { poolId: 'C1000', quantity: 2, applicants: 3 },
      { poolId: 'G5000', quantity: 2, applicants: 6 },
    ];
    const live = figuresView({ ...base, final: false, pools: counts }, pools);
    expect(live.rows).toEqual([
      { poolId: 'G5000', label: '5,000 元券', applicantsText: '已申领 6 人', oddsText: '中签机会：约 1 / 3' },
      { poolId: 'C1000', label: '电线电缆专用券', applicantsText: '已申领 3 人', oddsText: '中签机会：约 1 / 1.5' },
    ]);
    const final = figuresView({ ...base, final: true, pools: counts, maxAgeSeconds: 600 }, pools);
    expect(final.rows.map((r) => [r.applicantsText, r.oddsText])).toEqual([
      ['共 6 人申领', ''],
      ['共 3 人申领', ''],
    ]);
    expect(final.title).toBe('申领人数');
  });
});
