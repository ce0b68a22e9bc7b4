// `npm run bench`: page scan, lookup and bundle figures in headless Chromium, each the median of several runs and
// a ratio against a baseline measured in the same run; prints a table, writes bench-output/bench.json, and exits
// non-zero when a budget is broken. Options: --full (measure even what would take minutes), --only=scan,lookup,bundle,
// --sizes=seed,10000,100000.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import type { CorpusFile } from '@/lib/model/corpus';
import { chromiumPath, launch, servePages } from '@/scripts/bench/browser';
import { measureBundle, CONTENT_SCRIPT } from '@/scripts/bench/bundle';
import { queries, syntheticCorpus } from '@/scripts/bench/corpus-gen';
import { keyStats } from '@/scripts/bench/key-stats';
import { measureLookups, type LookupFigures, type LookupPlan } from '@/scripts/bench/lookup';
import { syntheticArticle, syntheticLiveblog, type SyntheticPage } from '@/scripts/bench/pages';
import { formatReport, type BenchResult, type Budget, type ExtrapolatedLookup, type KeyStats, type ScalingFigures } from '@/scripts/bench/report';
import {
  bundlePageEntry, guardScan, measureExtension, measureInPage, measureScanPoint, PAGE_PROBE, profilePage, type ExtensionFigures, type InPageFigures,
} from '@/scripts/bench/scan';
import { loadSeeds, type SeedMaterial } from '@/scripts/bench/seeds';
import { fitExponent, round } from '@/scripts/bench/stats';

const ROOT = resolve(import.meta.dirname, '..');
const BUILT = join(ROOT, '.output', 'chrome-mv3');
const OUT_DIR = join(ROOT, 'bench-output');

// Budgets (the numbers the lead set).
const SCAN_OVER_FLOOR_B_MAX = 2;
const LONG_TASK_MAX_MS = 50;
const LOOKUP_P95_MAX_MS = 5;
const COLD_START_MAX_MS = 300;
const CONTENT_SCRIPT_GZIP_MAX = 40 * 1024;
const BUDGET_CORPUS = 100_000;

// Runs: every figure is the median of at least five.
const RUNS = { warm: 7, cold: 5, profiled: 5 };
const PROBE_RUNS = 5;
const EXTENSION_RUNS = 5;
const LOOKUP_PLAN: LookupPlan = { rounds: 5, perRound: 100, batch: 100, coldRuns: 5, loadTimeoutMs: 120_000 };

// Time boxes: without --full, what would take minutes is predicted from smaller runs instead of measured.
/** A full-page scan slower than this is not repeated (19 scans per page would take minutes). */
const SLOW_SCAN_MS = 2_000;
/** The one guarded scan of a full page is abandoned after this. */
const GUARD_MS = 10_000;
/** When the full page is too slow, the extension runs on the largest scaled copy that scans within this. */
const SLOW_EXTENSION_SCAN_MS = 1_000;
/** A corpus whose load is predicted slower than this is extrapolated, not loaded (never the budget's size). */
const LOAD_BOX_MS = 120_000;
/** The budget's size is always loaded: its budgets are judged on measured figures. Its load may take this long. */
const BUDGET_LOAD_TIMEOUT_MS = 600_000;
/** Scaled-down copies of each page, for the scaling curve. */
const FRACTIONS = [1 / 32, 1 / 16, 1 / 8];

interface Options {
  full: boolean;
  only: Set<'scan' | 'lookup' | 'bundle'>;
  sizes: Array<'seed' | number>;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { full: false, only: new Set(['scan', 'lookup', 'bundle']), sizes: ['seed', 10_000, 100_000] };
  for (const arg of argv) {
    if (arg === '--full') options.full = true;
    else if (arg.startsWith('--only=')) options.only = new Set(arg.slice(7).split(',') as Array<'scan' | 'lookup' | 'bundle'>);
    else if (arg.startsWith('--sizes=')) options.sizes = arg.slice(8).split(',').map((s) => (s === 'seed' ? 'seed' : Number(s)));
    else throw new Error(`unknown option ${arg} (options: --full, --only=scan,lookup,bundle, --sizes=seed,10000,100000)`);
  }
  return options;
}

