// The card feature: which quote's card is open, opening it from the pointer (rest on a quote, or click it) or the
// keyboard (step to the next or previous marked quote), and where focus goes back when it closes. The card itself
// is placed by ./card.tsx and rendered by components/QuoteCard.tsx.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createCard, type CardHost } from '@/entrypoints/content/card';
import { caretAt, rangesContain } from '@/entrypoints/content/highlights';
import type { PageMarks } from '@/entrypoints/content/page-marks';
import type { ShownQuotes } from '@/entrypoints/content/shown';

/** How long the pointer rests on a quote before its card opens, and leaves it before the card closes. */
const HOVER_OPEN_MS = 250;
const HOVER_CLOSE_MS = 400;

/** The index of the marked quote to step to from `current` (-1: none open yet), passing over unmarked ones. */
export function nextMarked(marked: readonly boolean[], current: number, delta: 1 | -1): number {
  const n = marked.length;
  if (!marked.some(Boolean)) return -1;
  let i = current < 0 ? (delta > 0 ? 0 : n - 1) : (current + delta + n) % n;
  while (!marked[i]) i = (i + delta + n) % n;
  return i;
}

/** The card feature's controls, for the keyboard and the popup's commands. */
export interface CardControl {
  /** After the quotes were (re)marked: creates the card once something is marked, closes it on an unmarked quote. */
  update(): Promise<void>;
  close(): void;
  isOpen(): boolean;
  /** Steps to the next (1) or previous (-1) marked quote, scrolls it into view and focuses its card. */
  step(delta: 1 | -1): void;
  /** The ranges of the quote whose card is open (null: none). */
  openRanges(): Range[] | null;
  /** Whether a node is part of our own UI (never read as page text, never a quote). */
  ours(node: Node | null): boolean;
}

/** Creates the card feature; its listeners go with `ctx`. */
export function createCardControl(ctx: ContentScriptContext, quotes: ShownQuotes, marks: PageMarks): CardControl {
  let card: CardHost | null = null;
  let creating: Promise<CardHost> | null = null;
  let cardIndex = -1;
  let lastFocus: Element | null = null;
  const ours = (node: Node | null) => card?.contains(node) ?? false;

  function openAt(i: number, focus: boolean) {
    const s = quotes.list[i];
    if (!s || !card) return;
    // Where the reader was before the keyboard brought them into the card (opened by hover or not), for Escape.
    if (focus && !ours(document.activeElement)) lastFocus = document.activeElement;
    cardIndex = i;
    marks.focus(s.ranges);
    // Counted among the highlighted quotes: "Quote 2 of 5" is what the reader can step through.
    const marked = quotes.list.filter((m) => m.marked);
    card.open({ quote: s.quote, index: Math.max(0, marked.indexOf(s)), total: marked.length, ranges: s.ranges }, { focus });
  }
  function step(delta: 1 | -1) {
    const i = nextMarked(quotes.list.map((s) => s.marked), cardIndex, delta);
    if (i < 0) return;
    // Bring the quote to the upper part of the window, leaving room for its card below it.
    const box = quotes.list[i]!.ranges[0]?.getBoundingClientRect();
    if (box && (box.top < 0 || box.bottom > window.innerHeight * 0.4)) window.scrollBy({ top: box.top - window.innerHeight * 0.2, behavior: 'instant' });
    openAt(i, true);
  }
  function closed() {
    cardIndex = -1;
    marks.focus(null);
    if (lastFocus instanceof HTMLElement) lastFocus.focus();
    lastFocus = null;
  }

  // Pointer: the quote under the pointer opens its card (highlights raise no events of their own).
  let hoverTimer: ReturnType<typeof setTimeout> | undefined;
  let pendingFrame = 0;
  const quoteAt = (x: number, y: number) => {
    const caret = caretAt(document, x, y);
    if (!caret) return -1;
    return quotes.list.findIndex((s) => s.marked && rangesContain(s.ranges, caret.node, caret.offset, x, y));
  };
  // Each handler first asks whether the extension is still there: after an update or a reload this script is
  // orphaned, and asking is what tells it to remove its highlights and card and stop listening.
  ctx.addEventListener(document, 'pointermove', (e: PointerEvent) => {
    if (!quotes.list.length || pendingFrame || ctx.isInvalid) return;
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
    if (!quotes.list.length || ours(e.target as Node) || ctx.isInvalid) return;
    const i = quoteAt(e.clientX, e.clientY);
    if (i >= 0) openAt(i, false);
    else card?.close();
  });
  ctx.onInvalidated(() => clearTimeout(hoverTimer));

  return {
    async update() {
      if (cardIndex >= 0 && !quotes.list[cardIndex]?.marked) card?.close();
      if (card || !quotes.list.some((s) => s.marked)) return;
      creating ??= createCard(ctx, { sourcesSearched: () => quotes.sourcesSearched, onStep: step, onClose: closed });
      card = await creating;
    },
    close: () => card?.close(),
    isOpen: () => card?.isOpen() ?? false,
    step,
    openRanges: () => (cardIndex >= 0 ? (quotes.list[cardIndex]?.ranges ?? null) : null),
    ours,
  };
}
