// Synthetic corpora in the CorpusFile format (fixed-seed PRNG, the seeds' words), and the texts to look up in them.
import { createHash } from 'node:crypto';
import { CORPUS_FORMAT, type CorpusFile, type CorpusQuote, type Occurrence, type Passage, type SourceMeta } from '@/lib/model/corpus';
import type { CorpusQuoteId, SourceId, SpeakerId } from '@/lib/model/types';
import { chance, intIn, mulberry32, pick, type Rng } from '@/scripts/bench/prng';

/** How a synthetic corpus is shaped. */
export interface CorpusShape {
  quotes: number;
  /** Quotes per source on average (a source is an article quoting a handful of people). */
  quotesPerSource: number;
  /** Unquoted sentences per quote (a source's other sentences, for the unquoted-carrier search). */
  plainPassagesPerQuote: number;
  seed: number;
}

const SPEAKERS: SpeakerId[] = ['sheinbaum', 'trump', 'johnson', 'rubio'];
const SPEAKER_NAMES: Record<SpeakerId, string> = { sheinbaum: 'Sheinbaum', trump: 'Trump', johnson: 'Johnson', rubio: 'Rubio' };

/** A word sequence drawn from the seeds' running text: each word by its frequency there. */
function phrase(rng: Rng, words: readonly string[], min: number, max: number): string[] {
  return Array.from({ length: intIn(rng, min, max) }, () => pick(rng, words));
}

