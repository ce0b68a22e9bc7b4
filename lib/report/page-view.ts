// What the popup says about a tab: whether its page can be scanned, which state it is in, and its quotes grouped.
import { siteOf } from '@/lib/model/address';
import type { StoredQuote, StoredReport } from '@/lib/model/types';
import { SPEAKERS } from '@/lib/model/speakers';
import type { SpeakerId } from '@/lib/model/types';

/** Why a page cannot be scanned: a browser page, an extension store, or a local file without file access. */
export type Unscannable = 'browser' | 'store' | 'file';

/** Extension stores, where browsers run no extension's content scripts. */
const STORE_PAGES: ReadonlyArray<{ host: string; path?: string }> = [
  { host: 'chromewebstore.google.com' },
  { host: 'chrome.google.com', path: '/webstore' },
  { host: 'microsoftedge.microsoft.com', path: '/addons' },
  { host: 'addons.mozilla.org' },
];

/** Why the page at `url` cannot be scanned, or null when it can (http, https, and file with access). */
export function unscannableReason(url: string, opts: { fileAccess: boolean }): Unscannable | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'browser';
  }
  if (parsed.protocol === 'file:') return opts.fileAccess ? null : 'file';
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'browser'; // chrome:, about:, view-source:…
  const store = STORE_PAGES.some((s) => parsed.hostname === s.host && (!s.path || parsed.pathname.startsWith(s.path)));
  return store ? 'store' : null;
}

/** Everything the popup knows about the tab, gathered by the popup page. */
export interface TabFacts {
  /** The tab's URL where the browser tells it (activeTab), else the report's. */
  url?: string;
  report?: StoredReport;
  fileAccess: boolean;
  /** This site is paused in the settings. */
  paused: boolean;
  /** Pages are scanned without being asked (the default). */
  autoScan: boolean;
  /** False when the reader withheld this site from QuoteTrail (Firefox site access): no content script runs there. */
  access?: boolean;
}

/** How a tab's scan is going, as its page says while the tab has no report ('absent': nobody in the tab answers). */
export type ScanState = { state: 'working' } | { state: 'failed'; error: string } | { state: 'absent' };

/** The first view's state for one tab. */
export type TabView =
  | { kind: 'unscannable'; reason: Unscannable }
  | { kind: 'paused'; site: string }
  | { kind: 'manual' }
  | { kind: 'no-access'; site: string | null }
  | { kind: 'scanning' }
  | { kind: 'report'; report: StoredReport };

/** Decides what the popup shows: a page that cannot be scanned outranks a pause, a pause outranks a report. */
export function tabView(facts: TabFacts): TabView {
  const url = facts.url ?? facts.report?.url;
  const reason = url ? unscannableReason(url, { fileAccess: facts.fileAccess }) : null;
  if (reason) return { kind: 'unscannable', reason };
  const site = siteOf(url);
  if (facts.paused && site) return { kind: 'paused', site };
  if (facts.report) return { kind: 'report', report: facts.report };
  // Withheld site access: no scan can come until the reader allows it (a report, above, means it ran).
  if (facts.access === false) return { kind: 'no-access', site };
  // No report key yet: the scan has not finished, or (scanning off) has not been asked for.
  return facts.autoScan ? { kind: 'scanning' } : { kind: 'manual' };
}

/** One quote in the list, with what the page needs to find it again. */
export interface QuoteEntry {
  quote: StoredQuote;
  /** The frame the quote is in (0: the top document). */
  frameId: number;
  /** Its position among that frame's quotes in the report: what `flash-quote` takes. */
  index: number;
  /** Its position in the report. */
  position: number;
  /**
   * Which quote it is, whatever the page adds around it: its frame, its words and which of that frame's quotes with
   * the same words it is. The list's key: a quote added above on a rescan must not open or focus another.
   */
  key: string;
}

/** A group of the list: the misattributed quotes, one speaker's, or the others'. */
export interface QuoteGroup {
  id: 'misattributed' | SpeakerId | 'others';
  entries: QuoteEntry[];
}

/**
 * Groups a report's quotes: misattributed ones first (whatever the speaker), then by speaker in the speakers
 * file's order (whom the page names, else whom the sources name), then the others; page order within a group.
 */
export function groupQuotes(quotes: readonly StoredQuote[]): QuoteGroup[] {
  const perFrame = new Map<number, number>();
  const groups = new Map<QuoteGroup['id'], QuoteEntry[]>();
  const order: Array<QuoteGroup['id']> = ['misattributed', ...SPEAKERS.map((s) => s.id), 'others'];
  for (const id of order) groups.set(id, []);
  const seen = new Map<string, number>();
  quotes.forEach((quote, position) => {
    const frameId = quote.frameId ?? 0;
    const words = `${frameId}\u0000${quote.text}`;
    const nth = seen.get(words) ?? 0;
    seen.set(words, nth + 1);
    const index = perFrame.get(frameId) ?? 0;
    perFrame.set(frameId, index + 1);
    const speaker = quote.speaker ?? quote.match?.speaker ?? null;
    const id: QuoteGroup['id'] = quote.match?.misattributed ? 'misattributed' : (speaker ?? 'others');
    // A speaker no longer in data/speakers.json (an old report) reads as "others" rather than vanishing.
    (groups.get(id) ?? groups.get('others')!).push({ quote, frameId, index, position, key: `${words}\u0000${nth}` });
  });
  return order.flatMap((id) => {
    const entries = groups.get(id)!;
    return entries.length ? [{ id, entries }] : [];
  });
}

/** The report as a downloadable file: the contract's fields and the documented extras, pretty-printed. */
export function reportJson(report: StoredReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A file name for a report: `quotetrail-<site>-<YYYY-MM-DD>.json`, safe on every file system. */
export function reportFileName(report: StoredReport): string {
  const site = (siteOf(report.url) ?? 'page').replace(/[^a-z0-9.-]+/gi, '-');
  const day = /^\d{4}-\d{2}-\d{2}/.exec(report.scannedAt)?.[0] ?? 'report';
  return `quotetrail-${site}-${day}.json`;
}
