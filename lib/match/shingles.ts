// The lookup index's keys: word pairs of a text, a few of them to probe with, and the exact-words key of a short text.

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
