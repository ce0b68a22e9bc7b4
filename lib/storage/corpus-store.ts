// The bundled corpus in the database: loading it (pages of rows, the postings index, sketches), what the background
// holds of it in memory, and the CorpusReader that lookups read through, the reader's own sources included.
import { pageAddress } from '@/lib/model/address';
import type { CorpusFile, CorpusQuote, Passage, SourceLabel } from '@/lib/model/corpus';
import { pushTo } from '@/lib/model/multimap';
import { isUserSourceId, USER_SOURCE_PREFIX, userSourceId } from '@/lib/model/reader-sources';
import type { SourceId } from '@/lib/model/types';
import { topByCount, type CorpusReader } from '@/lib/match/lookup';
import { mayAlign, SHORT_TEXT_WORDS } from '@/lib/match/match-quote';
import { warnCaught } from '@/lib/model/log';
import {
  BUCKET_BITS, CHUNK_BITS, chunkOf, keySlot, missingWords, postingsBuilder, POSTINGS_FORMAT, rowsOf, sketchBuilder, sketchHash,
  ownerOf, sketchOf,
} from '@/lib/match/postings';
import { wordsKey } from '@/lib/match/shingles';
import { words } from '@/lib/pipeline/text';
import { generation, type QuoteTrailDb } from '@/lib/storage/db';
import type { BundledPage, BundledSourceRow, MetaRow, PostingsRow, QuoteWordsRow, SketchRow } from '@/lib/storage/rows';
import { userSourcesAt } from '@/lib/storage/user-sources';

/** Bundled pages aim at this size. */
const PAGE_BYTES = 128 * 1024;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Packs rows into pages of a power-of-two number of rows, about PAGE_BYTES each. */
function paged(values: ReadonlyArray<CorpusQuote | Passage>): { perPage: number; pages: BundledPage[] } {
  const encoded = values.map((v) => utf8.encode(JSON.stringify(v)));
  const average = encoded.reduce((n, e) => n + e.length, 0) / Math.max(1, encoded.length);
  const perPage = 2 ** Math.min(12, Math.max(0, Math.round(Math.log2(PAGE_BYTES / Math.max(1, average)))));
  const pages: BundledPage[] = [];
  for (let first = 0; first < encoded.length; first += perPage) {
    const rows = encoded.slice(first, first + perPage);
    const starts = new Uint32Array(rows.length + 1);
    rows.forEach((e, i) => (starts[i + 1] = starts[i]! + e.length));
    const json = new Uint8Array(starts[rows.length]!);
    rows.forEach((e, i) => json.set(e, starts[i]!));
    pages.push({ page: first / perPage, starts, json });
  }
  return { perPage, pages };
}

/** Row i of a page. */
export function rowOf<T extends CorpusQuote | Passage>(page: BundledPage, i: number): T | undefined {
  if (i + 1 >= page.starts.length) return undefined;
  return JSON.parse(fromUtf8.decode(page.json.subarray(page.starts[i]!, page.starts[i + 1]!))) as T;
}


/** A key found in more rows than this says little about which row a text comes from: only its first ones count. */
export const POSTING_LIMIT = 64;

/** A passage whose source is not in the corpus's sources (never, in a built corpus). */
const NO_OWNER = 0xffffffff;

/** The postings chunks a corpus can have. */
const CHUNKS = 1 << (BUCKET_BITS - CHUNK_BITS);

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Rows sorted by id, as IndexedDB orders string keys (by UTF-16 code unit); a repeated id is an error. */
function sortedById<T extends { id: string }>(rows: readonly T[], what: string): T[] {
  const sorted = [...rows].sort(byId);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) throw new Error(`the corpus has ${what} ${sorted[i]!.id} twice`);
  }
  return sorted;
}

/**
 * What the background holds of the bundled corpus in memory, by database: the postings chunks read so far (all of
 * them once `complete`), the row sketches and the sources' labels. Made whole by a load, or read back in the
 * background after the service worker restarts. Belongs to one corpus generation.
 */
interface Memory {
  corpus: number;
  chunks: Map<number, PostingsRow>;
  complete: boolean;
  sketches: { quotes: SketchRow[]; passages: SketchRow[] } | null;
  labels: Map<SourceId, SourceLabel> | null;
  /** The bundled sources in id order: a passage sketch's owner indexes this. */
  sourceIds: SourceId[] | null;
  /** Rows per page of the bundled tables (from the meta row). */
  pageRows: MetaRow['pageRows'] | null;
  warming: Promise<void> | null;
}
const memories = new Map<string, Memory>();

