// A CorpusReader over a corpus held in memory: the tests' oracle for the database's reader (same answers, simpler).
import { pageAddress } from '@/lib/model/address';
import type { CorpusQuote, Passage, SourceLabel, SourceMeta } from '@/lib/model/corpus';
import { pushTo } from '@/lib/model/multimap';
import type { SourceId } from '@/lib/model/types';
import { topByCount, type CorpusReader } from '@/lib/match/lookup';
import { shingleKeys, wordsKey } from '@/lib/match/shingles';
import { tokenize } from '@/lib/pipeline/text';

/** Ranks candidates by how many keys they share with the query, keeping the best `limit` (ties: first seen first). */
export function rankByKeys<T>(hits: Iterable<T>, limit: number, idOf: (row: T) => string): T[] {
  const rows = new Map<string, T>();
  const counts = new Map<string, number>();
  for (const row of hits) {
    const id = idOf(row);
    if (!rows.has(id)) rows.set(id, row);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return topByCount(counts, limit).map((id) => rows.get(id)!);
}

/** One of the reader's own sources as a reader holds it: its label, quotes and sentences (ids `user:<id>`). */
export interface ReaderSourceRows {
  id: SourceId;
  label: SourceLabel;
  quotes: CorpusQuote[];
  passages: Passage[];
}

/**
 * A CorpusReader over a corpus held in memory, merged with the
 * reader's own sources: bundled rows come first, so a tie between a bundled and a reader quote goes to the bundled.
 */
export function createMemoryReader(
  corpus: { sources: SourceMeta[]; quotes: CorpusQuote[]; passages: Passage[] },
  readerSources: ReaderSourceRows[] = [],
): CorpusReader {
  const quoteIndex = new Map<string, CorpusQuote[]>();
  const wordIndex = new Map<string, CorpusQuote[]>();
  const passageIndex = new Map<string, Passage[]>();
  const quotes = [...corpus.quotes, ...readerSources.flatMap((r) => r.quotes)];
  const passages = [...corpus.passages, ...readerSources.flatMap((r) => r.passages)];
  for (const q of quotes) {
    const w = tokenize(q.text).map((t) => t.norm);
    pushTo(wordIndex, wordsKey(w), q);
    for (const k of shingleKeys(w)) pushTo(quoteIndex, k, q);
  }
  for (const p of passages) for (const k of shingleKeys(tokenize(p.text).map((t) => t.norm))) pushTo(passageIndex, k, p);
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
