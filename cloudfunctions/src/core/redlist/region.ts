/** Guangdong membership and city from registry addresses (when the USCC division code does not say). */
import { GUANGDONG_CITIES, cityOfUscc, isGuangdong } from '../uscc';
import type { EnterpriseEntry } from './types';

const compact = (s: string) => s.replace(/[\s\u3000]+/g, '');

export function isGuangdongProvince(province: string | undefined): boolean {
  if (!province) return false;
  const p = compact(province);
  return p === '广东' || p === '广东省' || p === '44' || p === '440000';
}

/**
 * An address is in Guangdong when it names the province (广东…) or starts with one of the 21
 * prefecture cities' full names (佛山市…). Short names alone are not trusted: 中山路 exists everywhere.
 */
export function isGuangdongAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = compact(address).replace(/^中国/, '');
  if (a.startsWith('广东')) return true;
  return GUANGDONG_CITIES.some((c) => a.startsWith(c.name));
}

/** City full name found at the start of a Guangdong address, or null. */
export function cityOfAddress(address: string | undefined): string | null {
  if (!address) return null;
  const full = compact(address).replace(/^中国/, '');
  const a = full.replace(/^广东省?/, '');
  // After 广东 a short name is safe (广东佛山…); on its own it is not (中山路…).
  const shortOk = a !== full;
  return GUANGDONG_CITIES.find((c) => a.startsWith(c.name) || (shortOk && a.startsWith(c.shortName)))?.name ?? null;
}

/** REDLIST.md: registered in Guangdong = USCC division code 44xxxx, or a Guangdong address in the registry. */
export function isGuangdongEnterprise(uscc: string, entry?: EnterpriseEntry): boolean {
  if (isGuangdong(uscc)) return true;
  return !!entry && (isGuangdongProvince(entry.province) || isGuangdongAddress(entry.address));
}

export function cityOfEnterprise(uscc: string, entry?: EnterpriseEntry): string | null {
  return cityOfUscc(uscc) ?? cityOfAddress(entry?.address);
}
