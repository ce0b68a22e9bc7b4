// Types shared by every stage and every boundary: speakers, ids, match results, the page report.

/** The four public figures QuoteTrail follows (ids fixed by the report contract). */
export type SpeakerId = 'sheinbaum' | 'trump' | 'johnson' | 'rubio';

/** A source's id: a bundled file's name without `.txt`, or `user:` + the id of a reader's own source. */
export type SourceId = string & { readonly brand: 'SourceId' };

/** The id of one quotation in the corpus, grouped across the sources that carry it. */
export type CorpusQuoteId = string & { readonly brand: 'CorpusQuoteId' };

/** How a checked text relates to a corpus quote. */
export type MatchKind = 'exact' | 'partial' | 'variant';

/** A `{ ok, value } | { ok, error }` result, for everything that can fail with a message. */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

/** A run of characters in a source's wording that carries the checked words: UTF-16 offsets into `text`, in order. */
export interface WordingMark {
  start: number;
  end: number;
  /** false where the source's word differs from the checked text (a changed or extra word). */
  same: boolean;
}

/** One source that carries a matched quote, with its own wording. */
export interface SourceHit {
  sourceId: SourceId;
  title: string | null;
  outlet: string | null;
  /** Publication date, YYYY-MM-DD, only where the source states one. */
  published: string | null;
  url: string | null;
  /** The sentence or sentences in that source that carry the words. */
  text: string;
  /** Inside quotation marks there. */
  quoted: boolean;
  /** Where in `text` the words stand, and which of them differ from the checked text. */
  marks: WordingMark[];
}

/** The answer to a lookup: which corpus quote, how well, who said it, and every source. */
export interface QuoteMatch {
  quoteId: CorpusQuoteId;
  kind: MatchKind;
  /** 'fragment': the checked text is part of the quote; 'contains': it holds the whole quote and more. */
  direction: 'whole' | 'fragment' | 'contains';
  /** 0..1: 1 is the same words; see lib/match-quote.ts for the weights. */
  score: number;
  /** Whom the corpus sources attribute it to; null: none of the four. */
  speaker: SpeakerId | null;
  /** The corpus quote's own wording (its first occurrence). */
  quoteText: string;
  sources: SourceHit[];
}

/** A quote as found on a page, in the report written to `storage.session` (README: "The report"). */
export interface PageQuote {
  text: string;
  parts?: string[];
  speaker: SpeakerId | null;
  match: (QuoteMatch & { misattributed: boolean }) | null;
}

/** The report of one tab, stored under `report:<tabId>`. */
export interface PageReport {
  url: string;
  scannedAt: string;
  quotes: PageQuote[];
  truncated?: boolean;
}

/** A quotation a scan found, as the content script sends it. */
export interface ScannedQuote {
  text: string;
  parts?: string[];
  speaker: SpeakerId | null;
}

/** A quote in the stored report: the contract's fields, plus the frame it was found in (for ordering). */
export type StoredQuote = PageQuote & { frameId: number };
/** The report as stored: the contract's PageReport, its quotes carrying their frame. */
export type StoredReport = Omit<PageReport, 'quotes'> & {
  quotes: StoredQuote[];
  /** True once the top frame has reported (a frame may report first; its quotes then wait for the top's). */
  top?: boolean;
  /** Frames whose last scan left quotes out (more than a report holds). */
  truncatedFrames?: number[];
};