const log = (message: string) => process.stderr.write(`[bench ${(performance.now() / 1000).toFixed(0)}s] ${message}\n`);

/** Section 1: scaling probes, the in-page scan, and the real extension on each page. */
async function scanSection(seeds: SeedMaterial, full: boolean, notes: string[]): Promise<BenchResult['scan']> {
  const makers: Array<{ full: SyntheticPage; at: (fraction: number) => SyntheticPage }> = [
    { full: syntheticArticle(seeds), at: (f) => syntheticArticle(seeds, Math.round(1_000_000 * f)) },
    { full: syntheticLiveblog(seeds), at: (f) => syntheticLiveblog(seeds, Math.max(4, Math.round(600 * f))) },
  ];
  const served = new Map<string, string>();
  const server = await servePages(served);
  const qt = await bundlePageEntry(ROOT);
  const plain = await launch({ args: ['--js-flags=--expose-gc'] });
  const withExt = await launch({ extensionDir: BUILT });
  const result: BenchResult['scan'] = { inPage: [], scaling: [], extension: [] };
  try {
    await plain.context.addInitScript(PAGE_PROBE);
    await withExt.context.addInitScript(PAGE_PROBE);
    for (const maker of makers) {
      const name = maker.full.name;
      served.set(`/${name}.html`, maker.full.html);
      // Scaling: the scan on scaled-down copies tells how it grows, and whether the full page can be repeated.
      const points: ScalingFigures['points'] = [];
      const probes: Array<{ fraction: number; path: string }> = [];
      for (const fraction of FRACTIONS) {
        const page = maker.at(fraction);
        const path = `/${name}-1of${Math.round(1 / fraction)}.html`;
        served.set(path, page.html);
        probes.push({ fraction, path });
        log(`scan: ${name} at 1/${Math.round(1 / fraction)}`);
        const point = await measureScanPoint(plain.context, server.origin + path, qt, PROBE_RUNS);
        points.push({ fraction, textChars: point.textChars, ...pick(point.figures) });
      }
      const chars = points.map((p) => p.textChars);
      const exponent = {
        scan: fitExponent(chars, points.map((p) => p.scan.median)),
        readInto: fitExponent(chars, points.map((p) => p.readInto.median)),
        scanDocument: fitExponent(chars, points.map((p) => p.scanDocument.median)),
      };
      const last = points.at(-1)!;
      const grow = (ms: number, k: number) => round(ms * (maker.full.textChars / last.textChars) ** k);
      const predictedFullMs = {
        scan: grow(last.scan.median, exponent.scan),
        readInto: grow(last.readInto.median, exponent.readInto),
        scanDocument: grow(last.scanDocument.median, exponent.scanDocument),
      };
      // The small copies can misstate the growth: one guarded scan of the full page decides (and gives one figure).
      log(`scan: ${name}, one guarded scan (abandoned after ${GUARD_MS} ms)`);
      const fullOnceMs = await guardScan(plain.context, server.origin + `/${name}.html?guard`, qt, GUARD_MS);
      const measurable = full || (fullOnceMs !== null && fullOnceMs <= SLOW_SCAN_MS);
      result.scaling.push({ page: name, points, exponent, predictedFullMs, fullMeasured: measurable, fullOnceMs, guardMs: GUARD_MS });

      log(`scan: ${name} in the page${measurable ? '' : ` (floors only: one scan took ${fullOnceMs ?? `> ${GUARD_MS}`} ms)`}`);
      const figures = await measureInPage(plain.context, server.origin + `/${name}.html`, maker.full, qt, RUNS, measurable);
      if (!measurable) {
        const probe = probes.at(-1)!;
        figures.profile = await profilePage(plain.context, server.origin + probe.path, qt, RUNS.profiled);
        notes.push(
          `${name}: one scan of the full page took ${fullOnceMs === null ? `over ${GUARD_MS} ms (abandoned)` : `${fullOnceMs} ms`} ` +
            `(> ${SLOW_SCAN_MS} ms; predicted from the scaled copies: ${predictedFullMs.scan} ms, exponent ${exponent.scan}), ` +
            `so it was not repeated ${RUNS.cold + RUNS.warm + 2} times; ` +
            `its profile is of the 1/${Math.round(1 / probe.fraction)} copy. --full measures it.`,
        );
      }
      result.inPage.push(figures);

      // The real extension: on the full page, or on the largest copy it can scan without blocking for seconds.
      const extProbe = measurable ? null : [...probes].reverse().find((p, i) => {
        const point = points[points.length - 1 - i]!;
        return point.scan.median <= SLOW_EXTENSION_SCAN_MS;
      });
      const extPath = measurable ? `/${name}.html` : extProbe?.path;
      if (!extPath) {
        notes.push(`${name}: no copy small enough for the real extension to scan in under ${SLOW_EXTENSION_SCAN_MS} ms; not loaded with it.`);
        continue;
      }
      const extName = measurable ? name : `${name} @1/${Math.round(1 / extProbe!.fraction)}`;
      log(`scan: ${extName} with the real extension`);
      const ext = await measureExtension(withExt.context, plain.context, server.origin + extPath, extName, EXTENSION_RUNS);
      result.extension.push(ext);
    }
  } finally {
    await withExt.close();
    await plain.close();
    await server.close();
  }
  return result;
}

