import 'fake-indexeddb/auto';
// A paused site has no report at all ("no key means the tab was not scanned"), and pausing removes the one it had.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { watchSites } from '@/entrypoints/background/site-settings';
import type { CorpusFile } from '@/lib/model/corpus';
import { openDb, type QuoteTrailDb } from '@/lib/storage/db';
import { createCorpusService, type ReportStore } from '@/lib/services/corpus-service';
import { reportKey } from '@/lib/report/report';
import { type StoredReport } from '@/lib/model/types';
import { pauseSite, resetSettingsItem } from '@/lib/storage/settings-store';
import { seedCorpus } from '@/test/helpers/seeds';

let db: QuoteTrailDb;
let n = 0;
beforeEach(() => {
  fakeBrowser.reset();
  resetSettingsItem();
  db = openDb(`quotetrail-paused-${++n}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const files = (corpus: CorpusFile) => ({
  meta: async () => ({ format: corpus.format, version: corpus.version, sources: corpus.sources.length, quotes: corpus.quotes.length }),
  corpus: async () => corpus,
});
const QUOTE = { text: 'coordination without subordination', speaker: 'sheinbaum' as const };

function service(allowReport: (url: string) => boolean | Promise<boolean>) {
  const reports = new Map<number, StoredReport>();
  const store: ReportStore = { get: async (id) => reports.get(id), set: async (id, r) => void reports.set(id, r) };
  return { reports, corpus: createCorpusService(db, files(seedCorpus()), store, { allowReport }) };
}

describe('a paused site', () => {
  it('gets no report and no highlights, while another site gets both', async () => {
    const { reports, corpus } = service((url) => new URL(url).hostname !== 'paused.example');
    const paused = await corpus.handlers.scan({ url: 'https://paused.example/a', quotes: [QUOTE] }, { tabId: 1, frameId: 0 });
    expect(paused.quotes).toEqual([null]);
    expect(reports.has(1)).toBe(false);
    const other = await corpus.handlers.scan({ url: 'https://open.example/a', quotes: [QUOTE] }, { tabId: 2, frameId: 0 });
    expect(other.quotes[0]).toMatchObject({ match: { kind: 'partial', speaker: 'sheinbaum' } });
    expect(reports.get(2)?.quotes).toHaveLength(1);
  });

  it('judges a frame by its top page: an embedded frame on a paused site reports nothing either', async () => {
    const { reports, corpus } = service((url) => new URL(url).hostname !== 'paused.example');
    await corpus.handlers.scan({ url: 'https://embed.example/x', topUrl: 'https://paused.example/a', quotes: [QUOTE] }, { tabId: 1, frameId: 4 });
    expect(reports.has(1)).toBe(false);
  });

  it('paused while its quotes were being looked up: the report is still not written', async () => {
    let calls = 0;
    const { reports, corpus } = service(() => ++calls === 1); // allowed when asked first, paused when asked again
    await corpus.handlers.scan({ url: 'https://news.example/a', quotes: [QUOTE] }, { tabId: 1, frameId: 0 });
    expect(calls).toBe(2);
    expect(reports.has(1)).toBe(false);
  });
});

describe('the background watching the settings', () => {
  it('refuses reports on a site once it is paused, and removes the reports of its open tabs', async () => {
    const report = (url: string): StoredReport => ({ url, scannedAt: '2026-03-01T00:00:00Z', quotes: [], top: true });
    await fakeBrowser.storage.session.set({ [reportKey(1)]: report('https://news.example/a'), [reportKey(2)]: report('https://other.example/b'), unrelated: 1 });
    const sites = watchSites();
    expect(await sites.allowReport('https://news.example/a')).toBe(true);
    await pauseSite('news.example', true);
    await expect.poll(() => sites.allowReport('https://news.example/c')).toBe(false);
    await expect.poll(async () => Object.keys(await fakeBrowser.storage.session.get(null)).sort()).toEqual([reportKey(2), 'unrelated']);
    expect(await sites.allowReport('https://other.example/b')).toBe(true);
  });
});
