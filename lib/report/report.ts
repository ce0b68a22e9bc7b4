// The page report (README: "The report"): which quotes a scan reports, their matches, one report per tab.
import { wordCount } from '@/lib/pipeline/text';
import type { PageQuote, QuoteMatch, ScannedQuote, StoredQuote, StoredReport } from '@/lib/model/types';

/** The storage.session key of a tab's report: exactly one per tab, nothing else under `report:`. */
export const reportKey = (tabId: number) => `report:${tabId}`;

/** Other quotations are reported only from this length, and only when they match the corpus. */
export const MIN_UNATTRIBUTED_WORDS = 3;
/** storage.session holds about 10 MB for everything: one tab's report stays well under that. */
export const MAX_REPORT_BYTES = 1_000_000;
/** And a reader cannot use more than this many quotes on one page anyway. */
export const MAX_REPORT_QUOTES = 1000;

/** True when a scan needs a lookup for this quote: ours, or long enough to be reported if it matches. */
export function worthLooking(q: ScannedQuote): boolean {
  return q.speaker !== null || wordCount(q.text) >= MIN_UNATTRIBUTED_WORDS;
}

/**
 * Turns a scan's quotes and their lookups into report quotes: every quote the page attributes to one of
 * the four, and every other quote of three words or more that matches; null for the rest.
 */
export function toPageQuote(q: ScannedQuote, match: QuoteMatch | null): PageQuote | null {
  if (q.speaker === null && (!match || wordCount(q.text) < MIN_UNATTRIBUTED_WORDS)) return null;
  return {
    text: q.text,
    ...(q.parts && q.parts.length > 1 ? { parts: q.parts } : {}),
    speaker: q.speaker,
    match: match ? { ...match, misattributed: q.speaker !== null && match.speaker !== null && q.speaker !== match.speaker } : null,
  };
}

/**
 * Puts one frame's quotes into the tab's report: the top document's quotes first, then each frame's in
 * frame order. A new top-frame URL starts a new report.
 */
export function mergeReport(
  existing: StoredReport | undefined,
  scan: { url: string; frameId: number; quotes: PageQuote[]; scannedAt: string; topUrl?: string; truncated?: boolean },
): StoredReport {
  // A report is removed when its tab navigates, so a report the top frame has not written yet is this page's.
  const sameDocument = existing && (scan.frameId !== 0 || !existing.top || existing.url === scan.url);
  const kept: StoredQuote[] = sameDocument ? existing.quotes.filter((q) => q.frameId !== scan.frameId) : [];
  const added: StoredQuote[] = scan.quotes.map((q) => ({ ...q, frameId: scan.frameId }));
  const quotes = [...kept, ...added].sort((a, b) => a.frameId - b.frameId); // stable: page order within a frame
  const top = scan.frameId === 0 || (sameDocument && existing.top === true);
  // Until the top frame reports, a frame's guess at the top URL (its parent's, or its referrer) stands in.
  const url = scan.frameId === 0 ? scan.url : (existing?.url ?? scan.topUrl ?? scan.url);
  const report: StoredReport = capReport<StoredReport>({ url, scannedAt: scan.scannedAt, quotes, top });
  // A frame that left quotes out (too many to look up) keeps the report marked until it reports again whole.
  const framesTruncated = new Set([...(sameDocument ? existing.truncatedFrames ?? [] : []), scan.frameId]);
  if (!scan.truncated) framesTruncated.delete(scan.frameId);
  if (framesTruncated.size) {
    report.truncated = true;
    report.truncatedFrames = [...framesTruncated];
  }
  return report;
}

/** Keeps a report within MAX_REPORT_QUOTES and MAX_REPORT_BYTES, marking it `truncated` when it drops quotes. */
export function capReport<R extends { quotes: unknown[]; truncated?: boolean }>(report: R): R {
  let quotes = report.quotes.slice(0, MAX_REPORT_QUOTES);
  let truncated = quotes.length < report.quotes.length;
  let size = JSON.stringify({ ...report, quotes }).length;
  while (size > MAX_REPORT_BYTES && quotes.length > 0) {
    // Cut proportionally, then trim: one JSON.stringify per step keeps this linear in practice.
    quotes = quotes.slice(0, Math.max(0, Math.floor((quotes.length * MAX_REPORT_BYTES) / size) - 1));
    truncated = true;
    size = JSON.stringify({ ...report, quotes }).length;
  }
  const out = { ...report, quotes };
  if (truncated) out.truncated = true;
  else delete out.truncated;
  return out;
}
