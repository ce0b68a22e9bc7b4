// What attribution reads a document through: its blocks, sentences split on demand, people mentioned sentence by
// sentence in the words around quotations (quoted words blanked out), and the searches that walk them.
import { execAfterBoundary, findMentions, type Mention } from '@/lib/pipeline/mentions';
import { firstStartingAtOrAfter, lastStartingAtOrBefore } from '@/lib/pipeline/binary-search';
import type { QuoteSpan } from '@/lib/pipeline/detect-quotes';
import { maskedView, BLANK, BLANK_CODE, type MaskedText } from '@/lib/pipeline/attribution/masked';
import { splitSentences } from '@/lib/pipeline/sentences';
import type { ElementQuote, TextDoc, Zone } from '@/lib/pipeline/text-doc';

export { execAfterBoundary };

/** A sentence of a block, at [start, end) of the document's text. */
export interface Sentence {
  start: number;
  end: number;
  block: number;
  /** Its place among its block's sentences. */
  index: number;
}

/**
 * The document as attribution reads it. Sentences are found block by block, and mentions sentence by sentence,
 * only where a quotation's attribution looks (a page may be a megabyte with a handful of quotes).
 */
export interface DocContext {
  doc: TextDoc;
  text: string;
  /** The text with its quotations blanked, read a slice at a time. */
  masked: MaskedText;
  elementAt: Map<number, ElementQuote>;
  sentenceCache: Map<number, Sentence[]>;
  mentionCache: Map<Sentence, Mention[]>;
  /** A block's masked text (and the few characters after it that a sentence end looks ahead to), kept while used. */
  blockTextCache: Map<number, string>;
}

// How far past a block a sentence end looks (the next characters say whether a period ends a sentence).
const SENTENCE_LOOKAHEAD = 64;

/** The context for one document and its quotations. */
export function docContext(doc: TextDoc, spans: QuoteSpan[]): DocContext {
  return {
    doc, text: doc.text, masked: maskedView(doc.text, spans),
    elementAt: new Map(doc.elementQuotes.map((e) => [e.start, e])),
    sentenceCache: new Map(), mentionCache: new Map(), blockTextCache: new Map(),
  };
}

function blockText(ctx: DocContext, b: number): string {
  let t = ctx.blockTextCache.get(b);
  if (t === undefined) {
    const block = ctx.doc.blocks[b]!;
    t = ctx.masked.slice(block.start, Math.min(ctx.text.length, block.end + SENTENCE_LOOKAHEAD));
    ctx.blockTextCache.set(b, t);
  }
  return t;
}

/** The block that holds `offset`. */
export function blockAt(ctx: DocContext, offset: number): number {
  return lastStartingAtOrBefore(ctx.doc.blocks, offset, (b) => b.start);
}

/** The zone (article or page furniture) of the block that holds `offset`. */
export function zoneOf(ctx: DocContext, offset: number): Zone {
  return ctx.doc.blocks[blockAt(ctx, offset)]!.zone;
}

/** A block's sentences. */
export function sentencesOf(ctx: DocContext, b: number): Sentence[] {
  let list = ctx.sentenceCache.get(b);
  if (!list) {
    const block = ctx.doc.blocks[b]!;
    list = splitSentences(blockText(ctx, b), 0, block.end - block.start)
      .map((x, index) => ({ start: block.start + x.start, end: block.start + x.end, block: b, index }));
    ctx.sentenceCache.set(b, list);
  }
  return list;
}

/** The sentence that holds `offset`. */
export function sentenceAt(ctx: DocContext, offset: number): Sentence {
  const list = sentencesOf(ctx, blockAt(ctx, offset));
  return list[lastStartingAtOrBefore(list, offset, (x) => x.start)]!;
}

/** The mentions of a sentence, in the runs between its blanked quotations (no mention runs into a quotation). */
export function mentionsOf(ctx: DocContext, s: Sentence): Mention[] {
  let list = ctx.mentionCache.get(s);
  if (!list) {
    const block = ctx.doc.blocks[s.block]!;
    const local = blockText(ctx, s.block);
    const base = block.start;
    const options = { heading: block.kind === 'heading', context: { start: 0, end: block.end - base } };
    list = [];
    const end = s.end - base;
    for (let from = s.start - base; from < end;) {
      const blank = local.indexOf(BLANK, from);
      const to = blank < 0 || blank > end ? end : blank;
      if (to - from > 1) {
        for (const m of findMentions(local, { ...options, from, to })) {
          m.start += base;
          m.end += base;
          list.push(m);
        }
      }
      if (to === end) break;
      from = to + 1;
      while (from < end && local.charCodeAt(from) === BLANK_CODE) from++;
    }
    ctx.mentionCache.set(s, list);
  }
  return list;
}

