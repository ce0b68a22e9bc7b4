// Compares a checked text with a corpus quote or a source sentence, word by word: exact, partial or variant.
import { normalizeTypography, type Token } from '@/lib/pipeline/text';
import type { MatchKind } from '@/lib/model/types';

// Weights and thresholds, each with its reason.
/** Texts this short are common phrases ("hit land", "invade"): they match only a quote of exactly those words. */
export const SHORT_TEXT_WORDS = 2;
/** Same words, other punctuation or case: the words are the speaker's, the typesetting is not. */
export const TYPOGRAPHY_VARIANT_SCORE = 0.97;
/** A fragment found whole in a longer quote is strong evidence, but less so the less of the quote it covers. */
export const PARTIAL_BASE_SCORE = 0.7;
/** A changed word can change the meaning: a variant never scores above this. */
export const VARIANT_MAX_SCORE = 0.95;
/** At most one edited word in five: more and it is a different sentence that shares words. */
export const MAX_EDIT_RATIO = 0.2;
/** From this length on, any word (but a negation) may be swapped; below it, only a look-alike word. */
export const LONG_TEXT_WORDS = 8;
/** Two words are look-alikes (coordination / collaboration) when their letter pairs overlap this much. */
export const SIMILAR_WORD_DICE = 0.4;
/** An ellipsis in the checked text may stand for up to this many words of the source. */
export const ELLIPSIS_MAX_WORDS = 60;
/** A [bracketed insertion] replaces at most this many of the speaker's words. */
export const BRACKET_MAX_WORDS = 4;

// Words that flip a sentence's meaning: never dropped, added or swapped ("on the table" is not "not on the table").
const NEGATIONS = new Set([
  'not', 'no', 'never', 'nor', 'neither', 'none', 'nobody', 'nothing', 'nowhere', 'without', 'cannot', 'ni', 'nunca',
  'sin', 'tampoco', 'nadie', 'nada', 'jamás',
]);
const isNegation = (w: string) => NEGATIONS.has(w) || w.endsWith("n't");

/** How a text lines up with a target: the kind, the score, and which target words carry it. */
export interface Alignment {
  kind: MatchKind;
  /** 'fragment': the checked text is part of the target; 'contains': the target is part of the checked text. */
  direction: 'whole' | 'fragment' | 'contains';
  score: number;
  /** Target words [start, end) that carry the match. */
  start: number;
  end: number;
  /** For each target word in [start, end): false where it differs from the checked text. */
  same: boolean[];
  /** How many words the two share: "the one it overlaps most" picks by this. */
  overlap: number;
}

function bigrams(w: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < w.length; i++) out.add(w.slice(i, i + 2));
  return out;
}

/** Dice coefficient of two words' letter pairs (1: same letters in the same pairs). */
export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return (2 * common) / (x.size + y.size);
}

/** The most edits a text of `n` words may carry and still be the same quote. */
export function maxEdits(n: number): number {
  return n <= SHORT_TEXT_WORDS ? 0 : Math.max(1, Math.floor(n * MAX_EDIT_RATIO));
}

/**
 * Whether a target could line up with a query at all, from lower bounds on the words each lacks of the other
 * (n, m: their word counts): false only where alignQuote surely returns null, since each missing word costs an edit.
 * Lets a reader skip fetching candidates that cannot match.
 */
export function mayAlign(n: number, m: number, missingFromTarget: number, missingFromQuery: number, allowContains = true): boolean {
  if (missingFromTarget <= maxEdits(n)) return true;
  return allowContains && m > SHORT_TEXT_WORDS && m < n && missingFromQuery <= maxEdits(m);
}

const INF = 1e9;

/**
 * Finds `query` inside `target` with at most `budget` word edits (Sellers' approximate substring search on
 * words). Gaps (an ellipsis or bracket before a query word) may skip target words for free.
 * Returns the target window and which target words are the same, or null.
 */
