// Helpers for browser tests of scanned pages: read a tab's report through the service worker, and compare it.
import type { Page } from 'playwright-core';
import type { StoredReport } from '@/lib/model/types';
import type { LoadedExtension } from '@/test/browser/harness';

// The extension's own API, as the service worker sees it (these functions run there, not in Node).
declare const chrome: { storage: { session: { get(keys: null): Promise<Record<string, unknown>> } } };

/** Every `report:*` entry in storage.session, read inside the service worker. */
export async function allReports(ext: LoadedExtension): Promise<Record<string, StoredReport>> {
  return ext.serviceWorker.evaluate(async () => {
    const all = (await chrome.storage.session.get(null)) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('report:'))) as Record<string, never>;
  });
}

/** The key and report of the tab whose report is for `url` (the extension has no "tabs" permission to ask). */
export async function reportFor(ext: LoadedExtension, url: string): Promise<[string, StoredReport] | undefined> {
  return Object.entries(await allReports(ext)).find(([, r]) => r.url === url);
}

/**
 * Waits until the tab's report exists and has not changed for `quietMs` (the page's text has settled),
 * and returns it; throws after `timeoutMs`.
 */
export async function settledReport(ext: LoadedExtension, page: Page, { quietMs = 1500, timeoutMs = 15_000 } = {}): Promise<StoredReport> {
  const started = Date.now();
  let last = '';
  let since = Date.now();
  for (;;) {
    const report = (await reportFor(ext, page.url()))?.[1];
    const now = JSON.stringify(report?.quotes ?? null);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (report && Date.now() - since >= quietMs) return report;
    if (Date.now() - started > timeoutMs) throw new Error(`no settled report for ${page.url()} within ${timeoutMs} ms (last: ${now.slice(0, 300)})`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
