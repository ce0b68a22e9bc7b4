// How selective the lookup's word-pair index is on a corpus: how many rows a query's keys point at.
// Computed in Node with the lookup's own key function, so that slow lookups can be read against it.
import type { CorpusFile } from '@/lib/model/corpus';
import { shingleKeys } from '@/lib/match/shingles';
import { normalizeWord } from '@/lib/pipeline/text';
import type { KeyStats } from '@/scripts/bench/report';
import type { Query } from '@/scripts/bench/corpus-gen';
import { quantile } from '@/scripts/bench/stats';

// lib/text.ts's word pattern. The full tokenize (brackets, ellipses, offsets) normalises every word anew and takes
// half a minute on a 100k corpus; the synthetic texts have neither brackets nor ellipses, and the words repeat.
const WORD = /[\p{L}\p{N}]+(?:['\u2019\u02BC][\p{L}\p{N}]+)*/gu;
const normal = new Map<string, string>();
const norm = (word: string) => {
  let n = normal.get(word);
  if (n === undefined) normal.set(word, (n = normalizeWord(word)));
  return n;
};
const keysOf = (text: string) => shingleKeys((text.match(WORD) ?? []).map(norm));

/** Rows read per table at most: a larger table is sampled evenly and its counts scaled (estimates at 100k). */
const SAMPLE_ROWS = 40_000;

/**
 * How many texts carry each key (with `only`, just those keys: a 100k corpus has close to a million). A table
 * of more than SAMPLE_ROWS rows is read every k-th row and its counts multiplied by k.
 */
function postings(texts: readonly string[], only?: ReadonlySet<string>): Map<string, number> {
  const step = Math.max(1, Math.floor(texts.length / SAMPLE_ROWS));
  const counts = new Map<string, number>();
  for (let i = 0; i < texts.length; i += step) {
    for (const k of keysOf(texts[i]!)) if (!only || only.has(k)) counts.set(k, (counts.get(k) ?? 0) + step);
  }
  return counts;
}

/** Posting-list facts of `corpus` for `sample` queries (ids counted with repeats, as anyOf(keys) returns them); estimates past SAMPLE_ROWS rows. */
export function keyStats(name: string, corpus: CorpusFile, sample: Query[]): KeyStats {
  const sampleKeys = sample.map((q) => keysOf(q.text));
  const wanted = new Set(sampleKeys.flat());
  const quoteKeys = postings(corpus.quotes.map((q) => q.text));
  const passageKeys = postings(corpus.passages.map((p) => p.text), wanted);
  const perQuery = (index: Map<string, number>) => sampleKeys.map((keys) => keys.reduce((n, k) => n + (index.get(k) ?? 0), 0));
  const quoteIds = perQuery(quoteKeys);
  const passageIds = perQuery(passageKeys);
  let maxPostings = 0;
  for (const n of quoteKeys.values()) maxPostings = Math.max(maxPostings, n);
  return {
    corpus: name,
    distinctQuoteKeys: quoteKeys.size,
    maxPostings,
    quoteIdsPerQueryP50: quantile(quoteIds, 0.5),
    quoteIdsPerQueryP95: quantile(quoteIds, 0.95),
    passageIdsPerQueryP50: quantile(passageIds, 0.5),
    passageIdsPerQueryP95: quantile(passageIds, 0.95),
  };
}