function searchWords(query: Token[], target: Token[], budget: number, longText: boolean) {
  const n = query.length;
  const m = target.length;
  if (n === 0 || m === 0) return null;
  // Every query word the target lacks costs at least one edit (substituted or dropped): past the budget, no
  // alignment can succeed. Most candidates a lookup checks share a word pair or two and fail here, without the table.
  const targetWords = new Set<string>();
  for (const t of target) targetWords.add(t.norm);
  let missing = 0;
  for (const q of query) if (!targetWords.has(q.norm) && ++missing > budget) return null;
  // D[i][j]: cost of aligning query[0..i) ending at target[0..j); op[i][j] remembers the step for traceback.
  const D: Float64Array[] = [];
  const op: Uint8Array[] = []; // 0 start, 1 match/sub, 2 skip query word (deletion), 3 skip target word (insertion), 4 gap
  const gapFrom: Int32Array[] = [];
  for (let i = 0; i <= n; i++) {
    D.push(new Float64Array(m + 1));
    op.push(new Uint8Array(m + 1));
    gapFrom.push(new Int32Array(m + 1));
  }
  const subCost = (a: string, b: string) => {
    if (a === b) return 0;
    if (isNegation(a) || isNegation(b)) return INF;
    return longText || wordSimilarity(a, b) >= SIMILAR_WORD_DICE ? 1 : INF;
  };
  for (let i = 1; i <= n; i++) {
    const q = query[i - 1]!;
    // A short text may only swap a look-alike word: dropping one of three words leaves another phrase.
    const delCost = isNegation(q.norm) || !longText ? INF : 1;
    D[i]![0] = D[i - 1]![0]! + delCost;
    op[i]![0] = 2;
    const gapWords = i > 1 && q.gapBefore ? (q.gapBefore === 'ellipsis' ? ELLIPSIS_MAX_WORDS : BRACKET_MAX_WORDS) : 0;
    for (let j = 1; j <= m; j++) {
      const t = target[j - 1]!;
      let best = D[i - 1]![j - 1]! + subCost(q.norm, t.norm);
      let how = 1;
      const del = D[i - 1]![j]! + delCost;
      if (del < best) { best = del; how = 2; }
      const ins = D[i]![j - 1]! + (isNegation(t.norm) || !longText ? INF : 1);
      if (i > 1 && ins < best) { best = ins; how = 3; }
      if (gapWords) {
        // The ellipsis stands for target words (j-g .. j-1) that the speaker said and the text left out.
        for (let g = 1; g <= Math.min(gapWords, j - 1); g++) {
          const c = D[i - 1]![j - 1 - g]! + subCost(q.norm, t.norm);
          if (c < best) { best = c; how = 4; gapFrom[i]![j] = g; }
        }
      }
      D[i]![j] = best;
      op[i]![j] = how;
    }
  }
  let bestJ = -1;
  let bestCost = INF;
  for (let j = 1; j <= m; j++) {
    if (D[n]![j]! < bestCost) { bestCost = D[n]![j]!; bestJ = j; }
  }
  if (bestJ < 0 || bestCost > budget) return null;
  // Trace back to the window's start, noting the target words that differ.
  const differs = new Set<number>();
  let i = n;
  let j = bestJ;
  while (i > 0 && j > 0) {
    const how = op[i]![j]!;
    if (how === 1 || how === 4) {
      if (query[i - 1]!.norm !== target[j - 1]!.norm) differs.add(j - 1);
      j -= how === 4 ? gapFrom[i]![j]! + 1 : 1;
      i--;
    } else if (how === 2) i--;
    else { differs.add(j - 1); j--; }
  }
  const start = j;
  const same: boolean[] = [];
  for (let k = start; k < bestJ; k++) same.push(!differs.has(k));
  return { cost: bestCost, start, end: bestJ, same };
}

/** Strips outer punctuation and spacing so that `"Not on the table."` and `not on the table` compare equal. */
function typographic(text: string): string {
  return normalizeTypography(text).replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '');
}

/**
 * Lines up a checked text with a target (a corpus quote or a source sentence): exact (same words), partial
 * (a fragment of the target, or the text contains it), variant (punctuation, case, ellipses, brackets,
 * a changed word). Null for anything else, and always for a look-alike that drops or adds a negation.
 */
export function alignQuote(
  query: { text: string; tokens: Token[] },
  target: { text: string; tokens: Token[] },
  options: { allowContains?: boolean } = {},
): Alignment | null {
  const q = query.tokens;
  const t = target.tokens;
  const n = q.length;
  const m = t.length;
  if (n === 0 || m === 0) return null;
  const gaps = q.some((x) => x.gapBefore !== null);
  const sameWords = n === m && q.every((x, k) => x.norm === t[k]!.norm);

  if (sameWords) {
    const exact = typographic(query.text).replace(/\s+/g, ' ') === typographic(target.text).replace(/\s+/g, ' ');
    return {
      kind: exact ? 'exact' : 'variant', direction: 'whole', score: exact ? 1 : TYPOGRAPHY_VARIANT_SCORE,
      start: 0, end: m, same: t.map(() => true), overlap: n,
    };
  }
  if (n <= SHORT_TEXT_WORDS) return null;

  const found = searchWords(q, t, maxEdits(n), n >= LONG_TEXT_WORDS);
  if (found) {
    const width = found.end - found.start;
    const whole = found.start === 0 && found.end === m;
    const coverage = Math.min(1, width / m);
    if (found.cost === 0 && !gaps && !whole) {
      return {
        kind: 'partial', direction: 'fragment', score: PARTIAL_BASE_SCORE + (1 - PARTIAL_BASE_SCORE) * coverage,
        ...found, overlap: n,
      };
    }
    const wording = Math.max(0, 1 - found.cost / n);
    const score = VARIANT_MAX_SCORE * wording * (whole ? 1 : PARTIAL_BASE_SCORE + (1 - PARTIAL_BASE_SCORE) * coverage);
    return { kind: 'variant', direction: whole ? 'whole' : 'fragment', score, ...found, overlap: n - found.cost };
  }

  // The checked text holds the whole target (a page quote longer than the corpus quote).
  if (options.allowContains !== false && m > SHORT_TEXT_WORDS && m < n) {
    const inner = searchWords(t, q, maxEdits(m), m >= LONG_TEXT_WORDS);
    if (inner) {
      const coverage = m / n;
      const wording = Math.max(0, 1 - inner.cost / m);
      const kind: MatchKind = inner.cost === 0 ? 'partial' : 'variant';
      const base = PARTIAL_BASE_SCORE + (1 - PARTIAL_BASE_SCORE) * coverage;
      return {
        kind, direction: 'contains', score: kind === 'partial' ? base : VARIANT_MAX_SCORE * wording * base,
        start: 0, end: m, same: t.map(() => true), overlap: m - inner.cost,
      };
    }
  }
  return null;
}