/** The sentences that start at or before `at` (nearest first), over blocks while `more(block)` says so. */
export function* sentencesBefore(ctx: DocContext, at: number, more: (b: number) => boolean): Generator<Sentence> {
  for (let b = blockAt(ctx, at), first = true; b >= 0 && more(b); b--, first = false) {
    const list = sentencesOf(ctx, b);
    const k = first ? lastStartingAtOrBefore(list, at, (x) => x.start) : list.length - 1;
    for (let i = Math.min(k, list.length - 1); i >= 0; i--) yield list[i]!;
  }
}

/** The mentions within [from, to), in order. */
export function mentionsIn(ctx: DocContext, from: number, to: number): Mention[] {
  const out: Mention[] = [];
  const { blocks } = ctx.doc;
  for (let b = blockAt(ctx, from), first = true; b < blocks.length && blocks[b]!.start < to; b++, first = false) {
    const list = sentencesOf(ctx, b);
    // A block may hold thousands of sentences: start at the one that holds `from`.
    for (let k = first ? lastStartingAtOrBefore(list, from, (x) => x.start) : 0; k < list.length; k++) {
      const s = list[k]!;
      if (s.start >= to) break;
      if (s.end <= from) continue;
      for (const m of mentionsOf(ctx, s)) if (m.start >= from && m.end <= to) out.push(m);
    }
  }
  return out;
}

/** Mentions before `at`, nearest first, within `reach` characters and the same zone. */
export function* mentionsBefore(ctx: DocContext, at: number, reach: number): Generator<Mention> {
  const zone = zoneOf(ctx, at);
  const { blocks } = ctx.doc;
  const inReach = (b: number) => blocks[b]!.end >= at - reach && blocks[b]!.zone === zone;
  for (const s of sentencesBefore(ctx, at, inReach)) {
    if (at - s.end > reach) return;
    const list = mentionsOf(ctx, s);
    // Mentions do not overlap: the last one starting before `at` is the nearest candidate.
    for (let k = firstStartingAtOrAfter(list, at, (m) => m.start) - 1; k >= 0; k--) {
      if (at - list[k]!.end > reach) return;
      if (list[k]!.end <= at) yield list[k]!;
    }
  }
}

/** The mention that covers text[at], if any. */
export function mentionCovering(ctx: DocContext, at: number): Mention | undefined {
  const s = sentenceAt(ctx, at);
  if (!s) return undefined;
  const list = mentionsOf(ctx, s);
  const m = list[firstStartingAtOrAfter(list, at + 1, (x) => x.start) - 1];
  return m && m.end > at ? m : undefined;
}

/**
 * The nearest mention that `fits` and contains `word`, before `m` (within reach and the same zone) or else
 * after it: found through the word itself, so only the sentences that hold it are read for mentions.
 */
export function nearestWith(ctx: DocContext, m: Mention, word: string, reach: number, fits: (o: Mention) => boolean): Mention | undefined {
  const { text } = ctx;
  const { blocks } = ctx.doc;
  const zone = zoneOf(ctx, m.start);
  let floor = m.start;
  for (let b = blockAt(ctx, m.start); b >= 0 && blocks[b]!.end >= m.start - reach && blocks[b]!.zone === zone; b--) floor = blocks[b]!.start;
  // Searched within reach only: a word that is nowhere near must not cost a pass over the whole page. (In the
  // page's own text: a find inside a quotation has no mention covering it.)
  const back = text.slice(floor, m.start);
  for (let i = back.lastIndexOf(word); i >= 0; i = i > 0 ? back.lastIndexOf(word, i - 1) : -1) {
    const o = mentionCovering(ctx, floor + i);
    if (!o || o.end > m.start) continue;
    if (m.start - o.end > reach) break;
    if (fits(o)) return o;
    i = o.start - floor; // the rest of this mention is this mention
  }
  const ahead = text.slice(m.end, Math.min(text.length, m.end + reach + word.length));
  for (let i = ahead.indexOf(word); i >= 0; i = ahead.indexOf(word, i + 1)) {
    const o = mentionCovering(ctx, m.end + i);
    if (!o || o.start < m.end) continue;
    if (o.start - m.end > reach) break;
    if (fits(o)) return o;
    i = o.end - 1 - m.end;
  }
  return undefined;
}
