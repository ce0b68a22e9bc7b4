// Splits a block of text into sentences, not at abbreviations (U.S., Mr.) nor inside quotations.

// Words whose final period does not end a sentence.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'sgt', 'capt', 'st', 'jr', 'sr', 'prof', 'rev',
  'u.s', 'u.n', 'u.k', 'e.u', 'ee.uu', 'no', 'vs', 'etc', 'inc', 'co', 'corp', 'ltd', 'jan', 'feb', 'mar', 'apr',
  'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'a.m', 'p.m', 'sra', 'sr', 'lic', 'ing',
]);

// A sentence ends at . ! ? (and any closing marks) before a capital, a digit or a blanked quotation.
const END = /[.!?]+["'\u201D\u2019\u00BB)\]\uE000]*(?=\s+(?:\uE000|["'\u201C\u2018\u00AB(\u00BF\u00A1]*[\p{Lu}\p{N}]))/gu;

/**
 * Returns the [start, end) ranges of the sentences in text[from, to). `masked` is the same text with
 * quotations blanked (so that a sentence inside a quotation does not end the sentence around it).
 */
export function splitSentences(masked: string, from: number, to: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = from;
  // Searched within the block only (plus what the look-ahead needs): a block without a sentence end must not
  // scan the rest of the document.
  const chunk = masked.slice(0, Math.min(masked.length, to + 64));
  END.lastIndex = from;
  for (let m = END.exec(chunk); m && m.index < to; m = END.exec(chunk)) {
    const wordBefore = lettersBefore(masked, m.index, Math.max(from, m.index - 12)).toLowerCase();
    // An abbreviation, or a lone initial ("Donald J. Trump"), does not end a sentence.
    if (m[0].startsWith('.') && (ABBREVIATIONS.has(wordBefore.replace(/\.$/, '')) || /^\p{L}$/u.test(wordBefore))) continue;
    const end = m.index + m[0].length;
    if (end >= to) break;
    out.push({ start, end });
    start = end;
    while (start < to && /\s/.test(masked[start]!)) start++;
  }
  if (start < to) out.push({ start, end: to });
  return out;
}

const LETTER = /\p{L}/u;

/** The run of letters and periods that ends at `end` (no further back than `floor`): /[\p{L}.]+$/ without its backtracking. */
function lettersBefore(text: string, end: number, floor: number): string {
  let k = end;
  while (k > floor) {
    const c = text.charCodeAt(k - 1);
    if (c === 0x2e || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) {
      k--;
      continue;
    }
    if (c < 0x80) break;
    // A letter outside ASCII, one code unit or a surrogate pair (both within the floor).
    const pair = c >= 0xdc00 && c <= 0xdfff && k - 2 >= floor ? text.charCodeAt(k - 2) : 0;
    const size = pair >= 0xd800 && pair <= 0xdbff ? 2 : 1;
    if (!LETTER.test(text.slice(k - size, k))) break;
    k -= size;
  }
  return text.slice(k, end);
}
