// The one place the evaluation imports the product's attribution: change these import paths when lib/ moves.
import type { SpeakerId } from '@/lib/model/types';
import { scanDocument } from '@/lib/pipeline/attribute';
import { textDocFromPlainText, type TextDoc } from '@/lib/pipeline/text-doc';

export type { SpeakerId };

/** A run of characters [start, end) in the original article file. */
export interface Span {
  start: number;
  end: number;
}

/** A quotation as the product finds it, with offsets into the original file (not the product's TextDoc). */
export interface ProductQuote {
  /** The opening mark .. just after the closing mark (of the last part, for a split quote). */
  open: number;
  close: number;
  /** Every piece of the quoted words (inside the marks): several for a split quote or one over paragraphs. */
  pieces: Span[];
  speaker: SpeakerId | null;
}

/**
 * Scans a plain-text article as the product scans a corpus file (textDocFromPlainText, then scanDocument) and
 * maps every offset back to the file: the TextDoc trims lines and joins them with one "\n".
 */
export function scanPlainArticle(source: string): ProductQuote[] {
  const doc = textDocFromPlainText(source);
  const toSource = offsetMap(doc, source);
  return scanDocument(doc).map((q) => ({
    open: toSource(q.open),
    close: toSource(q.close - 1) + 1,
    pieces: q.parts.flat().map((p) => ({ start: toSource(p.start), end: toSource(Math.max(p.start, p.end - 1)) + (p.end > p.start ? 1 : 0) })),
    speaker: q.speaker,
  }));
}

/**
 * A function from TextDoc offsets to file offsets. Each block must be a verbatim run of the file (checked: a
 * change in how the product reads plain text fails here loudly, not as silently shifted figures).
 */
function offsetMap(doc: TextDoc, source: string): (offset: number) => number {
  const starts: number[] = [];
  let cursor = 0;
  for (const block of doc.blocks) {
    const body = doc.text.slice(block.start, block.end);
    const at = source.indexOf(body, cursor);
    if (at < 0) throw new Error(`adapter: block at ${block.start} is not a verbatim run of the article text`);
    starts.push(at);
    cursor = at + body.length;
  }
  return (offset: number) => {
    // The last block that starts at or before `offset` (a joining "\n" maps to the end of the block before it).
    let lo = 0;
    let hi = doc.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (doc.blocks[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    const block = doc.blocks[lo];
    if (!block) return offset;
    return starts[lo]! + Math.min(offset, block.end) - block.start;
  };
}
