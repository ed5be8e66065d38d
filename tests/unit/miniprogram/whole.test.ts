import { keepWhole } from '../../../miniprogram/utils/whole';

describe('keepWhole', () => {
  it('marks dates, times and hyphenated codes whole and leaves the sentence around them', () => {
    expect(keepWhole('统计连续无不合格期间（2011-01-06 至 2026-12-05）每年的监督抽查次数')).toEqual([
      { text: '统计连续无不合格期间（', whole: false },
      { text: '2011-01-06', whole: true },
      { text: ' 至 ', whole: false },
      { text: '2026-12-05', whole: true },
      { text: '）每年的监督抽查次数', whole: false },
    ]);
    expect(keepWhole('评估日期 2026年12月5日，发布于 2026-12-06 06:48').filter((p) => p.whole)).toEqual([
      { text: '2026年12月5日', whole: true },
      { text: '2026-12-06 06:48', whole: true },
    ]);
    expect(keepWhole('申请编号：DL20261204-3FA9C2').filter((p) => p.whole)).toEqual([
      { text: 'DL20261204-3FA9C2', whole: true },
    ]);
  });

  it('gives the text back unchanged when joined, and one plain piece when nothing must stay whole', () => {
    const text = '数据来源：2026-12 期红榜（评估日期 2026年12月5日）';
    expect(
      keepWhole(text)
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
    expect(keepWhole('没有抽检记录')).toEqual([{ text: '没有抽检记录', whole: false }]);
    expect(keepWhole('')).toEqual([]);
  });
});
