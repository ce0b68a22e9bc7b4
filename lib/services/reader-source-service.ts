// The background's handlers for the reader's own sources: add the current page, list them, remove one.
import { addUserSource, listUserSources, removeUserSource } from '@/lib/storage/user-sources';
import { type QuoteTrailDb } from '@/lib/storage/db';
import type { Handlers } from '@/lib/model/protocol';
import { checkExtractedPage, mayKeep, PRIVATE_WINDOW_MESSAGE } from '@/lib/model/reader-sources';
import { warnCaught } from '@/lib/model/log';

/** What the handlers need from the browser (the extension's tabs; fakes in tests). */
export interface ReaderSourceDeps {
  /** Asks the tab's top frame for its article: the content script's `extract-page` answer, unchecked. */
  extractPage(tabId: number): Promise<unknown>;
  /** True when the tab is in a private (incognito) window. */
  isIncognito(tabId: number): Promise<boolean>;
  /** Called after the reader's sources changed, so that no remembered lookup misses or keeps one. */
  changed(): void;
}

/** The requests this service answers. */
export type ReaderSourceHandlers = Pick<Handlers, 'add-source' | 'list-sources' | 'remove-source'>;

/** Creates the handlers over the database. */
export function createReaderSourceService(db: QuoteTrailDb, deps: ReaderSourceDeps): { handlers: ReaderSourceHandlers } {
  return {
    handlers: {
      async 'add-source'({ tabId }) {
        if (!Number.isInteger(tabId)) throw new Error('No tab to add');
        // Asked before the page is read: nothing from a private window is even extracted.
        if (await deps.isIncognito(tabId)) throw new Error(PRIVATE_WINDOW_MESSAGE);
        let answer: unknown;
        try {
          answer = await deps.extractPage(tabId);
        } catch (error) {
          warnCaught(`tab ${tabId} did not give its article`, error);
          throw new Error('This page cannot be read (a browser page, or it is still loading): reload it and try again');
        }
        const page = checkExtractedPage(answer);
        if (!page.ok) throw new Error(page.error);
        const allowed = mayKeep(page.value, page.value.incognito);
        if (!allowed.ok) throw new Error(allowed.error);
        const { url, title, published, text } = page.value;
        const added = await addUserSource(db, { url, title, published, text });
        deps.changed();
        return added;
      },
      async 'list-sources'() {
        return listUserSources(db);
      },
      async 'remove-source'({ id }) {
        const removed = typeof id === 'string' && (await removeUserSource(db, id));
        if (removed) deps.changed();
        return { removed };
      },
    },
  };
}
