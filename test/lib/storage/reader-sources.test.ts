import 'fake-indexeddb/auto';
// The reader's own sources: extracted like the bundled corpus, found by lookups as "user:<id>", never cited by
// their own page, kept through a schema upgrade and through corpus reloads, refused in a private window.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { extractSource, sourceCorpus } from '@/lib/corpus/extract';
import { type CorpusFile } from '@/lib/model/corpus';
import { addUserSource, listUserSources, removeUserSource } from '@/lib/storage/user-sources';
import { createDbReader, loadCorpus } from '@/lib/storage/corpus-store';
import { openDb, type QuoteTrailDb } from '@/lib/storage/db';
import { userSourceRows } from '@/lib/storage/user-rows';
import { createCorpusService, type CorpusFiles, type ReportStore } from '@/lib/services/corpus-service';
import { createMemoryReader } from '@/test/helpers/memory-reader';
import { lookupQuote, type CorpusReader } from '@/lib/match/lookup';
import { shingleKeys } from '@/lib/match/shingles';
import { words } from '@/lib/pipeline/text';
import { createReaderSourceService, type ReaderSourceDeps } from '@/lib/services/reader-source-service';
import { checkExtractedPage, MAX_SOURCE_CHARS, MAX_SOURCE_QUOTES, PRIVATE_WINDOW_MESSAGE, type ExtractedPage } from '@/lib/model/reader-sources';
import type { StoredReport } from '@/lib/model/types';
import type { SourceId } from '@/lib/model/types';
import { DATA_DIR, seedCorpus } from '@/test/helpers/seeds';

// The article of test/fixtures/reader/rubio-labs.html as the content script extracts it (test/lib/extract-page.test.ts).
const RUBIO_QUOTE = 'We will measure this partnership by the laboratories that close, not by the communiqués that get signed';
const RUBIO_PAGE: ExtractedPage = {
  url: 'https://ledger.example/rubio-labs',
  title: 'Rubio Ties Mexico Partnership to Closed Fentanyl Labs',
  published: '2026-02-14',
  text: [
    'Rubio Ties Mexico Partnership to Closed Fentanyl Labs',
    'WASHINGTON — Secretary of State Marco Rubio on Friday set out how the United States will judge its security cooperation with Mexico.',
    `“${RUBIO_QUOTE},” Rubio told reporters at the State Department.`,
    'The secretary of state added that both governments had agreed to publish a monthly tally of dismantled drug labs.',
  ].join('\n'),
  incognito: false,
};

