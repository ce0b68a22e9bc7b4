// The background's corpus service: loads the bundled corpus when it changes, and answers lookups.
import type { CorpusFile } from '@/lib/model/corpus';
import { pageAddress } from '@/lib/model/address';
import { createDbReader, loadCorpus, needsLoad } from '@/lib/storage/corpus-store';
import { type QuoteTrailDb } from '@/lib/storage/db';
import { lookupQuote, type CorpusReader } from '@/lib/match/lookup';
import { errorMessage, type CorpusStatus, type Handlers } from '@/lib/model/protocol';
import { MAX_REPORT_QUOTES, mergeReport, toPageQuote, worthLooking } from '@/lib/report/report';
import { type StoredReport } from '@/lib/model/types';
import type { QuoteMatch, SourceId, SpeakerId } from '@/lib/model/types';
import { warnCaught } from '@/lib/model/log';

/** The small file beside corpus.json that says which corpus the extension bundles. */
export interface CorpusMeta {
  format: number;
  version: string;
  sources: number;
  quotes: number;
}

/** Where the service gets the bundled files (the extension's own files; a fake in tests). */
export interface CorpusFiles {
  meta(): Promise<CorpusMeta>;
  corpus(): Promise<CorpusFile>;
}

/** Where tab reports go (storage.session under `report:<tabId>`, and the badge, in the extension). */
export interface ReportStore {
  get(tabId: number): Promise<StoredReport | undefined>;
  set(tabId: number, report: StoredReport): Promise<void>;
  remove?(tabId: number): Promise<void>;
}

/** Lookups a busy page repeats (the same quotes on every rescan) are remembered, up to this many. */
export const LOOKUP_MEMO_SIZE = 2000;

/** The requests the corpus service answers (the reader's own sources have their own service). */
export type CorpusHandlers = Pick<Handlers, 'lookup' | 'scan' | 'corpus-status'>;

/** The corpus service: `ready` settles once the database holds the bundled corpus. */
export interface CorpusService {
  /** Loads the bundled corpus if the database holds another version (or none). */
  ensure(): Promise<CorpusStatus>;
  status(): CorpusStatus;
  /** Forgets remembered lookups: call it whenever the reader's own sources change. */
  readerSourcesChanged(): void;
  /**
   * A tab started loading `url` (undefined: the same address again, a reload): its report goes unless it is
   * this page's. Queued with the tab's report writes, so a report the new page writes is never the one removed;
   * from then on, a scan of any other page (one still looking up when the tab left it) writes no report there.
   */
  pageLeft(tabId: number, url: string | undefined): Promise<void>;
  /**
   * The tab's address changed without a load (the page's history API, or a redirect): its scans now report for
   * `url`. Its report stays until the page's next scan replaces it.
   */
  addressChanged(tabId: number, url: string): void;
  /** The tab closed: its report goes, and a scan of it that finishes later writes none. */
  tabClosed(tabId: number): Promise<void>;
  handlers: CorpusHandlers;
}

/**
 * Options: `allowReport` says whether a page may have a report (false for a paused site: no report at all);
 * `reader` is where lookups read the corpus (the database's own reader unless given: a test holds one mid-lookup).
 */
export interface CorpusServiceOptions {
  allowReport?: (pageUrl: string) => boolean | Promise<boolean>;
  reader?: CorpusReader;
}

/** What the service knows of a tab: the address it is loading (without #fragment), and whether it has closed. */
interface TabState {
  loading?: string;
  closed?: boolean;
}

/**
 * Whether a scan's page is the one the tab shows (`shown`, without #fragment). A cross-origin frame names its top
 * page by its referrer, which browsers cut to the origin by default: an address that is only an origin ("/", no
 * query) stands for any page of that origin.
 */
function samePage(page: string, shown: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(page);
  } catch {
    return false;
  }
  if (parsed.pathname === '/' && !parsed.search) {
    try {
      return new URL(shown).origin === parsed.origin;
    } catch {
      return false;
    }
  }
  return pageAddress(page) === shown;
}

