// The one module that declares the Dexie database: its name, its tables, and every version of its schema with
// the upgrade that keeps what the reader saved. Reading and writing live in ./corpus-store.ts and ./user-sources.ts.
import Dexie, { type EntityTable } from 'dexie';
import type {
  BundledPage, BundledSourceRow, MetaRow, PassageRow, PostingsRow, QuoteWordsRow, SketchRow, UserQuoteRow, UserSourceRow,
} from '@/lib/storage/rows';
import { userSourceRows } from '@/lib/storage/user-rows';

/** The database's name in the extension's origin. */
export const DB_NAME = 'quotetrail';

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
 * this layer makes (and only the background, the database's one writer, calls it). By database name.
 */
const generations = new Map<string, { corpus: number; user: number }>();
export function generation(db: QuoteTrailDb): { corpus: number; user: number } {
  let g = generations.get(db.name);
  if (!g) generations.set(db.name, (g = { corpus: 0, user: 0 }));
  return g;
}

