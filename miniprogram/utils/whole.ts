/**
 * Dates, times and hyphenated codes inside a longer UI text, kept whole on one line: a phone breaks
 * "2026-12-05" after a hyphen and "2026年12月5日" between any two characters, which reads wrong at
 * large text sizes. A page renders the pieces as
 *   <text wx:for="{{pieces}}" class="{{item.whole ? 'nowrap' : ''}}">{{item.text}}</text>
 * (.nowrap in styles/common.wxss); the rest of the sentence wraps as usual.
 */
export interface TextPiece {
  text: string;
  whole: boolean;
}

const WHOLE =
  /\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}:\d{2}|[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)+/g;

/** `text` split into pieces, the dates, times and codes among them marked `whole`. */
export function keepWhole(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const m of text.matchAll(WHOLE)) {
    if (m.index > at) pieces.push({ text: text.slice(at, m.index), whole: false });
    pieces.push({ text: m[0], whole: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), whole: false });
  return pieces;
}
