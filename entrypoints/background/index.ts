// Background service worker: owns the corpus database (in the extension's origin), answers lookups and
// page scans, and keeps each tab's report in storage.session and its count on the badge.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { CorpusFile } from '@/lib/model/corpus';
import { openDb } from '@/lib/storage/db';
import { createCorpusService, type CorpusMeta, type ReportStore } from '@/lib/services/corpus-service';
import type { Handlers } from '@/lib/model/protocol';
import { serveBackground } from '@/lib/messaging/runtime';
import { getReport, removeReport, setReport } from '@/lib/storage/report-store';
import { showOnButton } from '@/entrypoints/background/badge';
import { readerSourceHandlers } from '@/entrypoints/background/reader-sources';
import { setupCheckSelection } from '@/entrypoints/background/check-selection';
import { watchSites } from '@/entrypoints/background/site-settings';

async function bundled<T>(path: '/corpus.json' | '/corpus-meta.json'): Promise<T> {
  // Cast: WXT types public paths from the files present at `wxt prepare`, before the corpus is built.
  const url = (browser.runtime.getURL as (p: string) => string)(path);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export default defineBackground({
  type: 'module',
  main() {
    // Where the corpus service writes each tab's report: storage.session, and the count on the tab's button.
    const reports: ReportStore = {
      get: getReport,
      async set(tabId, report) {
        await setReport(tabId, report);
        await showOnButton(tabId, report);
      },
      remove: removeReport,
    };
    const db = openDb();
    const sites = watchSites();
    const service = createCorpusService(
      db,
      { meta: () => bundled<CorpusMeta>('/corpus-meta.json'), corpus: () => bundled<CorpusFile>('/corpus.json') },
      reports,
      { allowReport: sites.allowReport },
    );
    const handlers: Handlers = { ...service.handlers, ...readerSourceHandlers(db, service) };
    // The context-menu item and the shortcut that check the selected text (./check-selection.ts).
    setupCheckSelection();
    // Install and every update (the only times the bundled corpus can change) load it ahead of the first lookup.
    browser.runtime.onInstalled.addListener(() => void service.ensure());

    serveBackground(handlers);

    // A report describes one page: it goes when the tab leaves that page or closes. The check is queued with the
    // tab's report writes: a worker that wakes late hears of the navigation while the new page's scan is being
    // written, and must not remove that. An address that changes without a load (history API, a redirect) is
    // passed on too: the service drops a scan's write for any page but the one the tab last said it shows.
    browser.tabs.onUpdated.addListener((tabId, change) => {
      if (change.status === 'loading') void service.pageLeft(tabId, change.url);
      else if (change.url !== undefined) service.addressChanged(tabId, change.url);
    });
    // Through the service, queued with the writes: a scan still running when the tab closed must not leave a report.
    browser.tabs.onRemoved.addListener((tabId) => void service.tabClosed(tabId));
  },
});
