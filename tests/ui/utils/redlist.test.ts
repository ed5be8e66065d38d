import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { checkQuery, cleanSpanText, levelTotals, yearBars, yearBarsSummary } from '../../../miniprogram/utils/redlist';
import { decodeParam } from '../../../miniprogram/utils/nav';

describe('red-list helpers', () => {
  it('search an 18-character code exactly, and block one the server would reject', () => {
    const code = makeUscc({ division: '440606', orgCode: '72247334' });
    expect(checkQuery(code.toLowerCase())).toEqual({
      hint: '统一社会信用代码校验通过',
      kind: 'ok',
      blocked: false,
      uscc: code,
    });
    expect(checkQuery(`${code.slice(0, 9)} ${code.slice(9)}`).uscc).toBe(code);
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(checkQuery(wrong)).toEqual({
      hint: '统一社会信用代码有误：校验位不符，请核对营业执照上的代码',
      kind: 'error',
      blocked: true,
      uscc: null,
    });
    expect(checkQuery('9144060672247334IC')).toMatchObject({ kind: 'error', blocked: true, uscc: null });
    expect(checkQuery('9144060672247334IC').hint).toContain('第17位“I”不合法');
  });

  it('advise on entries that look like a code being typed, and leave names alone', () => {
    expect(checkQuery('美达')).toEqual({ hint: '', kind: 'none', blocked: false, uscc: null });
    expect(checkQuery('TCL').kind).toBe('none');
    expect(checkQuery('91440').kind).toBe('none');
    expect(checkQuery('914406')).toMatchObject({
      hint: '如为统一社会信用代码，还需输入 12 位',
      kind: 'info',
      blocked: false,
    });
    expect(checkQuery('91440606 7224')).toMatchObject({ hint: '如为统一社会信用代码，还需输入 6 位' });
    expect(checkQuery('ISO9001')).toMatchObject({ kind: 'info', blocked: false });
    expect(checkQuery('ISO9001').hint).toContain('第1位“I”不合法');
    expect(checkQuery('9'.repeat(19))).toMatchObject({
      hint: '统一社会信用代码为 18 位，已输入 19 位',
      blocked: false,
    });
  });

  it('write the clean span', () => {
    expect(cleanSpanText('2014-03-02', 11)).toBe('2014-03-02 起连续 11 年无不合格');
  });

  it('draw one bar per year of the span, zero years included, relative to the busiest year', () => {
    const bars = yearBars(
      [
        { year: '2020', count: 4 },
        { year: '2022', count: 1 },
      ],
      '2019-06-01',
      '2023-10-31',
    );
    expect(bars.map((b) => [b.year, b.count, b.percent])).toEqual([
      ['2019', 0, 0],
      ['2020', 4, 100],
      ['2021', 0, 0],
      ['2022', 1, 25],
      ['2023', 0, 0],
    ]);
    // A single inspection among many still shows.
    expect(
      yearBars(
        [
          { year: '2020', count: 100 },
          { year: '2021', count: 1 },
        ],
        '2020-01-01',
        '2021-12-31',
      )[1].percent,
    ).toBe(4);
    expect(yearBarsSummary(bars)).toBe(
      '连续无不合格期间共抽检 5 次：2019 年 0 次，2020 年 4 次，2021 年 0 次，2022 年 1 次，2023 年 0 次',
    );
  });

  it('sum inspections per level', () => {
    expect(
      levelTotals([
        { year: '2020', national: 1, provincial: 2, municipal: 0, county: 0, total: 3 },
        { year: '2021', national: 0, provincial: 1, municipal: 0, county: 4, total: 5 },
      ]).map((l) => [l.label, l.count]),
    ).toEqual([
      ['国家', 1],
      ['省', 3],
      ['市', 0],
      ['县', 4],
    ]);
  });

  it('decode page parameters once, tolerating values that are not encoded', () => {
    expect(decodeParam(encodeURIComponent('美达 电器'))).toBe('美达 电器');
    expect(decodeParam('100%合格')).toBe('100%合格');
    expect(decodeParam(undefined)).toBe('');
  });
});
