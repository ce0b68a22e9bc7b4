// The background's side of the reader's own sources: asks a tab for its article, and keeps lookups fresh.
import { browser } from 'wxt/browser';
import type { QuoteTrailDb } from '@/lib/storage/db';
import type { CorpusService } from '@/lib/services/corpus-service';
import { askTab } from '@/lib/messaging/runtime';
import { createReaderSourceService } from '@/lib/services/reader-source-service';

/** The add-source, list-sources and remove-source handlers, wired to the browser's tabs. */
export function readerSourceHandlers(db: QuoteTrailDb, corpus: CorpusService) {
  return createReaderSourceService(db, {
    // Only the top frame answers: the article is the page's, not an embedded frame's.
    extractPage: (tabId) => askTab(tabId, 'extract-page', {}, 0),
    // Incognito is readable without the "tabs" permission (only url and title need it).
    isIncognito: async (tabId) => (await browser.tabs.get(tabId)).incognito,
    changed: () => corpus.readerSourcesChanged(),
  }).handlers;
}
