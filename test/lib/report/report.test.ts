import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createDbReader } from '@/lib/storage/corpus-store';
import { openDb } from '@/lib/storage/db';
import { createCorpusService, type ReportStore } from '@/lib/services/corpus-service';
import type { CorpusReader } from '@/lib/match/lookup';
import { capReport, mergeReport, MAX_REPORT_BYTES, MAX_REPORT_QUOTES, reportKey, toPageQuote } from '@/lib/report/report';
import { type StoredReport } from '@/lib/model/types';
import type { PageQuote, QuoteMatch } from '@/lib/model/types';
import { seedCorpus } from '@/test/helpers/seeds';

const match = (speaker: QuoteMatch['speaker']): QuoteMatch => ({
  quoteId: 'q' as QuoteMatch['quoteId'], kind: 'exact', direction: 'whole', score: 1, speaker, quoteText: 'x', sources: [],
});
const quote = (text: string, frame = 0) => ({ text, speaker: null, match: null, frameId: frame });

describe('the report', () => {
  it('has one key per tab under report:', () => {
    expect(reportKey(42)).toBe('report:42');
  });

  it.each([
    ['ours, not in the corpus', { text: 'we will act', speaker: 'rubio' as const }, null, { speaker: 'rubio', match: null }],
    ['ours, one word', { text: 'invade', speaker: 'sheinbaum' as const }, match('sheinbaum'), { match: { misattributed: false } }],
    ['misattributed', { text: 'coordination without subordination', speaker: 'trump' as const }, match('sheinbaum'), { match: { misattributed: true } }],
    ['nobody’s, three words, matching', { text: 'not on the table', speaker: null }, match('sheinbaum'), { speaker: null, match: { misattributed: false } }],
  ])('reports %s', (_name, scanned, m, expected) => {
    expect(toPageQuote(scanned, m)).toMatchObject(expected);
  });

  it.each([
    ['nobody’s, not matching', { text: 'a long quote by an analyst', speaker: null }, null],
    ['nobody’s, two words, even matching', { text: 'hit land', speaker: null }, match('trump')],
  ])('leaves out %s', (_name, scanned, m) => {
    expect(toPageQuote(scanned, m)).toBeNull();
  });

  it('a corpus quote whose sources name nobody of ours is never misattributed', () => {
    expect(toPageQuote({ text: 'an act of aggression', speaker: 'trump' }, match(null))?.match?.misattributed).toBe(false);
  });

  it('keeps the top document’s quotes first, then each frame’s, and replaces a frame’s quotes on rescan', () => {
    // A frame may report before the top document: its quotes wait, under its guess at the top URL.
    let r = mergeReport(undefined, { url: 'https://ads.example/f', topUrl: 'https://news.example/a', frameId: 7, quotes: [quote('frame 7')], scannedAt: 't1' });
    expect(r.url).toBe('https://news.example/a');
    r = mergeReport(r, { url: 'https://news.example/a', frameId: 0, quotes: [quote('top 1'), quote('top 2')], scannedAt: 't2' });
    r = mergeReport(r, { url: 'https://ads.example/x', frameId: 3, quotes: [quote('frame 3')], scannedAt: 't3' });
    expect(r.quotes.map((q) => q.text)).toEqual(['top 1', 'top 2', 'frame 3', 'frame 7']);
    expect(r.url).toBe('https://news.example/a');
    r = mergeReport(r, { url: 'https://news.example/a', frameId: 0, quotes: [quote('top 3')], scannedAt: 't4' });
    expect(r.quotes.map((q) => q.text)).toEqual(['top 3', 'frame 3', 'frame 7']);
    // Another page in the tab starts afresh.
    r = mergeReport(r, { url: 'https://news.example/b', frameId: 0, quotes: [], scannedAt: 't5' });
    expect(r).toEqual({ url: 'https://news.example/b', scannedAt: 't5', quotes: [], top: true });
  });

  it('marks the frames that left quotes out until they report again whole', () => {
    const url = 'https://news.example/a';
    let r = mergeReport(undefined, { url, frameId: 0, quotes: [quote('top')], scannedAt: 't1' });
    expect(r.truncated).toBeUndefined();
    r = mergeReport(r, { url: 'https://ads.example/f', frameId: 4, quotes: [quote('frame')], scannedAt: 't2', truncated: true });
    expect([r.truncated, r.truncatedFrames]).toEqual([true, [4]]);
    r = mergeReport(r, { url, frameId: 0, quotes: [quote('top again')], scannedAt: 't3', truncated: true });
    expect([r.truncated, r.truncatedFrames]).toEqual([true, [4, 0]]);
    r = mergeReport(r, { url: 'https://ads.example/f', frameId: 4, quotes: [quote('frame whole')], scannedAt: 't4' });
    expect([r.truncated, r.truncatedFrames]).toEqual([true, [0]]);
    r = mergeReport(r, { url, frameId: 0, quotes: [quote('top whole')], scannedAt: 't5' });
    expect([r.truncated, r.truncatedFrames]).toEqual([undefined, undefined]);
  });

  it('caps a huge report within its size and says so', () => {
    const quotes = Array.from({ length: 10_000 }, (_, i) => quote(`quote number ${i} ${'word '.repeat(30)}`));
    const capped: StoredReport = capReport<StoredReport>({ url: 'u', scannedAt: 't', quotes });
    expect(capped.truncated).toBe(true);
    // The README's figures: 1,000 quotes and 1 MB.
    expect([MAX_REPORT_QUOTES, MAX_REPORT_BYTES]).toEqual([1000, 1_000_000]);
    expect(capped.quotes.length).toBeLessThanOrEqual(1000);
    expect(JSON.stringify(capped).length).toBeLessThanOrEqual(1_000_000);
    expect(capped.quotes[0]).toEqual(quotes[0]);
    expect(capReport<StoredReport>({ url: 'u', scannedAt: 't', quotes: quotes.slice(0, 3) }).truncated).toBeUndefined();
  });
});