function memoryOf(db: QuoteTrailDb): Memory {
  const corpus = generation(db).corpus;
  let memory = memories.get(db.name);
  if (!memory || memory.corpus !== corpus) {
    memory = { corpus, chunks: new Map(), complete: false, sketches: null, labels: null, sourceIds: null, pageRows: null, warming: null };
    memories.set(db.name, memory);
  }
  return memory;
}

/** Reads the whole index into memory, a sixteenth at a time so that lookups in between are not held up long. */
async function warm(db: QuoteTrailDb, memory: Memory): Promise<void> {
  const current = () => memories.get(db.name) === memory;
  const step = CHUNKS / 16;
  for (let from = 0; from < CHUNKS && current(); from += step) {
    const rows = await db.postings.where('chunk').between(from, from + step, true, false).toArray();
    for (const row of rows) memory.chunks.set(row.chunk, row);
    for (let c = from; c < from + step; c++) if (!memory.chunks.has(c)) memory.chunks.set(c, { chunk: c });
  }
  if (!current()) return;
  memory.complete = true;
  const [sketches, sources] = await Promise.all([db.sketches.toArray(), db.sources.toArray()]);
  memory.sketches = {
    quotes: sketches.filter((b) => b.side === 'quotes').sort((a, b) => a.first - b.first),
    passages: sketches.filter((b) => b.side === 'passages').sort((a, b) => a.first - b.first),
  };
  memory.labels = new Map(sources.map((s) => [s.id, s]));
  memory.sourceIds = sources.map((s) => s.id); // toArray gives them in id order
}

/**
 * Replaces the bundled corpus in one transaction (all of it or none of it): sources, quote and passage rows, their
 * postings (each key keeping its first POSTING_LIMIT rows) and sketches. Rows are numbered in id order, so that
 * every order a lookup sees (rows of a key, ties in ranking, exact-words matches) is the id order the version 2
 * indexes gave. The reader's own tables are not part of the transaction and are never touched.
 */
export async function loadCorpus(db: QuoteTrailDb, corpus: CorpusFile): Promise<MetaRow> {
  const meta: MetaRow = {
    key: 'corpus', version: corpus.version, loadedAt: new Date().toISOString(),
    sources: corpus.sources.length, quotes: corpus.quotes.length, index: POSTINGS_FORMAT,
  };
  const quoteIndex = postingsBuilder();
  const quoteSketches = sketchBuilder();
  const quotes = sortedById(corpus.quotes, 'quote');
  const quoteWords: QuoteWordsRow[] = [];
  quotes.forEach((q, row) => {
    const w = words(q.text);
    quoteIndex.add(row, w);
    quoteSketches.add(row, w);
    if (w.length <= SHORT_TEXT_WORDS) quoteWords.push({ words: wordsKey(w), row });
  });
  const sourceIds = sortedById(corpus.sources, 'source').map((s) => s.id);
  const sourceIndex = new Map(sourceIds.map((id, i) => [id, i]));
  const passageIndex = postingsBuilder();
  const passageSketches = sketchBuilder();
  const passages = sortedById(corpus.passages, 'passage');
  passages.forEach((p, row) => {
    const w = words(p.text);
    passageIndex.add(row, w);
    passageSketches.add(row, w, sourceIndex.get(p.sourceId) ?? NO_OWNER);
  });
  const quotePages = paged(quotes);
  const passagePages = paged(passages);
  meta.pageRows = { quotes: quotePages.perPage, passages: passagePages.perPage };
  const chunks = new Map<number, PostingsRow>();
  for (const [chunk, packed] of quoteIndex.finish(POSTING_LIMIT)) chunks.set(chunk, { chunk, quotes: packed });
  for (const [chunk, packed] of passageIndex.finish(POSTING_LIMIT)) {
    const row = chunks.get(chunk);
    if (row) row.passages = packed;
    else chunks.set(chunk, { chunk, passages: packed });
  }
  const sketches: SketchRow[] = [
    ...quoteSketches.finish().map((b): SketchRow => ({ ...b, id: `quotes:${b.first}`, side: 'quotes' })),
    ...passageSketches.finish().map((b): SketchRow => ({ ...b, id: `passages:${b.first}`, side: 'passages' })),
  ];
  const sources = corpus.sources.map((s): BundledSourceRow => (s.url === null ? s : { ...s, address: pageAddress(s.url) }));
  const tables = [db.meta, db.sources, db.bundledQuotes, db.bundledPassages, db.quoteWords, db.postings, db.sketches];
  await db.transaction('rw', tables, async () => {
    await Promise.all([
      db.sources.clear(), db.bundledQuotes.clear(), db.bundledPassages.clear(), db.quoteWords.clear(), db.postings.clear(), db.sketches.clear(),
    ]);
    await db.sources.bulkAdd(sources);
    await db.bundledQuotes.bulkAdd(quotePages.pages);
    await db.bundledPassages.bulkAdd(passagePages.pages);
    await db.quoteWords.bulkAdd(quoteWords);
    await db.postings.bulkAdd([...chunks.values()]);
    await db.sketches.bulkAdd(sketches);
    await db.meta.put(meta);
  });
  generation(db).corpus++;
  // What was just written is what a restarted worker would read back: keep it.
  const memory = memoryOf(db);
  for (let c = 0; c < CHUNKS; c++) memory.chunks.set(c, chunks.get(c) ?? { chunk: c });
  memory.complete = true;
  memory.sketches = { quotes: sketches.filter((b) => b.side === 'quotes'), passages: sketches.filter((b) => b.side === 'passages') };
  memory.labels = new Map(sources.map((s) => [s.id, s]));
  memory.sourceIds = sourceIds;
  memory.pageRows = meta.pageRows;
  return meta;
}

