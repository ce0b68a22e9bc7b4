// The bench's result: its JSON shape, the budgets it is judged by, and the compact table printed to stdout.
import type { BundleFigures } from '@/scripts/bench/bundle';
import type { LookupFigures } from '@/scripts/bench/lookup';
import type { ExtensionFailure, ExtensionFigures, InPageFigures } from '@/scripts/bench/scan';
import type { Summary } from '@/scripts/bench/stats';

/** Scan time against page size: one point per scaled-down copy of a page. */
export interface ScalingFigures {
  page: string;
  points: Array<{ fraction: number; textChars: number; scan: Summary; readInto: Summary; scanDocument: Summary; floorB: Summary }>;
  /** Fitted exponent of scan time over text size (1: linear, 2: quadratic). */
  exponent: { scan: number; readInto: number; scanDocument: number };
  /** The full page's scan time predicted from the points. */
  predictedFullMs: { scan: number; readInto: number; scanDocument: number };
  /** Whether the full page was measured or only predicted (too slow to repeat). */
  fullMeasured: boolean;
  /** One guarded scan of the full page (n = 1): its time, or null when abandoned after `guardMs`. */
  fullOnceMs: number | null;
  guardMs: number;
}

/** A lookup size that was not measured, with figures extrapolated linearly from the largest size that was. */
export interface ExtrapolatedLookup {
  corpus: string;
  quotes: number;
  passages: number;
  from: string;
  /** Why it was not measured. */
  reason: string;
  loadMs: number;
  lookupP50: number;
  lookupP95: number;
  batchPerQuoteMs: number;
  coldLookupMs: number;
  indexedDbBytes: number;
}

/** One budget, judged. */
export interface Budget {
  name: string;
  limit: string;
  actual: string;
  status: 'PASS' | 'FAIL' | 'SKIP';
  /** Judged on a prediction (the measurement would have taken too long), not a measurement. */
  predicted?: boolean;
}

/** Everything bench.json holds. */
export interface BenchResult {
  meta: {
    date: string;
    chromium: string;
    node: string;
    cpus: number;
    durationMs: number;
    full: boolean;
    notes: string[];
  };
  scan: { inPage: InPageFigures[]; scaling: ScalingFigures[]; extension: Array<ExtensionFigures | ExtensionFailure> };
  lookup: { measured: LookupFigures[]; extrapolated: ExtrapolatedLookup[]; keyStats: KeyStats[] };
  bundle: BundleFigures;
  budgets: Budget[];
}

/** How selective the lookup index is at a corpus size: rows a lookup's keys point at. */
export interface KeyStats {
  corpus: string;
  /** Distinct keys of the quotes' index. */
  distinctQuoteKeys: number;
  /** The longest posting list of the quotes' key index (quotes sharing one key). */
  maxPostings: number;
  /** Per query: quote ids the multi-entry index returns for its keys (what `anyOf(keys).primaryKeys()` reads). */
  quoteIdsPerQueryP50: number;
  quoteIdsPerQueryP95: number;
  passageIdsPerQueryP50: number;
  passageIdsPerQueryP95: number;
}