describe('the scan handler', () => {
  it('answers a page’s quotes in one message and writes the tab’s report, even when empty', async () => {
    const corpus = seedCorpus();
    const stored = new Map<number, StoredReport>();
    const store: ReportStore = { get: async (id) => stored.get(id), set: async (id, r) => void stored.set(id, r) };
    const service = createCorpusService(openDb('quotetrail-scan-test'), {
      meta: async () => ({ format: 1, version: corpus.version, sources: 5, quotes: corpus.quotes.length }),
      corpus: async () => corpus,
    }, store);
    const reply = await service.handlers.scan({
      url: 'https://news.example/a',
      quotes: [
        { text: 'coordination without subordination', speaker: 'trump' },
        { text: 'hit land', speaker: null },
        { text: 'an analyst says this will never work', speaker: null },
        { text: 'not on the table', speaker: null },
      ],
    }, { tabId: 5, frameId: 0 });
    expect(reply.quotes.map((q) => q && [q.speaker, q.match?.speaker, q.match?.misattributed])).toEqual([
      ['trump', 'sheinbaum', true], null, null, [null, 'sheinbaum', false],
    ]);
    const report = stored.get(5)!;
    expect(report.quotes.map((q: PageQuote) => q.text)).toEqual(['coordination without subordination', 'not on the table']);
    await service.handlers.scan({ url: 'https://news.example/empty', quotes: [] }, { tabId: 6, frameId: 0 });
    expect(stored.get(6)).toMatchObject({ url: 'https://news.example/empty', quotes: [] });
  });

  it('a navigation removes the tab’s report, but never the one the new page is writing (queued with the writes)', async () => {
    const corpus = seedCorpus();
    const stored = new Map<number, StoredReport>();
    const store: ReportStore = {
      get: async (id) => stored.get(id),
      set: async (id, r) => void stored.set(id, r),
      remove: async (id) => void stored.delete(id),
    };
    const service = createCorpusService(openDb('quotetrail-page-left-test'), {
      meta: async () => ({ format: 1, version: corpus.version, sources: 5, quotes: corpus.quotes.length }),
      corpus: async () => corpus,
    }, store);
    const page = 'https://news.example/live';
    await service.handlers.scan({ url: page, quotes: [{ text: 'not on the table', speaker: null }] }, { tabId: 7, frameId: 0 });
    expect(stored.get(7)?.quotes).toHaveLength(1);

    // Another address: the report goes; a #fragment of the same page: it stays.
    await service.pageLeft(7, `${page}#update-3`);
    expect(stored.has(7)).toBe(true);
    await service.pageLeft(7, 'https://news.example/other');
    expect(stored.has(7)).toBe(false);

    // Back to the live page; then a reload whose 'loading' event the worker handles while the reloaded page's scan
    // is in flight: the old report goes, the new one is written after it and stays.
    await service.pageLeft(7, page);
    await service.handlers.scan({ url: page, quotes: [{ text: 'not on the table', speaker: null }] }, { tabId: 7, frameId: 0 });
    const fresh = service.handlers.scan({
      url: page, quotes: [{ text: 'coordination without subordination', speaker: null }, { text: 'not on the table', speaker: null }],
    }, { tabId: 7, frameId: 0 });
    const left = service.pageLeft(7, undefined);
    await Promise.all([fresh, left]);
    expect(stored.get(7)?.quotes.map((q: PageQuote) => q.text)).toEqual(['coordination without subordination', 'not on the table']);
    await service.pageLeft(7, undefined);
    expect(stored.has(7)).toBe(false);
  });

  // A scan takes seconds on a long page: the tab may have gone elsewhere, or closed, before its report is written.
  const LIVE = 'https://news.example/live';
  const OTHER = 'https://news.example/other';
  const SAID = [{ text: 'not on the table', speaker: null }];

  it('a scan still looking up when its tab goes to another page writes no report there; the new page’s scans do', async () => {
    const { service, stored, hold, release } = heldScans();
    await service.pageLeft(8, LIVE);
    hold();
    const late = service.handlers.scan({ url: LIVE, quotes: SAID }, { tabId: 8, frameId: 0 });
    const lateFrame = service.handlers.scan({ url: 'https://embed.example/f', topUrl: LIVE, quotes: SAID }, { tabId: 8, frameId: 2 });
    await service.pageLeft(8, OTHER);
    release();
    // The old page, if it is still there to hear, gets its answer; the tab gets no report of it.
    expect((await late).quotes[0]?.match?.speaker).toBe('sheinbaum');
    await lateFrame;
    expect(stored.has(8)).toBe(false);

    await service.handlers.scan({ url: `${OTHER}#comments`, quotes: SAID }, { tabId: 8, frameId: 0 });
    await service.handlers.scan({ url: 'https://embed.example/g', topUrl: OTHER, quotes: SAID }, { tabId: 8, frameId: 3 });
    // A cross-origin frame knows its top page by its referrer, often the origin alone: its quotes count.
    await service.handlers.scan({ url: 'https://video.example/e', topUrl: 'https://news.example/', quotes: SAID }, { tabId: 8, frameId: 4 });
    // A frame of a page on another site (the tab was there before) does not.
    await service.handlers.scan({ url: 'https://video.example/e', topUrl: 'https://elsewhere.example/', quotes: SAID }, { tabId: 8, frameId: 5 });
    expect(stored.get(8)).toMatchObject({ url: `${OTHER}#comments`, quotes: [{ frameId: 0 }, { frameId: 3 }, { frameId: 4 }] });
  });

  it('a reload keeps the report of a scan of the same page, even one that was looking up when the reload began', async () => {
    const { service, stored, hold, release } = heldScans();
    await service.pageLeft(9, LIVE);
    hold();
    const scan = service.handlers.scan({ url: LIVE, quotes: SAID }, { tabId: 9, frameId: 0 });
    await service.pageLeft(9, undefined);
    release();
    await scan;
    expect(stored.get(9)).toMatchObject({ url: LIVE, quotes: [{ text: 'not on the table' }] });
  });

  it('a tab closed while its scan looks up is left with no report: neither its earlier one nor the late one', async () => {
    const { service, stored, hold, release } = heldScans();
    await service.handlers.scan({ url: LIVE, quotes: SAID }, { tabId: 11, frameId: 0 });
    expect(stored.has(11)).toBe(true);
    hold();
    const late = service.handlers.scan({ url: LIVE, quotes: SAID }, { tabId: 11, frameId: 0 });
    const lateFrame = service.handlers.scan({ url: 'https://embed.example/f', topUrl: LIVE, quotes: SAID }, { tabId: 11, frameId: 2 });
    await service.tabClosed(11);
    expect(stored.has(11)).toBe(false);
    release();
    await Promise.all([late, lateFrame]);
    expect(stored.has(11)).toBe(false);
  });

  it('a page that rewrites its own address (history API) still gets its report', async () => {
    const { service, stored } = heldScans();
    await service.pageLeft(10, `${LIVE}?utm_source=feed`);
    service.addressChanged(10, LIVE);
    await service.handlers.scan({ url: LIVE, quotes: SAID }, { tabId: 10, frameId: 0 });
    expect(stored.get(10)?.url).toBe(LIVE);
  });
});

let heldDbs = 0;
/** A service whose reports are kept in a map and whose scans, once `hold()` is called, wait until `release()`. */
function heldScans() {
  const corpus = seedCorpus();
  const db = openDb(`quotetrail-held-scans-${++heldDbs}`);
  const stored = new Map<number, StoredReport>();
  const store: ReportStore = {
    get: async (id) => stored.get(id),
    set: async (id, r) => void stored.set(id, r),
    remove: async (id) => void stored.delete(id),
  };
  const real = createDbReader(db);
  let held = Promise.resolve();
  let open = () => {};
  // Every scan first asks which sources are its own page's (it must not cite them): there it waits.
  const reader: CorpusReader = {
    ...real,
    async sourceIdsAt(url) {
      const ids = await real.sourceIdsAt(url);
      await held;
      return ids;
    },
  };
  const service = createCorpusService(db, {
    meta: async () => ({ format: 1, version: corpus.version, sources: 5, quotes: corpus.quotes.length }),
    corpus: async () => corpus,
  }, store, { reader });
  return {
    service,
    stored,
    hold: () => void (held = new Promise<void>((resolve) => (open = resolve))),
    release: () => open(),
  };
}
