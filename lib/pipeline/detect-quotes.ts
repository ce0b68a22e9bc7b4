// Spots quotation spans in a TextDoc: every kind of quotation mark, not apostrophes, nesting, multi-paragraph quotes.
import { firstStartingAtOrAfter, lastStartingAtOrBefore } from '@/lib/pipeline/binary-search';
import type { TextDoc } from '@/lib/pipeline/text-doc';

/** A quotation found in a document. Offsets are into `TextDoc.text`. */
export interface QuoteSpan {
  /** Where the opening mark (or the quoting element) starts. */
  open: number;
  /** Where the quoted words start and end (inside the marks). */
  start: number;
  end: number;
  /** Just after the closing mark (or the element). */
  close: number;
  /** The blocks it starts and ends in (a quote may run over several paragraphs). */
  firstBlock: number;
  lastBlock: number;
  /** 'marks' for quotation marks; 'q' and 'blockquote' for quotes that markup marks. */
  via: 'marks' | 'q' | 'blockquote';
  /** For a quote over several paragraphs: the [start, end) of each paragraph's part. */
  pieces: Array<{ start: number; end: number }>;
}

type Family = 'double' | 'single' | 'guillemet';

interface Open {
  index: number;
  family: Family;
  char: string;
  block: number;
  pieces: Array<{ start: number; end: number }>;
}