function pick(f: InPageFigures['warm']) {
  return { scan: f.scan, readInto: f.readInto, scanDocument: f.scanDocument, floorB: f.floorB };
}

/** Section 2: each corpus size loaded into the real service worker, or extrapolated when that would take minutes. */
async function lookupSection(seeds: SeedMaterial, options: Options, notes: string[]): Promise<BenchResult['lookup']> {
  const measured: LookupFigures[] = [];
  const extrapolated: ExtrapolatedLookup[] = [];
  const stats: KeyStats[] = [];
  for (const size of options.sizes) {
    const name = size === 'seed' ? 'seed' : `${size / 1000}k`;
    const corpus: CorpusFile = size === 'seed'
      ? (JSON.parse(readFileSync(join(BUILT, 'corpus.json'), 'utf8')) as CorpusFile)
      : syntheticCorpus(seeds.words, { quotes: size, quotesPerSource: 20, plainPassagesPerQuote: 1, seed: 1000 + size });
    stats.push(keyStats(name, corpus, queries(corpus, seeds.words, 400, 99)));
    const rows = corpus.quotes.length + corpus.passages.length;
    const prev = measured.at(-1);
    // Predicted from a size big enough that the per-row cost dominates (the seed's load is mostly start-up).
    if (prev && prev.quotes >= 1000 && !options.full && size !== BUDGET_CORPUS) {
      const factor = rows / (prev.quotes + prev.passages);
      const predictedLoad = prev.loadMs * factor;
      if (predictedLoad > LOAD_BOX_MS) {
        extrapolated.push(extrapolate(prev, stats.find((s) => s.corpus === prev.corpus)!, stats.at(-1)!, corpus, factor, `its load is predicted at ${Math.round(predictedLoad / 1000)} s (> ${LOAD_BOX_MS / 1000} s)`));
        notes.push(`${name}: not loaded (predicted load ${Math.round(predictedLoad / 1000)} s); figures extrapolated from ${prev.corpus}. --full loads it.`);
        continue;
      }
    }
    log(`lookup: ${name} (${corpus.quotes.length} quotes, ${corpus.passages.length} passages)`);
    try {
      const loadTimeoutMs = options.full ? 3_600_000 : size === BUDGET_CORPUS ? BUDGET_LOAD_TIMEOUT_MS : LOOKUP_PLAN.loadTimeoutMs;
      const plan = { ...LOOKUP_PLAN, loadTimeoutMs };
      measured.push(await measureLookups(BUILT, name, corpus, seeds.words, plan, 7 + measured.length * 1000));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      notes.push(`${name}: not measured: ${message}`);
      if (prev) extrapolated.push(extrapolate(prev, stats.find((s) => s.corpus === prev.corpus)!, stats.at(-1)!, corpus, rows / (prev.quotes + prev.passages), message));
    }
  }
  return { measured, extrapolated, keyStats: stats };
}

/**
 * Figures for a size that was not loaded: load time and database size grow with the rows, lookup time with
 * the index rows a query's keys point at (computed for both sizes in Node).
 */
