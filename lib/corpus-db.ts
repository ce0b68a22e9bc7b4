// The one module that owns the Dexie database: schema, versioned upgrades, corpus loading, and the indexed reader.
import Dexie, { type EntityTable } from 'dexie';
import { sourceCorpus, type CorpusFile, type CorpusQuote, type Passage, type SourceMeta } from './corpus';
import { pageAddress, shingleKeys, wordsKey, type CorpusReader, type SourceLabel } from './lookup';
import { warnCaught } from './log';
import { mayAlign, SHORT_TEXT_WORDS } from './match-quote';
import {
  BUCKET_BITS, CHUNK_BITS, chunkOf, keySlot, missingWords, postingsBuilder, POSTINGS_FORMAT, rowsOf, sketchBuilder, sketchHash,
  ownerOf, sketchOf, type PackedBuckets, type SketchBlock,
} from './postings';
import { isUserSourceId, MAX_SOURCE_QUOTES, USER_SOURCE_PREFIX, userSourceId, type UserSourceSummary } from './reader-sources';
import { tokenize, words } from './text';
import type { SourceId } from './types';

/** The database's name in the extension's origin. */
export const DB_NAME = 'quotetrail';

/** A quote of the reader's own sources as stored: with its index keys (the bundled corpus has postings instead). */
export interface QuoteRow extends CorpusQuote {
  keys: string[];
  words: string;
}
/** A sentence of the reader's own sources as stored: with its index keys. */
export interface PassageRow extends Passage {
  keys: string[];
}
/**
 * A page of bundled quotes or source sentences as stored (version 3): rows page * n .. page * n + n - 1, n being
 * the table's rows per page (MetaRow.pageRows), each row the quote or sentence as UTF-8 JSON, row i of the page at
 * json[starts[i] .. starts[i + 1]). Rows are numbered in id order. A page is about 128 kB: Chromium keeps values
 * over 64 kB as blob files beside LevelDB, so a load leaves LevelDB little to compact when the first lookups come,
 * and reading a page costs about what reading one small row did. (UTF-8, because V8 would store the curly-quoted
 * sentences as UTF-16.)
 */
export interface BundledPage {
  page: number;
  starts: Uint32Array;
  json: Uint8Array;
}
/** A bundled quote of at most SHORT_TEXT_WORDS words, by its words (version 3): exact-words lookups are for those. */
export interface QuoteWordsRow {
  id?: number;
  words: string;
  row: number;
}

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
function rowOf<T extends CorpusQuote | Passage>(page: BundledPage, i: number): T | undefined {
  if (i + 1 >= page.starts.length) return undefined;
  return JSON.parse(fromUtf8.decode(page.json.subarray(page.starts[i]!, page.starts[i + 1]!))) as T;
}

/** A bundled source as stored: `address` (its url without #fragment, version 3) indexed for sourceIdsAt. */
export interface BundledSourceRow extends SourceMeta {
  address?: string;
}
/** A chunk of the bundled postings index (version 3): its buckets' runs of rows per key, for quotes and passages. */
export interface PostingsRow {
  chunk: number;
  quotes?: PackedBuckets;
  passages?: PackedBuckets;
}
/** A block of row sketches (version 3): each row's words as 16-bit hashes, `id` is `quotes:<first>` or `passages:<first>`. */
export interface SketchRow extends SketchBlock {
  id: string;
  side: 'quotes' | 'passages';
}
/** Which bundled corpus the tables hold, and in which index layout. */
export interface MetaRow {
  key: 'corpus';
  version: string;
  loadedAt: string;
  sources: number;
  quotes: number;
  /** POSTINGS_FORMAT when loaded (missing before version 3): another layout means a reload. */
  index?: string;
  /** Rows per page of bundledQuotes and bundledPassages (version 3). */
  pageRows?: { quotes: number; passages: number };
}
/** A source the reader added (issue: the reader's own sources). A corpus reload never touches this table. */
export interface UserSourceRow {
  /** Its id; the source shows in results as `user:<id>`. */
  id: string;
  title: string | null;
  /** The page's address, without its #fragment. */
  url: string | null;
  published: string | null;
  /** The article's text, one paragraph a line, as a corpus file has it. */
  text: string;
  addedAt: string;
}
/** A quotation of a reader's source (version 2): a corpus quote row, with the source it belongs to. */
export interface UserQuoteRow extends QuoteRow {
  sourceId: SourceId;
}

