// Looks a text up in the corpus: candidate quotes through a word-pair index, then a word-level alignment.
import { pageAddress } from '@/lib/model/address';
import { majoritySpeaker, type CorpusQuote, type Passage, type SourceMeta } from '@/lib/corpus/build';
import { alignQuote, SHORT_TEXT_WORDS, type Alignment } from '@/lib/match/match-quote';
import { tokenize, type Token } from '@/lib/pipeline/text';
import type { QuoteMatch, SourceHit, SourceId, SpeakerId, WordingMark } from '@/lib/model/types';

/** How many candidates a lookup aligns at most: the index ranks them, alignment is the costly step. */
export const MAX_CANDIDATES = 24;

// Words too common to anchor a lookup on their own: a pair of them ("of the") finds everything.
const STOPWORDS = new Set(
  'a an the of to in on at by for and or but is are was were be been it its this that with as from we our they their he she his her i you not no'.split(' '),
);

/**
 * Calls `fn(i, j)` for each index key of a word sequence, in text order: word pairs (j = i + 1) and pairs one word
 * apart (j = i + 2, which survive one changed word), but no pair of two stopwords. A key may come more than once.
 */
export function forEachShingle(words: readonly string[], fn: (i: number, j: number) => void): void {
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i]!;
    if (!(STOPWORDS.has(a) && STOPWORDS.has(words[i + 1]!))) fn(i, i + 1);
    const c = words[i + 2];
    if (c !== undefined && !(STOPWORDS.has(a) && STOPWORDS.has(c))) fn(i, i + 2);
  }
}

/** The index keys of a word sequence, each once, in text order: "a b" for neighbours, "a _ c" one word apart. */
export function shingleKeys(words: string[]): string[] {
  const keys = new Set<string>();
  forEachShingle(words, (i, j) => keys.add(j === i + 1 ? `${words[i]} ${words[j]}` : `${words[i]} _ ${words[j]}`));
  return [...keys];
}

/**
 * A long text is probed with at most this many of its keys, spread over it: a quote it matches shares most of
 * them anyway, and each key costs the database a request (40 words make some 80 keys).
 */
export const MAX_PROBE_KEYS = 16;

/** At most MAX_PROBE_KEYS keys, evenly spread over the text (keys come in text order). */
export function probeKeys(keys: string[]): string[] {
  if (keys.length <= MAX_PROBE_KEYS) return keys;
  const step = keys.length / MAX_PROBE_KEYS;
  return Array.from({ length: MAX_PROBE_KEYS }, (_, i) => keys[Math.floor(i * step)]!);
}

/** The exact-lookup key of a short text: its words, normalised, joined by spaces. */
export function wordsKey(words: string[]): string {
  return words.join(' ');
}

/** What a lookup shows of a source: bundled sources have more (sha256), the reader's own sources no more. */
export type SourceLabel = Pick<SourceMeta, 'title' | 'outlet' | 'published' | 'url'>;

export { pageAddress };

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

/** Ranks candidates by how many keys they share with the query, keeping the best `limit`. */
export function rankByKeys<T>(hits: Iterable<T>, limit: number, idOf: (row: T) => string): T[] {
  const counts = new Map<string, { row: T; n: number }>();
  for (const row of hits) {
    const id = idOf(row);
    const entry = counts.get(id);
    if (entry) entry.n++;
    else counts.set(id, { row, n: 1 });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n).slice(0, limit).map((e) => e.row);
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

/** One of the reader's own sources as a reader holds it: its label, quotes and sentences (ids `user:<id>`). */
export interface ReaderSourceRows {
  id: SourceId;
  label: SourceLabel;
  quotes: CorpusQuote[];
  passages: Passage[];
}

/**
 * A CorpusReader over a corpus held in memory (tests, the build, and small corpora), merged with the
 * reader's own sources: bundled rows come first, so a tie between a bundled and a reader quote goes to the bundled.
 */
export function createMemoryReader(
  corpus: { sources: SourceMeta[]; quotes: CorpusQuote[]; passages: Passage[] },
  readerSources: ReaderSourceRows[] = [],
): CorpusReader {
  const quoteIndex = new Map<string, CorpusQuote[]>();
  const wordIndex = new Map<string, CorpusQuote[]>();
  const passageIndex = new Map<string, Passage[]>();
  const push = <T>(map: Map<string, T[]>, key: string, row: T) => {
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  };
  const quotes = [...corpus.quotes, ...readerSources.flatMap((r) => r.quotes)];
  const passages = [...corpus.passages, ...readerSources.flatMap((r) => r.passages)];
  for (const q of quotes) {
    const w = tokenize(q.text).map((t) => t.norm);
    push(wordIndex, wordsKey(w), q);
    for (const k of shingleKeys(w)) push(quoteIndex, k, q);
  }
  for (const p of passages) for (const k of shingleKeys(tokenize(p.text).map((t) => t.norm))) push(passageIndex, k, p);
  const sourceById = new Map<SourceId, SourceLabel>([
    ...corpus.sources.map((s) => [s.id, s] as const),
    ...readerSources.map((r) => [r.id, r.label] as const),
  ]);
  return {
    quotesByKeys: async (keys, limit) => rankByKeys(keys.flatMap((k) => quoteIndex.get(k) ?? []), limit, (q) => q.id),
    quotesByWords: async (key) => wordIndex.get(key) ?? [],
    passagesByKeys: async (keys, limit) => rankByKeys(keys.flatMap((k) => passageIndex.get(k) ?? []), limit, (p) => p.id),
    sources: async (ids) => new Map(ids.flatMap((id) => (sourceById.has(id) ? [[id, sourceById.get(id)!] as const] : []))),
    sourceCount: async () => corpus.sources.length,
    sourceIdsAt: async (url) => [...sourceById].flatMap(([id, s]) => (s.url !== null && pageAddress(s.url) === pageAddress(url) ? [id] : [])),
  };
}
