// Marks quotes on the page without touching its text nodes or layout: the CSS Custom Highlight API,
// styled by a constructed style sheet (no <style> a strict CSP could block); <mark> wrappers only where the
// browser lacks the API.
import type { QuoteState } from '@/components/QuoteCard';

const STATES: QuoteState[] = ['exact', 'partial', 'variant', 'missing', 'misattributed'];
const name = (state: QuoteState) => `quotetrail-${state}`;

// Colour and a line style per state: meaning never rests on colour alone.
const STYLE = `
::highlight(quotetrail-exact) { background-color: rgb(30 123 52 / 16%); text-decoration: underline solid rgb(30 123 52) 2px; }
::highlight(quotetrail-partial) { background-color: rgb(31 95 174 / 14%); text-decoration: underline dashed rgb(31 95 174) 2px; }
::highlight(quotetrail-variant) { background-color: rgb(154 98 0 / 16%); text-decoration: underline dotted rgb(154 98 0) 2px; }
::highlight(quotetrail-missing) { background-color: rgb(91 91 102 / 12%); text-decoration: underline dashed rgb(91 91 102) 1px; }
::highlight(quotetrail-misattributed) { background-color: rgb(179 38 30 / 16%); text-decoration: underline wavy rgb(179 38 30) 2px; }
::highlight(quotetrail-focus) { background-color: rgb(255 213 79 / 55%); }
mark[data-quotetrail] { background: rgb(31 95 174 / 14%); color: inherit; text-decoration: underline dashed; }
`;

type HighlightCtor = new (...ranges: Range[]) => unknown;
type Registry = Map<string, unknown>;

/** The page's highlights: set them all at once, step focus through them, remove them all. */
export interface Highlighter {
  set(items: Array<{ state: QuoteState; ranges: Range[] }>): void;
  focus(ranges: Range[] | null): void;
  /** True when the browser highlights without changing the page (the Custom Highlight API). */
  native: boolean;
  destroy(): void;
}

/** Creates the highlighter for a document. */
export function createHighlighter(doc: Document = document): Highlighter {
  const win = doc.defaultView as (Window & { Highlight?: HighlightCtor; CSS: { highlights?: Registry } }) | null;
  const registry = win?.CSS?.highlights;
  const Highlight = win?.Highlight;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  const wrapped: HTMLElement[] = [];

  const unwrap = () => {
    for (const mark of wrapped.splice(0)) mark.replaceWith(...mark.childNodes);
  };

  if (registry && Highlight) {
    return {
      native: true,
      set(items) {
        for (const state of STATES) {
          const ranges = items.filter((i) => i.state === state).flatMap((i) => i.ranges);
          if (ranges.length) registry.set(name(state), new Highlight(...ranges));
          else registry.delete(name(state));
        }
      },
      focus(ranges) {
        if (ranges?.length) registry.set('quotetrail-focus', new Highlight(...ranges));
        else registry.delete('quotetrail-focus');
      },
      destroy() {
        for (const state of STATES) registry.delete(name(state));
        registry.delete('quotetrail-focus');
        doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
      },
    };
  }
  // Fallback: wrap single-node ranges in <mark>; this changes the DOM, so it is used only without the API.
  return {
    native: false,
    set(items) {
      unwrap();
      for (const item of items) {
        for (const range of item.ranges) {
          if (range.startContainer !== range.endContainer) continue;
          const mark = doc.createElement('mark');
          mark.dataset.quotetrail = item.state;
          try {
            range.surroundContents(mark);
            wrapped.push(mark);
          } catch {
            // a range the page changed since: leave it unmarked
          }
        }
      }
    },
    focus() {},
    destroy() {
      unwrap();
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    },
  };
}

/** The text position under a point: caretPositionFromPoint where the browser has it, else caretRangeFromPoint. */
export function caretAt(doc: Document, x: number, y: number): { node: Node; offset: number } | null {
  const d = doc as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  if (d.caretPositionFromPoint) {
    const p = d.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  const r = d.caretRangeFromPoint?.(x, y);
  return r ? { node: r.startContainer, offset: r.startOffset } : null;
}

/** True when a point lies on one of the ranges' boxes (a caret position alone also matches the space around). */
export function rangesContain(ranges: Range[], node: Node, offset: number, x: number, y: number): boolean {
  return ranges.some((r) => {
    try {
      if (!r.isPointInRange(node, offset)) return false;
    } catch {
      return false;
    }
    for (const box of r.getClientRects()) if (x >= box.left && x <= box.right && y >= box.top && y <= box.bottom) return true;
    return false;
  });
}