/** Creates the service over a database and the bundled files. */
export function createCorpusService(db: QuoteTrailDb, files: CorpusFiles, reports?: ReportStore, options: CorpusServiceOptions = {}): CorpusService {
  let state: CorpusStatus = { state: 'loading' };
  const memo = new Map<string, QuoteMatch | null>();
  // Bumped whenever the memo is cleared: a lookup that was under way then read the old sources, and its answer,
  // kept afterwards, would go on citing a removed source (or missing an added one) until the memo next cleared.
  let memoGeneration = 0;
  const forget = () => {
    memoGeneration++;
    memo.clear();
  };
  const lookup = async (text: string, speaker: SpeakerId | null, exclude: SourceId[] = []) => {
    // The sources a page must not cite (itself) are part of the question.
    const key = `${speaker ?? ''}\u0000${text}\u0000${exclude.join(' ')}`;
    if (memo.has(key)) return memo.get(key)!;
    const asked = memoGeneration;
    const match = await lookupQuote(reader, text, speaker, exclude.length ? { exclude: new Set(exclude) } : {});
    if (asked !== memoGeneration) return match;
    if (memo.size >= LOOKUP_MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(key, match);
    return match;
  };
  // One report write at a time per tab: frames of one page report concurrently.
  const queues = new Map<number, Promise<unknown>>();
  // Each tab's address as the browser last said (a scan's write for another page comes from a page the tab has
  // left), and whether it closed. A tab not heard of (the worker restarted since it loaded) takes any write.
  const tabs = new Map<number, TabState>();
  const tabOf = (tabId: number) => {
    let tab = tabs.get(tabId);
    if (!tab) tabs.set(tabId, (tab = {}));
    return tab;
  };
  const serially = <T>(tabId: number, work: () => Promise<T>): Promise<T> => {
    const next = (queues.get(tabId) ?? Promise.resolve()).then(work, work);
    const tail = next.then(() => undefined, () => undefined);
    queues.set(tabId, tail);
    // A busy worker can live for hours: an idle queue is forgotten, and a closed tab's state once its queue is idle.
    // A scan of that tab still looking up holds the TabState it took, so it still sees that the tab closed.
    void tail.then(() => {
      if (queues.get(tabId) !== tail) return;
      queues.delete(tabId);
      if (tabs.get(tabId)?.closed) tabs.delete(tabId);
    });
    return next;
  };
  let pending: Promise<CorpusStatus> | null = null;
  const reader = options.reader ?? createDbReader(db);

  const load = async (): Promise<CorpusStatus> => {
    try {
      const [bundled, stored] = await Promise.all([files.meta(), db.meta.get('corpus')]);
      let meta = stored;
      if (!meta || needsLoad(meta, bundled.version)) {
        meta = await loadCorpus(db, await files.corpus());
        forget();
      }
      state = { state: 'ready', version: meta.version, sources: meta.sources, quotes: meta.quotes };
    } catch (error) {
      state = { state: 'failed', error: `The bundled corpus could not be loaded: ${errorMessage(error)}` };
      warnCaught('the bundled corpus could not be loaded', error);
      pending = null; // let the next request try again
    }
    return state;
  };
  const ensure = () => (pending ??= load());
  const ready = async () => {
    const s = await ensure();
    if (s.state === 'failed') throw new Error(s.error);
  };

  /** The sources kept from this page (a reader's own source, or a bundled one with its url): it never cites them. */
  const selfSources = async (...urls: Array<string | undefined>) => {
    const ids = new Set<SourceId>();
    for (const url of urls) if (url) for (const id of await reader.sourceIdsAt(url)) ids.add(id);
    return [...ids].sort();
  };

  return {
    ensure,
    status: () => state,
    readerSourcesChanged: forget,
    pageLeft: (tabId, url) => {
      // Known at once, not at the queue's turn: a write queued ahead of this is checked against the page the tab now
      // shows (the new page's own, when the worker hears of the navigation late, must not be dropped).
      if (url !== undefined) tabOf(tabId).loading = pageAddress(url);
      return serially(tabId, async () => {
        const report = reports && (await reports.get(tabId));
        if (report && (url === undefined || pageAddress(url) !== pageAddress(report.url))) await reports!.remove?.(tabId);
      });
    },
    addressChanged: (tabId, url) => {
      tabOf(tabId).loading = pageAddress(url);
    },
    tabClosed: (tabId) => {
      tabOf(tabId).closed = true;
      return serially(tabId, async () => {
        await reports?.remove?.(tabId);
      });
    },
    handlers: {
      async lookup({ text, speaker }) {
        await ready();
        const match = await lookup(text, speaker ?? null);
        return { match, searched: { sources: await reader.sourceCount() } };
      },
      async scan({ url, quotes, topUrl, truncated: scanTruncated }, sender) {
        // Taken now: should the tab close while the quotes are looked up, the service forgets it, but this scan
        // still sees that it closed.
        const tab = reports && sender.tabId !== undefined ? tabOf(sender.tabId) : undefined;
        await ready();
        const pageUrl = (sender.frameId ?? 0) === 0 ? url : (topUrl ?? url);
        if (options.allowReport && !(await options.allowReport(pageUrl))) {
          // A paused site: nothing is looked up, highlighted or reported (no key means the tab was not scanned).
          return { quotes: quotes.map(() => null), searched: { sources: await reader.sourceCount() } };
        }
        const exclude = await selfSources(url, topUrl);
        // The report keeps at most MAX_REPORT_QUOTES: past that, nothing more is looked up (a page of 10,000
        // quotes gets its report in seconds, marked truncated, instead of never).
        const results: Array<ReturnType<typeof toPageQuote>> = [];
        let reportable = 0;
        let truncated = scanTruncated === true;
        for (const q of quotes) {
          if (reportable >= MAX_REPORT_QUOTES) {
            results.push(null);
            truncated ||= worthLooking(q);
            continue;
          }
          const result = worthLooking(q) ? toPageQuote(q, await lookup(q.text, q.speaker, exclude)) : null;
          if (result) reportable++;
          results.push(result);
        }
        const tabId = sender.tabId;
        if (reports && tab && tabId !== undefined) {
          const scanned = results.filter((r) => r !== null);
          await serially(tabId, async () => {
            // Asked again: the site may have been paused while the quotes were looked up.
            if (options.allowReport && !(await options.allowReport(pageUrl))) return;
            const existing = await reports.get(tabId);
            // Closed meanwhile: tabClosed has removed the report, and nothing would remove this one (up to 1 MB).
            if (tab.closed) return;
            // The page this scan reports for: the top document's own address, a frame's top page as the frame knows
            // it (see samePage). The tab left that page while its quotes were looked up: its report (and badge) would
            // describe a page the tab no longer shows, and pageLeft has already run, so nothing would remove it. A
            // frame that cannot name its top page (a cross-origin frame without a referrer) is let through.
            const reportsFor = (sender.frameId ?? 0) === 0 ? url : topUrl;
            if (tab.loading !== undefined && reportsFor !== undefined && !samePage(reportsFor, tab.loading)) return;
            const report = mergeReport(existing, {
              url, frameId: sender.frameId ?? 0, quotes: scanned, scannedAt: new Date().toISOString(), truncated,
              ...(topUrl ? { topUrl } : {}),
            });
            await reports.set(tabId, report);
          });
        }
        return { quotes: results, searched: { sources: await reader.sourceCount() } };
      },
      async 'corpus-status'() {
        void ensure();
        return state;
      },
    },
  };
}
