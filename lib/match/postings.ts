// The bundled corpus's word-pair index in compact form (pure): keys hashed into buckets of [tag, row] pairs, stored
// in chunks small enough to hold in memory, and each row's words as 16-bit hashes (sketches) that tell, without
// reading a row, that it cannot align with a query.
import { forEachShingle } from '@/lib/match/shingles';

/** A key's bucket comes from this many bits of its first hash (65,536 buckets); its 32-bit tag from the second. */
export const BUCKET_BITS = 16;

/**
 * Buckets are stored and cached in chunks of 2^CHUNK_BITS neighbours: 256 records of about 250 kB at 100,000 quotes,
 * large enough that Chromium keeps them as blob files beside LevelDB (values over 64 kB), not in it.
 */
export const CHUNK_BITS = 8;
const PER_CHUNK = 1 << CHUNK_BITS;

/**
 * Names the stored layout (index, hash, sketches, row pages); kept with the corpus, so that a database holding
 * another layout is reloaded rather than misread. Change it whenever any of them changes, or the key rules do.
 */
export const POSTINGS_FORMAT = `runs-v1/${BUCKET_BITS}/${CHUNK_BITS}/sketch16/json-pages`;

/** A word's hash as two independent 32-bit halves. */
export type WordHash = readonly [number, number];
/** Hashes a word (the real one is `hashWord`; tests pass one that collides on purpose). */
export type WordHasher = (word: string) => WordHash;

/** A word's 16-bit hash, as row sketches hold it. */
export const sketchHash = (word: string, hash: WordHasher = hashWord) => hash(word)[0] & 0xffff;

