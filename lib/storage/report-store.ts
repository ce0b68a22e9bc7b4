// The tab reports in browser.storage.session (README: "The report"): one key a tab, `report:<tabId>`, read and
// written here only, typed, and checked on the way in rather than cast.
import { browser } from 'wxt/browser';
import { reportKey } from '@/lib/report/report';
import { type StoredReport } from '@/lib/model/types';

const PREFIX = 'report:';

/** The report a stored value holds, or undefined when it is none (a missing key, or something else under it). */
export function storedReport(value: unknown): StoredReport | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<StoredReport>;
  return typeof v.url === 'string' && typeof v.scannedAt === 'string' && Array.isArray(v.quotes) ? (value as StoredReport) : undefined;
}

/** The tab a `report:<tabId>` key names, or null for any other key. */
export function tabOfKey(key: string): number | null {
  if (!key.startsWith(PREFIX)) return null;
  const tabId = Number(key.slice(PREFIX.length));
  return Number.isInteger(tabId) && reportKey(tabId) === key ? tabId : null;
}

/** A tab's report, if it has one. */
export async function getReport(tabId: number): Promise<StoredReport | undefined> {
  const key = reportKey(tabId);
  return storedReport((await browser.storage.session.get(key))[key]);
}

/** Writes a tab's report (its one key). */
export async function setReport(tabId: number, report: StoredReport): Promise<void> {
  await browser.storage.session.set({ [reportKey(tabId)]: report });
}

/** Removes a tab's report: the tab was not scanned, or left the page. */
export async function removeReport(tabId: number): Promise<void> {
  await browser.storage.session.remove(reportKey(tabId));
}

/** Every tab's report. */
export async function allReports(): Promise<Array<{ tabId: number; report: StoredReport }>> {
  const all = await browser.storage.session.get(null);
  return Object.entries(all).flatMap(([key, value]) => {
    const tabId = tabOfKey(key);
    const report = tabId === null ? undefined : storedReport(value);
    return tabId !== null && report ? [{ tabId, report }] : [];
  });
}

/** Calls `onReport` with the tab's report now and at every change (undefined once it is removed); returns the unwatch. */
export function watchReport(tabId: number, onReport: (report: StoredReport | undefined) => void): () => void {
  const key = reportKey(tabId);
  let live = true;
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'session' && key in changes) onReport(storedReport(changes[key]!.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  void getReport(tabId).then((report) => live && onReport(report), () => live && onReport(undefined));
  return () => {
    live = false;
    browser.storage.onChanged.removeListener(listener);
  };
}
