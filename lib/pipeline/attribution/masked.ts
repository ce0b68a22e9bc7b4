// The document's text with its quotations blanked out, offsets kept: attribution reads only the words around quotes.
import { firstStartingAtOrAfter } from '@/lib/pipeline/binary-search';
import type { QuoteSpan } from '@/lib/pipeline/detect-quotes';

// A character that blanks quoted text out of the attribution context while keeping every offset.
// A private-use character: no page shows one, so it cannot be confused with the page's own text.
export const BLANK = '\uE000';
export const BLANK_CODE = 0xe000;

/** The text with its quotations blanked (what maskQuotes returns), read a slice at a time. */
export interface MaskedText {
  slice(start: number, end: number): string;
}

/** A MaskedText over `text`: each slice is blanked where it meets a quotation, and copied only then. */
export function maskedView(text: string, spans: QuoteSpan[]): MaskedText {
  const kept: QuoteSpan[] = [];
  for (const s of spans) if (!kept.length || s.open >= kept.at(-1)!.close) kept.push(s);
  const terminals = new Map<QuoteSpan, number>();
  const terminalOf = (s: QuoteSpan) => {
    let at = terminals.get(s);
    if (at === undefined) {
      const t = /[.!?](?=\s*$)/.exec(text.slice(s.start, s.end));
      at = t ? s.start + t.index : -1;
      terminals.set(s, at);
    }
    return at;
  };
  return {
    slice(start, end) {
      start = Math.max(0, start);
      end = Math.min(text.length, end);
      let k = firstStartingAtOrAfter(kept, start, (s) => s.open) - 1;
      if (k < 0 || kept[k]!.close <= start) k++;
      if (k >= kept.length || kept[k]!.open >= end) return text.slice(start, end);
      const out: string[] = [];
      let at = start;
      for (; k < kept.length && kept[k]!.open < end; k++) {
        const s = kept[k]!;
        const from = Math.max(start, s.open);
        const to = Math.min(end, s.close);
        out.push(text.slice(at, from));
        const inner = text.slice(from, to);
        let blank = inner.includes('\n') ? inner.replace(/[^\n]/g, BLANK) : BLANK.repeat(inner.length);
        const t = terminalOf(s);
        if (t >= from && t < to) blank = blank.slice(0, t - from) + text[t] + blank.slice(t - from + 1);
        out.push(blank);
        at = to;
      }
      out.push(text.slice(at, end));
      return out.join('');
    },
  };
}

/** Blanks every quotation out of the text, keeping its offsets and a closing ./!/? (which ends the sentence). */
export function maskQuotes(text: string, spans: QuoteSpan[]): string {
  return maskedView(text, spans).slice(0, text.length);
}
