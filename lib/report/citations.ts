// A quote's sources as a plain-text citation list, for the clipboard.
import type { PageQuote, SourceHit } from '@/lib/model/types';

/** The few words a citation list needs, in the reader's language. */
export interface CitationWords {
  sources: string;
  untitled: string;
  undated: string;
  quoted: string;
  unquoted: string;
  /** The speaker's name for an id, or null. */
  speakerName: (id: PageQuote['speaker']) => string | null;
}

/** One source as a citation line: title, outlet, date, address (where known), then its wording. */
export function citeSource(hit: SourceHit, n: number, words: CitationWords): string {
  const title = hit.title ?? `${words.untitled} (${hit.sourceId})`;
  const where = [hit.outlet, hit.published ?? words.undated].filter((x): x is string => x !== null).join(', ');
  const head = `${n}. ${title}. ${where}.${hit.url ? ` ${hit.url}` : ''}`;
  return `${head}\n   ${hit.quoted ? words.quoted : words.unquoted}: “${hit.text}”`;
}

/**
 * The citation list of a quote: the quote and its speaker on the first line, then every source in the
 * lookup's order. Plain text, so that it pastes anywhere.
 */
export function citationList(quote: PageQuote, words: CitationWords): string {
  const sources = quote.match?.sources ?? [];
  const speaker = words.speakerName(quote.match?.speaker ?? quote.speaker);
  const lines = [`“${quote.text}”${speaker ? ` — ${speaker}` : ''}`, '', `${words.sources} (${sources.length}):`];
  sources.forEach((hit, i) => lines.push(citeSource(hit, i + 1, words)));
  return `${lines.join('\n')}\n`;
}
