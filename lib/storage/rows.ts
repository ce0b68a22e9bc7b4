// The rows the database stores, by table: the shapes that the schema (./db.ts) and its readers and writers share.
import type { CorpusQuote, Passage, SourceMeta } from '@/lib/model/corpus';
import type { SourceId } from '@/lib/model/types';
import type { PackedBuckets, SketchBlock } from '@/lib/match/postings';

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
