// A trace of every failure the extension catches and goes on from: one console warning, with one prefix, in the
// console of the context that caught it (the page's for the content script, the background's, the popup's).
import { errorMessage } from '@/lib/model/protocol';

/** What every warning of ours starts with: search the console (or Firefox's stdout) for it. */
export const WARN_PREFIX = 'QuoteTrail:';

/** What the browser says when a tab or frame has no content script to answer (or none that answered). */
export const NO_RECEIVER = /Receiving end does not exist|Could not establish connection|no QuoteTrail content script/i;

/** Warns that `what` failed and what was done instead; the error itself follows, for its stack. */
export function warnCaught(what: string, error: unknown): void {
  console.warn(`${WARN_PREFIX} ${what}: ${errorMessage(error)}`, error);
}
