// Looks a text up in the corpus: candidate quotes through a word-pair index, then a word-level alignment.
import { majoritySpeaker, type CorpusQuote, type Passage, type SourceLabel } from '@/lib/model/corpus';
import { probeKeys, shingleKeys, wordsKey } from '@/lib/match/shingles';
import { alignQuote, SHORT_TEXT_WORDS, type Alignment } from '@/lib/match/match-quote';
import { tokenize, type Token } from '@/lib/pipeline/text';
import type { QuoteMatch, SourceHit, SourceId, SpeakerId, WordingMark } from '@/lib/model/types';

/** How many candidates a lookup aligns at most: the index ranks them, alignment is the costly step. */
export const MAX_CANDIDATES = 24;

/**
 * Where the corpus lives (IndexedDB in the extension, memory in tests): the lookup needs only these.
 * A reader holds the bundled corpus and the reader's own sources (ids `user:<id>`) together.
 */
export interface CorpusReader {
  /**
   * Quotes sharing any of these keys, those sharing the most first, at most `limit`. Given the query's words, a
   * reader may leave out quotes that cannot align with them (mayAlign): alignment would drop them anyway.
   */
  quotesByKeys(keys: string[], limit: number, query?: readonly string[]): Promise<CorpusQuote[]>;
  /** Quotes whose words are exactly these (for one- and two-word texts). */
  quotesByWords(key: string): Promise<CorpusQuote[]>;
  /**
   * Source sentences sharing any of these keys, those sharing the most first, at most `limit` (query: as above).
   * A reader may leave out sentences of `skipSources`, which the caller skips anyway.
   */
  passagesByKeys(keys: string[], limit: number, query?: readonly string[], skipSources?: ReadonlySet<SourceId>): Promise<Passage[]>;
  sources(ids: SourceId[]): Promise<Map<SourceId, SourceLabel>>;
  /** How many bundled sources a lookup searched ("not in the 5 bundled articles"). */
  sourceCount(): Promise<number>;
  /** The sources, bundled or the reader's own, whose url is this page (compared without #fragment). */
  sourceIdsAt(url: string): Promise<SourceId[]>;
}

/** Lookup options: `exclude` drops these sources (the page being scanned: a page never cites itself). */
export interface LookupOptions {
  exclude?: ReadonlySet<SourceId>;
}

/** A quote without the occurrences in excluded sources (null when none is left), its speaker recounted. */
function withoutSources(quote: CorpusQuote, exclude: ReadonlySet<SourceId>): CorpusQuote | null {
  if (!quote.occurrences.some((o) => exclude.has(o.sourceId))) return quote;
  const occurrences = quote.occurrences.filter((o) => !exclude.has(o.sourceId));
  return occurrences.length ? { ...quote, occurrences, speaker: majoritySpeaker(occurrences) } : null;
}

/**
 * The `limit` ids counted most, ties in the order the ids were first counted: what a stable sort by count gives,
 * without sorting them all (a probe counts thousands of rows to keep two dozen). The one ranker of every reader.
 */
export function topByCount<K>(counts: ReadonlyMap<K, number>, limit: number): K[] {
  const byCount: K[][] = [];
  for (const [id, n] of counts) (byCount[n] ??= []).push(id);
  const top: K[] = [];
  for (let n = byCount.length - 1; n > 0 && top.length < limit; n--) {
    for (const id of byCount[n] ?? []) {
      if (top.length >= limit) break;
      top.push(id);
    }
  }
  return top;
}

function marksFor(tokens: Token[], a: Alignment): WordingMark[] {
  const marks: WordingMark[] = [];
  for (let k = a.start; k < a.end; k++) {
    const t = tokens[k]!;
    const same = a.same[k - a.start] ?? true;
    const last = marks.at(-1);
    if (last && last.same === same && same) last.end = t.end;
    else marks.push({ start: t.start, end: t.end, same });
  }
  return marks;
}

