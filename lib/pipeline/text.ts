// Typography normalisation and word tokens with offsets: the common ground of detection and matching.

/** Characters that are invisible on the page and never part of a word: soft hyphen, zero-width marks, BOM. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Cleans quoted words for display and storage (the report's `text`): invisible characters dropped,
 * line breaks and no-break spaces as spaces, whitespace collapsed. Quotation marks are kept.
 */
export function cleanText(text: string): string {
  return text.replace(INVISIBLE, '').replace(/[\s\u00A0\u202F]+/g, ' ').trim();
}

/**
 * Normalises typography so that the same words compare equal however a site typeset them:
 * NFKC (which also turns the ellipsis character into "..."), curly quotes and apostrophes to straight,
 * every dash and hyphen (U+2011 included) to "-", whitespace collapsed.
 */
export function normalizeTypography(text: string): string {
  return cleanText(
    text
      .normalize('NFKC')
      .replace(/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u2039\u203A]/g, '"')
      .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-'),
  );
}

/** Where a quotation leaves the speaker's words out: an ellipsis (any number), or an editor's [insertion] in their place. */
export type Gap = 'ellipsis' | 'bracket';

/** A word of a text: its normalised form and where it stands in the original string. */
export interface Token {
  /** Lower-cased, NFKC, straight apostrophes. */
  norm: string;
  start: number;
  end: number;
  /** What stands right before this word where words may be missing: an ellipsis, a [bracketed insertion], or null. */
  gapBefore: Gap | null;
}

// Letters and digits, with apostrophes inside words (don't, Mexico's). Hyphens split words, so that
// "non-negotiable" matches "non negotiable" and "States-but" in a seed is two words.
const WORD = /[\p{L}\p{N}]+(?:['\u2019\u02BC][\p{L}\p{N}]+)*/gu;
const ELLIPSIS = /\.\s*\.\s*\.|\u2026/;

/** Normalises one word as matching compares it. */
export function normalizeWord(word: string): string {
  // Plain ASCII (most words of an English corpus) is its own NFKC form and has no curly apostrophe: lower-casing is
  // all there is to do, without the costly normalize() call (a lookup tokenizes some fifty candidate texts).
  let ascii = true;
  for (let i = 0; i < word.length; i++) {
    if (word.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return word.toLowerCase();
  return word.normalize('NFKC').toLowerCase().replace(/[\u2019\u02BC]/g, "'");
}

/**
 * Splits a text into words with their offsets. An ellipsis or a [bracketed insertion] between two words
 * marks the next word with `gapBefore`; the bracketed words themselves are left out (an editor's, not the speaker's).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scanWords(text, (raw, start, end, gap) => {
    tokens.push({ norm: normalizeWord(raw), start, end, gapBefore: tokens.length > 0 ? gap : null });
  });
  return tokens;
}

/** The words of a text, normalised, without offsets (no token objects: a corpus load takes ten million words). */
export function words(text: string): string[] {
  const out: string[] = [];
  scanWords(text, (raw) => {
    out.push(normalizeWord(raw));
  });
  return out;
}

/** The one pass tokenize and words share: each word kept, where it stands, and whether words may be missing before it. */
function scanWords(text: string, word: (raw: string, start: number, end: number, gap: Gap | null) => void): void {
  let last = 0;
  let gap: Gap | null = null;
  let bracketDepth = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    // What stands between two words is mostly one space: read it by char code, and test for an ellipsis only
    // where a dot or an ellipsis character could make one (a lookup tokenizes some fifty texts).
    let dots = false;
    for (let i = last; i < m.index; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5b) bracketDepth++; // [
      else if (c === 0x5d && bracketDepth > 0) { // ]
        bracketDepth--;
        gap ??= 'bracket';
      } else if (c === 0x2e || c === 0x2026) dots = true; // . or …
    }
    if (dots && ELLIPSIS.test(text.slice(last, m.index))) gap = 'ellipsis';
    last = m.index + m[0].length;
    if (bracketDepth > 0) {
      gap ??= 'bracket';
      continue;
    }
    word(m[0], m.index, last, gap);
    gap = null;
  }
}

/** Counts the words of a text (what "a quote of three words or more" counts). */
export function wordCount(text: string): number {
  return tokenize(text).length;
}
