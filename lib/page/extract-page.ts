// Extracts a page for "Add this page to my sources": its title, stated publication date and article text, as
// plain-text lines like a corpus file's (the document is a parameter: this runs in the content script and in tests).
import type { ExtractedPage } from '@/lib/model/reader-sources';
import { readPage, type ReadOptions } from '@/lib/page/read-page';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/;
// JSON-LD blocks larger than this are not parsed (a page must not make us parse megabytes).
const MAX_JSON_LD_CHARS = 200_000;
const OPEN_MARKS = /^["'\u201C\u201E\u2018\u00AB]/;

/** YYYY-MM-DD from a stated date-time ("2026-03-01T09:30:00-05:00": the date as the page states it), else null. */
export function isoDay(value: string | null | undefined): string | null {
  const m = ISO_DATE.exec(value?.trim() ?? '');
  if (!m) return null;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  // Rejects 2026-02-30 and the like: the parts must survive a round trip.
  return date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d) ? `${y}-${mo}-${d}` : null;
}

/** datePublished from the page's JSON-LD (any object, in arrays and @graph), or null. */
function jsonLdDate(doc: Document): string | null {
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    const source = script.textContent ?? '';
    if (source.length > MAX_JSON_LD_CHARS) continue;
    let data: unknown;
    try {
      data = JSON.parse(source);
    } catch {
      continue;
    }
    const stack = [data];
    for (let seen = 0; stack.length && seen < 1000; seen++) {
      const node = stack.pop();
      if (Array.isArray(node)) stack.push(...node);
      else if (node && typeof node === 'object') {
        const published = isoDay(typeof (node as { datePublished?: unknown }).datePublished === 'string' ? (node as { datePublished: string }).datePublished : null);
        if (published) return published;
        const graph = (node as { '@graph'?: unknown })['@graph'];
        if (graph) stack.push(graph);
      }
    }
  }
  return null;
}

/**
 * The publication date the page states, as YYYY-MM-DD: `<meta property="article:published_time">`, its
 * JSON-LD `datePublished`, or the article's `<time datetime>` (an article's first one is its dateline). Never guessed.
 */
export function publishedDate(doc: Document): string | null {
  const meta = doc.querySelector('meta[property="article:published_time"], meta[name="article:published_time"]');
  return (
    isoDay(meta?.getAttribute('content'))
    ?? jsonLdDate(doc)
    ?? isoDay(doc.querySelector('article time[datetime]')?.getAttribute('datetime'))
  );
}

/** The page's title: document.title, else its first h1; null when it has neither. */
export function pageTitle(doc: Document): string | null {
  const title = doc.title.replace(/\s+/g, ' ').trim();
  if (title) return title;
  const h1 = doc.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim();
  return h1 || null;
}

/**
 * The article's text: the page reader's article zone (no navigation, sidebars, comments or footers), one
 * block a line. Quotations that only markup marks (`<q>`, a `<blockquote>` without marks, within one block)
 * get quotation marks, so that the corpus code, which reads plain text, still sees them as quotations.
 */
export function articleText(doc: Document, options: ReadOptions = {}): string {
  const page = readPage(doc, options);
  const marks = page.elementQuotes
    .map((q) => {
      let end = q.attribution ? q.attribution.start : q.end;
      while (end > q.start && /\s/.test(page.text[end - 1]!)) end--; // the line break before the attribution
      return { start: q.start, end };
    })
    .filter((q) => q.end > q.start && !OPEN_MARKS.test(page.text.slice(q.start, q.end).trim()))
    .sort((a, b) => a.start - b.start);
  const lines: string[] = [];
  for (const block of page.blocks) {
    if (block.zone !== 'article') continue;
    let line = '';
    let at = block.start;
    for (const q of marks) {
      // A quotation across blocks, or inside one already marked: left as it is.
      if (q.start < Math.max(at, block.start) || q.end > block.end) continue;
      const inner = page.text.slice(q.start, q.end).trimEnd();
      line += `${page.text.slice(at, q.start)}\u201C${inner}\u201D`;
      at = q.start + inner.length;
    }
    line += page.text.slice(at, block.end);
    if (line.trim()) lines.push(line.trim());
  }
  return lines.join('\n');
}

/** Everything "Add this page" keeps of a page, but whether the window is private (the caller knows that). */
export function extractPage(doc: Document, url: string, options: ReadOptions = {}): Omit<ExtractedPage, 'incognito'> {
  return { url: url.replace(/#.*$/, ''), title: pageTitle(doc), published: publishedDate(doc), text: articleText(doc, options) };
}
