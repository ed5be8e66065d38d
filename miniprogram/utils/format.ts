/** Texts and money as shown on screen. (Personal data arrives masked by the server: shared/privacy.ts.) */
import { groupDigits } from '../shared/pools';

/** Fills `{name}` placeholders of a UI text: fill('共 {n} 家', { n: 3 }) → "共 3 家"; a missing value leaves nothing. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

/** 20000 → "20,000" (shared with the functions' result notices). */
export { groupDigits };

/** 5000 → "5,000 元"; fees may carry cents: 1234.5 → "1,234.50 元". */
export function formatYuan(amount: number): string {
  const fixed = Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
  const [whole, cents] = fixed.split('.');
  const grouped = groupDigits(whole);
  return `${cents ? `${grouped}.${cents}` : grouped} 元`;
}
