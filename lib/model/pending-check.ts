// A selection on its way to the popup: the context menu and the shortcut leave it in storage.session for the
// popup they open (which cannot take arguments), or put it in the URL of the window they open instead.

/** The storage.session key of the text the next popup should check. */
export const PENDING_CHECK_KEY = 'pending-check';
/** A pending text older than this is stale: its popup never opened, and a later popup must not show it. */
export const PENDING_CHECK_MAX_AGE_MS = 30_000;
/** A selection is cut to this length: longer than any quote, short enough for a URL. */
export const MAX_CHECK_CHARS = 1000;

/** What storage.session holds under PENDING_CHECK_KEY. */
export interface PendingCheck {
  text: string;
  /** Date.now() when it was stored. */
  at: number;
}

/** A selection as the check takes it: whitespace collapsed, trimmed, at most MAX_CHECK_CHARS. */
export function selectionToCheck(selection: string | undefined | null): string {
  return (selection ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_CHECK_CHARS).trim();
}

/** The text of a stored pending check if it is fresh, else null. */
export function freshPendingText(value: unknown, now: number): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const { text, at } = value as Partial<PendingCheck>;
  if (typeof text !== 'string' || typeof at !== 'number' || !text) return null;
  return now - at >= 0 && now - at <= PENDING_CHECK_MAX_AGE_MS ? text : null;
}

/** The popup page's path with `?check=<text>` (and nothing for an empty text). */
export function checkPath(text: string): string {
  return text ? `/popup.html?check=${encodeURIComponent(text)}` : '/popup.html';
}