/** True when the corpus the database holds must be reloaded: another version, or another index layout. */
export function needsLoad(stored: MetaRow, version: string): boolean {
  return stored.version !== version || stored.index !== POSTINGS_FORMAT;
}

/** The reader's own quotes and sentences by key (their ids in id order, as their multi-entry indexes list them). */
interface UserIndex {
  quotes: Map<string, string[]>;
  passages: Map<string, string[]>;
  words: Map<string, string[]>;
}

/** A lookup's candidates: the best quote rows for its keys, and the best passages to read if it matches. */
interface Probe {
  quotes: CorpusQuote[];
  passages: Ranked;
  memory: Memory;
}

/** Probes remembered per reader: a lookup asks for quotes, then for passages by the same keys. */
const PROBE_MEMO = 16;


/**
 * Gets rows of several tables in one read transaction, straight from IndexedDB: once the index is in memory these
 * are a lookup's only reads, and Dexie's transaction and promise wrapping per call cost about as much as they do.
 */
async function getMany(db: QuoteTrailDb, wanted: Array<[table: string, keys: IDBValidKey[]]>): Promise<unknown[][]> {
  const out = wanted.map(([, keys]) => new Array<unknown>(keys.length));
  const stores = [...new Set(wanted.flatMap(([table, keys]) => (keys.length ? [table] : [])))];
  if (stores.length === 0) return out;
  if (!db.isOpen()) await db.open();
  return new Promise((resolve, reject) => {
    const tx = db.backendDB().transaction(stores, 'readonly');
    let pending = 0;
    wanted.forEach(([table, keys], j) => {
      if (keys.length === 0) return;
      const store = tx.objectStore(table);
      keys.forEach((key, i) => {
        pending++;
        const request = store.get(key);
        request.onsuccess = () => {
          out[j]![i] = request.result;
          if (--pending === 0) resolve(out);
        };
      });
    });
    tx.onabort = () => reject(tx.error ?? new Error('the read was aborted'));
  });
}

/** Candidates by rank: bundled rows by number and the reader's by id, in one list. */
type Ranked = Array<number | string>;

/** Rows per page of the bundled tables: from memory, else from the meta row (once per corpus). */
async function pageRowsOf(db: QuoteTrailDb, memory: Memory): Promise<NonNullable<MetaRow['pageRows']>> {
  memory.pageRows ??= (await db.meta.get('corpus'))?.pageRows ?? null;
  if (!memory.pageRows) throw new Error('the database holds no bundled corpus');
  return memory.pageRows;
}

