// The one module that owns the Dexie database: schema, versioned upgrades, corpus loading, and the indexed reader.
import Dexie, { type EntityTable, type Table } from 'dexie';
import { sourceCorpus, type CorpusFile, type CorpusQuote, type Passage, type SourceMeta } from './corpus';
import { pageAddress, rankByKeys, shingleKeys, wordsKey, type CorpusReader, type SourceLabel } from './lookup';
import { isUserSourceId, MAX_SOURCE_QUOTES, USER_SOURCE_PREFIX, userSourceId, type UserSourceSummary } from './reader-sources';
import { tokenize } from './text';
import type { SourceId } from './types';

/** The database's name in the extension's origin. */
export const DB_NAME = 'quotetrail';

/** A corpus quote as stored: with its index keys. */
export interface QuoteRow extends CorpusQuote {
  keys: string[];
  words: string;
}
/** A source sentence as stored: with its index keys. */
export interface PassageRow extends Passage {
  keys: string[];
}
/** Which bundled corpus the tables hold. */
export interface MetaRow {
  key: 'corpus';
  version: string;
  loadedAt: string;
  sources: number;
  quotes: number;
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
  sources: EntityTable<SourceMeta, 'id'>;
  quotes: EntityTable<QuoteRow, 'id'>;
  passages: EntityTable<PassageRow, 'id'>;
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
  return db;
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
  return db.transaction('rw', [db.userSources, db.userQuotes, db.userPassages], async () => {
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
}

/** Removes one of the reader's sources and everything extracted from it; false when there was none. */
export async function removeUserSource(db: QuoteTrailDb, id: string): Promise<boolean> {
  return db.transaction('rw', [db.userSources, db.userQuotes, db.userPassages], async () => {
    const had = (await db.userSources.get(id)) !== undefined;
    await db.userSources.delete(id);
    await deleteUserRows(db, id);
    return had;
  });
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

/**
 * Replaces the bundled corpus in one transaction (all of it or none of it). The reader's own tables are
 * not part of the transaction and are never touched.
 */
export async function loadCorpus(db: QuoteTrailDb, corpus: CorpusFile): Promise<MetaRow> {
  const meta: MetaRow = {
    key: 'corpus', version: corpus.version, loadedAt: new Date().toISOString(),
    sources: corpus.sources.length, quotes: corpus.quotes.length,
  };
  const quotes = corpus.quotes.map(quoteRow);
  const passages = corpus.passages.map(passageRow);
  await db.transaction('rw', [db.meta, db.sources, db.quotes, db.passages], async () => {
    await Promise.all([db.sources.clear(), db.quotes.clear(), db.passages.clear()]);
    await db.sources.bulkAdd(corpus.sources);
    await db.quotes.bulkAdd(quotes);
    await db.passages.bulkAdd(passages);
    await db.meta.put(meta);
  });
  return meta;
}

/** Fetches rows by id from the bundled or the reader's table, in the order of `ids`. */
async function rowsInOrder<T, Id extends string>(
  ids: Id[], bundled: (ids: Id[]) => Promise<Array<T | undefined>>, user: (ids: Id[]) => Promise<Array<T | undefined>>,
): Promise<T[]> {
  const userIds = ids.filter(isUserSourceId);
  const bundledIds = ids.filter((id) => !isUserSourceId(id));
  const [b, u] = await Promise.all([bundledIds.length ? bundled(bundledIds) : [], userIds.length ? user(userIds) : []]);
  const byId = new Map<Id, T>();
  bundledIds.forEach((id, i) => b[i] !== undefined && byId.set(id, b[i]!));
  userIds.forEach((id, i) => u[i] !== undefined && byId.set(id, u[i]!));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** A word pair found in more rows than this says little about which row a text comes from: read no more of it. */
export const POSTING_LIMIT = 64;

/**
 * The ids of the rows that share each key, at most POSTING_LIMIT per key: one getAllKeys request per key, all
 * in one read transaction (Dexie's anyOf walks a cursor, one request per matching entry).
 */
async function idsForKeys<K>(table: Table<unknown, K>, keys: string[]): Promise<K[]> {
  const lists = await table.db.transaction('r', table, () =>
    Promise.all(keys.map((k) => table.where('keys').equals(k).limit(POSTING_LIMIT).primaryKeys())),
  );
  return lists.flat();
}

/**
 * A CorpusReader over the database, the bundled corpus and the reader's own sources together: candidates come
 * from the multi-entry key indexes, never a full scan; bundled rows rank first on a tie.
 */
export function createDbReader(db: QuoteTrailDb): CorpusReader {
  let sourceCount: number | null = null;
  return {
    async quotesByKeys(keys, limit) {
      if (keys.length === 0) return [];
      const [bundled, user] = await Promise.all([idsForKeys(db.quotes, keys), idsForKeys(db.userQuotes, keys)]);
      const top = rankByKeys([...bundled, ...user], limit, (id) => id);
      return rowsInOrder<CorpusQuote, CorpusQuote['id']>(top, (ids) => db.quotes.bulkGet(ids), (ids) => db.userQuotes.bulkGet(ids));
    },
    async quotesByWords(key) {
      const [bundled, user] = await Promise.all([db.quotes.where('words').equals(key).toArray(), db.userQuotes.where('words').equals(key).toArray()]);
      return [...bundled, ...user];
    },
    async passagesByKeys(keys, limit) {
      if (keys.length === 0) return [];
      const [bundled, user] = await Promise.all([idsForKeys(db.passages, keys), idsForKeys(db.userPassages, keys)]);
      const top = rankByKeys([...bundled, ...user], limit, (id) => id);
      return rowsInOrder<Passage, string>(top, (ids) => db.passages.bulkGet(ids), (ids) => db.userPassages.bulkGet(ids));
    },
    async sources(ids: SourceId[]) {
      const userIds = ids.filter(isUserSourceId);
      const [bundled, user] = await Promise.all([
        db.sources.bulkGet(ids.filter((id) => !isUserSourceId(id))),
        db.userSources.bulkGet(userIds.map((id) => id.slice(USER_SOURCE_PREFIX.length))),
      ]);
      const labels = new Map<SourceId, SourceLabel>();
      for (const r of bundled) if (r) labels.set(r.id, r);
      for (const r of user) if (r) labels.set(userSourceId(r.id), { title: r.title, outlet: null, published: r.published, url: r.url });
      return labels;
    },
    async sourceCount() {
      sourceCount ??= await db.sources.count();
      return sourceCount;
    },
    async sourceIdsAt(url) {
      const address = pageAddress(url);
      const bundled = await db.sources.filter((s) => s.url !== null && pageAddress(s.url) === address).primaryKeys();
      return [...bundled, ...(await userSourcesAt(db, address)).map((r) => userSourceId(r.id))];
    },
  };
}