function extrapolate(prev: LookupFigures, prevKeys: KeyStats, keys: KeyStats, corpus: CorpusFile, rowFactor: number, reason: string): ExtrapolatedLookup {
  const ids = (k: KeyStats, q: 'P50' | 'P95') => k[`quoteIdsPerQuery${q}`] + k[`passageIdsPerQuery${q}`];
  const p50Factor = ids(keys, 'P50') / Math.max(1, ids(prevKeys, 'P50'));
  const p95Factor = ids(keys, 'P95') / Math.max(1, ids(prevKeys, 'P95'));
  return {
    corpus: keys.corpus,
    quotes: corpus.quotes.length,
    passages: corpus.passages.length,
    from: prev.corpus,
    reason,
    loadMs: round(prev.loadMs * rowFactor),
    lookupP50: round(prev.lookupP50.median * p50Factor),
    lookupP95: round(prev.lookupP95.median * p95Factor),
    batchPerQuoteMs: round(prev.batchPerQuoteMs.median * p50Factor),
    coldLookupMs: round(prev.coldStatusMs.median + (prev.coldLookupMs.median - prev.coldStatusMs.median) * p50Factor),
    indexedDbBytes: Math.round((prev.indexedDbBytes ?? prev.indexedDbDirBytes) * rowFactor),
  };
}

