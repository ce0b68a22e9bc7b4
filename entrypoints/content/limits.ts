// How much a page can make the content script do: the README's figures, in one place that tests import as they are.

/** Text that changes is read again no sooner than this after the last change (coalescing bursts). */
export const SETTLE_MS = 300;
/** …and no later than this after the first change, however busy the page. */
export const MAX_WAIT_MS = 1000;
/** At most this many rescans a minute: a page that mutates without pause cannot keep us busy. */
export const MAX_RESCANS_PER_MINUTE = 20;
/** A frame stops reading new text past this size (a runaway page must not fill memory). */
export const MAX_PAGE_CHARS = 8_000_000;
