// Scans this frame's document: reads its text when the page is idle (and text that arrives later), spots and
// attributes quotes, sends them to the background in one message, then highlights them and opens their card.
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { quoteState } from '@/components/QuoteCard';
import { pageAddress } from '@/lib/address';
import { scanDocumentInSlices, type FoundQuote } from '@/lib/attribute';
import { errorMessage, request, type Message, type TabReplies } from '@/lib/protocol';
import { domRange, emptyPageText, readIntoInSlices, wasRead, type PageText } from '@/lib/read-page';
import { MAX_REPORT_QUOTES, worthLooking, type ScannedQuote } from '@/lib/report';
import { DEFAULT_SETTINGS, getSettings, isMarked, siteMode, watchSettings, type Settings, type SiteMode } from '@/lib/settings';
import { warnCaught } from '@/lib/log';
import { cleanText } from '@/lib/text';
import type { PageQuote } from '@/lib/types';
import { createCard, type CardHost } from './card';
import { caretAt, createHighlighter, rangesContain, type Highlighter } from './highlights';
import { listenForPageCommands } from './page-commands';
import { listenToPopup } from './popup-messages';

/** Text that changes is read again no sooner than this after the last change (coalescing bursts). */
export const SETTLE_MS = 300;
/** …and no later than this after the first change, however busy the page. */
export const MAX_WAIT_MS = 1000;
/** At most this many rescans a minute: a page that mutates without pause cannot keep us busy. */
export const MAX_RESCANS_PER_MINUTE = 20;
/** How many times a scan is sent before giving up (100 ms, doubling, at most 2 s between tries). */
const SEND_ATTEMPTS = 9;
/** A frame stops reading new text past this size (a runaway page must not fill memory). */
export const MAX_PAGE_CHARS = 8_000_000;
/** How long the pointer rests on a quote before its card opens, and leaves it before the card closes. */
const HOVER_OPEN_MS = 250;
const HOVER_CLOSE_MS = 400;
/** A quote chosen in the popup blinks on, off, then stays lit this long: enough to find it on the page. */
const FLASH_STEPS_MS = [0, 300, 500, 1800];
// Any character that can open a quotation: a frame without one (and without <q> or <blockquote>) has none.
const QUOTE_CHARS = /["'\u201C\u201D\u201E\u2018\u2019\u00AB\u00BB]/;

interface Shown {
  quote: PageQuote;
  ranges: Range[];
  /** What each range held when it was found: a live range shrinks or collapses when the page removes its text. */
  texts: string[];
  /** Highlighted: the reader marks its speaker (settings). Unmarked quotes stay in the report, unhighlighted. */
  marked: boolean;
}

/** The top page's URL as a frame can know it: readable when same-origin, else the frame's referrer. */
function topUrl(): string | undefined {
  try {
    return window.top?.location.href;
  } catch {
    return document.referrer || undefined;
  }
}

/** The site whose settings apply: the top page's hostname (a frame on a paused site is paused with it). */
function siteHost(): string {
  const ancestors = location.ancestorOrigins as DOMStringList | undefined;
  const top = ancestors?.length ? ancestors[ancestors.length - 1] : topUrl();
  try {
    return top ? new URL(top).hostname : location.hostname;
  } catch {
    return location.hostname;
  }
}

/**
 * Hands the main thread back to the page for a moment: scheduler.yield() where the browser has it, else a
 * message to ourselves (nested setTimeout(0) is clamped to 4 ms, which would slow a sliced scan by half).
 */
const yieldToMain = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts scanning this frame; everything it sets up is removed when `ctx` is invalidated. */
export function startScanner(ctx: ContentScriptContext): void {
  const isTop = window === window.top;
  // What has been read of the page. Started afresh (stale) when text we reported is gone or changed, when the
  // document's body is replaced, or when a single-page site moves to another address: reading only what is added
  // would report quotes that are no longer on the page, twice over after each re-render.
  let page: PageText = emptyPageText();
  let stale = false;
  // The address the page text was read at (without #fragment).
  let address = pageAddress(location.href);
  let shown: Shown[] = [];
  let sourcesSearched = 0;
  let reportedOnce = false;
  let highlighter: Highlighter | null = null;
  let card: CardHost | null = null;
  let cardIndex = -1;
  let lastFocus: Element | null = null;
  // Settings: nothing is read or scanned until they are known, and a paused site never is.
  let settings: Settings = { ...DEFAULT_SETTINGS };
  let mode: SiteMode = 'paused';
  let asked = false; // the reader asked for this page (scan-now): it stays scanned while the page lives
  const active = () => mode === 'auto' || (mode === 'manual' && asked);

  const ours = (node: Node | null) => card?.contains(node) ?? false;
  const send = (message: Message) => browser.runtime.sendMessage(message);

  /** Sends the scan, again if the service worker was asleep or restarted mid-answer. */
  async function report(url: string, quotes: ScannedQuote[], truncated: boolean) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(send, 'scan', {
          url, quotes, ...(truncated ? { truncated } : {}), ...(isTop ? {} : { topUrl: topUrl() }),
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
    sourcesSearched = reply.searched.sources;
    shown = [];
    reply.quotes.forEach((q, i) => {
      if (!q) return;
      const f = candidates[i]!;
      const ranges = f.parts.flat().flatMap((piece) => domRange(page, piece.start, piece.end, document) ?? []);
      shown.push({ quote: q, ranges, texts: ranges.map((r) => r.toString()), marked: isMarked(settings, q) });
    });
    await mark();
  }

  /** Highlights the marked quotes (again, after the reader changed whom to mark). */
  async function mark() {
    for (const s of shown) s.marked = isMarked(settings, s.quote);
    if (cardIndex >= 0 && !shown[cardIndex]?.marked) card?.close();
    highlighter ??= createHighlighter(document, settings.highlightStyle);
    highlighter.set(shown.filter((s) => s.marked).map((s) => ({ state: quoteState(s.quote), ranges: s.ranges })));
    if (shown.some((s) => s.marked) && !card) card = await createCard(ctx, { sourcesSearched: () => sourcesSearched, onStep: step, onClose: closed });
  }

  // Reading: the whole body once the page is idle, then only what arrives later (or all of it again, when stale).
  const pending = new Set<Node>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstPending = 0;
  const rescans: number[] = [];
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
    if ((removed || changed.size) && shown.some((s) => s.ranges.some((r, k) => r.toString() !== s.texts[k]))) return true;
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
    card?.close();
    shown = [];
    highlighter?.set([]);
  }

  async function flush() {
    timer = undefined;
    if (running) {
      // A scan is under way: look again once it has had time to finish (not in a loop of 0 ms timers).
      timer = setTimeout(() => void flush(), SETTLE_MS);
      return;
    }
    const now = Date.now();
    while (rescans.length && now - rescans[0]! > 60_000) rescans.shift();
    if (rescans.length >= MAX_RESCANS_PER_MINUTE) {
      timer = setTimeout(() => void flush(), 60_000 - (now - rescans[0]!));
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
        added += await readIntoInSlices(page, root, { skip: (el) => ours(el) }, yieldToMain);
      }
      if (added > 0 || again) {
        rescans.push(Date.now());
        await scan();
      }
    });
  }
  function schedule() {
    const now = Date.now();
    firstPending ||= now;
    clearTimeout(timer);
    const wait = Math.min(SETTLE_MS, Math.max(0, firstPending + MAX_WAIT_MS - now));
    timer = setTimeout(() => void flush(), wait);
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
      if (ours(r.target)) continue;
      if (r.type === 'characterData') {
        changed.add(r.target as Text);
        due = true;
        continue;
      }
      for (const n of r.addedNodes) if (!ours(n) && (n.nodeType === 1 || n.nodeType === 3)) pending.add(n.nodeType === 3 ? r.target : n);
      for (const n of r.removedNodes) if (!ours(n) && (n.nodeType === 1 || n.nodeType === 3)) removed = due = true;
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
  const unwatch = watchSettings((next) => void applySettings(next));
  ctx.onInvalidated(() => {
    unwatch();
    observer.disconnect();
    clearTimeout(timer);
    highlighter?.destroy();
  });
  // The popup: "flash-quote" shows one of this frame's quotes; the selection for the check (./popup-messages.ts).
  listenToPopup(ctx, { flash });

  // "Scan this page" and "Add this page to my sources" (./page-commands.ts).
  listenForPageCommands(ctx, {
    scanNow,
    ours: (el) => ours(el),
    scanState: () => (failure && !running ? { state: 'failed', error: errorMessage(failure) } : { state: 'working' }),
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
      await readIntoInSlices(page, body, { skip: (el) => ours(el) }, yieldToMain);
      await scan();
    });
  /** A paused site: no highlights, no card, no watching (the background drops the tab's report). */
  const deactivate = () => {
    observer.disconnect();
    clearTimeout(timer);
    pending.clear();
    firstPending = 0;
    card?.close();
    shown = [];
    highlighter?.set([]);
    highlighter?.focus(null);
    // Unwatched from now on: whatever the page does meanwhile, a resumed scan reads it afresh.
    stale = true;
  };
  /** Settings changed (any extension page): pause, resume, re-mark or restyle, without a reload. */
  async function applySettings(next: Settings) {
    const wasActive = active();
    const restyle = next.highlightStyle !== settings.highlightStyle;
    settings = next;
    mode = siteMode(settings, siteHost());
    if (wasActive && !active()) deactivate();
    else if (!wasActive && active()) await activate();
    else if (active()) {
      if (restyle) highlighter?.setStyle(settings.highlightStyle);
      await mark();
    }
  }
  /** The reader asked for a scan (popup): this page is scanned now and while it lives, unless its site is paused. */
  async function scanNow(): Promise<TabReplies['scan-now']> {
    settings = await getSettings();
    mode = siteMode(settings, siteHost());
    if (mode === 'paused') return { scanned: false, reason: 'paused' };
    asked = true;
    await activate();
    // The scan's own failure (the background never answered), for the popup to show instead of waiting.
    if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
    return { scanned: true, quotes: shown.length };
  }

  const start = async () => {
    if (ctx.isInvalid) return;
    settings = await getSettings().catch((error: unknown) => {
      warnCaught('the settings could not be read; scanning with the defaults', error);
      return { ...DEFAULT_SETTINGS };
    });
    mode = siteMode(settings, siteHost());
    if (active()) await activate();
  };
  const idle = (window as Window & { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number }).requestIdleCallback;
  // Called on the window: Firefox refuses a Window method called unbound in a content script ("called on an object
  // that does not implement interface Window").
  if (idle) idle.call(window, () => void start(), { timeout: 1000 });
  else setTimeout(() => void start(), 50);

  // Pointer: the quote under the pointer opens its card (highlights raise no events of their own).
  let hoverTimer: ReturnType<typeof setTimeout> | undefined;
  let pendingFrame = 0;
  const quoteAt = (x: number, y: number) => {
    const caret = caretAt(document, x, y);
    if (!caret) return -1;
    return shown.findIndex((s) => s.marked && rangesContain(s.ranges, caret.node, caret.offset, x, y));
  };
  // Each handler first asks whether the extension is still there: after an update or a reload this script is
  // orphaned, and asking is what tells it to remove its highlights and card and stop listening.
  ctx.addEventListener(document, 'pointermove', (e: PointerEvent) => {
    if (!shown.length || pendingFrame || ctx.isInvalid) return;
    const { clientX, clientY, target } = e;
    pendingFrame = requestAnimationFrame(() => {
      pendingFrame = 0;
      if (ours(target as Node)) {
        clearTimeout(hoverTimer);
        return;
      }
      const i = quoteAt(clientX, clientY);
      clearTimeout(hoverTimer);
      if (i >= 0 && i !== cardIndex) hoverTimer = setTimeout(() => openAt(i, false), HOVER_OPEN_MS);
      else if (i < 0 && card?.isOpen()) hoverTimer = setTimeout(() => card?.close(), HOVER_CLOSE_MS);
    });
  }, { passive: true });
  ctx.addEventListener(document, 'click', (e: MouseEvent) => {
    if (!shown.length || ours(e.target as Node) || ctx.isInvalid) return;
    const i = quoteAt(e.clientX, e.clientY);
    if (i >= 0) openAt(i, false);
    else card?.close();
  });
  // Keyboard: Alt+Shift+N / Alt+Shift+P step through the quotes; Escape closes the card.
  ctx.addEventListener(document, 'keydown', (e: KeyboardEvent) => {
    if (!shown.length || ctx.isInvalid) return;
    if (e.key === 'Escape' && card?.isOpen()) {
      card.close();
      return;
    }
    if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey || !shown.length) return;
    const key = e.code === 'KeyN' ? 1 : e.code === 'KeyP' ? -1 : 0;
    if (!key) return;
    const active = document.activeElement as HTMLElement | null;
    if (active && !ours(active) && (active.isContentEditable || /^(?:input|textarea|select)$/i.test(active.tagName))) return;
    e.preventDefault();
    step(key);
  }, { capture: true });

  function openAt(i: number, focus: boolean) {
    const s = shown[i];
    if (!s || !card) return;
    // Where the reader was before the keyboard brought them into the card (opened by hover or not), for Escape.
    if (focus && !ours(document.activeElement)) lastFocus = document.activeElement;
    cardIndex = i;
    highlighter?.focus(s.ranges);
    // Counted among the highlighted quotes: "Quote 2 of 5" is what the reader can step through.
    const marked = shown.filter((m) => m.marked);
    card.open({ quote: s.quote, index: Math.max(0, marked.indexOf(s)), total: marked.length, ranges: s.ranges }, { focus });
  }
  function step(delta: 1 | -1) {
    const n = shown.length;
    if (!shown.some((s) => s.marked)) return;
    let i = cardIndex < 0 ? (delta > 0 ? 0 : n - 1) : (cardIndex + delta + n) % n;
    while (!shown[i]!.marked) i = (i + delta + n) % n; // unmarked speakers' quotes are passed over
    // Bring the quote to the upper part of the window, leaving room for its card below it.
    const box = shown[i]!.ranges[0]?.getBoundingClientRect();
    if (box && (box.top < 0 || box.bottom > window.innerHeight * 0.4)) window.scrollBy({ top: box.top - window.innerHeight * 0.2, behavior: 'instant' });
    openAt(i, true);
  }
  let flashTimers: Array<ReturnType<typeof setTimeout>> = [];
  function flash(index: number): boolean {
    const s = shown[index];
    const box = s?.ranges[0]?.getBoundingClientRect();
    if (!s || !box || !s.ranges[0]!.startContainer.isConnected) return false;
    if (box.top < 0 || box.bottom > window.innerHeight) window.scrollBy({ top: box.top - window.innerHeight * 0.3, behavior: 'instant' });
    flashTimers.forEach(clearTimeout);
    // After the blink, the card's quote (if a card is open) keeps the focus highlight, as before.
    const rest = () => (cardIndex >= 0 ? (shown[cardIndex]?.ranges ?? null) : null);
    flashTimers = FLASH_STEPS_MS.map((ms, i) => setTimeout(() => highlighter?.focus(i === FLASH_STEPS_MS.length - 1 ? rest() : i % 2 ? null : s.ranges), ms));
    return true;
  }
  function closed() {
    cardIndex = -1;
    highlighter?.focus(null);
    if (lastFocus instanceof HTMLElement) lastFocus.focus();
    lastFocus = null;
  }
}