/** The QuoteTrail database. */
export type QuoteTrailDb = Dexie & {
  meta: EntityTable<MetaRow, 'key'>;
  sources: EntityTable<BundledSourceRow, 'id'>;
  bundledQuotes: EntityTable<BundledPage, 'page'>;
  bundledPassages: EntityTable<BundledPage, 'page'>;
  quoteWords: EntityTable<QuoteWordsRow, 'id'>;
  postings: EntityTable<PostingsRow, 'chunk'>;
  sketches: EntityTable<SketchRow, 'id'>;
  userSources: EntityTable<UserSourceRow, 'id'>;
  userQuotes: EntityTable<UserQuoteRow, 'id'>;
  userPassages: EntityTable<PassageRow, 'id'>;
};

/** Opens (and creates or upgrades) the database. Every schema change is a new version here, never an edit. */
export function openDb(name = DB_NAME): QuoteTrailDb {
  const db = new Dexie(name) as QuoteTrailDb;
  db.version(1).stores({
    meta: '&key',
    sources: '&id',
    // *keys: multi-entry index of word pairs, so a lookup reads only the rows that share words with the text.
    quotes: '&id, *keys, words',
    passages: '&id, sourceId, *keys',
    userSources: '&id, url',
  });
  // Version 2: the reader's sources become searchable. Their quotations and sentences, extracted by the code
  // that builds the bundled corpus, live in tables of their own with the bundled tables' indexes; a corpus
  // reload never touches them. Sources a version 1 database holds are extracted on upgrade, and kept.
  db.version(2)
    .stores({
      userQuotes: '&id, sourceId, *keys, words',
      userPassages: '&id, sourceId, *keys',
    })
    .upgrade(async (tx) => {
      for (const row of await tx.table<UserSourceRow, string>('userSources').toArray()) {
        const { quotes, passages } = userSourceRows(row);
        await tx.table('userQuotes').bulkPut(quotes);
        await tx.table('userPassages').bulkPut(passages);
      }
    });
  // Version 3: the bundled corpus leaves its multi-entry key indexes (an index entry per word pair and row, some
  // sixteen million at 100,000 quotes, read with a request per key) for a compact postings index that the
  // background holds in memory: buckets of rows per hashed key, stored in chunks (lib/postings.ts), and each row's words
  // as 16-bit hashes, so that a lookup fetches only the candidates that can align. The rows are keyed by number so
  // that one bulkGet fetches them. Dexie cannot change a primary key: the bundled rows move to new tables and the
  // old ones go. The upgrade forgets the bundled corpus (its meta row and sources), which the background reloads
  // before answering; the reader's own tables (userSources, userQuotes, userPassages) are kept as they are.
  db.version(3)
    .stores({
      sources: '&id, address',
      quotes: null,
      passages: null,
      bundledQuotes: 'page',
      bundledPassages: 'page',
      quoteWords: '++id, words',
      postings: 'chunk',
      sketches: 'id',
    })
    .upgrade(async (tx) => {
      await tx.table('meta').delete('corpus');
      await tx.table('sources').clear();
    });
  return db;
}

/**
 * What readers cache against: bumped by every change of the bundled corpus or of the reader's sources, which only
 * this module makes (and only the background, the database's one writer, calls it). By database name.
 */
const generations = new Map<string, { corpus: number; user: number }>();
function generation(db: QuoteTrailDb): { corpus: number; user: number } {
  let g = generations.get(db.name);
  if (!g) generations.set(db.name, (g = { corpus: 0, user: 0 }));
  return g;
}

function quoteRow(q: CorpusQuote): QuoteRow {
  const w = tokenize(q.text).map((t) => t.norm);
  return { ...q, keys: shingleKeys(w), words: wordsKey(w) };
}

function passageRow(p: Passage): PassageRow {
  return { ...p, keys: shingleKeys(tokenize(p.text).map((t) => t.norm)) };
}

/** A reader's source's quotations and sentences, as stored: extracted with the bundled corpus's own code. */
export function userSourceRows(row: Pick<UserSourceRow, 'id' | 'text'>): { quotes: UserQuoteRow[]; passages: PassageRow[] } {
  const sourceId = userSourceId(row.id);
  const { quotes, passages } = sourceCorpus(sourceId, row.text, { maxQuotes: MAX_SOURCE_QUOTES });
  return { quotes: quotes.map((q) => ({ ...quoteRow(q), sourceId })), passages: passages.map(passageRow) };
}

/** A fresh id for a reader's source: short, and unique enough for one reader's list. */
export function newUserSourceId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 12);
}

/**
 * Keeps a page as one of the reader's sources, searchable from then on. The same page (by address, without
 * #fragment) added again replaces the earlier copy and keeps its id. Returns the stored source's summary.
 */
