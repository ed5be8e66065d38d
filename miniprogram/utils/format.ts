/** Money and masking as shown on screen. Masking mirrors cloudfunctions/src/core/privacy.ts (a unit test keeps them equal). */

/** Fills `{name}` placeholders of a UI text: fill('共 {n} 家', { n: 3 }) → "共 3 家"; a missing value leaves nothing. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

/** 20000 → "20,000" */
export function groupDigits(n: number | string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 5000 → "5,000 元"; fees may carry cents: 1234.5 → "1,234.50 元". */
export function formatYuan(amount: number): string {
  const fixed = Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
  const [whole, cents] = fixed.split('.');
  const grouped = groupDigits(whole);
  return `${cents ? `${grouped}.${cents}` : grouped} 元`;
}

/** 13800138000 → 138****8000 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧*** */
export function maskPersonName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}
