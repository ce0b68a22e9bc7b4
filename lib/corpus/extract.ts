// Extracts one source's quotations and sentences with the page scanner's own detection and attribution, and
// groups the same quote across sources: the bundled corpus and the reader's own sources both go through here.
import { majoritySpeaker, type CorpusQuote, type Occurrence, type Passage } from '@/lib/model/corpus';
import type { CorpusQuoteId, SourceId } from '@/lib/model/types';
import { maskQuotes, scanDocument } from '@/lib/pipeline/attribute';
import { detectQuotes } from '@/lib/pipeline/detect-quotes';
import { splitSentences } from '@/lib/pipeline/sentences';
import { cleanText, tokenize } from '@/lib/pipeline/text';
import { textDocFromPlainText } from '@/lib/pipeline/text-doc';
import { alignQuote } from '@/lib/match/match-quote';

/** What one source's text yields: every quotation in it (one occurrence each) and every article sentence. */
export interface ExtractedSource {
  occurrences: Occurrence[];
  passages: Passage[];
}

/**
 * Extracts one source's quotations and sentences from its plain text (headline first, one paragraph a line),
 * with the page scanner's own detection and attribution: the bundled corpus and the reader's own sources
 * both go through here. Passage ids are `<sourceId>:<n>`.
 */
export function extractSource(sourceId: SourceId, plainText: string): ExtractedSource {
  const doc = textDocFromPlainText(plainText.replace(/^\uFEFF/, ''));
  const found = scanDocument(doc).filter((q) => q.zone === 'article');
  const occurrences = found.map((q): Occurrence => ({
    sourceId, text: cleanText(q.text), sentence: doc.text.slice(q.sentence.start, q.sentence.end), speaker: q.speaker,
    start: q.parts[0]![0]!.start - q.sentence.start, end: q.parts.at(-1)!.at(-1)!.end - q.sentence.start,
  }));
  // Every article sentence, with its quoted stretches, for sources that carry words without quoting them.
  const passages: Passage[] = [];
  const quotedRanges = found.flatMap((q) => q.parts.flat());
  const masked = maskQuotes(doc.text, detectQuotes(doc));
  let k = 0;
  for (const block of doc.blocks) {
    if (block.zone !== 'article') continue;
    for (const s of splitSentences(masked, block.start, block.end)) {
      const text = doc.text.slice(s.start, s.end);
      if (tokenize(text).length === 0) continue;
      const quoted = quotedRanges
        .filter((r) => r.end > s.start && r.start < s.end)
        .map((r): [number, number] => [Math.max(r.start, s.start) - s.start, Math.min(r.end, s.end) - s.start]);
      passages.push({ id: `${sourceId}:${++k}`, sourceId, text, quoted });
    }
  }
  return { occurrences, passages };
}

/**
 * Groups occurrences into `quotes`: one that says the same as an existing quote joins it, any other starts
 * a new quote with id `<sourceId>#<n>`. Speakers are left for `majoritySpeaker` once every source is in.
 */
export function addOccurrences(quotes: CorpusQuote[], occurrences: Occurrence[]): void {
  for (const occurrence of occurrences) {
    const tokens = tokenize(occurrence.text);
    const same = quotes.find((c) => {
      const a = alignQuote({ text: occurrence.text, tokens }, { text: c.text, tokens: tokenize(c.text) }, { allowContains: false });
      return a !== null && (a.direction === 'whole' || a.kind !== 'partial') && a.score >= 0.9;
    });
    if (same) same.occurrences.push(occurrence);
    else {
      const n = quotes.filter((c) => c.occurrences[0]!.sourceId === occurrence.sourceId).length + 1;
      quotes.push({ id: `${occurrence.sourceId}#${n}` as CorpusQuoteId, text: occurrence.text, speaker: null, occurrences: [occurrence] });
    }
  }
}

/**
 * One source on its own, as the corpus would hold it: its quotes (grouped within it, with speakers) and
 * sentences; with `maxQuotes`, only its first quotations.
 */
export function sourceCorpus(sourceId: SourceId, plainText: string, { maxQuotes = Infinity } = {}): { quotes: CorpusQuote[]; passages: Passage[] } {
  const { occurrences, passages } = extractSource(sourceId, plainText);
  const quotes: CorpusQuote[] = [];
  addOccurrences(quotes, occurrences.slice(0, maxQuotes));
  for (const q of quotes) q.speaker = majoritySpeaker(q.occurrences);
  return { quotes, passages };
}
