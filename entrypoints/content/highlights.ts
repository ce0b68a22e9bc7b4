// Marks quotes on the page without touching its text nodes or layout: the CSS Custom Highlight API,
// styled by a constructed style sheet (no <style> a strict CSP could block); <mark> wrappers only where the
// browser lacks the API.
import type { QuoteState } from '@/components/QuoteCard';
import type { HighlightStyle } from '@/lib/settings';

const STATES: QuoteState[] = ['exact', 'partial', 'variant', 'missing', 'misattributed'];
const name = (state: QuoteState) => `quotetrail-${state}`;

// Colour and a line style per state: meaning never rests on colour alone (the 'tint' style, by the reader's
// choice, keeps only the colour).
const LOOKS: Record<QuoteState, { tint: string; line: string }> = {
  exact: { tint: 'rgb(30 123 52 / 16%)', line: 'solid rgb(30 123 52) 2px' },
  partial: { tint: 'rgb(31 95 174 / 14%)', line: 'dashed rgb(31 95 174) 2px' },
  variant: { tint: 'rgb(154 98 0 / 16%)', line: 'dotted rgb(154 98 0) 2px' },
  missing: { tint: 'rgb(91 91 102 / 12%)', line: 'dashed rgb(91 91 102) 1px' },
  misattributed: { tint: 'rgb(179 38 30 / 16%)', line: 'wavy rgb(179 38 30) 2px' },
};

/** The highlight style sheet for one of the reader's highlight styles (settings: underline and/or tint). */
export function highlightCss(style: HighlightStyle = 'underline+tint'): string {
  const tint = style !== 'underline';
  const line = style !== 'tint';
  const rule = (l: { tint: string; line: string }) =>
    [tint ? `background-color: ${l.tint};` : '', line ? `text-decoration: underline ${l.line};` : ''].filter(Boolean).join(' ');
  return [
    ...STATES.map((state) => `::highlight(${name(state)}) { ${rule(LOOKS[state])} }`),
    '::highlight(quotetrail-focus) { background-color: rgb(255 213 79 / 55%); }',
    `mark[data-quotetrail] { color: inherit; ${rule({ tint: 'rgb(31 95 174 / 14%)', line: 'dashed' })} }`,
  ].join('\n');
}

type HighlightCtor = new (...ranges: Range[]) => unknown;
type Registry = Map<string, unknown>;

/** The page's highlights: set them all at once, step focus through them, remove them all. */
export interface Highlighter {
  set(items: Array<{ state: QuoteState; ranges: Range[] }>): void;
  focus(ranges: Range[] | null): void;
  /** True when the browser highlights without changing the page (the Custom Highlight API). */
  native: boolean;
  /** Restyles every highlight (the reader changed the highlight style). */
  setStyle(style: HighlightStyle): void;
  destroy(): void;
}

/** Creates the highlighter for a document. */
export function createHighlighter(doc: Document = document, style: HighlightStyle = 'underline+tint'): Highlighter {
  const win = doc.defaultView as (Window & { Highlight?: HighlightCtor; CSS: { highlights?: Registry } }) | null;
  const registry = win?.CSS?.highlights;
  const Highlight = win?.Highlight;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(highlightCss(style));
  const setStyle = (next: HighlightStyle) => sheet.replaceSync(highlightCss(next));
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  const wrapped: HTMLElement[] = [];

  const unwrap = () => {
    for (const mark of wrapped.splice(0)) mark.replaceWith(...mark.childNodes);
  };

  if (registry && Highlight) {
    return {
      native: true,
      setStyle,
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
    setStyle,
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