/** Reads ranked candidates of quotes and of passages together, each list in its order, skipping any missing. */
async function readRanked(db: QuoteTrailDb, memory: Memory, quotes: Ranked, passages: Ranked): Promise<[CorpusQuote[], Passage[]]> {
  const rows = (ids: Ranked) => ids.filter((id): id is number => typeof id === 'number');
  const mine = (ids: Ranked) => ids.filter((id): id is string => typeof id === 'string');
  const per = rows(quotes).length || rows(passages).length ? await pageRowsOf(db, memory) : { quotes: 1, passages: 1 };
  const pagesOf = (ids: number[], n: number) => [...new Set(ids.map((r) => Math.floor(r / n)))];
  const lists: Array<[string, IDBValidKey[]]> = [
    ['bundledQuotes', pagesOf(rows(quotes), per.quotes)], ['userQuotes', mine(quotes)],
    ['bundledPassages', pagesOf(rows(passages), per.passages)], ['userPassages', mine(passages)],
  ];
  const got = await getMany(db, lists);
  const inOrder = <T extends CorpusQuote | Passage>(ids: Ranked, bundled: number, user: number, n: number): T[] => {
    const pages = new Map<number, BundledPage>();
    lists[bundled]![1].forEach((page, i) => got[bundled]![i] !== undefined && pages.set(page as number, got[bundled]![i] as BundledPage));
    const theirs = new Map<string, T>();
    lists[user]![1].forEach((id, i) => got[user]![i] !== undefined && theirs.set(id as string, got[user]![i] as T));
    return ids.flatMap((id) => {
      if (typeof id === 'string') return theirs.has(id) ? [theirs.get(id)!] : [];
      const page = pages.get(Math.floor(id / n));
      const row = page && rowOf<T>(page, id % n);
      return row ? [row] : [];
    });
  };
  return [inOrder<CorpusQuote>(quotes, 0, 1, per.quotes), inOrder<Passage>(passages, 2, 3, per.passages)];
}

/**
 * A CorpusReader over the database, the bundled corpus and the reader's own sources together. A lookup ranks rows
 * by the keys they share through the postings held in memory (a cold worker reads the chunks it needs, and the
 * rest in the background), leaves out the candidates whose sketch says they cannot align, and reads the rest in one
 * read transaction. The reader's own index is small: it is read once into memory and again only after a source is
 * added or removed. Bundled rows rank first on a tie, as they always did.
 */
