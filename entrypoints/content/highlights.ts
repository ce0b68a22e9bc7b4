// Marks quotes on the page without touching its text nodes or layout: the CSS Custom Highlight API,
// styled by a constructed style sheet (no <style> a strict CSP could block); <mark> wrappers only where the
// browser lacks the API.
import type { QuoteState } from '@/lib/ui/quote-state';
import type { HighlightStyle } from '@/lib/model/settings';
import { adoptSheet } from '@/entrypoints/content/adopt';

const STATES: QuoteState[] = ['exact', 'partial', 'variant', 'missing', 'misattributed'];
const name = (state: QuoteState) => `quotetrail-${state}`;

// Colour and a line style per state: meaning never rests on colour alone (the 'tint' style, by the reader's
// choice, keeps only the colour). Dark pages get lighter colours: the light page's lines reach barely 2.5:1 on
// #222, and their faint tints vanish (every line here is at least 3:1 on its kind of page).
type Look = { tint: string; line: string };
const LOOKS: Record<QuoteState, Look> = {
  exact: { tint: 'rgb(30 123 52 / 16%)', line: 'solid rgb(30 123 52) 2px' },
  partial: { tint: 'rgb(31 95 174 / 14%)', line: 'dashed rgb(31 95 174) 2px' },
  variant: { tint: 'rgb(154 98 0 / 16%)', line: 'dotted rgb(154 98 0) 2px' },
  missing: { tint: 'rgb(91 91 102 / 12%)', line: 'dashed rgb(91 91 102) 1px' },
  misattributed: { tint: 'rgb(179 38 30 / 16%)', line: 'wavy rgb(179 38 30) 2px' },
};
const DARK_LOOKS: Record<QuoteState, Look> = {
  exact: { tint: 'rgb(110 214 136 / 22%)', line: 'solid rgb(110 214 136) 2px' },
  partial: { tint: 'rgb(122 178 255 / 22%)', line: 'dashed rgb(122 178 255) 2px' },
  variant: { tint: 'rgb(240 180 60 / 22%)', line: 'dotted rgb(240 180 60) 2px' },
  missing: { tint: 'rgb(170 170 180 / 18%)', line: 'dashed rgb(170 170 180) 2px' },
  misattributed: { tint: 'rgb(255 120 110 / 24%)', line: 'wavy rgb(255 120 110) 2px' },
};

/** The highlight style sheet for one of the reader's highlight styles (settings: underline and/or tint), on a light or a dark page. */
export function highlightCss(style: HighlightStyle = 'underline+tint', dark = false): string {
  const tint = style !== 'underline';
  const line = style !== 'tint';
  const looks = dark ? DARK_LOOKS : LOOKS;
  const rule = (l: Look) =>
    [tint ? `background-color: ${l.tint};` : '', line ? `text-decoration: underline ${l.line};` : ''].filter(Boolean).join(' ');
  return [
    ...STATES.map((state) => `::highlight(${name(state)}) { ${rule(looks[state])} }`),
    `::highlight(quotetrail-focus) { background-color: rgb(255 213 79 / ${dark ? 32 : 55}%); }`,
    `mark[data-quotetrail] { color: inherit; ${rule({ tint: looks.partial.tint, line: 'dashed' })} }`,
  ].join('\n');
}

/** A computed colour as [r, g, b, alpha]: rgb()/rgba() as browsers give it, or #rgb/#rrggbb. */
function rgbaOf(css: string): [number, number, number, number] | null {
  const fn = /rgba?\(([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+%?))?/.exec(css);
  if (fn) {
    const a = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : Number(fn[4]);
    return [Number(fn[1]), Number(fn[2]), Number(fn[3]), a];
  }
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css.trim());
  if (!hex) return null;
  const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16), 1];
}

/**
 * Whether the page shows dark: the first opaque background of its body or root, else (both transparent) the
 * canvas, dark when the page allows a dark scheme and the reader prefers one.
 */
export function pageIsDark(doc: Document): boolean {
  const view = doc.defaultView;
  if (!view) return false;
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const colour = rgbaOf(view.getComputedStyle(el).backgroundColor);
    if (!colour || colour[3] < 0.5) continue;
    const [r, g, b] = colour.slice(0, 3).map((c) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 0.18;
  }
  const scheme = view.getComputedStyle(doc.documentElement).colorScheme ?? '';
  return /dark/.test(scheme) && view.matchMedia?.('(prefers-color-scheme: dark)').matches === true;
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
  let dark = pageIsDark(doc);
  sheet.replaceSync(highlightCss(style, dark));
  const setStyle = (next: HighlightStyle) => {
    style = next;
    sheet.replaceSync(highlightCss(style, dark));
  };
  // Asked again after every scan (a page may switch to its dark theme after load), once the browser is idle: the
  // sheet just adopted, or the page's own changes, leave its styles to recompute, and asking for a computed
  // colour in the scan's own task would make it recompute them there (some 40 ms on a 1 MB page).
  let queued = false;
  const recolour = () => {
    if (queued) return;
    queued = true;
    const run = () => {
      queued = false;
      const now = pageIsDark(doc);
      if (now === dark) return;
      dark = now;
      sheet.replaceSync(highlightCss(style, dark));
    };
    const idle = (win as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number } | null)?.requestIdleCallback;
    if (idle) idle.call(win, run, { timeout: 2000 });
    else setTimeout(run, 500);
  };
  // Not `[...doc.adoptedStyleSheets, sheet]`: a Firefox 140 content script cannot read that list (./adopt.ts).
  const unadopt = adoptSheet(doc, sheet);
  const wrapped: HTMLElement[] = [];

  const unwrap = () => {
    for (const mark of wrapped.splice(0)) mark.replaceWith(...mark.childNodes);
  };

  if (registry && Highlight) {
    return {
      native: true,
      setStyle,
      set(items) {
        recolour();
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
        unadopt();
      },
    };
  }
  // Fallback: wrap single-node ranges in <mark>; this changes the DOM, so it is used only without the API.
  return {
    native: false,
    setStyle,
    set(items) {
      recolour();
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
      unadopt();
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
