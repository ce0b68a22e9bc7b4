// The reader's own sources: ids, the page a content script extracts, and the private-window rule (pure).
import { isIsoDay } from '@/lib/model/dates';
import type { Result, SourceId } from '@/lib/model/types';

/** A reader's own source shows in results as `user:` + its id (README: "The report"). */
export const USER_SOURCE_PREFIX = 'user:';

/** What the reader is told when adding a page from a private (incognito) window: nothing is stored there. */
export const PRIVATE_WINDOW_MESSAGE = 'Nothing is kept in a private window';

/** An article's text is capped at this many characters (a long article is 50,000; a runaway page must not fill the database). */
export const MAX_SOURCE_CHARS = 300_000;
/**
 * A reader's source keeps at most this many quotations, its first: grouping them costs time quadratic in their
 * number (about 1 s for 300 in the service worker), and a news article has tens.
 */
export const MAX_SOURCE_QUOTES = 300;

/** The SourceId of a reader's own source. */
export const userSourceId = (id: string) => `${USER_SOURCE_PREFIX}${id}` as SourceId;

/** True for the id of a reader's own source (as opposed to a bundled one). */
export const isUserSourceId = (id: string) => id.startsWith(USER_SOURCE_PREFIX);

/** A page as the content script extracts it for "Add this page to my sources". */
export interface ExtractedPage {
  /** The page's address, without its #fragment. */
  url: string;
  /** document.title, else the first h1; null when the page has neither. */
  title: string | null;
  /** YYYY-MM-DD, only where the page states its publication date; never invented. */
  published: string | null;
  /** The article's text, one paragraph a line (headline first where the page has one), as the corpus files are. */
  text: string;
  /** True in a private (incognito) window, where nothing may be kept. */
  incognito: boolean;
}

/** A reader's source as listed (without its text). */
export interface UserSourceSummary {
  id: string;
  sourceId: SourceId;
  title: string | null;
  url: string | null;
  published: string | null;
  /** When the reader added it (ISO 8601). */
  addedAt: string;
  /** How many quotations it holds. */
  quotes: number;
}

/**
 * Whether a page may be kept: never from a private window (the reader expects it to leave no trace),
 * and only with some article text. Pass what the tab and the content script know of the window.
 */
export function mayKeep(page: Pick<ExtractedPage, 'text'>, incognito: boolean): Result<true> {
  if (incognito) return { ok: false, error: PRIVATE_WINDOW_MESSAGE };
  if (!page.text.trim()) return { ok: false, error: 'This page has no article text to keep' };
  return { ok: true, value: true };
}


/** Checks what a content script sent back (it crossed a process boundary): the fields typed, the text capped. */
export function checkExtractedPage(value: unknown): Result<ExtractedPage> {
  const v = value as Partial<Record<keyof ExtractedPage, unknown>> | null;
  if (typeof v !== 'object' || v === null || typeof v.url !== 'string' || typeof v.text !== 'string') {
    return { ok: false, error: 'The page did not answer (reload it and try again)' };
  }
  let url: URL;
  try {
    url = new URL(v.url);
  } catch {
    return { ok: false, error: 'The page has no address that can be kept' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: 'Only web pages (http and https) can be kept' };
  url.hash = '';
  return {
    ok: true,
    value: {
      url: url.href,
      title: typeof v.title === 'string' && v.title.trim() ? v.title.trim().slice(0, 500) : null,
      published: isIsoDay(v.published) ? v.published : null,
      text: v.text.slice(0, MAX_SOURCE_CHARS),
      incognito: v.incognito === true,
    },
  };
}