/** The same words with one changed (never the first: a variant keeps its anchor). Needs two words or more. */
function changeOneWord(rng: Rng, ws: readonly string[], words: readonly string[]): string[] {
  const out = [...ws];
  if (out.length < 2) return out;
  const k = intIn(rng, 1, out.length - 1);
  let w = pick(rng, words);
  for (let tries = 0; tries < 10 && w.toLowerCase() === out[k]!.toLowerCase(); tries++) w = pick(rng, words);
  out[k] = w;
  return out;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A corpus of `shape.quotes` quotes of 5 to 40 words, each quoted in 1 to 3 sources (a later source may change a
 * word), each occurrence a sentence of its source, plus unquoted sentences; deterministic for a seed.
 */
export function syntheticCorpus(words: readonly string[], shape: CorpusShape): CorpusFile {
  const rng = mulberry32(shape.seed);
  const sourceCount = Math.max(1, Math.ceil(shape.quotes / shape.quotesPerSource));
  const sources: SourceMeta[] = [];
  for (let s = 0; s < sourceCount; s++) {
    const dated = chance(rng, 0.7);
    const day = new Date(Date.UTC(2024, 0, 1) + intIn(rng, 0, 730) * 86_400_000).toISOString().slice(0, 10);
    sources.push({
      id: `syn-${String(s).padStart(6, '0')}` as SourceId,
      title: capitalise(phrase(rng, words, 5, 12).join(' ')),
      outlet: chance(rng, 0.5) ? `Outlet ${intIn(rng, 1, 200)}` : null,
      published: dated ? day : null,
      url: null,
      sha256: createHash('sha256').update(`syn-${shape.seed}-${s}`).digest('hex'),
    });
  }
  const passageCount = new Map<SourceId, number>();
  const passages: Passage[] = [];
  const addPassage = (sourceId: SourceId, text: string, quoted: Array<[number, number]>) => {
    const k = (passageCount.get(sourceId) ?? 0) + 1;
    passageCount.set(sourceId, k);
    passages.push({ id: `${sourceId}:${k}`, sourceId, text, quoted });
  };
  const perSource = new Map<SourceId, number>();
  const quotes: CorpusQuote[] = [];
  for (let q = 0; q < shape.quotes; q++) {
    const ws = phrase(rng, words, 5, 40);
    ws[0] = capitalise(ws[0]!);
    const speaker = chance(rng, 0.8) ? pick(rng, SPEAKERS) : null;
    const occurrences: Occurrence[] = [];
    const used = new Set<SourceId>();
    for (let o = intIn(rng, 1, 3); o > 0; o--) {
      const source = pick(rng, sources).id;
      if (used.has(source)) continue;
      used.add(source);
      const text = (occurrences.length > 0 && chance(rng, 0.2) ? changeOneWord(rng, ws, words) : ws).join(' ');
      const who = speaker ? SPEAKER_NAMES[speaker] : 'an official';
      const lead = chance(rng, 0.5) ? '\u201C' : `${capitalise(who)} said: \u201C`;
      const sentence = lead.length > 1 ? `${lead}${text}.\u201D` : `${lead}${text},\u201D ${who} said.`;
      const start = lead.length;
      occurrences.push({ sourceId: source, text, sentence, start, end: start + text.length, speaker });
      addPassage(source, sentence, [[start, start + text.length]]);
    }
    const first = occurrences[0]!;
    const n = (perSource.get(first.sourceId) ?? 0) + 1;
    perSource.set(first.sourceId, n);
    quotes.push({ id: `${first.sourceId}#${n}` as CorpusQuoteId, text: first.text, speaker, occurrences });
  }
  const plain = Math.round(shape.quotes * shape.plainPassagesPerQuote);
  for (let p = 0; p < plain; p++) {
    const ws = phrase(rng, words, 8, 35);
    addPassage(pick(rng, sources).id, `${capitalise(ws.join(' '))}.`, []);
  }
  const version = createHash('sha256').update(`synthetic:${JSON.stringify(shape)}:${quotes.length}:${passages.length}`).digest('hex').slice(0, 16);
  return { format: CORPUS_FORMAT, version, sources, quotes, passages };
}

/** The kinds of text a lookup bench sends: a whole quote, a fragment, a quote with a changed word, and no match. */
export type QueryKind = 'exact' | 'fragment' | 'variant' | 'none';

/** A text to look up, and what it was made as. */
export interface Query {
  kind: QueryKind;
  text: string;
}

/** Typographic forms of one text: each a distinct lookup (the service memoises by text) with the same words. */
const TYPOGRAPHIC_FORMS: Array<(t: string) => string> = [
  (t) => t, (t) => `${t}.`, (t) => `\u201C${t}\u201D`, (t) => `"${t}"`, (t) => t.toLowerCase(), (t) => `${t}!`,
  (t) => `\u2018${t}\u2019`, (t) => `${t}\u2026`, (t) => `\u00AB${t}\u00BB`, (t) => ` ${t} `,
];

/**
 * `count` distinct query texts drawn from the corpus, kinds in turn, none repeated (the service memoises
 * lookups). A small corpus runs out of whole quotes: their typographic forms come next, then other kinds.
 */
export function queries(corpus: CorpusFile, words: readonly string[], count: number, seed: number, taken = new Set<string>()): Query[] {
  const rng = mulberry32(seed);
  const kinds: QueryKind[] = ['exact', 'fragment', 'variant', 'none'];
  const exhausted = new Set<QueryKind>();
  const out: Query[] = [];
  const misses = new Map<QueryKind, number>();
  for (let turn = 0; out.length < count; turn++) {
    const live = kinds.filter((k) => !exhausted.has(k));
    if (live.length === 0) throw new Error(`only ${out.length} distinct queries out of ${count}`);
    const kind = live[turn % live.length]!;
    const ws = pick(rng, corpus.quotes).text.split(' ');
    let text: string | null = null;
    if (kind === 'exact') {
      const base = ws.join(' ');
      text = TYPOGRAPHIC_FORMS.map((f) => f(base)).find((t) => !taken.has(t)) ?? null;
    } else if (kind === 'fragment') {
      if (ws.length >= 6) {
        const len = intIn(rng, 4, ws.length - 2);
        const from = intIn(rng, 0, ws.length - len);
        text = ws.slice(from, from + len).join(' ');
      }
    } else if (kind === 'variant') {
      if (ws.length >= 5) text = changeOneWord(rng, ws, words).join(' ');
    } else text = capitalise(phrase(rng, words, 6, 30).join(' '));
    if (text === null || taken.has(text)) {
      misses.set(kind, (misses.get(kind) ?? 0) + 1);
      if (misses.get(kind)! > 500) exhausted.add(kind);
      continue;
    }
    misses.set(kind, 0);
    taken.add(text);
    out.push({ kind, text });
  }
  return out;
}
