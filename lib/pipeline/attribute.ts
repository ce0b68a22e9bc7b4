// Works out whom a document gives each quotation to, in four stages over an explicit context
// (lib/pipeline/attribution/): the quotations (detect-quotes) → each one's source mention (source-mention) →
// the person it stands for (person) → whether that person is one of the four (speaker). Split quotes
// ("A," she said. "B.") are joined into one.
import type { SpeakerId } from '@/lib/model/types';
import { docContext, mentionsIn, sentenceAt, sentencesOf, type DocContext, type Sentence } from '@/lib/pipeline/attribution/context';
import type { MaskedText } from '@/lib/pipeline/attribution/masked';
import { VERB_AT_START } from '@/lib/pipeline/attribution/patterns';
import { personOf } from '@/lib/pipeline/attribution/person';
import {
  NO_SOURCE, sourceInSentence, sourceOfBlockquote, sourceOfNeighbour, standsAlone, type SourceMention,
} from '@/lib/pipeline/attribution/source-mention';
import { speakerOf } from '@/lib/pipeline/attribution/speaker';
import { detectQuotes, type QuoteSpan } from '@/lib/pipeline/detect-quotes';
import type { Mention } from '@/lib/pipeline/mentions';
import { runInSlices, runToEnd } from '@/lib/pipeline/slices';
import { cleanText } from '@/lib/pipeline/text';
import type { TextDoc, Zone } from '@/lib/pipeline/text-doc';

export { maskedView, maskQuotes, type MaskedText } from '@/lib/pipeline/attribution/masked';

/** A quotation with its speaker, as the document gives it. Offsets are into `TextDoc.text`. */
export interface FoundQuote {
  open: number;
  close: number;
  /** The quote's parts: one, or several for a split quote; each part's pieces run over paragraphs. */
  parts: Array<Array<{ start: number; end: number }>>;
  /** The quoted words, cleaned (README: the report's `text`); a split quote's parts joined by " … ". */
  text: string;
  speaker: SpeakerId | null;
  /** Where the text says the words come from (a mention, a speaker implied, or nobody). */
  source: SourceMention;
  /** The mention that names the person the source stands for (a pronoun's antecedent), or null. */
  person: Mention | null;
  /** The sentence (or sentences) the quote stands in. */
  sentence: { start: number; end: number };
  zone: Zone;
  block: number;
  via: QuoteSpan['via'];
}

// The work is a generator that pauses every STEP_ITEMS quotes, so that the content script can hand the main thread
// back between slices on a huge page, while the corpus builder runs it straight through.
const STEP_ITEMS = 2;

/** Finds the quotations in a document and the speaker the document gives each (null: someone else, or unknown). */
export function scanDocument(doc: TextDoc): FoundQuote[] {
  return runToEnd(scanSteps(doc));
}

/**
 * The same as scanDocument, in slices of about `sliceMs` of work with `pause()` awaited between them
 * (a page never stutters: no main-thread task much longer than a slice, whatever the page's size).
 */
export function scanDocumentInSlices(doc: TextDoc, pause: () => Promise<void>, sliceMs = 8): Promise<FoundQuote[]> {
  return runInSlices(scanSteps(doc), pause, sliceMs);
}

function* scanSteps(doc: TextDoc): Generator<void, FoundQuote[]> {
  const spans = detectQuotes(doc);
  yield;
  if (spans.length === 0) return [];
  const ctx = docContext(doc, spans);
  yield;
  const found: FoundQuote[] = [];
  for (let i = 0; i < spans.length; i++) {
    if (i % STEP_ITEMS === STEP_ITEMS - 1) yield;
    const { quote, consumed } = attributeQuote(ctx, spans, i, found);
    found.push(quote);
    i += consumed;
  }
  return found;
}

/** A source and the speaker it gives, as the stages find them. */
interface Attributed {
  source: SourceMention;
  person: Mention | null;
  speaker: SpeakerId | null;
}

function attributed(ctx: DocContext, source: SourceMention): Attributed {
  const person = personOf(ctx, source);
  return { source, person, speaker: speakerOf(ctx, person) };
}

/** The source its own sentence gives a quotation, through the later stages; undefined when the sentence gives none. */
function fromSentence(ctx: DocContext, open: number, close: number): Attributed | undefined {
  const source = sourceInSentence(ctx, open, close);
  return source && attributed(ctx, source);
}

/**
 * Attributes the quotation spans[i], joining the split quote it starts ("A," she said, "B."); `consumed` says how
 * many of the following spans it took in. `found` holds the quotes before it (a stand-alone quote may continue one).
 */
