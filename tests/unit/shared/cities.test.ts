/** The 21 Guangdong cities and the city of a USCC (miniprogram/shared/cities.ts). */
import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
import { GUANGDONG_CITIES, GUANGDONG_CITY_NAMES, cityOfUscc, findCity } from '../../../miniprogram/shared/cities';

describe('Guangdong cities', () => {
  it('covers exactly the 21 prefecture cities of REDLIST.md, in division-code order', () => {
    expect(GUANGDONG_CITIES).toHaveLength(21);
    expect(new Set(GUANGDONG_CITIES.map((c) => c.prefix)).size).toBe(21);
    const table: Record<string, string> = {
      '4401': '广州', '4402': '韶关', '4403': '深圳', '4404': '珠海', '4405': '汕头', '4406': '佛山', '4407': '江门',
      '4408': '湛江', '4409': '茂名', '4412': '肇庆', '4413': '惠州', '4414': '梅州', '4415': '汕尾', '4416': '河源',
      '4417': '阳江', '4418': '清远', '4419': '东莞', '4420': '中山', '4451': '潮州', '4452': '揭阳', '4453': '云浮',
    }; // prettier-ignore
    expect(GUANGDONG_CITIES.map((c) => c.prefix)).toEqual(Object.keys(table).sort());
    for (const [prefix, short] of Object.entries(table)) {
      const code = makeUscc({ division: `${prefix}00`, orgCode: 'MA5D1234' });
      expect(cityOfUscc(code)).toBe(`${short}市`);
      expect(findCity(short)?.prefix).toBe(prefix);
      expect(findCity(`${short}市`)?.name).toBe(`${short}市`);
    }
    expect(GUANGDONG_CITY_NAMES).toEqual(GUANGDONG_CITIES.map((c) => c.name));
    expect(GUANGDONG_CITY_NAMES[0]).toBe('广州市');
  });

  it('maps the published codes to their cities', () => {
    const codes = ['91440606722473344C', '91441300195971850Y', '91440400192548256N', '91440300192317458F'];
    expect(codes.map(cityOfUscc)).toEqual(['佛山市', '惠州市', '珠海市', '深圳市']);
  });

  it('knows no city for other provinces, provincial registrations and unknown names', () => {
    expect(cityOfUscc(makeUscc({ division: '430102', orgCode: '12345678' }))).toBeNull();
    // Provincial registrations (440000) are in Guangdong but in no city.
    expect(cityOfUscc(makeUscc({ division: '440000', orgCode: '19000000' }))).toBeNull();
    expect(findCity('长沙')).toBeUndefined();
    expect(findCity('')).toBeUndefined();
  });
});
