// The quotes this frame shows: each reported quote with its live ranges on the page. The reading feature replaces
// the list after each scan; highlights, the card, the keyboard and the popup's commands read it.
import type { PageQuote } from '@/lib/model/types';

/** A reported quote on this page. */
export interface Shown {
  quote: PageQuote;
  ranges: Range[];
  /** What each range held when it was found: a live range shrinks or collapses when the page removes its text. */
  texts: string[];
  /** Highlighted: the reader marks its speaker (settings). Unmarked quotes stay in the report, unhighlighted. */
  marked: boolean;
}

/** The frame's shown quotes, and how many bundled sources their lookups searched (the card's "not in the N articles"). */
export interface ShownQuotes {
  list: Shown[];
  sourcesSearched: number;
}

/** Whether a shown quote's text was removed or edited since it was found (its ranges no longer hold it). */
export function changedSinceFound(s: Shown): boolean {
  return s.ranges.some((r, k) => r.toString() !== s.texts[k]);
}
