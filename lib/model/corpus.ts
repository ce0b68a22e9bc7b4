// The corpus as every layer sees it: sources, quotations grouped across them, sentences, and the bundled file.
import type { CorpusQuoteId, SourceId, SpeakerId } from '@/lib/model/types';

/** Bumped when the corpus file's shape changes. */
export const CORPUS_FORMAT = 1;

/** A source's metadata: never invented, null where the article does not state it. */
export interface SourceMeta {
  id: SourceId;
  title: string | null;
  outlet: string | null;
  /** Publication date, YYYY-MM-DD, only where the article states one. */
  published: string | null;
  /** A date the article reports (an event), labelled so, not to be shown as the publication date. */
  eventDate?: { date: string; label: string } | null;
  url: string | null;
  sha256: string;
}

/** What a lookup shows of a source: bundled sources have more (sha256), the reader's own sources no more. */
export type SourceLabel = Pick<SourceMeta, 'title' | 'outlet' | 'published' | 'url'>;

/** One occurrence of a quotation in a source. */
export interface Occurrence {
  sourceId: SourceId;
  /** The quoted words as the source has them. */
  text: string;
  /** The sentence or sentences the quote stands in. */
  sentence: string;
  /** Where the quoted words stand in `sentence`. */
  start: number;
  end: number;
  /** Whom this source gives it to. */
  speaker: SpeakerId | null;
}

/** A quotation grouped across every source that quotes it. */
export interface CorpusQuote {
  id: CorpusQuoteId;
  /** The first occurrence's wording. */
  text: string;
  /** Whom the sources attribute it to: the speaker most of them give, or null. */
  speaker: SpeakerId | null;
  occurrences: Occurrence[];
}

/** A sentence of a source, so that a lookup also finds words a source carries without quotation marks. */
export interface Passage {
  id: string;
  sourceId: SourceId;
  text: string;
  /** Quoted stretches of this sentence, [start, end) in `text`. */
  quoted: Array<[number, number]>;
}

/** The corpus file bundled into the extension (public/corpus.json). */
export interface CorpusFile {
  format: number;
  /** Changes whenever anything in it changes: the background reloads the database when it does. */
  version: string;
  sources: SourceMeta[];
  quotes: CorpusQuote[];
  passages: Passage[];
}

/** The speaker most sources give (ties: the first source's); null when none names one of the four. */
export function majoritySpeaker(occurrences: Occurrence[]): SpeakerId | null {
  const counts = new Map<SpeakerId, number>();
  for (const o of occurrences) if (o.speaker) counts.set(o.speaker, (counts.get(o.speaker) ?? 0) + 1);
  let best: SpeakerId | null = null;
  for (const [speaker, count] of counts) if (best === null || count > counts.get(best)!) best = speaker;
  return best;
}