export async function addUserSource(
  db: QuoteTrailDb,
  page: { url: string | null; title: string | null; published: string | null; text: string },
  { now = new Date(), id = newUserSourceId() }: { now?: Date; id?: string } = {},
): Promise<UserSourceSummary> {
  const added = await db.transaction('rw', [db.userSources, db.userQuotes, db.userPassages], async () => {
    const url = page.url === null ? null : pageAddress(page.url);
    const existing = url === null ? undefined : (await userSourcesAt(db, url))[0];
    const row: UserSourceRow = { id: existing?.id ?? id, title: page.title, url, published: page.published, text: page.text, addedAt: now.toISOString() };
    const { quotes, passages } = userSourceRows(row);
    await deleteUserRows(db, row.id);
    await db.userSources.put(row);
    await db.userQuotes.bulkAdd(quotes);
    await db.userPassages.bulkAdd(passages);
    return summary(row, quotes.length);
  });
  generation(db).user++;
  return added;
}

/** Removes one of the reader's sources and everything extracted from it; false when there was none. */
export async function removeUserSource(db: QuoteTrailDb, id: string): Promise<boolean> {
  const had = await db.transaction('rw', [db.userSources, db.userQuotes, db.userPassages], async () => {
    const existed = (await db.userSources.get(id)) !== undefined;
    await db.userSources.delete(id);
    await deleteUserRows(db, id);
    return existed;
  });
  generation(db).user++;
  return had;
}

/** The reader's sources, the most recently added first, without their text. */
export async function listUserSources(db: QuoteTrailDb): Promise<UserSourceSummary[]> {
  const rows = await db.userSources.toArray();
  const counts = await Promise.all(rows.map((r) => db.userQuotes.where('sourceId').equals(userSourceId(r.id)).count()));
  return rows.map((r, i) => summary(r, counts[i]!)).sort((a, b) => b.addedAt.localeCompare(a.addedAt) || a.id.localeCompare(b.id));
}

function summary(row: UserSourceRow, quotes: number): UserSourceSummary {
  return { id: row.id, sourceId: userSourceId(row.id), title: row.title, url: row.url, published: row.published, addedAt: row.addedAt, quotes };
}

async function deleteUserRows(db: QuoteTrailDb, id: string): Promise<void> {
  const sourceId = userSourceId(id);
  await db.userQuotes.where('sourceId').equals(sourceId).delete();
  await db.userPassages.where('sourceId').equals(sourceId).delete();
}

/** The reader's sources kept from this page (by address, without #fragment), through the url index. */
async function userSourcesAt(db: QuoteTrailDb, url: string): Promise<UserSourceRow[]> {
  const address = pageAddress(url);
  return (await db.userSources.where('url').startsWith(address).toArray()).filter((r) => r.url !== null && pageAddress(r.url) === address);
}

/** The bundled corpus version the database holds, or null when it holds none. */
export async function loadedVersion(db: QuoteTrailDb): Promise<string | null> {
  return (await db.meta.get('corpus'))?.version ?? null;
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

const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

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

/** Bundled rows by number (tests, and anything that has row numbers from the postings). */
export async function readBundled(db: QuoteTrailDb, side: 'quotes' | 'passages', rows: number[]): Promise<Array<CorpusQuote | Passage>> {
  const [quotes, passages] = await readRanked(db, memoryOf(db), side === 'quotes' ? rows : [], side === 'passages' ? rows : []);
  return side === 'quotes' ? quotes : passages;
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
      push(index.words, q.words, q.id);
      for (const k of q.keys) push(index.quotes, k, q.id);
    }
    for (const p of passages) for (const k of p.keys) push(index.passages, k, p.id);
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
    // Bundled rows of every key first, then the reader's: ties keep that order (bundled first), as rankByKeys does.
    const ranked = (side: 'quotes' | 'passages', mine: Map<string, string[]>) => {
      const counts = new Map<number | string, number>();
      for (const s of slots) for (const row of rowsOf(memory.chunks.get(chunkOf(s.bucket))?.[side], s)) counts.set(row, (counts.get(row) ?? 0) + 1);
      if (mine.size) for (const k of keys) for (const id of mine.get(k)?.slice(0, POSTING_LIMIT) ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
      // The first `limit` by count, ties in first-seen order: what a stable sort would give, without sorting them all.
      const byCount: Ranked[] = [];
      for (const [id, n] of counts) (byCount[n] ??= []).push(id);
      const top: Ranked = [];
      for (let n = byCount.length - 1; n > 0 && top.length < limit; n--) for (const id of byCount[n] ?? []) if (top.length < limit) top.push(id);
      return top;
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
