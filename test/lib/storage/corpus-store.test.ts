import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CorpusFile, CorpusQuote } from '@/lib/model/corpus';
import { createDbReader, loadCorpus, rowOf } from '@/lib/storage/corpus-store';
import { openDb, type QuoteTrailDb } from '@/lib/storage/db';
import { createCorpusService, type CorpusFiles } from '@/lib/services/corpus-service';
import { createMemoryReader } from '@/test/helpers/memory-reader';
import { lookupQuote, MAX_CANDIDATES } from '@/lib/match/lookup';
import { probeKeys, shingleKeys } from '@/lib/match/shingles';
import { words } from '@/lib/pipeline/text';
import { chunkOf, keySlot, rowsOf } from '@/lib/match/postings';
import { seedCorpus } from '@/test/helpers/seeds';

let db: QuoteTrailDb;
let n = 0;
beforeEach(() => {
  db = openDb(`quotetrail-test-${++n}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

/** The bundled quotes the database holds (they are stored in pages). */
const bundledQuoteCount = async () => (await db.bundledQuotes.toArray()).reduce((n, page) => n + page.starts.length - 1, 0);

const filesOf = (corpus: CorpusFile, calls = { corpus: 0 }): CorpusFiles => ({
  meta: async () => ({ format: corpus.format, version: corpus.version, sources: corpus.sources.length, quotes: corpus.quotes.length }),
  corpus: async () => {
    calls.corpus++;
    return corpus;
  },
});

describe('the corpus database', () => {
  it('answers lookups from its indexes exactly as the in-memory corpus does', async () => {
    const corpus = seedCorpus();
    await loadCorpus(db, corpus);
    const fromDb = createDbReader(db);
    const fromMemory = createMemoryReader(corpus);
    for (const text of ['coordination without subordination', 'hit land', 'absolutely ruled out', 'U.S. military action is on the table', 'This is not about the United States acting alone']) {
      expect(await lookupQuote(fromDb, text)).toEqual(await lookupQuote(fromMemory, text));
    }
    expect(await fromDb.sourceCount()).toBe(5);
  });

  it('finds candidates through the postings index, not by reading every row', async () => {
    await loadCorpus(db, seedCorpus());
    const slot = keySlot('without subordination')!;
    const rows = rowsOf((await db.postings.get(chunkOf(slot.bucket)))?.quotes, slot);
    expect((await bundledQuotes(db, [...rows])).map((q) => q.id)).toEqual(['001_6ed219509c549034#4']);
  });

  it('a corpus reload replaces the bundled tables and never touches the reader’s own sources', async () => {
    const corpus = seedCorpus();
    await db.userSources.add({ id: 'u1', title: 'My article', url: 'https://example.org/a', published: null, text: 'Saved text.', addedAt: '2026-11-01T00:00:00Z' });
    await loadCorpus(db, corpus);
    await loadCorpus(db, { ...corpus, version: 'next', quotes: corpus.quotes.slice(0, 3) });
    expect(await bundledQuoteCount()).toBe(3);
    expect((await db.meta.get('corpus'))?.version).toBe('next');
    expect(await db.userSources.get('u1')).toMatchObject({ title: 'My article', text: 'Saved text.' });
  });

  it('a restarted service worker answers the same from what it reads back, cold and once warmed', async () => {
    const corpus = seedCorpus();
    await loadCorpus(db, corpus);
    // A fresh copy of the module holds nothing in memory, as a restarted worker does.
    vi.resetModules();
    const restarted = await import('@/lib/storage/corpus-store');
    const again = (await import('@/lib/storage/db')).openDb(db.name);
    try {
      const reader = restarted.createDbReader(again);
      const fromMemory = createMemoryReader(corpus);
      const texts = ['coordination without subordination', 'absolutely ruled out', 'U.S. military action is on the table', 'This is not about the United States acting alone', 'hit land'];
      for (const text of texts) expect(await lookupQuote(reader, text)).toEqual(await lookupQuote(fromMemory, text));
      await new Promise((done) => setTimeout(done, 300)); // the rest of the index is read in the background
      for (const text of texts) expect(await lookupQuote(reader, `${text}.`)).toEqual(await lookupQuote(fromMemory, `${text}.`));
    } finally {
      again.close();
    }
  });

  it('leaves out the sentences of sources a lookup already lists, and those that cannot align', async () => {
    await loadCorpus(db, seedCorpus());
    const reader = createDbReader(db);
    const text = 'We continue to collaborate within the framework of our sovereignty, coordination without subordination';
    const norms = words(text);
    const keys = probeKeys(shingleKeys(norms));
    const ranked = await reader.passagesByKeys(keys, MAX_CANDIDATES);
    const possible = await reader.passagesByKeys(keys, MAX_CANDIDATES, norms);
    expect(possible.length).toBeGreaterThan(0);
    expect(possible.length).toBeLessThan(ranked.length);
    expect(ranked).toEqual(expect.arrayContaining(possible));
    const skip = new Set([possible[0]!.sourceId]);
    expect(await reader.passagesByKeys(keys, MAX_CANDIDATES, norms, skip)).toEqual(possible.filter((p) => !skip.has(p.sourceId)));
  });

  it('finds the bundled sources kept from a page through the address index, whatever the #fragment', async () => {
    const corpus = seedCorpus();
    const [first, ...rest] = corpus.sources;
    await loadCorpus(db, { ...corpus, sources: [{ ...first!, url: 'https://news.example/story#top' }, ...rest] });
    const reader = createDbReader(db);
    expect(await reader.sourceIdsAt('https://news.example/story#comments')).toEqual([first!.id]);
    expect(await reader.sourceIdsAt('https://news.example/other')).toEqual([]);
  });

  it('a failed load leaves the previous corpus whole (one transaction)', async () => {
    const corpus = seedCorpus();
    await loadCorpus(db, corpus);
    const broken = { ...corpus, version: 'broken', quotes: [...corpus.quotes, corpus.quotes[0]!] }; // duplicate key
    await expect(loadCorpus(db, broken)).rejects.toThrow();
    expect(await bundledQuoteCount()).toBe(corpus.quotes.length);
    expect((await db.meta.get('corpus'))?.version).toBe(corpus.version);
  });
});

describe('the background corpus service', () => {
  it('loads the bundled corpus once, and again only when its version changes', async () => {
    const corpus = seedCorpus();
    const calls = { corpus: 0 };
    const first = createCorpusService(db, filesOf(corpus, calls));
    expect(await first.ensure()).toMatchObject({ state: 'ready', version: corpus.version, sources: 5, quotes: 16 });
    // A restarted service worker finds the same version in the database and does not reload.
    const restarted = createCorpusService(db, filesOf(corpus, calls));
    await restarted.ensure();
    expect(calls.corpus).toBe(1);
    // An update that bundles another corpus reloads it.
    const updated = createCorpusService(db, filesOf({ ...corpus, version: 'v2' }, calls));
    expect(await updated.ensure()).toMatchObject({ version: 'v2' });
    expect(calls.corpus).toBe(2);
  });

  it('reloads a corpus of the same version stored in another index layout', async () => {
    const corpus = seedCorpus();
    const calls = { corpus: 0 };
    await createCorpusService(db, filesOf(corpus, calls)).ensure();
    await db.meta.update('corpus', { index: 'an older layout' });
    await createCorpusService(db, filesOf(corpus, calls)).ensure();
    expect(calls.corpus).toBe(2);
    expect((await db.meta.get('corpus'))?.index).not.toBe('an older layout');
  });

  it('answers a lookup sent while the corpus is still loading once loading ends', async () => {
    const corpus = seedCorpus();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const service = createCorpusService(db, {
      ...filesOf(corpus),
      corpus: async () => {
        await gate;
        return corpus;
      },
    });
    expect(await service.handlers['corpus-status']({}, {})).toEqual({ state: 'loading' });
    const answer = service.handlers.lookup({ text: 'absolutely ruled out' }, {});
    release();
    expect(await answer).toMatchObject({ match: { kind: 'exact', speaker: 'sheinbaum' }, searched: { sources: 5 } });
    expect(await service.handlers['corpus-status']({}, {})).toMatchObject({ state: 'ready' });
  });

  it('reports a corpus that cannot be loaded, and tries again on the next request', async () => {
    let fail = true;
    const corpus = seedCorpus();
    const service = createCorpusService(db, {
      ...filesOf(corpus),
      corpus: async () => {
        if (fail) throw new Error('corpus.json: HTTP 404');
        return corpus;
      },
    });
    await expect(service.handlers.lookup({ text: 'hit land' }, {})).rejects.toThrow('corpus.json: HTTP 404');
    expect(service.status()).toMatchObject({ state: 'failed' });
    fail = false;
    expect(await service.handlers.lookup({ text: 'hit land' }, {})).toMatchObject({ match: { speaker: 'trump' } });
  });
});

/** Bundled quotes by row number, read straight from their pages (what the postings point at). */
async function bundledQuotes(db: QuoteTrailDb, rows: number[]): Promise<CorpusQuote[]> {
  const perPage = (await db.meta.get('corpus'))!.pageRows!.quotes;
  const out: CorpusQuote[] = [];
  for (const row of rows) {
    const page = await db.bundledQuotes.get(Math.floor(row / perPage));
    const quote = page && rowOf<CorpusQuote>(page, row % perPage);
    if (quote) out.push(quote);
  }
  return out;
}
