// The compact postings index: slots, capped keys, collisions, chunks, sketches, and the filter that skips
// candidates that cannot align (it must never skip one that can).
import { describe, expect, it } from 'vitest';
import { createMemoryReader } from '@/test/helpers/memory-reader';
import { MAX_CANDIDATES } from '@/lib/match/lookup';
import { probeKeys, shingleKeys } from '@/lib/match/shingles';
import { alignQuote, mayAlign } from '@/lib/match/match-quote';
import {
  chunkOf, hashWord, keySlot, missingWords, postingsBuilder, rowsOf, sketchBuilder, sketchOf, SKETCH_BLOCK,
  type PackedBuckets, type WordHasher,
} from '@/lib/match/postings';
import { tokenize, words } from '@/lib/pipeline/text';
import { seedCorpus } from '@/test/helpers/seeds';

/** Builds an index of texts (row = position) and returns the rows a key finds. */
function indexOf(texts: string[], { limit = 64, hash }: { limit?: number; hash?: WordHasher } = {}) {
  const builder = postingsBuilder(hash);
  texts.forEach((t, row) => builder.add(row, words(t)));
  const chunks = builder.finish(limit);
  return (key: string): number[] => {
    const slot = keySlot(key, hash)!;
    return [...rowsOf(chunks.get(chunkOf(slot.bucket)), slot)];
  };
}

describe('the postings index', () => {
  it('finds every row of a key, in row order, once however often the row has it', () => {
    const find = indexOf(['red fox jumps', 'the red fox and the red fox', 'blue fox', 'red big fox']);
    expect(find('red fox')).toEqual([0, 1]);
    expect(find('red _ fox')).toEqual([3]);
    expect(find('red _ jumps')).toEqual([0]);
    expect(find('blue fox')).toEqual([2]);
    expect(find('green fox')).toEqual([]);
  });

  it('holds exactly the keys shingleKeys gives (stopword pairs left out)', () => {
    const text = 'We will not allow the cartels to operate in our country';
    const find = indexOf([text]);
    const keys = shingleKeys(words(text));
    for (const k of keys) expect(find(k)).toEqual([0]);
    expect(keys).not.toContain('in our');
    expect(find('in our')).toEqual([]);
  });

  it('caps a key at its first rows: a key in more rows than the limit keeps the lowest row numbers', () => {
    const texts = Array.from({ length: 70 }, (_, i) => `common phrase item${i}`);
    const find = indexOf(texts, { limit: 64 });
    expect(find('common phrase')).toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(find('phrase item69')).toEqual([69]); // other keys of a capped row are kept
  });

  it('a hash collision adds the colliding key’s rows to a lookup, and takes none away', () => {
    // "alpha" and "omega" hash alike: every key of one collides with the same key of the other.
    const colliding: WordHasher = (w) => hashWord(w === 'omega' ? 'alpha' : w);
    const texts = ['alpha beta gamma', 'omega beta delta', 'alpha beta epsilon'];
    const find = indexOf(texts, { hash: colliding });
    const exact = indexOf(texts);
    expect(exact('alpha beta')).toEqual([0, 2]);
    expect(find('alpha beta')).toEqual([0, 1, 2]); // row 1 is "omega beta": an extra candidate
    expect(find('omega beta')).toEqual([0, 1, 2]);
    expect(find('beta gamma')).toEqual(exact('beta gamma'));
  });

  it('spreads buckets over chunks, and finds keys in any of them', () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `word${i} other${i} third${i}`);
    const find = indexOf(texts);
    for (const i of [0, 1, 1234, 2999]) expect(find(`word${i} other${i}`)).toEqual([i]);
    const builder = postingsBuilder();
    texts.forEach((t, row) => builder.add(row, words(t)));
    expect(builder.size).toBe(3 * 3000);
    expect(builder.finish(64).size).toBeGreaterThan(100);
  });

  it('has no slot for what is not an index key, and refuses rows out of order', () => {
    expect(keySlot('word')).toBeNull();
    expect(keySlot('a b c')).toBeNull();
    expect(keySlot('a _ c')).not.toBeNull();
    const builder = postingsBuilder();
    builder.add(3, ['a', 'b']);
    expect(() => builder.add(2, ['a', 'b'])).toThrow(/ascending/);
  });

  it('an empty chunk or bucket finds nothing', () => {
    const empty: PackedBuckets = { starts: new Uint32Array(65), runs: new Uint32Array(0) };
    expect([...rowsOf(empty, keySlot('a b')!)]).toEqual([]);
    expect([...rowsOf(undefined, keySlot('a b')!)]).toEqual([]);
  });
});

