/**
 * Name normalisation for matching producers across publications (REDLIST.md, "Data").
 *
 * normalizeName applies, in this order:
 * 1. Width folding: full-width ASCII forms U+FF01–U+FF5E → U+0021–U+007E (so （）→ (), ＡＢＣ → ABC,
 *    １２３ → 123); the other bracket styles seen in publications 【】〔〕［］｛｝ → ().
 * 2. Removal of all whitespace: ASCII and Unicode spaces, U+3000 ideographic space, NBSP, and the
 *    zero-width characters U+200B–U+200D, U+FEFF.
 * 3. Traditional → simplified with OpenCC (opencc-js): Hong Kong and Taiwan variant characters are
 *    both folded to OpenCC traditional, then converted to mainland simplified ('hk'/'tw' → 'cn').
 *    Loaded on first use; skipped for strings without CJK characters.
 * 4. Latin letters lower-cased (A–Z → a–z).
 * Punctuation other than brackets is kept: 有限公司 vs 有限责任公司 are different names.
 */
import type { ConverterFunction } from 'opencc-js';

const BRACKETS: Record<string, string> = {
  '【': '(',
  '】': ')',
  '〔': '(',
  '〕': ')',
  '［': '(',
  '］': ')',
  '｛': '(',
  '｝': ')',
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
};

let converter: ConverterFunction | null = null;

/** opencc-js's t2cn build is ~100 KB of dictionaries: load it only when a name needs converting. */
function toSimplified(text: string): string {
  if (!converter) {
    const { ConverterFactory, Locale } = require('opencc-js/t2cn') as typeof import('opencc-js');
    // One pass each: HK variants → OpenCC traditional, TW variants → OpenCC traditional, then → cn.
    // Same output as Converter({from:'hk',to:'cn'}) followed by Converter({from:'tw',to:'cn'}),
    // in three trie passes instead of four.
    converter = ConverterFactory(Locale.from.hk, Locale.from.tw, Locale.to.cn);
  }
  return converter(text);
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
const SPACES = /[\s\u3000\u00a0\u200b-\u200d\ufeff]+/g;

const NEEDS_FOLD = /[\uff01-\uff5e\[\]{}【】〔〕]/;

export function foldWidth(text: string): string {
  if (!NEEDS_FOLD.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0xff01 && code <= 0xff5e) {
      const folded = String.fromCharCode(code - 0xfee0);
      out += BRACKETS[folded] ?? folded;
    } else {
      out += BRACKETS[ch] ?? ch;
    }
  }
  return out;
}

// Imports repeat the same announcement, product and producer names on many rows.
const CACHE_LIMIT = 100_000;
const cache = new Map<string, string>();

const lowerLatin = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

export function normalizeName(name: string): string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const folded = foldWidth(name).replace(SPACES, '');
  // Only CJK text pays for (and is worth caching) the OpenCC conversion.
  if (!CJK.test(folded)) return lowerLatin(folded);
  const s = lowerLatin(toSimplified(folded));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, s);
  return s;
}