/** Judges every budget on what was measured (or, marked so, predicted). */
function judge(r: Omit<BenchResult, 'budgets' | 'meta'>, budgetSizeAsked: boolean): Budget[] {
  const budgets: Budget[] = [];
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  for (const p of r.scan.inPage) {
    const scaling = r.scan.scaling.find((s) => s.page === p.page);
    const measured = p.warm.scanOverFloorB.runs > 0;
    // Not repeated: judged on the one guarded run (or its time-out), against the measured floor B.
    const once = scaling?.fullOnceMs ?? null;
    const scanMs = measured ? p.warm.scan.median : (once ?? scaling?.guardMs ?? Number.NaN);
    const ratio = measured ? p.warm.scanOverFloorB.median : scanMs / p.warm.floorB.median;
    const shown = measured ? ms(scanMs) : once === null ? `> ${ms(scanMs)}` : `${ms(scanMs)} (n=1)`;
    budgets.push({
      name: `scan \u2264 ${SCAN_OVER_FLOOR_B_MAX}\u00D7 floor B (${p.page}, warm)`,
      limit: `${SCAN_OVER_FLOOR_B_MAX}\u00D7`,
      // Floor C beside it: what reading only the visible text costs, before any quotation is looked for.
      actual: `${once === null && !measured ? '> ' : ''}${ratio.toFixed(1)}\u00D7 (${shown} / ${ms(p.warm.floorB.median)}); `
        + `floor C alone ${p.warm.floorCOverFloorB.median.toFixed(1)}\u00D7`,
      status: ratio <= SCAN_OVER_FLOOR_B_MAX ? 'PASS' : 'FAIL',
    });
  }
  for (const page of r.scan.inPage.map((p) => p.page)) {
    const e = r.scan.extension.find((x) => x.page === page);
    if (e && 'error' in e) {
      budgets.push({ name: `longest task \u2264 ${LONG_TASK_MAX_MS} ms with the extension (${page})`, limit: `${LONG_TASK_MAX_MS} ms`, actual: e.error, status: 'FAIL' });
      continue;
    }
    if (e) {
      // Judged on the content script's own longest stretch: the page's long tasks are there without it too.
      budgets.push({
        name: `longest task \u2264 ${LONG_TASK_MAX_MS} ms with the extension (${page})`,
        limit: `${LONG_TASK_MAX_MS} ms`,
        actual: `content script ${ms(e.contentScriptLongest.median)} (max ${ms(e.contentScriptLongest.max)}); ` +
          `main-thread stall ${ms(e.longestStall.median)} with, ${ms(e.longestStallWithout.median)} without the extension`,
        status: e.contentScriptLongest.median <= LONG_TASK_MAX_MS ? 'PASS' : 'FAIL',
      });
      continue;
    }
    // Not loaded at full size: the content script's readInto is one task, as long as readInto in the page.
    const smaller = r.scan.extension.find((x): x is ExtensionFigures => x.page.startsWith(`${page} @`) && !('error' in x));
    const scaling = r.scan.scaling.find((s) => s.page === page);
    const once = scaling?.fullOnceMs ?? null;
    budgets.push({
      name: `longest task \u2264 ${LONG_TASK_MAX_MS} ms with the extension (${page})`,
      limit: `${LONG_TASK_MAX_MS} ms`,
      actual: `not loaded (one in-page scan: ${once === null ? `> ${ms(scaling?.guardMs ?? Number.NaN)}` : ms(once)}; readInto is one task)` +
        `${smaller ? `; content script on ${smaller.page}: ${ms(smaller.contentScriptLongest.median)}` : ''}`,
      status: once !== null && once <= LONG_TASK_MAX_MS ? 'PASS' : 'FAIL',
      predicted: true,
    });
  }
  // Judged on the measured figures only: a size that was asked for but not measured fails (its prediction is shown).
  const atBudget = r.lookup.measured.find((l) => l.quotes === BUDGET_CORPUS);
  const guessed = r.lookup.extrapolated.find((l) => l.quotes === BUDGET_CORPUS);
  const lookupBudget = (name: string, limit: number, measured: number | undefined, predicted: number | undefined): Budget => ({
    name,
    limit: `${limit} ms`,
    actual: measured !== undefined ? ms(measured)
      : predicted !== undefined ? `not measured (~${ms(predicted)} predicted)` : budgetSizeAsked ? 'not measured' : 'not run',
    status: measured !== undefined ? (measured <= limit ? 'PASS' : 'FAIL') : budgetSizeAsked ? 'FAIL' : 'SKIP',
    ...(measured === undefined && predicted !== undefined ? { predicted: true } : {}),
  });
  budgets.push(lookupBudget(
    `lookup p95 \u2264 ${LOOKUP_P95_MAX_MS} ms per quote at 100k quotes`, LOOKUP_P95_MAX_MS, atBudget?.lookupP95.median, guessed?.lookupP95,
  ));
  budgets.push(lookupBudget(
    `cold start \u2264 ${COLD_START_MAX_MS} ms at 100k quotes (worker stopped \u2192 first lookup)`, COLD_START_MAX_MS,
    atBudget?.coldLookupMs.median, guessed?.coldLookupMs,
  ));
  const content = r.bundle.contentScript;
  budgets.push({
    name: `${CONTENT_SCRIPT} \u2264 40 kB gzipped`,
    limit: '40.0 kB',
    actual: content ? `${(content.gzipBytes / 1024).toFixed(1)} kB` : 'missing',
    status: content && content.gzipBytes <= CONTENT_SCRIPT_GZIP_MAX ? 'PASS' : 'FAIL',
  });
  budgets.push({
    name: `${CONTENT_SCRIPT} carries no Dexie`,
    limit: "no 'Dexie'",
    actual: content ? (content.containsDexie ? "contains 'Dexie'" : 'none') : 'missing',
    status: content && !content.containsDexie ? 'PASS' : 'FAIL',
  });
  return budgets;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  if (!existsSync(join(BUILT, 'manifest.json'))) throw new Error(`No build at ${BUILT}: run npm run build (npm run bench does).`);
  const seeds = loadSeeds(join(ROOT, 'data'));
  const notes: string[] = [];
  const chromium = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

  const bundle = measureBundle(BUILT);
  const scan = options.only.has('scan') ? await scanSection(seeds, options.full, notes) : { inPage: [], scaling: [], extension: [] };
  const lookup = options.only.has('lookup') ? await lookupSection(seeds, options, notes) : { measured: [], extrapolated: [], keyStats: [] };
  const budgets = judge({ scan, lookup, bundle }, options.only.has('lookup') && options.sizes.includes(BUDGET_CORPUS));
  const result: BenchResult = {
    meta: {
      date: new Date().toISOString(), chromium, node: process.version, cpus: cpus().length,
      durationMs: Math.round(performance.now() - started), full: options.full, notes,
    },
    scan, lookup, bundle, budgets,
  };
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(formatReport(result));
  console.log(`\nWrote ${join('bench-output', 'bench.json')}.`);
  const failed = budgets.filter((b) => b.status === 'FAIL');
  if (failed.length) console.log(`${failed.length} budget${failed.length === 1 ? '' : 's'} broken.`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(2);
  },
);