export function createDbReader(db: QuoteTrailDb): CorpusReader {
  const gen = generation(db);
  let seen = { corpus: -1, user: -1 };
  let sourceCount: number | null = null;
  let userIndex: Promise<UserIndex> | null = null;
  const probes = new Map<string, Promise<Probe>>();

  /** Forgets what a change of the corpus or of the reader's sources made stale. */
  const fresh = () => {
    if (seen.corpus === gen.corpus && seen.user === gen.user) return;
    if (seen.corpus !== gen.corpus) sourceCount = null;
    if (seen.user !== gen.user) userIndex = null;
    probes.clear();
    seen = { ...gen };
  };

  const readUserIndex = async (): Promise<UserIndex> => {
    const [quotes, passages] = await db.transaction('r', [db.userQuotes, db.userPassages], () =>
      Promise.all([db.userQuotes.toArray(), db.userPassages.toArray()]),
    );
    const index: UserIndex = { quotes: new Map(), passages: new Map(), words: new Map() };
    // toArray gives rows in id order: each list comes out in the order the key index gave.
    for (const q of quotes) {
      pushTo(index.words, q.words, q.id);
      for (const k of q.keys) pushTo(index.quotes, k, q.id);
    }
    for (const p of passages) for (const k of p.keys) pushTo(index.passages, k, p.id);
    return index;
  };
  const userIndexOf = () =>
    (userIndex ??= readUserIndex().catch((error: unknown) => {
      userIndex = null; // try again on the next lookup
      throw error;
    }));

  /** The postings chunks for these slots: from memory, or read (and the whole index then read in the background). */
  const chunksFor = async (memory: Memory, wanted: number[]): Promise<void> => {
    const missing = memory.complete ? [] : wanted.filter((c) => !memory.chunks.has(c));
    if (missing.length) {
      const rows = await db.postings.bulkGet(missing);
      missing.forEach((c, i) => memory.chunks.set(c, rows[i] ?? { chunk: c }));
    }
    if (!memory.complete && !memory.warming) {
      memory.warming = warm(db, memory).catch((error: unknown) => {
        warnCaught('the lookup index was not read into memory; the next lookup tries again', error);
        memory.warming = null; // the next lookup tries again
      });
    }
  };

  const readProbe = async (keys: string[], limit: number, query: readonly string[] | undefined): Promise<Probe> => {
    const memory = memoryOf(db);
    const slots = keys.flatMap((k) => keySlot(k) ?? []);
    const [, user] = await Promise.all([chunksFor(memory, [...new Set(slots.map((s) => chunkOf(s.bucket)))]), userIndexOf()]);
    // Bundled rows of every key first, then the reader's: ties keep that order (bundled first).
    const ranked = (side: 'quotes' | 'passages', mine: Map<string, string[]>) => {
      const counts = new Map<number | string, number>();
      for (const s of slots) for (const row of rowsOf(memory.chunks.get(chunkOf(s.bucket))?.[side], s)) counts.set(row, (counts.get(row) ?? 0) + 1);
      if (mine.size) for (const k of keys) for (const id of mine.get(k)?.slice(0, POSTING_LIMIT) ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
      return topByCount(counts, limit);
    };
    let topQuotes = ranked('quotes', user.quotes);
    let topPassages = ranked('passages', user.passages);
    // Candidates that cannot align need not be read: alignment would drop them anyway.
    if (query && memory.sketches) {
      const q = Uint16Array.from(query, (w) => sketchHash(w));
      const possible = (blocks: SketchRow[], allowContains: boolean) => (id: number | string) => {
        if (typeof id === 'string') return true;
        const t = sketchOf(blocks, id);
        return !t || mayAlign(q.length, t.length, missingWords(q, t), allowContains ? missingWords(t, q) : 0, allowContains);
      };
      topQuotes = topQuotes.filter(possible(memory.sketches.quotes, true));
      topPassages = topPassages.filter(possible(memory.sketches.passages, false));
    }
    // Passages are read only if a quote matches, and then not those of the sources it already lists.
    const [quotes] = await readRanked(db, memory, topQuotes, []);
    return { quotes, passages: topPassages, memory };
  };
  const probe = (keys: string[], limit: number, query: readonly string[] | undefined): Promise<Probe> => {
    fresh();
    const id = `${limit}\n${query?.join(' ') ?? ''}\n${keys.join('\n')}`;
    let found = probes.get(id);
    if (!found) {
      found = readProbe(keys, limit, query);
      found.catch(() => probes.delete(id));
      if (probes.size >= PROBE_MEMO) probes.delete(probes.keys().next().value!);
      probes.set(id, found);
    }
    return found;
  };

  return {
    async quotesByKeys(keys, limit, query) {
      if (keys.length === 0) return [];
      return (await probe(keys, limit, query)).quotes;
    },
    async quotesByWords(key) {
      fresh();
      const [bundled, user] = await Promise.all([db.quoteWords.where('words').equals(key).toArray(), userIndexOf()]);
      // Rows in id order, the bundled first, as the version 2 words indexes listed them.
      const ids: Ranked = [...bundled.map((r) => r.row).sort((a, b) => a - b), ...(user.words.get(key) ?? [])];
      return ids.length ? (await readRanked(db, memoryOf(db), ids, []))[0] : [];
    },
    async passagesByKeys(keys, limit, query, skipSources) {
      if (keys.length === 0) return [];
      const { passages, memory } = await probe(keys, limit, query);
      const { sketches, sourceIds } = memory;
      const owner = (id: number | string) => (typeof id === 'number' && sketches && sourceIds ? sourceIds[ownerOf(sketches.passages, id) ?? NO_OWNER] : undefined);
      const wanted = skipSources?.size
        ? passages.filter((id) => {
          const source = owner(id);
          return source === undefined || !skipSources.has(source);
        })
        : passages;
      return (await readRanked(db, memory, [], wanted))[1];
    },
    async sources(ids: SourceId[]) {
      const labels = new Map<SourceId, SourceLabel>();
      const known = memoryOf(db).labels;
      const bundledIds: SourceId[] = [];
      for (const id of ids) {
        const label = isUserSourceId(id) ? undefined : known?.get(id);
        if (label) labels.set(id, label);
        else if (!isUserSourceId(id)) bundledIds.push(id);
      }
      const userIds = ids.filter(isUserSourceId);
      const [bundled, user] = await Promise.all([
        bundledIds.length ? db.sources.bulkGet(bundledIds) : [],
        userIds.length ? db.userSources.bulkGet(userIds.map((id) => id.slice(USER_SOURCE_PREFIX.length))) : [],
      ]);
      for (const r of bundled) if (r) labels.set(r.id, r);
      for (const r of user) if (r) labels.set(userSourceId(r.id), { title: r.title, outlet: null, published: r.published, url: r.url });
      return labels;
    },
    async sourceCount() {
      fresh();
      sourceCount ??= await db.sources.count();
      return sourceCount;
    },
    async sourceIdsAt(url) {
      const address = pageAddress(url);
      const [bundled, user] = await Promise.all([db.sources.where('address').equals(address).primaryKeys(), userSourcesAt(db, address)]);
      return [...bundled, ...user.map((r) => userSourceId(r.id))];
    },
  };
}

