/**
 * How the product counts the characters of free text (names, titles, descriptions, notes, addresses),
 * once for the pages' live checks and counters and for the cloud functions' schemas (contract/common.ts
 * `textSchema` wraps `textProblem`).
 *
 * The rule: a text's length is its number of Unicode code points after trimming. A 汉字, a letter, a
 * digit and a single emoji (😀) each count 1; an emoji built of several code points (a family 👨‍👩‍👧, a
 * flag, a skin tone) counts each of them. Not UTF-16 units (JavaScript's `.length`, where 😀 counts 2:
 * that made an emoji name pass the page and fail the server), and not grapheme clusters, which need
 * `Intl.Segmenter`, missing from some of WeChat's JavaScript engines: code points count the same on
 * every engine, on both sides.
 *
 * WeChat's `maxlength` attribute counts UTF-16 units, so it would cut a text that fits this rule. Fields
 * with a rule here therefore set `maxlength="-1"` (no cut) and show the rule's message as the user types;
 * tests/unit/shared/text-fields.test.ts checks every page's WXML for it.
 */

/** A free-text field: its length after trimming, at least `min` (0: optional) and at most `max`. */
export interface TextRule {
  min: number;
  tooShort: string;
  max: number;
  tooLong: string;
}

/** The length of a text as the product counts it: Unicode code points (the caller trims if it means to). */
export function textLength(value: string): number {
  let count = 0;
  // for…of walks code points, not UTF-16 units.
  for (const _ of value) count++;
  return count;
}

/** Why a text is too short or too long for its rule (trimmed first), or '' when it fits. */
export function textProblem(rule: TextRule, value: string): string {
  const length = textLength(value.trim());
  if (length < rule.min) return rule.tooShort;
  if (length > rule.max) return rule.tooLong;
  return '';
}

/** An optional text of at most `max` characters, e.g. `upTo('备注', 200)` → “备注不超过 200 字”. */
export function upTo(label: string, max: number, unit = '字'): TextRule {
  return { min: 0, tooShort: '', max, tooLong: `${label}不超过 ${max} ${unit}` };
}

/** A counter as forms show it under a text box: “12/500” (the trimmed text, counted by the rule). */
export function counterText(value: string, max: number): string {
  return `${textLength(value.trim())}/${max}`;
}
