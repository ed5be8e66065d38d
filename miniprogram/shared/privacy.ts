/**
 * Masking of personal data shown to anyone but its owner (names of persons, phone numbers). The cloud
 * functions mask in their views (cloudfunctions/src/core/privacy.ts re-exports these); the mini-program
 * shows what they answer.
 */

/** 13800138000 → 138****8000; fewer than 7 digits stay hidden entirely. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***, single characters stay hidden entirely. */
export function maskPersonName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}
