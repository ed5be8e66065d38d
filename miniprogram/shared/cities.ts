/**
 * The 21 prefecture-level cities of Guangdong (REDLIST.md) and the city of a USCC: the one list the
 * mini-program's pickers and the cloud functions' schemas, red list and statistics use.
 */
import { divisionCode } from './uscc';

export interface GuangdongCity {
  /** First four digits of the division code. */
  prefix: string;
  /** Full name as used in addresses and on the UI, e.g. 广州市. */
  name: string;
  /** Short name, e.g. 广州. */
  shortName: string;
}

/** In division-code order. */
export const GUANGDONG_CITIES: readonly GuangdongCity[] = (
  [
    ['4401', '广州'],
    ['4402', '韶关'],
    ['4403', '深圳'],
    ['4404', '珠海'],
    ['4405', '汕头'],
    ['4406', '佛山'],
    ['4407', '江门'],
    ['4408', '湛江'],
    ['4409', '茂名'],
    ['4412', '肇庆'],
    ['4413', '惠州'],
    ['4414', '梅州'],
    ['4415', '汕尾'],
    ['4416', '河源'],
    ['4417', '阳江'],
    ['4418', '清远'],
    ['4419', '东莞'],
    ['4420', '中山'],
    ['4451', '潮州'],
    ['4452', '揭阳'],
    ['4453', '云浮'],
  ] as const
).map(([prefix, shortName]) => ({ prefix, name: `${shortName}市`, shortName }));

/** The full names (广州市 …), in division-code order. */
export const GUANGDONG_CITY_NAMES: readonly string[] = GUANGDONG_CITIES.map((c) => c.name);

const CITY_BY_PREFIX = new Map(GUANGDONG_CITIES.map((c) => [c.prefix, c]));

/**
 * Prefecture city (full name, e.g. 佛山市) from the division code, or null when the code is not a
 * Guangdong city (other provinces, or 440000-style provincial registrations).
 */
export function cityOfUscc(uscc: string): string | null {
  return CITY_BY_PREFIX.get(divisionCode(uscc).slice(0, 4))?.name ?? null;
}

/** The city record for a full or short city name (佛山市 / 佛山), or undefined. */
export function findCity(name: string): GuangdongCity | undefined {
  return GUANGDONG_CITIES.find((c) => c.name === name || c.shortName === name);
}