let db: QuoteTrailDb;
let n = 0;
beforeEach(() => {
  db = openDb(`quotetrail-reader-${++n}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const filesOf = (corpus: CorpusFile): CorpusFiles => ({
  meta: async () => ({ format: corpus.format, version: corpus.version, sources: corpus.sources.length, quotes: corpus.quotes.length }),
  corpus: async () => corpus,
});

/** A service over `db` with the seeds, its reports kept in a map, and reader-source handlers over fake tabs. */
function services(page: Partial<ExtractedPage> = {}, { incognitoTab = false, reader }: { incognitoTab?: boolean; reader?: CorpusReader } = {}) {
  const reports = new Map<number, StoredReport>();
  const store: ReportStore = { get: async (id) => reports.get(id), set: async (id, r) => void reports.set(id, r) };
  const corpus = createCorpusService(db, filesOf(seedCorpus()), store, reader ? { reader } : {});
  const deps: ReaderSourceDeps = {
    extractPage: vi.fn(async () => ({ ...RUBIO_PAGE, ...page })),
    isIncognito: async () => incognitoTab,
    changed: () => corpus.readerSourcesChanged(),
  };
  const readerSources = createReaderSourceService(db, deps);
  return { corpus, reports, deps, handlers: { ...corpus.handlers, ...readerSources.handlers } };
}

describe('a reader’s source is extracted with the bundled corpus’s own code', () => {
  it('gives a bundled article, added as a reader’s source, the same quotes, speakers and sentences as the build', () => {
    const id = '001_6ed219509c549034' as SourceId;
    const text = readFileSync(join(DATA_DIR, `${id}.txt`), 'utf8');
    const built = seedCorpus();
    const asBuilt = built.quotes.flatMap((q) => q.occurrences.filter((o) => o.sourceId === id));
    expect(asBuilt.length).toBeGreaterThan(2);
    expect(extractSource(id, text).occurrences).toEqual(asBuilt);
    expect(extractSource(id, text).passages).toEqual(built.passages.filter((p) => p.sourceId === id));
    const alone = sourceCorpus(id, text);
    expect(alone.quotes.map((q) => [q.text, q.speaker])).toEqual(
      built.quotes.filter((q) => q.occurrences[0]!.sourceId === id).map((q) => [q.text, q.speaker]),
    );
  });
});

describe('lookups and the reader’s sources', () => {
  it('find a quote only a reader’s source carries, marked "user:" with its title, date and url', async () => {
    await loadCorpus(db, seedCorpus());
    expect(await lookupQuote(createDbReader(db), RUBIO_QUOTE)).toBeNull();
    const added = await addUserSource(db, RUBIO_PAGE, { id: 'r1', now: new Date('2026-03-01T10:00:00Z') });
    expect(added).toMatchObject({ id: 'r1', sourceId: 'user:r1', quotes: 1, addedAt: '2026-03-01T10:00:00.000Z' });
    const match = await lookupQuote(createDbReader(db), 'measure this partnership by the laboratories that close');
    expect(match).toMatchObject({ kind: 'partial', speaker: 'rubio' });
    expect(match!.sources).toEqual([
      expect.objectContaining({ sourceId: 'user:r1', title: RUBIO_PAGE.title, published: '2026-02-14', url: RUBIO_PAGE.url, quoted: true }),
    ]);
  });

  it('list bundled and reader sources together when both carry the words, the bundled quote leading on a tie', async () => {
    const bundled = seedCorpus().quotes.find((q) => q.id === '001_6ed219509c549034#4')!;
    await loadCorpus(db, seedCorpus());
    await addUserSource(db, { ...RUBIO_PAGE, url: 'https://ledger.example/echo', text: `“${bundled.text},” Sheinbaum said on Monday.` }, { id: 'e1' });
    const match = await lookupQuote(createDbReader(db), bundled.text);
    expect(match).toMatchObject({ quoteId: bundled.id, kind: 'exact', speaker: 'sheinbaum' });
    expect(match!.sources.map((s) => s.sourceId)).toEqual(expect.arrayContaining(['001_6ed219509c549034', 'user:e1']));
    expect(match!.sources.find((s) => s.sourceId === 'user:e1')).toMatchObject({ quoted: true, title: RUBIO_PAGE.title });
  });

  it('the in-memory reader merges reader sources the same way', async () => {
    const rows = userSourceRows({ id: 'r1', text: RUBIO_PAGE.text });
    const memory = createMemoryReader(seedCorpus(), [{ id: 'user:r1' as SourceId, label: { title: 'T', outlet: null, published: null, url: RUBIO_PAGE.url }, ...rows }]);
    const match = await lookupQuote(memory, RUBIO_QUOTE);
    expect(match?.sources.map((s) => s.sourceId)).toEqual(['user:r1']);
    expect(await memory.sourceIdsAt(`${RUBIO_PAGE.url}#top`)).toEqual(['user:r1']);
  });

  it('a page never cites itself: its scan drops the source kept from its own address (whatever the #fragment)', async () => {
    const { corpus, reports } = services();
    await addUserSource(db, RUBIO_PAGE, { id: 'r1' });
    corpus.readerSourcesChanged();
    const quote = { text: `${RUBIO_QUOTE},`, speaker: 'rubio' as const };
    const own = await corpus.handlers.scan({ url: `${RUBIO_PAGE.url}#comments`, quotes: [quote] }, { tabId: 1, frameId: 0 });
    expect(own.quotes[0]).toMatchObject({ speaker: 'rubio', match: null });
    const other = await corpus.handlers.scan({ url: 'https://other.example/echo', quotes: [quote] }, { tabId: 2, frameId: 0 });
    expect(other.quotes[0]?.match?.sources.map((s) => s.sourceId)).toEqual(['user:r1']);
    // A frame reports its top page's URL: the top page does not cite itself through its frames either.
    const frame = await corpus.handlers.scan({ url: 'https://ads.example/frame', topUrl: RUBIO_PAGE.url, quotes: [quote] }, { tabId: 1, frameId: 3 });
    expect(frame.quotes[0]?.match).toBeNull();
    expect(reports.get(2)?.quotes[0]?.match?.sources[0]?.sourceId).toBe('user:r1');
  });
});

