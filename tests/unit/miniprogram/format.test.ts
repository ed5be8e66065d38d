import fc from 'fast-check';
import { fill, formatYuan, groupDigits } from '../../../miniprogram/utils/format';

describe('utils/format', () => {
  it('writes amounts in yuan with thousands separators', () => {
    expect(formatYuan(5000)).toBe('5,000 元');
    expect(formatYuan(500)).toBe('500 元');
    expect(formatYuan(1234567.5)).toBe('1,234,567.50 元');
    expect(formatYuan(0.1 + 0.2)).toBe('0.30 元');
    expect(groupDigits(20000)).toBe('20,000');
  });

  it('groupDigits only inserts commas', () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        const grouped = groupDigits(n);
        expect(grouped.replace(/,/g, '')).toBe(String(n));
        expect(grouped).toMatch(/^\d{1,3}(,\d{3})*$/);
      }),
    );
  });
});

describe('fill', () => {
  it('fills every placeholder by name, numbers as written, and leaves nothing for a missing value', () => {
    expect(fill('共 {n} 家，{city}{n} 家', { n: 3, city: '佛山' })).toBe('共 3 家，佛山3 家');
    expect(fill('{a}-{b}', { a: 'x' })).toBe('x-');
    expect(fill('没有占位', { n: 1 })).toBe('没有占位');
  });
});
