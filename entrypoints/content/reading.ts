// Reading and scheduling: reads this frame's visible text once the page is idle (and text that arrives later, or
// all of it again when what was read went stale), spots and attributes its quotes, and sends them to the background
// in one message. What the background reports goes into the shown quotes for the other features to show.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { pageAddress } from '@/lib/model/address';
import { errorMessage, type TabReplies } from '@/lib/model/protocol';
import { askBackground } from '@/lib/messaging/runtime';
import { warnCaught } from '@/lib/model/log';
import type { SiteMode } from '@/lib/model/settings';
import { domRange, emptyPageText, readIntoInSlices, wasRead, type PageText } from '@/lib/page/read-page';
import { scanDocumentInSlices, type FoundQuote } from '@/lib/pipeline/attribute';
import { cleanText } from '@/lib/pipeline/text';
import { MAX_REPORT_QUOTES, worthLooking } from '@/lib/report/report';
import { type ScannedQuote } from '@/lib/model/types';
import { MAX_PAGE_CHARS, MAX_RESCANS_PER_MINUTE, MAX_WAIT_MS, SETTLE_MS } from '@/entrypoints/content/limits';
import { changedSinceFound, type ShownQuotes } from '@/entrypoints/content/shown';

/** How many times a scan is sent before giving up (100 ms, doubling, at most 2 s between tries). */
const SEND_ATTEMPTS = 9;
// Any character that can open a quotation: a frame without one (and without <q> or <blockquote>) has none.
const QUOTE_CHARS = /["'\u201C\u201D\u201E\u2018\u2019\u00AB\u00BB]/;

/** The top page's URL as a frame can know it: readable when same-origin, else the frame's referrer. */
export function topUrl(): string | undefined {
  try {
    return window.top?.location.href;
  } catch {
    return document.referrer || undefined;
  }
}

/**
 * Hands the main thread back to the page for a moment: scheduler.yield() where the browser has it, else a
 * message to ourselves (nested setTimeout(0) is clamped to 4 ms, which would slow a sliced scan by half).
 */
export const yieldToMain = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  // Called on its object: Firefox refuses a content script's browser function called unbound.
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Which rescans a minute allows: at most MAX_RESCANS_PER_MINUTE in any minute. `wait(now)` is 0 when a rescan may
 * run now, else how long until one may.
 */
export function rescanBudget(limit = MAX_RESCANS_PER_MINUTE): { wait(now: number): number; spend(now: number): void } {
  const times: number[] = [];
  return {
    wait(now) {
      while (times.length && now - times[0]! > 60_000) times.shift();
      return times.length >= limit ? 60_000 - (now - times[0]!) : 0;
    },
    spend(now) {
      times.push(now);
    },
  };
}

/** When a burst of changes is read: SETTLE_MS after the last change, and never later than MAX_WAIT_MS after the first. */
export function settleDelay(now: number, firstPending: number): number {
  return Math.min(SETTLE_MS, Math.max(0, firstPending + MAX_WAIT_MS - now));
}

/** What reading needs from the rest of the content script. */
export interface ReadingDeps {
  isTop: boolean;
  quotes: ShownQuotes;
  /** Our own UI (the card), never read as page text. */
  ours(node: Node | null): boolean;
  /** The site's mode as the settings say now (read afresh when the reader asks for a scan). */
  modeNow(): Promise<SiteMode>;
  /** A scan's quotes are in `quotes`: show them. */
  onScanned(): Promise<void>;
  /** `quotes` was emptied (the page went stale, or the site was paused): take down what shows them. */
  onCleared(paused: boolean): void;
}

/** The reading feature: started once the page is idle; paused and resumed by the site's mode. */
export interface Reading {
  /** Applies the site's mode (settings changed): reads and scans when it becomes active, stops when paused. */
  setMode(mode: SiteMode): Promise<void>;
  /** The reader asked for a scan (the popup's "Scan this page"). */
  scanNow(): Promise<TabReplies['scan-now']>;
  /** Whether the scan is under way (or yet to start) or failed, and why. */
  scanState(): TabReplies['scan-state'];
  /** True when this frame reads and scans (its site is not paused, and it scans on its own or was asked to). */
  active(): boolean;
  destroy(): void;
}

/** Creates the reading feature (idle until its first setMode). */
export function createReading(ctx: ContentScriptContext, deps: ReadingDeps): Reading {
  const { isTop, quotes } = deps;
  // What has been read of the page. Started afresh (stale) when text we reported is gone or changed, when the
  // document's body is replaced, or when a single-page site moves to another address: reading only what is added
  // would report quotes that are no longer on the page, twice over after each re-render.
  let page: PageText = emptyPageText();
  let stale = false;
  // The address the page text was read at (without #fragment).
  let address = pageAddress(location.href);
  let reportedOnce = false;
  let mode: SiteMode = 'paused';
  let asked = false; // the reader asked for this page (scan-now): it stays scanned while the page lives
  const active = () => mode === 'auto' || (mode === 'manual' && asked);

  /** Sends the scan, again if the service worker was asleep or restarted mid-answer. */
  async function report(url: string, scanned: ScannedQuote[], truncated: boolean) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await askBackground('scan', {
          url, quotes: scanned, ...(truncated ? { truncated } : {}), ...(isTop ? {} : { topUrl: topUrl() }),
        });
      } catch (error) {
        // A stopped worker can take seconds to start again on a loaded machine: keep trying for about 9 s.
        if (attempt >= SEND_ATTEMPTS - 1 || ctx.isInvalid) throw error;
        await sleep(Math.min(100 * 2 ** attempt, 2000));
      }
    }
  }

  const partsOf = (f: FoundQuote) =>
    f.parts.length > 1 ? f.parts.map((p) => cleanText(p.map((x) => page.text.slice(x.start, x.end)).join(' '))) : undefined;

  async function scan() {
    if (ctx.isInvalid || !active()) return;
    // The address the page had when it was read: a scan that outlives it is not sent (a new one follows).
    const url = location.href;
    await yieldToMain();
    const found = await scanDocumentInSlices(page, yieldToMain);
    await yieldToMain();
    // Twice what a report holds is plenty: the rest of a page of 10,000 quotes is not sent (the report says so).
    const worth = found.filter((f) => worthLooking({ text: f.text, speaker: f.speaker }));
    const candidates = worth.slice(0, 2 * MAX_REPORT_QUOTES);
    // A frame with nothing to report stays silent; the top frame always reports, so the tab has a report.
    if (!isTop && candidates.length === 0 && !reportedOnce) return;
    const scanned: ScannedQuote[] = candidates.map((f) => {
      const parts = partsOf(f);
      return { text: f.text, speaker: f.speaker, ...(parts ? { parts } : {}) };
    });
    const same = () => !stale && pageAddress(location.href) === pageAddress(url);
    if (!same()) return;
    const reply = await report(url, scanned, candidates.length < worth.length);
    if (!active() || !same()) return; // paused, or the page changed, while the background looked the quotes up
    reportedOnce = true;
    quotes.sourcesSearched = reply.searched.sources;
    quotes.list = reply.quotes.flatMap((q, i) => {
      if (!q) return [];
      const ranges = candidates[i]!.parts.flat().flatMap((piece) => domRange(page, piece.start, piece.end, document) ?? []);
      return [{ quote: q, ranges, texts: ranges.map((r) => r.toString()), marked: false }];
    });
    await deps.onScanned();
  }

  // Reading: the whole body once the page is idle, then only what arrives later (or all of it again, when stale).
  const pending = new Set<Node>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstPending = 0;
  const rescans = rescanBudget();
  let running = false;
  // Since the last read: whether the page removed nodes, and which text nodes it changed in place.
  let removed = false;
  const changed = new Set<Text>();
  // One read-and-scan at a time (a page text must never be read by two at once); failures end here, recorded.
  let queue: Promise<unknown> = Promise.resolve();
  let failure: unknown = null;
  function exclusive(job: () => Promise<void>): Promise<void> {
    const run = queue.then(async () => {
      running = true;
      try {
        failure = null;
        await job();
      } catch (error) {
        failure = error; // the background never answered: the popup says so when asked to scan
        warnCaught('the scan of this page failed', error);
      } finally {
        running = false;
      }
    });
    queue = run;
    return run;
  }

  /** Whether what changed since the last read makes the page text wrong: a reported quote's text gone or changed. */
  function isStale(): boolean {
    // Another address (a single-page site moved on; the navigation event may come before or after the change).
    if (stale || pageAddress(location.href) !== address) return true;
    // A reported quote's text removed or edited: its live ranges no longer hold what they held.
    if ((removed || changed.size) && quotes.list.some(changedSinceFound)) return true;
    // A quotation mark in text read before: a quote added or edited there (read text is never read again).
    for (const node of changed) if (node.isConnected && QUOTE_CHARS.test(node.data) && wasRead(page, node)) return true;
    return false;
  }
  /** Forgets what was read and shown: the next read is of the whole body. */
  function restart() {
    page = emptyPageText();
    stale = false;
    address = pageAddress(location.href);
    pending.clear();
    if (document.body) pending.add(document.body);
    quotes.list = [];
    deps.onCleared(false);
  }

  async function flush() {
    timer = undefined;
    if (running) {
      // A scan is under way: look again once it has had time to finish (not in a loop of 0 ms timers).
      timer = setTimeout(() => void flush(), SETTLE_MS);
      return;
    }
    const wait = rescans.wait(Date.now());
    if (wait > 0) {
      timer = setTimeout(() => void flush(), wait);
      return;
    }
    await exclusive(async () => {
      if (ctx.isInvalid || !active()) return;
      const again = isStale();
      removed = false;
      changed.clear();
      if (again) restart();
      const roots = [...pending].filter((n) => n.isConnected && ![...pending].some((o) => o !== n && o.contains(n)));
      pending.clear();
      firstPending = 0;
      let added = 0;
      for (const root of roots) {
        if (page.text.length > MAX_PAGE_CHARS) break;
        added += await readIntoInSlices(page, root, { skip: (el) => deps.ours(el) }, yieldToMain);
      }
      if (added > 0 || again) {
        rescans.spend(Date.now());
        await scan();
      }
    });
  }
  function schedule() {
    const now = Date.now();
    firstPending ||= now;
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), settleDelay(now, firstPending));
  }

  let watchedBody: HTMLElement | null = null;
  const observer = new MutationObserver((records) => {
    if (ctx.isInvalid) return;
    let due = false;
    for (const r of records) {
      if (r.target === document.documentElement) {
        // The body replaced (a site that swaps pages in without loading them): read the new one whole.
        if (document.body && document.body !== watchedBody) {
          watch();
          stale = true;
          due = true;
        }
        continue;
      }
      if (deps.ours(r.target)) continue;
      if (r.type === 'characterData') {
        changed.add(r.target as Text);
        due = true;
        continue;
      }
      for (const n of r.addedNodes) if (!deps.ours(n) && (n.nodeType === 1 || n.nodeType === 3)) pending.add(n.nodeType === 3 ? r.target : n);
      for (const n of r.removedNodes) if (!deps.ours(n) && (n.nodeType === 1 || n.nodeType === 3)) removed = due = true;
    }
    if (pending.size || due) schedule();
  });
  /** Watches the body (text added, removed or changed) and the root (a body replaced). */
  function watch() {
    observer.disconnect();
    watchedBody = document.body;
    observer.observe(document.documentElement, { childList: true });
    if (watchedBody) observer.observe(watchedBody, { childList: true, subtree: true, characterData: true });
  }
  // Another address without a page load (history.pushState): the page is read again, as a new page.
  // The event comes as the navigation starts, before location.href changes: the event's own address is compared.
  ctx.addEventListener(window, 'wxt:locationchange', (e: { newUrl?: URL }) => {
    if (!active() || pageAddress(String(e.newUrl ?? location.href)) === address) return;
    stale = true;
    schedule();
  });

  /** Reads what was not read yet, scans, and watches for text that arrives later. */
  const activate = () =>
    exclusive(async () => {
      if (ctx.isInvalid || !document.body) return;
      watch();
      // An ad or player frame with no quotation mark in it costs one check.
      const body = document.body;
      if (!isTop && !QUOTE_CHARS.test(body.textContent ?? '') && body.querySelector('q, blockquote') === null) return;
      if (isStale()) restart();
      removed = false;
      changed.clear();
      // The whole body is read: what waited to be read is in it.
      pending.clear();
      firstPending = 0;
      await readIntoInSlices(page, body, { skip: (el) => deps.ours(el) }, yieldToMain);
      await scan();
    });
  /** A paused site: no highlights, no card, no watching (the background drops the tab's report). */
  const deactivate = () => {
    observer.disconnect();
    clearTimeout(timer);
    pending.clear();
    firstPending = 0;
    quotes.list = [];
    deps.onCleared(true);
    // Unwatched from now on: whatever the page does meanwhile, a resumed scan reads it afresh.
    stale = true;
  };

  return {
    active,
    async setMode(next) {
      const wasActive = active();
      mode = next;
      if (wasActive && !active()) deactivate();
      else if (!wasActive && active()) await activate();
      else if (active()) await deps.onScanned(); // the same quotes, marked and styled as the settings say now
    },
    async scanNow() {
      mode = await deps.modeNow();
      if (mode === 'paused') return { scanned: false, reason: 'paused' };
      asked = true;
      await activate();
      // The scan's own failure (the background never answered), for the popup to show instead of waiting.
      if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
      return { scanned: true, quotes: quotes.list.length };
    },
    scanState: () => (failure && !running ? { state: 'failed', error: errorMessage(failure) } : { state: 'working' }),
    destroy() {
      observer.disconnect();
      clearTimeout(timer);
    },
  };
}