describe('row sketches', () => {
  it('keep each row’s words as hashes, across blocks', () => {
    const builder = sketchBuilder();
    const n = SKETCH_BLOCK + 5;
    for (let row = 0; row < n; row++) builder.add(row, row % 2 ? ['odd', `w${row}`] : [`w${row}`]);
    const blocks = builder.finish();
    expect(blocks.map((b) => b.first)).toEqual([0, SKETCH_BLOCK]);
    expect(sketchOf(blocks, 0)!.length).toBe(1);
    expect(sketchOf(blocks, SKETCH_BLOCK + 3)!.length).toBe(2);
    expect(sketchOf(blocks, n)).toBeUndefined();
  });

  it('count missing words as a lower bound (repeats counted, as the alignment counts them)', () => {
    const sketch = (text: string) => {
      const b = sketchBuilder();
      b.add(0, words(text));
      return sketchOf(b.finish(), 0)!;
    };
    expect(missingWords(sketch('the fox the fox jumps'), sketch('fox'))).toBe(3);
    expect(missingWords(sketch('fox'), sketch('the fox jumps'))).toBe(0);
  });
});

describe('the sketch filter never drops a candidate that aligns', () => {
  it('on every seed quote and passage a lookup ranks, for texts that match and texts that do not', async () => {
    const corpus = seedCorpus();
    const reader = createMemoryReader(corpus);
    const texts = [
      ...corpus.quotes.map((q) => q.text),
      ...corpus.quotes.map((q) => q.text.split(' ').slice(1, -1).join(' ')),
      ...corpus.quotes.map((q) => `${q.text} and more words than the quote itself had`),
      'It’s about building a joint and unbreakable wall with Mexico', 'U.S. military action is on the table',
      'We continue to collaborate within the framework of [Mexico’s] sovereignty',
    ];
    const hashes = (ws: string[]) => Uint16Array.from(ws, (w) => hashWord(w)[0] & 0xffff);
    let aligned = 0;
    let skipped = 0;
    for (const text of texts) {
      const tokens = tokenize(text);
      if (tokens.length <= 2) continue;
      const q = hashes(tokens.map((t) => t.norm));
      const keys = probeKeys(shingleKeys(tokens.map((t) => t.norm)));
      const candidates = [
        ...(await reader.quotesByKeys(keys, MAX_CANDIDATES)).map((c) => ({ text: c.text, contains: true })),
        ...(await reader.passagesByKeys(keys, MAX_CANDIDATES)).map((c) => ({ text: c.text, contains: false })),
      ];
      for (const c of candidates) {
        const targetTokens = tokenize(c.text);
        const t = hashes(targetTokens.map((x) => x.norm));
        const may = mayAlign(q.length, t.length, missingWords(q, t), missingWords(t, q), c.contains);
        const a = alignQuote({ text, tokens }, { text: c.text, tokens: targetTokens }, { allowContains: c.contains });
        if (a) {
          aligned++;
          expect(may, `${text} / ${c.text}`).toBe(true);
        } else if (!may) skipped++;
      }
    }
    expect(aligned).toBeGreaterThan(20);
    expect(skipped).toBeGreaterThan(50); // and it does skip most of the rest
  });
});