const byDate = (a: SourceHit, b: SourceHit) =>
  (a.published === null ? 1 : 0) - (b.published === null ? 1 : 0)
  || (a.published ?? '').localeCompare(b.published ?? '')
  || Number(b.quoted) - Number(a.quoted)
  || a.sourceId.localeCompare(b.sourceId);

/**
 * Looks a text up: null, or the corpus quote it matches (the one it overlaps most), the kind and score,
 * whom the sources attribute it to, and every source that carries the words, earliest first (undated last).
 * With `speaker` (as page scanning gives), a one- or two-word text matches only a quote by that speaker.
 */
export async function lookupQuote(
  reader: CorpusReader, text: string, speaker: SpeakerId | null = null, { exclude }: LookupOptions = {},
): Promise<QuoteMatch | null> {
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  const query = { text, tokens };
  const norms = tokens.map((t) => t.norm);
  const short = tokens.length <= SHORT_TEXT_WORDS;
  const keys = short ? [] : probeKeys(shingleKeys(norms));
  const found = short ? await reader.quotesByWords(wordsKey(norms)) : await reader.quotesByKeys(keys, MAX_CANDIDATES, norms);
  const candidates = exclude?.size ? found.flatMap((q) => withoutSources(q, exclude) ?? []) : found;

  let best: { quote: CorpusQuote; a: Alignment } | null = null;
  for (const quote of candidates) {
    if (short && speaker !== null && quote.speaker !== speaker) continue;
    const a = alignQuote(query, { text: quote.text, tokens: tokenize(quote.text) });
    if (!a || (short && a.direction !== 'whole')) continue;
    if (!best || a.overlap > best.a.overlap || (a.overlap === best.a.overlap && a.score > best.a.score)) best = { quote, a };
  }
  if (!best) return null;
  const { quote, a } = best;

  // Every source that carries the words: where it quotes them, and where it has them without quotation marks.
  const hits = new Map<SourceId, Omit<SourceHit, 'title' | 'outlet' | 'published' | 'url'>>();
  for (const o of quote.occurrences) {
    if (hits.has(o.sourceId)) continue;
    const sentenceTokens = tokenize(o.sentence);
    const inSentence = alignQuote(query, { text: o.sentence, tokens: sentenceTokens }, { allowContains: false });
    const marks = inSentence ? marksFor(sentenceTokens, inSentence) : [{ start: o.start, end: o.end, same: true }];
    hits.set(o.sourceId, { sourceId: o.sourceId, text: o.sentence, quoted: true, marks });
  }
  if (!short) {
    const skip = new Set<SourceId>([...hits.keys(), ...(exclude ?? [])]);
    for (const p of await reader.passagesByKeys(keys, MAX_CANDIDATES, norms, skip)) {
      if (hits.has(p.sourceId) || exclude?.has(p.sourceId)) continue;
      const pTokens = tokenize(p.text);
      const found = alignQuote(query, { text: p.text, tokens: pTokens }, { allowContains: false });
      if (!found) continue;
      const from = pTokens[found.start]!.start;
      const to = pTokens[found.end - 1]!.end;
      const quoted = p.quoted.some(([s, e]) => from >= s && to <= e);
      hits.set(p.sourceId, { sourceId: p.sourceId, text: p.text, quoted, marks: marksFor(pTokens, found) });
    }
  }
  const metas = await reader.sources([...hits.keys()]);
  const sources: SourceHit[] = [...hits.values()].map((h) => {
    const meta = metas.get(h.sourceId);
    return { ...h, title: meta?.title ?? null, outlet: meta?.outlet ?? null, published: meta?.published ?? null, url: meta?.url ?? null };
  });
  sources.sort(byDate);
  return {
    quoteId: quote.id, kind: a.kind, direction: a.direction, score: Math.round(a.score * 1000) / 1000, speaker: quote.speaker,
    quoteText: quote.text, sources,
  };
}
