// The plain-text view of a document that every stage reads: blocks of text, from a page or a corpus file.

/** What a block is: headings and blockquotes are read a little differently from paragraphs. */
export type BlockKind = 'paragraph' | 'heading' | 'blockquote' | 'item';

/** Article text, or page furniture (comments, sidebars, navigation, footers) whose quotes are nobody's of ours. */
export type Zone = 'article' | 'aside';

/** A block of text: a paragraph, heading, list item or blockquote, at [start, end) in `TextDoc.text`. */
export interface Block {
  start: number;
  end: number;
  kind: BlockKind;
  zone: Zone;
}

/** A quotation that markup marks instead of quotation marks: `<q>`, or a `<blockquote>` without marks. */
export interface ElementQuote {
  kind: 'q' | 'blockquote';
  start: number;
  end: number;
  /** The blockquote's attribution line ("— Claudia Sheinbaum", a <cite> or <footer>), left out of the quote. */
  attribution?: { start: number; end: number };
}

/** A document as text: blocks joined by "\n", plus quotes that markup marks. */
export interface TextDoc {
  text: string;
  blocks: Block[];
  elementQuotes: ElementQuote[];
}

/** Builds a TextDoc from blocks of text (in reading order), joining them with "\n". */
export function makeTextDoc(
  parts: Array<{ text: string; kind?: BlockKind; zone?: Zone }>,
  elementQuotes: ElementQuote[] = [],
): TextDoc {
  const blocks: Block[] = [];
  let text = '';
  for (const part of parts) {
    if (blocks.length > 0) text += '\n';
    const start = text.length;
    text += part.text.replace(/\n/g, ' ');
    blocks.push({ start, end: text.length, kind: part.kind ?? 'paragraph', zone: part.zone ?? 'article' });
  }
  return { text, blocks, elementQuotes };
}

// A line with no closing punctuation and few words reads as a headline or a section title.
const HEADING_MAX_WORDS = 16;

/** A line's block kind in a plain-text article: short lines without closing punctuation are headings. */
export function plainLineKind(line: string): BlockKind {
  const trimmed = line.trim();
  const wordsInLine = trimmed.split(/\s+/).length;
  return wordsInLine <= HEADING_MAX_WORDS && !/[.!?:"”’»)]$/.test(trimmed) ? 'heading' : 'paragraph';
}

// Where a plain-text article's own text ends and reader comments begin.
const COMMENTS_START = /^(leave a reply|leave a comment|\d+ comments?|comments|reader comments|join the conversation)\b/i;

/**
 * Reads a plain-text article (a corpus source) into a TextDoc: one block per non-empty line, and
 * everything from a "Leave a Reply" / "Comments" line on as page furniture, not article.
 */
export function textDocFromPlainText(source: string): TextDoc {
  let zone: Zone = 'article';
  const parts: Array<{ text: string; kind: BlockKind; zone: Zone }> = [];
  for (const line of source.split(/\r?\n/)) {
    if (!line.trim()) continue;
    if (COMMENTS_START.test(line.trim())) zone = 'aside';
    parts.push({ text: line.trim(), kind: plainLineKind(line), zone });
  }
  return makeTextDoc(parts);
}
