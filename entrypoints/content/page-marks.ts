// Highlights: the shown quotes marked on the page as the reader's settings say (whose quotes, which style), the
// focus highlight of the quote whose card is open, and the blink that shows a quote chosen in the popup.
import { isMarked, type Settings } from '@/lib/model/settings';
import { quoteState } from '@/lib/ui/quote-state';
import { createHighlighter, type Highlighter } from '@/entrypoints/content/highlights';
import type { ShownQuotes } from '@/entrypoints/content/shown';

/** A quote chosen in the popup blinks on, off, then stays lit this long: enough to find it on the page. */
const FLASH_STEPS_MS = [0, 300, 500, 1800];

/** The page's marks for this frame's shown quotes. */
export interface PageMarks {
  /** Marks the shown quotes the settings mark (and restyles, when the reader changed the highlight style). */
  mark(): void;
  /** Removes every mark (the quotes were taken down); `unfocus` also drops the focus highlight. */
  clear(unfocus: boolean): void;
  /** Lights these ranges as the focused quote (null: none). */
  focus(ranges: Range[] | null): void;
  /** Scrolls to shown quote `index` and blinks it, then lights `rest()` again; false when there is no such quote. */
  flash(index: number, rest: () => Range[] | null): boolean;
  destroy(): void;
}

/** Creates the marks (the highlighter itself only once something is to be marked). */
export function createPageMarks(doc: Document, quotes: ShownQuotes, settings: () => Settings): PageMarks {
  let highlighter: Highlighter | null = null;
  let style = settings().highlightStyle;
  let flashTimers: Array<ReturnType<typeof setTimeout>> = [];
  return {
    mark() {
      const now = settings();
      for (const s of quotes.list) s.marked = isMarked(now, s.quote);
      if (highlighter && now.highlightStyle !== style) highlighter.setStyle(now.highlightStyle);
      style = now.highlightStyle;
      highlighter ??= createHighlighter(doc, style);
      highlighter.set(quotes.list.filter((s) => s.marked).map((s) => ({ state: quoteState(s.quote), ranges: s.ranges })));
    },
    clear(unfocus) {
      highlighter?.set([]);
      if (unfocus) highlighter?.focus(null);
    },
    focus(ranges) {
      highlighter?.focus(ranges);
    },
    flash(index, rest) {
      const s = quotes.list[index];
      const box = s?.ranges[0]?.getBoundingClientRect();
      if (!s || !box || !s.ranges[0]!.startContainer.isConnected) return false;
      const view = doc.defaultView!;
      if (box.top < 0 || box.bottom > view.innerHeight) view.scrollBy({ top: box.top - view.innerHeight * 0.3, behavior: 'instant' });
      flashTimers.forEach(clearTimeout);
      const last = FLASH_STEPS_MS.length - 1;
      flashTimers = FLASH_STEPS_MS.map((ms, i) => setTimeout(() => highlighter?.focus(i === last ? rest() : i % 2 ? null : s.ranges), ms));
      return true;
    },
    destroy() {
      flashTimers.forEach(clearTimeout);
      highlighter?.destroy();
    },
  };
}