export function attributeQuote(ctx: DocContext, spans: QuoteSpan[], i: number, found: FoundQuote[]): { quote: FoundQuote; consumed: number } {
  const { doc, text, masked } = ctx;
  const first = spans[i]!;
  let span = first;
  const parts = [span.pieces];
  let attribution = fromSentence(ctx, span.open, span.close);
  let consumed = 0;
  // "A," she said, "B." is one quote in two parts.
  for (let next = spans[i + 1 + consumed]; next && isSplitTail(masked, span, next, (from, to) => mentionsIn(ctx, from, to)); next = spans[i + 1 + consumed]) {
    const tag = fromSentence(ctx, span.open, span.close) ?? fromSentence(ctx, next.open, next.close);
    if (!tag) break;
    // A chain's first speaker stands: a pronoun far down a long chain has no name within reach.
    if (!attribution || attribution.speaker === null) attribution = tag;
    parts.push(next.pieces);
    span = next;
    consumed++;
  }
  const s0 = sentenceAt(ctx, first.open);
  const s1 = sentenceAt(ctx, Math.max(first.open, span.close - 1));
  const block = s0.block;
  const zone = doc.blocks[block]!.zone;
  let result: Attributed = attribution ?? { source: NO_SOURCE, person: null, speaker: null };
  if (!attribution && standsAlone(ctx, s0, s1, first.open, span.close)) {
    const prev = s0.index > 0 ? sentencesOf(ctx, s0.block)[s0.index - 1] : s0.block > 0 ? sentencesOf(ctx, s0.block - 1).at(-1) : undefined;
    const next = sentencesOf(ctx, s0.block)[s0.index + 1];
    result = neighbour(ctx, found, prev, s0, next);
  }
  if (first.via === 'blockquote' && !attribution) {
    const source = sourceOfBlockquote(ctx, first.open);
    if (source) result = attributed(ctx, source);
  }
  // Comments and sidebars speak for nobody we follow.
  const speaker = zone === 'aside' ? null : result.speaker;
  return {
    quote: {
      open: first.open, close: span.close, parts: parts.map((p) => p.map((x) => ({ ...x }))),
      text: parts.map((p) => cleanText(p.map((x) => text.slice(x.start, x.end)).join(' '))).join(' \u2026 '),
      speaker, source: result.source, person: result.person, sentence: { start: s0.start, end: s1.end }, zone, block, via: first.via,
    },
    consumed,
  };
}

/**
 * The source of a stand-alone quote: the quote it continues (the one just before, in the sentence before), or the
 * sentence before it ("She added:"), or the sentence after it in the same block.
 */
function neighbour(ctx: DocContext, found: FoundQuote[], prev: Sentence | undefined, here: Sentence, next: Sentence | undefined): Attributed {
  if (prev && here.block - prev.block <= 1) {
    const previousQuote = found.at(-1);
    if (previousQuote && previousQuote.sentence.end >= prev.start && previousQuote.sentence.end <= here.start) {
      return { source: previousQuote.source, person: previousQuote.person, speaker: previousQuote.speaker };
    }
    const source = sourceOfNeighbour(ctx, prev);
    if (source) return attributed(ctx, source);
  }
  if (next && next.block === here.block) {
    const source = sourceOfNeighbour(ctx, next);
    if (source) return attributed(ctx, source);
  }
  return { source: NO_SOURCE, person: null, speaker: null };
}

/** True when only an attribution ("Sheinbaum said," / ", she added.") stands between two quotes. */
function isSplitTail(masked: MaskedText, a: QuoteSpan, b: QuoteSpan, mentionsIn: (from: number, to: number) => Mention[]): boolean {
  if (a.lastBlock !== b.firstBlock || a.via !== 'marks' || b.via !== 'marks') return false;
  // "A," she said. "B." joins; "A." she said. "B." is two quotes.
  if (/[.!?]$/.test(masked.slice(a.start, a.end).trimEnd())) return false;
  const between = mentionsIn(a.close, b.open); // only now: the checks above are cheaper
  if (between.length !== 1) return false;
  const who = between[0]!;
  const left = masked.slice(a.close, who.start);
  const right = masked.slice(who.end, b.open);
  const punct = /^[\s,;:.\u2014\u2013-]*$/;
  const verbThenPunct = (s: string) => {
    const v = VERB_AT_START.exec(s.trimStart());
    return v !== null && punct.test(s.trimStart().slice(v[0].length));
  };
  // "A," she said, "B."  or  "A," said Sheinbaum, "B."
  return (punct.test(left) && verbThenPunct(right))
    || (punct.test(right) && verbThenPunct(left.replace(/^[\s,;:\u2014\u2013-]+/, '')) && /\S/.test(left));
}