const num = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(x >= 100 ? 0 : digits) : '-');
/** "median (min-max)" */
export const fmt = (s: Summary, digits = 1) => (s.runs === 0 ? '-' : `${num(s.median, digits)} (${num(s.min, digits)}\u2013${num(s.max, digits)})`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function table(title: string, head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [`\n${title}`, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The compact text report: every figure as median (min-max) over its runs. */
export function formatReport(r: BenchResult): string {
  const out: string[] = [];
  out.push(`QuoteTrail bench  ${r.meta.date}  ${r.meta.chromium}  node ${r.meta.node}  ${r.meta.cpus} cpus  ${(r.meta.durationMs / 1000).toFixed(0)} s`);
  out.push('Figures: median (min\u2013max) over the runs; ratios are per run against a baseline measured in the same run.');

  const scanRow = (p: InPageFigures, w: InPageFigures['warm']) => [
    p.page, String(p.textNodes), `${(p.textChars / 1e6).toFixed(2)}M`, Number.isNaN(p.quotesFound) ? '-' : String(p.quotesFound), fmt(w.floorA), fmt(w.floorB), fmt(w.floorC), fmt(w.scan),
    fmt(w.readInto), fmt(w.scanDocument), fmt(w.scanOverFloorB, 2), fmt(w.floorCOverFloorB, 2),
  ];
  const scanHead = ['page', 'nodes', 'chars', 'quotes', 'floor A ms', 'floor B ms', 'floor C ms', 'scan ms', 'readInto ms', 'scanDocument ms', 'scan/floor B', 'floor C/floor B'];
  out.push(table('1. SCAN in the page, warm (7 runs, steps interleaved)', scanHead, r.scan.inPage.map((p) => scanRow(p, p.warm))));
  out.push(table('   ... cold: each step first in a freshly loaded page', scanHead, r.scan.inPage.map((p) => scanRow(p, p.cold))));
  if (r.scan.scaling.length) {
    out.push(table(
      '   Scaling: scan time against page size (scaled-down copies; exponent 1 = linear, 2 = quadratic)',
      ['page', 'fraction', 'chars', 'floor B ms', 'scan ms', 'readInto ms', 'scanDocument ms'],
      r.scan.scaling.flatMap((s) => [
        ...s.points.map((p) => [s.page, `1/${Math.round(1 / p.fraction)}`, String(p.textChars), fmt(p.floorB), fmt(p.scan), fmt(p.readInto), fmt(p.scanDocument)]),
        [s.page, 'exponent', '', '', num(s.exponent.scan, 2), num(s.exponent.readInto, 2), num(s.exponent.scanDocument, 2)],
        [s.page, 'full: predicted', '', '', num(s.predictedFullMs.scan), num(s.predictedFullMs.readInto), num(s.predictedFullMs.scanDocument)],
        [s.page, 'full: one run (n=1)', '', '', s.fullOnceMs === null ? `> ${s.guardMs} (abandoned)` : num(s.fullOnceMs), '', ''],
      ]),
    ));
  }
  for (const p of r.scan.inPage) {
    const self = p.profile.bySelf.slice(0, 6).map((f) => `${f.name} [${f.module}] ${f.selfMs} ms`).join('; ');
    if (self) out.push(`   Profile of ${p.profile.runs} warm scans of ${p.page}, self time: ${self}`);
  }
  out.push(table(
    '   With the real extension (fresh tab per run; window: navigation start .. highlights + 200 ms; content script: CPU profile of 5 more runs)',
    ['page', 'content script longest ms', 'its total ms', 'main-thread stall ms', 'no extension', 'long-task API ms', 'no ext.', 'load\u2192report ms', 'load\u2192highlights ms', 'quotes', 'ranges'],
    r.scan.extension.map((e) => 'error' in e ? [e.page, `FAILED: ${e.error}`] : [
      e.page, fmt(e.contentScriptLongest), fmt(e.contentScriptTotal), fmt(e.longestStall), fmt(e.longestStallWithout), fmt(e.longestTask),
      fmt(e.longestTaskWithout), fmt(e.loadToReport), fmt(e.loadToHighlights), String(e.reportedQuotes), String(e.highlightedRanges),
    ]),
  ));

  out.push(table(
    '2. LOOKUP in the real service worker (messages from popup.html; 5 rounds; p50/p95 per round, then median over rounds)',
    ['corpus', 'quotes', 'passages', 'load ms (n=1)', 'status rtt ms', 'lookup p50', 'lookup p95', 'p50/status', 'batch of 100 ms', 'per quote', 'cold status', 'cold lookup', 'IndexedDB'],
    [
      ...r.lookup.measured.map((l) => [
        l.corpus, String(l.quotes), String(l.passages), num(l.loadMs), fmt(l.statusP50), fmt(l.lookupP50), fmt(l.lookupP95), fmt(l.lookupP50OverStatus),
        fmt(l.batchMs, 0), fmt(l.batchPerQuoteMs), fmt(l.coldStatusMs), fmt(l.coldLookupMs), mb(l.indexedDbBytes ?? l.indexedDbDirBytes),
      ]),
      ...r.lookup.extrapolated.map((x) => [
        `${x.corpus} (EXTRAPOLATED from ${x.from})`, String(x.quotes), String(x.passages), `~${num(x.loadMs)}`, '', `~${num(x.lookupP50)}`, `~${num(x.lookupP95)}`, '', '',
        `~${num(x.batchPerQuoteMs)}`, '', `~${num(x.coldLookupMs)}`, `~${mb(x.indexedDbBytes)}`,
      ]),
    ],
  ));
  if (r.lookup.measured.length) {
    out.push(table(
      '   By query kind: p50 ms (and how many found a match)',
      ['corpus', 'exact', 'fragment', 'variant', 'none'],
      r.lookup.measured.map((l) => [
        l.corpus,
        ...(['exact', 'fragment', 'variant', 'none'] as const).map((k) => `${fmt(l.lookupP50ByKind[k])} [${l.matched[k].matched}/${l.matched[k].sent}]`),
      ]),
    ));
  }
  if (r.lookup.measured.length) {
    out.push(table(
      '   Where the service worker\u2019s time went (CPU profile of one more round of lookups)',
      ['corpus', 'wall ms', 'idle (waiting on IndexedDB) %', 'IndexedDB calls %', 'extension JS (Dexie included) %', 'GC %', 'other %'],
      r.lookup.measured.map((l) => [l.corpus, String(l.workerSplit.wallMs), String(l.workerSplit.idlePct), String(l.workerSplit.indexedDbCallsPct), String(l.workerSplit.scriptPct), String(l.workerSplit.gcPct), String(l.workerSplit.otherPct)]),
    ));
  }
  if (r.lookup.keyStats.length) {
    out.push(table(
      '   Index selectivity (computed in Node from the same corpora and queries)',
      ['corpus', 'distinct quote keys', 'longest quote posting list', 'quote ids/query p50', 'p95', 'passage ids/query p50', 'p95'],
      r.lookup.keyStats.map((k) => [k.corpus, String(k.distinctQuoteKeys), String(k.maxPostings), String(k.quoteIdsPerQueryP50), String(k.quoteIdsPerQueryP95), String(k.passageIdsPerQueryP50), String(k.passageIdsPerQueryP95)]),
    ));
  }

  out.push(table('3. BUNDLE (.output/chrome-mv3; gzip -9)', ['file', 'raw', 'gzip'], r.bundle.files.map((f) => [f.path, kb(f.bytes), kb(f.gzipBytes)])));

  out.push(table('4. BUDGETS', ['budget', 'limit', 'actual', 'status'], r.budgets.map((b) => [b.name, b.limit, b.actual, b.status + (b.predicted ? ' (predicted)' : '')])));
  for (const note of r.meta.notes) out.push(`note: ${note}`);
  return out.join('\n');
}