/** Two 32-bit halves of a string's hash (cyrb53's two lanes, unmixed into one number). */
export function hashWord(word: string): WordHash {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

// MurmurHash3's mixing of three 32-bit blocks (first word, second word, distance): order and distance matter.
// Unrolled: a corpus load calls it twice for each of some sixteen million word pairs.
function block(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mix3(a: number, b: number, c: number, seed: number): number {
  let h = block(block(block(seed, a), b), c) ^ 12;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Where a key lives: its bucket, and the tag stored with each of its rows (48 bits tell keys apart). */
export interface KeySlot {
  bucket: number;
  tag: number;
}

const MASK = (1 << BUCKET_BITS) - 1;

const BUCKET_SEED = 0x9747b28c;
const TAG_SEED = 0x5bd1e995;

function slotOf(a: WordHash, b: WordHash, distance: number): KeySlot {
  return { bucket: mix3(a[0], b[0], distance, BUCKET_SEED) & MASK, tag: mix3(a[1], b[1], distance, TAG_SEED) };
}

/**
 * The slot of a key as shingleKeys writes it: "a b" (neighbours) or "a _ c" (one word apart); null for anything
 * else, which the index cannot hold. Computed from the words' hashes, so that a load never builds key strings.
 */
export function keySlot(key: string, hash: WordHasher = hashWord): KeySlot | null {
  const parts = key.split(' ');
  if (parts.length === 2) return slotOf(hash(parts[0]!), hash(parts[1]!), 1);
  if (parts.length === 3 && parts[1] === '_') return slotOf(hash(parts[0]!), hash(parts[2]!), 2);
  return null;
}

/** The chunk a bucket is stored in. */
export const chunkOf = (bucket: number) => bucket >>> CHUNK_BITS;

/**
 * One table's buckets of a chunk: bucket k is runs[starts[k] .. starts[k + 1]), a run per key (per tag): its tag,
 * its row count n, then its n rows ascending. A tag once per key, not once per row: a third smaller than pairs.
 */
export interface PackedBuckets {
  starts: Uint32Array;
  runs: Uint32Array;
}

/** The rows a chunk holds for a key, ascending (with a colliding key's rows among them: collisions add candidates). */
export function rowsOf(chunk: PackedBuckets | undefined, slot: KeySlot): Uint32Array {
  if (!chunk) return NO_ROWS;
  const k = slot.bucket & (PER_CHUNK - 1);
  const { runs } = chunk;
  for (let i = chunk.starts[k]!, end = chunk.starts[k + 1]!; i < end; i += 2 + runs[i + 1]!) {
    if (runs[i] === slot.tag) return runs.subarray(i + 2, i + 2 + runs[i + 1]!);
  }
  return NO_ROWS;
}
const NO_ROWS = new Uint32Array(0);

/** Builds one table's postings: add rows in ascending order, then `finish`. */
export interface PostingsBuilder {
  /** Adds a row's keys (those shingleKeys would give for these words). Rows must come in ascending order. */
  add(row: number, words: readonly string[]): void;
  /**
   * The chunks of buckets, each key keeping only its first `limit` rows: a key in more rows than that says little
   * about which row a text comes from (the first ones are what a capped index read returned before). Call once.
   */
  finish(limit: number): Map<number, PackedBuckets>;
  /** Pairs added so far (before capping). */
  readonly size: number;
}

/** Positions within a bucket ride below the tag in one float64 sort key: 2^21 positions, 2^32 tags, 2^53 in all. */
const SORT_SPAN = 2 ** 21;

/** A growable typed array (a corpus load adds some sixteen million entries). */
class Growable<T extends Uint16Array | Uint32Array> {
  length = 0;
  constructor(public data: T) {}
  push(value: number) {
    if (this.length === this.data.length) {
      const next = new (this.data.constructor as new (n: number) => T)(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

/** A builder of postings; `hash` is for tests that need collisions. */
export function postingsBuilder(hash: WordHasher = hashWord): PostingsBuilder {
  // One entry per key and row, in row order: its bucket, tag and row. Sorted by bucket only at the end.
  const buckets = new Growable(new Uint16Array(1 << 16));
  const tags = new Growable(new Uint32Array(1 << 16));
  const rows = new Growable(new Uint32Array(1 << 16));
  const counts = new Uint32Array(1 << BUCKET_BITS);
  const wordHashes = new Map<string, WordHash>();
  const hashOf = (w: string) => {
    let h = wordHashes.get(w);
    if (h === undefined) wordHashes.set(w, (h = hash(w)));
    return h;
  };
  let lastRow = -1;
  return {
    get size() {
      return rows.length;
    },
    add(row, words) {
      if (row < lastRow) throw new Error(`rows must be added in ascending order (${row} after ${lastRow})`);
      lastRow = row;
      const hashes = words.map(hashOf);
      forEachShingle(words, (i, j) => {
        const a = hashes[i]!;
        const b = hashes[j]!;
        const bucket = mix3(a[0], b[0], j - i, BUCKET_SEED) & MASK;
        buckets.push(bucket);
        tags.push(mix3(a[1], b[1], j - i, TAG_SEED));
        rows.push(row);
        counts[bucket]!++;
      });
    },
    finish(limit) {
      // Entries by bucket, each bucket's in row order (a stable counting sort).
      const n = rows.length;
      const starts = new Uint32Array(counts.length + 1);
      for (let b = 0; b < counts.length; b++) starts[b + 1] = starts[b]! + counts[b]!;
      const order = new Uint32Array(n);
      const cursor = starts.slice(0, counts.length);
      for (let e = 0; e < n; e++) order[cursor[buckets.data[e]!]!++] = e;
      const out = new Map<number, PackedBuckets>();
      let sortKeys = new Float64Array(1024);
      for (let chunk = 0; chunk < counts.length / PER_CHUNK; chunk++) {
        const from = chunk * PER_CHUNK;
        const entries = starts[from + PER_CHUNK]! - starts[from]!;
        if (entries === 0) continue;
        // At most a tag, a count and a row per entry.
        const runs = new Uint32Array(3 * entries);
        const bucketStarts = new Uint32Array(PER_CHUNK + 1);
        let n = 0;
        for (let k = 0; k < PER_CHUNK; k++) {
          const b = from + k;
          bucketStarts[k] = n;
          // A bucket's entries sorted by tag, then by position (which is row order): each key's rows in a run.
          const m = starts[b + 1]! - starts[b]!;
          if (m > SORT_SPAN) throw new Error(`a bucket of ${m} entries: too many for one sort key`);
          if (m > sortKeys.length) sortKeys = new Float64Array(2 * m);
          const sorted = sortKeys.subarray(0, m);
          for (let i = 0; i < m; i++) sorted[i] = tags.data[order[starts[b]! + i]!]! * SORT_SPAN + i;
          sorted.sort();
          let count = -1; // where the current run keeps its row count
          let lastTag = -1;
          let lastRow = -1;
          for (let i = 0; i < m; i++) {
            const key = sorted[i]!;
            const tag = Math.floor(key / SORT_SPAN);
            const row = rows.data[order[starts[b]! + (key - tag * SORT_SPAN)]!]!;
            if (tag !== lastTag) {
              lastTag = tag;
              runs[n++] = tag;
              count = n++;
            } else if (row === lastRow || runs[count]! >= limit) continue; // a key twice in a row counts once; the cap
            lastRow = row;
            runs[n++] = row;
            runs[count]!++;
          }
        }
        bucketStarts[PER_CHUNK] = n;
        out.set(chunk, { starts: bucketStarts, runs: runs.slice(0, n) });
      }
      return out;
    },
  };
}

/** Row sketches come in blocks of this many rows (about 0.8 MB each). */
export const SKETCH_BLOCK = 16_384;

/**
 * The words of rows first .. first + n - 1 as 16-bit hashes: row first + i has hashes[starts[i] .. starts[i + 1]).
 * `owners`, where given, holds each row's owner (for source sentences: its source's index among the sources).
 */
export interface SketchBlock {
  first: number;
  starts: Uint32Array;
  hashes: Uint16Array;
  owners?: Uint32Array;
}

/** Builds a table's sketches: add rows 0, 1, 2, ... in order (with their owner, or none), then `finish`. */
export function sketchBuilder(hash: WordHasher = hashWord): {
  add(row: number, words: readonly string[], owner?: number): void;
  finish(): SketchBlock[];
} {
  const blocks: SketchBlock[] = [];
  let starts: number[] = [0];
  let hashes: number[] = [];
  let owners: number[] = [];
  const cache = new Map<string, number>();
  const close = () => {
    if (starts.length > 1) {
      blocks.push({
        first: blocks.length * SKETCH_BLOCK, starts: Uint32Array.from(starts), hashes: Uint16Array.from(hashes),
        ...(owners.length ? { owners: Uint32Array.from(owners) } : {}),
      });
    }
    starts = [0];
    hashes = [];
    owners = [];
  };
  return {
    add(row, words, owner) {
      if (row !== blocks.length * SKETCH_BLOCK + starts.length - 1) throw new Error(`sketch rows must come in order from 0 (got ${row})`);
      for (const w of words) {
        let h = cache.get(w);
        if (h === undefined) cache.set(w, (h = sketchHash(w, hash)));
        hashes.push(h);
      }
      if (owner !== undefined) owners.push(owner);
      starts.push(hashes.length);
      if (starts.length > SKETCH_BLOCK) close();
    },
    finish() {
      close();
      return blocks;
    },
  };
}

/** A row's owner (see SketchBlock), or undefined when its block is not at hand or has none. */
export function ownerOf(blocks: readonly SketchBlock[], row: number): number | undefined {
  const block = blocks[Math.floor(row / SKETCH_BLOCK)];
  return block?.owners?.[row - block.first];
}

/** A row's sketch, or undefined when its block is not at hand. */
export function sketchOf(blocks: readonly SketchBlock[], row: number): Uint16Array | undefined {
  const block = blocks[Math.floor(row / SKETCH_BLOCK)];
  const i = row - (block?.first ?? 0);
  if (!block || i + 1 >= block.starts.length) return undefined;
  return block.hashes.subarray(block.starts[i]!, block.starts[i + 1]!);
}

let marks: Uint32Array | null = null;
let stamp = 0;

/**
 * How many words of `a` (counted with repeats, as the alignment counts them) have a hash that `b` lacks: a lower
 * bound on the words of `a` that `b` lacks (two words sharing a hash can hide a missing one, never invent one).
 */
export function missingWords(a: Uint16Array, b: Uint16Array): number {
  marks ??= new Uint32Array(1 << 16);
  if (++stamp === 0xffffffff) {
    marks.fill(0);
    stamp = 1;
  }
  for (let i = 0; i < b.length; i++) marks[b[i]!] = stamp;
  let n = 0;
  for (let i = 0; i < a.length; i++) if (marks[a[i]!] !== stamp) n++;
  return n;
}
