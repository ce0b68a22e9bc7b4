// The one module that owns the Dexie database: schema, versioned upgrades, corpus loading, and the indexed reader.
import Dexie, { type EntityTable } from 'dexie';
import type { CorpusFile, CorpusQuote, Passage, SourceMeta } from './corpus';
import { rankByKeys, shingleKeys, wordsKey, type CorpusReader } from './lookup';
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
  id: string;
  title: string | null;
  url: string | null;
  published: string | null;
  text: string;
  addedAt: string;
}

/** The QuoteTrail database. */
export type QuoteTrailDb = Dexie & {
  meta: EntityTable<MetaRow, 'key'>;
  sources: EntityTable<SourceMeta, 'id'>;
  quotes: EntityTable<QuoteRow, 'id'>;
  passages: EntityTable<PassageRow, 'id'>;
  userSources: EntityTable<UserSourceRow, 'id'>;
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
  return db;
}

function quoteRow(q: CorpusQuote): QuoteRow {
  const w = tokenize(q.text).map((t) => t.norm);
  return { ...q, keys: shingleKeys(w), words: wordsKey(w) };
}

function passageRow(p: Passage): PassageRow {
  return { ...p, keys: shingleKeys(tokenize(p.text).map((t) => t.norm)) };
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

/** A CorpusReader over the database: candidates come from the multi-entry key index, never a full scan. */
export function createDbReader(db: QuoteTrailDb): CorpusReader {
  let sourceCount: number | null = null;
  return {
    async quotesByKeys(keys, limit) {
      if (keys.length === 0) return [];
      const ids = await db.quotes.where('keys').anyOf(keys).primaryKeys();
      const top = rankByKeys(ids, limit, (id) => id);
      return (await db.quotes.bulkGet(top)).filter((q): q is QuoteRow => q !== undefined);
    },
    quotesByWords: (key) => db.quotes.where('words').equals(key).toArray(),
    async passagesByKeys(keys, limit) {
      if (keys.length === 0) return [];
      const ids = await db.passages.where('keys').anyOf(keys).primaryKeys();
      const top = rankByKeys(ids, limit, (id) => id);
      return (await db.passages.bulkGet(top)).filter((p): p is PassageRow => p !== undefined);
    },
    async sources(ids: SourceId[]) {
      const rows = await db.sources.bulkGet(ids);
      return new Map(rows.flatMap((r) => (r ? [[r.id, r] as const] : [])));
    },
    async sourceCount() {
      sourceCount ??= await db.sources.count();
      return sourceCount;
    },
  };
}