// Every character that may open or close a quotation.
const MARK = /["'\u201C\u201D\u201E\u2018\u2019\u201A\u00AB\u00BB]/g;
const WORD_CHAR = /[\p{L}\p{N}]/u;
// What may stand right before an opening mark: start, space, an opening bracket or dash, another mark.
const BEFORE_OPEN = /[\s([{\u2014\u2013\-/:;,\u201C\u201E\u2018\u00AB"']/;

function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  // ASCII answered without the Unicode-aware test: most marks on a page are apostrophes between two letters.
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
  return WORD_CHAR.test(ch);
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);

/** A single-quoted span needs two letters: 'n' (rock 'n' roll) or a lone initial is no quotation. */
function enoughWords(text: string, family: Family): boolean {
  const need = family === 'single' ? 2 : 1;
  // Letters and digits counted in code units, up to what is needed (not the whole quote rewritten to count them).
  let letters = 0;
  LETTER_OR_DIGIT.lastIndex = 0;
  for (let m = LETTER_OR_DIGIT.exec(text); m; m = LETTER_OR_DIGIT.exec(text)) if ((letters += m[0].length) >= need) return true;
  return false;
}
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu;

/** Finds the quotes that quotation marks delimit, block by block, joining multi-paragraph quotes. */
function markQuotes(doc: TextDoc): QuoteSpan[] {
  const { text, blocks } = doc;
  const spans: QuoteSpan[] = [];
  // A quote left open at the end of a paragraph, waiting for the next paragraph to reopen it.
  let carried: Open | null = null;
  // Every mark of the document in one pass: most blocks have none, and are passed over without a look.
  const marks: number[] = [];
  MARK.lastIndex = 0;
  for (let m = MARK.exec(text); m; m = MARK.exec(text)) marks.push(m.index);
  let next = 0;

  const stack: Open[] = [];
  // Indices into `stack` of each family's open marks, innermost last: finding a family's innermost is O(1).
  const openAt: Record<Family, number[]> = { double: [], single: [], guillemet: [] };
  const innermost = (family: Family) => openAt[family].at(-1) ?? -1;
  const push = (i: number, ch: string, family: Family, b: number) =>
    openAt[family].push(stack.push({ index: i, family, char: ch, block: b, pieces: [] }) - 1);
  const closeAt = (k: number, i: number, b: number) => {
    const open = stack[k]!;
    stack.length = k; // unmatched marks inside (apostrophes taken for openings) are dropped
    for (const list of Object.values(openAt)) while (list.length && list.at(-1)! >= k) list.pop();
    if (k !== 0) return;
    const pieces = open.pieces.length ? open.pieces : [{ start: open.index + 1, end: i }];
    const last = pieces[pieces.length - 1]!;
    last.end = i;
    const inner = text.slice(pieces[0]!.start, i);
    if (enoughWords(inner, open.family)) {
      spans.push({ open: open.index, start: pieces[0]!.start, end: i, close: i + 1, firstBlock: open.block, lastBlock: b, via: 'marks', pieces });
    }
  };

  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]!;
    while (next < marks.length && marks[next]! < block.start) next++;
    if (next >= marks.length || marks[next]! >= block.end) {
      carried = null; // a block without a mark cannot reopen a quote
      continue;
    }
    stack.length = 0;
    openAt.double.length = openAt.single.length = openAt.guillemet.length = 0;
    let from = block.start;
    if (carried) {
      // The multi-paragraph convention: the next paragraph reopens the quote with the same kind of mark.
      const lead = /^\s*/.exec(text.slice(block.start, block.start + 8))![0].length;
      const first = text[block.start + lead];
      const reopens = first !== undefined && openFamily(first) === carried.family && block.kind === blocks[carried.block]!.kind;
      if (reopens) {
        carried.pieces.push({ start: block.start + lead + 1, end: block.end });
        openAt[carried.family].push(stack.push(carried) - 1);
        from = block.start + lead + 1;
      }
      carried = null;
    }

    for (; next < marks.length && marks[next]! < block.end; next++) {
      const i = marks[next]!;
      if (i < from) continue;
      const ch = text[i]!;
      const prev = i > block.start ? text[i - 1] : undefined;
      const after = i + 1 < block.end ? text[i + 1] : undefined;

      switch (ch) {
        case '\u201C': {
          // „…“ closes with U+201C; elsewhere U+201C opens.
          const k = innermost('double');
          if (k >= 0 && stack[k]!.char === '\u201E') closeAt(k, i, b);
          else push(i, ch, 'double', b);
          break;
        }
        case '\u201E':
          push(i, ch, 'double', b);
          break;
        case '\u201D': {
          // A curly closing mark closes the innermost curly opening: a stray straight mark inside is dropped.
          let k = innermost('double');
          for (let c = k; c >= 0; c--) {
            if (stack[c]!.family === 'double' && stack[c]!.char !== '"') {
              k = c;
              break;
            }
          }
          if (k >= 0) closeAt(k, i, b);
          else if ((prev === undefined || isSpace(prev)) && after !== undefined && !isSpace(after)) push(i, ch, 'double', b);
          break;
        }
        case '"': {
          if (isWordChar(prev) && isWordChar(after)) break; // a Hebrew gershayim (ארה"ב) inside a word
          const k = innermost('double');
          const closes = k >= 0 && stack[k]!.char === '"' && prev !== undefined && !isSpace(prev);
          if (closes) closeAt(k, i, b);
          else if (after !== undefined && !isSpace(after) && (prev === undefined || BEFORE_OPEN.test(prev))) push(i, ch, 'double', b);
          break;
        }
        case '\u00AB':
          push(i, ch, 'guillemet', b);
          break;
        case '\u00BB': {
          const k = innermost('guillemet');
          if (k >= 0) closeAt(k, i, b);
          break;
        }
        case '\u2018':
        case '\u201A':
          if (isWordChar(after) || after === '"' || after === '\u201C') push(i, ch, 'single', b);
          break;
        case '\u2019':
        case "'": {
          if (isWordChar(prev) && isWordChar(after)) break; // an apostrophe inside a word: don't, Mexico's
          const k = innermost('single');
          if (k >= 0 && prev !== undefined && !isSpace(prev) && !isWordChar(after)) closeAt(k, i, b);
          else if (ch === "'" && isWordChar(after) && (prev === undefined || BEFORE_OPEN.test(prev))) push(i, ch, 'single', b);
          // anything else is an apostrophe (cartels', '90s) and is left alone
          break;
        }
      }
    }
    // An outer double quote or guillemet left open at a paragraph's end may continue in the next paragraph.
    const outer = stack[0];
    if (outer && outer.family !== 'single' && b + 1 < blocks.length) {
      if (!outer.pieces.length) outer.pieces.push({ start: outer.index + 1, end: block.end });
      else outer.pieces[outer.pieces.length - 1]!.end = block.end;
      carried = outer;
    }
  }
  return spans;
}

function openFamily(ch: string): Family | null {
  if (ch === '"' || ch === '\u201C' || ch === '\u201E') return 'double';
  if (ch === '\u00AB') return 'guillemet';
  return null;
}

/**
 * Finds every top-level quotation in a document, in document order: spans between quotation marks
 * (a quote inside a quote belongs to the outer one), and `<q>` or mark-less `<blockquote>` text.
 */
export function detectQuotes(doc: TextDoc): QuoteSpan[] {
  const marked = markQuotes(doc);
  const byOpen = [...marked].sort((a, b) => a.open - b.open);
  const result: QuoteSpan[] = [];
  const blockAt = (offset: number) => lastStartingAtOrBefore(doc.blocks, offset, (b) => b.start);
  const elements = [...doc.elementQuotes].sort((a, b) => a.start - b.start);
  for (const element of elements) {
    const attribution = element.attribution;
    const end = attribution && attribution.start >= element.start ? attribution.start : element.end;
    const body = doc.text.slice(element.start, end);
    // A blockquote that quotes with marks of its own (or that a quote from the one before runs into) is read
    // through its marks; a <q> inside a quotation is part of it. Top-level marked spans are disjoint and
    // sorted, so the only one that can overlap the element is the last one opening before its end.
    const last = byOpen[firstStartingAtOrAfter(byOpen, end, (s) => s.open) - 1];
    const overlapped = last !== undefined && last.close > element.start;
    if (overlapped && (element.kind === 'blockquote' || (last.open <= element.start && last.close >= end))) continue;
    const lead = body.length - body.trimStart().length;
    const trail = body.length - body.trimEnd().length;
    const start = element.start + lead;
    const stop = end - trail;
    if (stop <= start || !/[\p{L}\p{N}]/u.test(body)) continue;
    result.push({
      open: element.start, start, end: stop, close: end,
      firstBlock: blockAt(start), lastBlock: blockAt(stop - 1), via: element.kind, pieces: [{ start, end: stop }],
    });
  }
  // Marks inside an element quote are a quote within that quote; marks elsewhere stand on their own.
  const byElement = result.slice();
  let e = 0;
  let maxClose = -1;
  for (const span of byOpen) {
    while (e < byElement.length && byElement[e]!.open <= span.open) maxClose = Math.max(maxClose, byElement[e++]!.close);
    if (span.close > maxClose) result.push(span);
  }
  // Whatever remains, no two quotes overlap: the one that opens first (the outer one) is kept.
  result.sort((a, b) => a.open - b.open || b.close - a.close);
  const disjoint: QuoteSpan[] = [];
  for (const span of result) if (!disjoint.length || span.open >= disjoint.at(-1)!.close) disjoint.push(span);
  return disjoint;
}