describe('adding, listing and removing through the background', () => {
  it('adds the tab’s page, and a lookup made before finds it after (remembered lookups are forgotten)', async () => {
    const { handlers, deps } = services();
    expect((await handlers.lookup({ text: RUBIO_QUOTE }, {})).match).toBeNull();
    const added = await handlers['add-source']({ tabId: 7 }, {});
    expect(deps.extractPage).toHaveBeenCalledWith(7);
    expect(added).toMatchObject({ sourceId: `user:${added.id}`, title: RUBIO_PAGE.title, url: RUBIO_PAGE.url, published: '2026-02-14', quotes: 1 });
    expect((await handlers.lookup({ text: RUBIO_QUOTE }, {})).match?.sources.map((s) => s.sourceId)).toEqual([added.sourceId]);
    expect(await handlers['list-sources']({}, {})).toEqual([added]);
    expect(await handlers['remove-source']({ id: added.id }, {})).toEqual({ removed: true });
    expect((await handlers.lookup({ text: RUBIO_QUOTE }, {})).match).toBeNull();
    expect(await handlers['list-sources']({}, {})).toEqual([]);
    expect(await handlers['remove-source']({ id: added.id }, {})).toEqual({ removed: false });
  });

  it('a page added while a lookup is under way is found by the next lookup (the lookup’s stale answer is not kept)', async () => {
    // The database's reader, held once the lookup has read its candidates: the reader adds the page meanwhile.
    const real = createDbReader(db);
    let read!: () => void;
    let release!: () => void;
    const hasRead = new Promise<void>((resolve) => (read = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const reader: CorpusReader = {
      ...real,
      async quotesByKeys(...args) {
        const found = await real.quotesByKeys(...args);
        read();
        await held;
        return found;
      },
    };
    const { handlers } = services({}, { reader });
    const during = handlers.lookup({ text: RUBIO_QUOTE }, {});
    await hasRead;
    const added = await handlers['add-source']({ tabId: 7 }, {});
    release();
    expect((await during).match).toBeNull(); // it answers from what it read
    expect((await handlers.lookup({ text: RUBIO_QUOTE }, {})).match?.sources.map((s) => s.sourceId)).toEqual([added.sourceId]);
  });

  it('adding the same page again replaces it rather than listing it twice', async () => {
    const first = await addUserSource(db, RUBIO_PAGE, { now: new Date('2026-03-01T00:00:00Z') });
    const again = await addUserSource(db, { ...RUBIO_PAGE, url: `${RUBIO_PAGE.url}#update`, title: 'Updated' }, { now: new Date('2026-03-02T00:00:00Z') });
    expect(again.id).toBe(first.id);
    expect(await listUserSources(db)).toEqual([expect.objectContaining({ id: first.id, title: 'Updated', addedAt: '2026-03-02T00:00:00.000Z' })]);
    expect(await db.userQuotes.count()).toBe(1);
  });

  it('removing a source removes its quotations and sentences with it', async () => {
    const kept = await addUserSource(db, RUBIO_PAGE);
    await addUserSource(db, { ...RUBIO_PAGE, url: 'https://ledger.example/b' });
    expect(await removeUserSource(db, kept.id)).toBe(true);
    expect(await db.userQuotes.where('sourceId').equals(kept.sourceId).count()).toBe(0);
    expect(await db.userPassages.where('sourceId').equals(kept.sourceId).count()).toBe(0);
    expect(await db.userQuotes.count()).toBe(1);
  });

  it.each([
    ['a tab in a private window', {}, { incognitoTab: true }],
    ['a page whose content script says it is in a private window', { incognito: true }, {}],
  ])('refuses %s, saying nothing is kept, and keeps nothing', async (_name, page, tab) => {
    const { handlers, deps } = services(page, tab);
    await expect(handlers['add-source']({ tabId: 7 }, {})).rejects.toThrow(PRIVATE_WINDOW_MESSAGE);
    if ('incognitoTab' in tab) expect(deps.extractPage).not.toHaveBeenCalled(); // not even read
    expect(await db.userSources.count()).toBe(0);
  });

  it.each([
    ['a page without a content script', () => Promise.reject(new Error('Could not establish connection')), /cannot be read/],
    ['a browser page', async () => ({ ...RUBIO_PAGE, url: 'chrome://settings/' }), /Only web pages/],
    ['a page without article text', async () => ({ ...RUBIO_PAGE, text: '  ' }), /no article text/],
  ])('says why it cannot add %s', async (_name, extract, message) => {
    const { handlers, deps } = services();
    deps.extractPage = extract;
    await expect(handlers['add-source']({ tabId: 7 }, {})).rejects.toThrow(message);
    expect(await db.userSources.count()).toBe(0);
  });

  it('keeps a runaway page within bounds: its text capped, its first quotations only', async () => {
    const lines = Array.from({ length: MAX_SOURCE_QUOTES + 20 }, (_, i) => `“Statement ${i} concerns item ${i * 7} alone,” Rubio said.`);
    const checked = checkExtractedPage({ ...RUBIO_PAGE, text: `${lines.join('\n')}\n${'x'.repeat(MAX_SOURCE_CHARS)}` });
    expect(checked.ok && checked.value.text.length).toBe(MAX_SOURCE_CHARS);
    const added = await addUserSource(db, { ...RUBIO_PAGE, text: lines.join('\n') });
    expect(added.quotes).toBe(MAX_SOURCE_QUOTES);
    expect((await lookupQuote(createDbReader(db), 'Statement 0 concerns item 0 alone'))?.sources[0]?.sourceId).toBe(added.sourceId);
  }, 20_000);

  it('checks what the content script sends: the fragment dropped, a date only as YYYY-MM-DD, the title trimmed', () => {
    expect(checkExtractedPage({ ...RUBIO_PAGE, url: 'https://a.example/x#y', published: 'Feb 14', title: '  T  ' })).toEqual({
      ok: true, value: { ...RUBIO_PAGE, url: 'https://a.example/x', published: null, title: 'T' },
    });
    expect(checkExtractedPage({ url: 42 }).ok).toBe(false);
  });
});

describe('the reader’s sources survive', () => {
  it('an upgrade from the version 1 schema: the sources kept, and searchable', async () => {
    const name = `quotetrail-v1-${++n}`;
    // Version 1 exactly as lib/corpus-db.ts declares it.
    const v1 = new Dexie(name);
    v1.version(1).stores({ meta: '&key', sources: '&id', quotes: '&id, *keys, words', passages: '&id, sourceId, *keys', userSources: '&id, url' });
    const row = { id: 'old1', title: RUBIO_PAGE.title, url: RUBIO_PAGE.url, published: '2026-02-14', text: RUBIO_PAGE.text, addedAt: '2026-01-20T08:00:00.000Z' };
    await v1.table('userSources').bulkAdd([row, { ...row, id: 'old2', url: null, title: null, published: null, text: 'No quotes here.' }]);
    v1.close();

    const upgraded = openDb(name);
    try {
      expect(upgraded.verno).toBe(3);
      expect(await upgraded.userSources.get('old1')).toEqual(row);
      expect(await upgraded.userSources.count()).toBe(2);
      await loadCorpus(upgraded, seedCorpus());
      const match = await lookupQuote(createDbReader(upgraded), RUBIO_QUOTE);
      expect(match?.sources).toEqual([expect.objectContaining({ sourceId: 'user:old1', title: RUBIO_PAGE.title, published: '2026-02-14' })]);
      expect((await listUserSources(upgraded)).map((s) => [s.id, s.quotes])).toEqual([['old1', 1], ['old2', 0]]);
    } finally {
      upgraded.close();
      await upgraded.delete();
    }
  });

  it('an upgrade from the version 2 schema: the reader’s sources, quotes and sentences kept and found, the bundled corpus reloaded', async () => {
    const name = `quotetrail-v2-${++n}`;
    // Version 2 exactly as lib/corpus-db.ts declares it, holding a bundled corpus and a reader's source.
    const v2 = new Dexie(name);
    v2.version(1).stores({ meta: '&key', sources: '&id', quotes: '&id, *keys, words', passages: '&id, sourceId, *keys', userSources: '&id, url' });
    v2.version(2).stores({ userQuotes: '&id, sourceId, *keys, words', userPassages: '&id, sourceId, *keys' });
    const corpus = seedCorpus();
    const keysOf = (text: string) => shingleKeys(words(text));
    await v2.table('sources').bulkAdd(corpus.sources);
    await v2.table('quotes').bulkAdd(corpus.quotes.map((q) => ({ ...q, keys: keysOf(q.text), words: words(q.text).join(' ') })));
    await v2.table('passages').bulkAdd(corpus.passages.map((p) => ({ ...p, keys: keysOf(p.text) })));
    await v2.table('meta').put({ key: 'corpus', version: corpus.version, loadedAt: '2026-01-01T00:00:00.000Z', sources: 5, quotes: 16 });
    const row = { id: 'old1', title: RUBIO_PAGE.title, url: RUBIO_PAGE.url, published: '2026-02-14', text: RUBIO_PAGE.text, addedAt: '2026-01-20T08:00:00.000Z' };
    const extracted = userSourceRows(row);
    await v2.table('userSources').add(row);
    await v2.table('userQuotes').bulkAdd(extracted.quotes);
    await v2.table('userPassages').bulkAdd(extracted.passages);
    const kept = { quotes: await v2.table('userQuotes').toArray(), passages: await v2.table('userPassages').toArray() };
    v2.close();

    const upgraded = openDb(name);
    try {
      expect(upgraded.verno).toBe(3);
      expect(await upgraded.userSources.toArray()).toEqual([row]);
      expect({ quotes: await upgraded.userQuotes.toArray(), passages: await upgraded.userPassages.toArray() }).toEqual(kept);
      // The old bundled tables are gone, and so is the record of a loaded corpus: the service loads it again.
      expect([...upgraded.backendDB().objectStoreNames]).not.toContain('quotes');
      expect(await upgraded.meta.get('corpus')).toBeUndefined();
      const calls = { corpus: 0 };
      const service = createCorpusService(upgraded, { ...filesOf(corpus), corpus: async () => (calls.corpus++, corpus) });
      expect(await service.ensure()).toMatchObject({ state: 'ready', sources: 5, quotes: 16 });
      expect(calls.corpus).toBe(1);
      expect((await service.handlers.lookup({ text: RUBIO_QUOTE }, {})).match?.sources).toEqual([
        expect.objectContaining({ sourceId: 'user:old1', title: RUBIO_PAGE.title, published: '2026-02-14' }),
      ]);
      expect((await service.handlers.lookup({ text: 'coordination without subordination' }, {})).match).toMatchObject({ speaker: 'sheinbaum' });
      expect((await listUserSources(upgraded)).map((s) => [s.id, s.quotes])).toEqual([['old1', 1]]);
    } finally {
      upgraded.close();
      await upgraded.delete();
    }
  });

  it('a corpus reload: the reader’s rows untouched, still found', async () => {
    const corpus = seedCorpus();
    await loadCorpus(db, corpus);
    await addUserSource(db, RUBIO_PAGE, { id: 'r1' });
    const before = { quotes: await db.userQuotes.toArray(), passages: await db.userPassages.toArray(), sources: await db.userSources.toArray() };
    await loadCorpus(db, { ...corpus, version: 'next', quotes: corpus.quotes.slice(0, 3) });
    expect({ quotes: await db.userQuotes.toArray(), passages: await db.userPassages.toArray(), sources: await db.userSources.toArray() }).toEqual(before);
    expect((await lookupQuote(createDbReader(db), RUBIO_QUOTE))?.sources[0]?.sourceId).toBe('user:r1');
  });
});
