// Section 1: a page scan in real Chromium against floors measured in the same page, and the real extension
// scanning the same pages (longest main-thread task, time to the stored report and to visible highlights).
import { join } from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import type { ExtensionGlobal } from '@/scripts/bench/chrome';
import { NAME_SHIM, shim } from '@/scripts/bench/chrome';
import type { QtApi, Step, StepResult } from '@/scripts/bench/page-entry';
import { hottest, moduleLines, profileFunctions, scriptStretches, type CpuProfile, type HotFunction, type ScriptStretches } from '@/scripts/bench/profile';
import { ratioOf, summarize, type Summary } from '@/scripts/bench/stats';
import type { SyntheticPage } from '@/scripts/bench/pages';

/** The scan figures of one page, in the bench's own bundle of lib/ (no extension loaded). */
export interface InPageFigures {
  page: string;
  htmlBytes: number;
  textNodes: number;
  textChars: number;
  quotesFound: number;
  /** Warm: the same page, steps interleaved, after two warm-up rounds. */
  warm: { floorA: Summary; floorB: Summary; floorC: Summary; scan: Summary; readInto: Summary; scanDocument: Summary; scanOverFloorB: Summary; floorCOverFloorB: Summary };
  /** Cold: each step first thing in a freshly loaded page (what a content script meets once per page). */
  cold: { floorA: Summary; floorB: Summary; floorC: Summary; scan: Summary; readInto: Summary; scanDocument: Summary; scanOverFloorB: Summary; floorCOverFloorB: Summary };
  /** Where the warm scan's time goes: functions by self time and (lib/ only) by total time. */
  profile: { runs: number; bySelf: HotFunction[]; byTotal: HotFunction[] };
}

/** The real extension scanning a page (each run a fresh tab). */
export interface ExtensionFigures {
  page: string;
  /** Longest main-thread stall (a 5 ms timer fired that late), from navigation start to the highlights (+200 ms). */
  longestStall: Summary;
  /** The same window in the same page without the extension: the page's own stalls. */
  longestStallWithout: Summary;
  /** Longest entry of the long-task API in the window, with and without the extension. */
  longestTask: Summary;
  longestTaskWithout: Summary;
  /** Entries of the long-task API (> 50 ms) in the window, with and without the extension. */
  longTasks: Summary;
  longTasksWithout: Summary;
  /**
   * The content script's longest uninterrupted stretch on the main thread, and all its time there, from a CPU
   * profile of separate runs (the long-task API cannot tell our tasks from the page's).
   */
  contentScriptLongest: Summary;
  contentScriptTotal: Summary;
  loadToReport: Summary;
  loadToHighlights: Summary;
  reportedQuotes: number;
  highlightedRanges: number;
}

interface BenchState {
  longtasks: Array<{ start: number; duration: number }>;
  stalls: Array<{ start: number; duration: number }>;
  highlightsAt: number | null;
}
type BenchWindow = typeof globalThis & { __qt: QtApi; __bench: BenchState };

/**
 * Runs in every page before its scripts: records long tasks (PerformanceObserver), main-thread stalls (a 5 ms
 * interval timer that fires late by the length of whatever task held the thread: this also sees tasks that
 * the long-task API does not report, such as a content script's), and when the first highlight appears.
 */
export const PAGE_PROBE = `${NAME_SHIM}
(() => {
  if (window !== window.top) return;
  const state = { longtasks: [], stalls: [], highlightsAt: null };
  window.__bench = state;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 20) state.stalls.push({ start: last, duration: now - last - 5 });
    last = now;
    if (state.highlightsAt === null && CSS.highlights && CSS.highlights.size > 0) state.highlightsAt = now;
  }, 5);
})();`;

/** Bundles scripts/bench/page-entry.ts (and the lib/ it imports) into one IIFE for page.addScriptTag. */
export async function bundlePageEntry(root: string): Promise<string> {
  const result = await build({
    entryPoints: [join(root, 'scripts/bench/page-entry.ts')],
    absWorkingDir: root,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no bundle for scripts/bench/page-entry.ts');
  return `${file.text}\n//# sourceURL=qt-bench.js\n`;
}

const nextFrames = (page: Page) =>
  page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));

async function openBenchPage(context: BrowserContext, url: string, bundle: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.addScriptTag({ content: bundle });
  await nextFrames(page);
  return page;
}

const runStep = (page: Page, step: Step): Promise<StepResult> =>
  page.evaluate((s) => (globalThis as BenchWindow).__qt.run(s), step);

const STEPS: Step[] = ['floorA', 'floorB', 'floorC', 'scan'];

/** Runs of each kind for one page. */
export interface InPageRuns {
  warm: number;
  cold: number;
  profiled: number;
}

type StepFigures = InPageFigures['warm'];

function stepFigures(results: Map<Step, StepResult[]>): StepFigures {
  const ms = (s: Step) => (results.get(s) ?? []).map((x) => x.ms);
  const scans = results.get('scan') ?? [];
  return {
    floorA: summarize(ms('floorA')),
    floorB: summarize(ms('floorB')),
    floorC: summarize(ms('floorC')),
    scan: summarize(ms('scan')),
    readInto: summarize(scans.map((x) => x.readMs ?? Number.NaN)),
    scanDocument: summarize(scans.map((x) => x.attributeMs ?? Number.NaN)),
    scanOverFloorB: ratioOf(ms('scan'), ms('floorB')),
    floorCOverFloorB: ratioOf(ms('floorC'), ms('floorB')),
  };
}

/** Warm runs of `steps` in one page, in rotating order after `warmups` rounds. */
async function warmRuns(page: Page, steps: Step[], warmups: number, runs: number): Promise<Map<Step, StepResult[]>> {
  const results = new Map<Step, StepResult[]>(steps.map((s) => [s, []]));
  for (let r = 0; r < warmups; r++) for (const step of steps) await runStep(page, step);
  for (let r = 0; r < runs; r++) {
    // Rotate the order so that no step always runs right after the same other one.
    for (let k = 0; k < steps.length; k++) {
      const step = steps[(k + r) % steps.length]!;
      results.get(step)!.push(await runStep(page, step));
    }
  }
  return results;
}

/**
 * Floors and the full scan in one page, warm and cold, plus a CPU profile of the warm scan. With
 * `withScan` false (a scan too slow to repeat) only the floors are measured, and the profile is left empty.
 */
export async function measureInPage(
  context: BrowserContext,
  url: string,
  spec: SyntheticPage,
  bundle: string,
  runs: InPageRuns,
  withScan = true,
): Promise<InPageFigures> {
  const steps = withScan ? STEPS : STEPS.filter((s) => s !== 'scan');
  // Cold: one step per fresh page, so that none inherits another's warmed-up code or caches.
  const cold = new Map<Step, StepResult[]>(steps.map((s) => [s, []]));
  for (let r = 0; r < runs.cold; r++) {
    for (const step of steps) {
      const page = await openBenchPage(context, `${url}?cold=${r}-${step}`, bundle);
      cold.get(step)!.push(await runStep(page, step));
      await page.close();
    }
  }
  const page = await openBenchPage(context, `${url}?warm`, bundle);
  const warm = await warmRuns(page, steps, 2, runs.warm);
  const profile = withScan ? await profileScans(context, page, bundle, runs.profiled) : { runs: 0, bySelf: [], byTotal: [] };
  await page.close();
  const walk = warm.get('floorA')![0]!;
  const sample = warm.get('scan')?.[0];
  return {
    page: spec.name,
    htmlBytes: Buffer.byteLength(spec.html),
    textNodes: walk.count,
    textChars: sample?.chars ?? walk.chars,
    quotesFound: sample?.count ?? Number.NaN,
    warm: stepFigures(warm),
    cold: stepFigures(cold),
    profile,
  };
}

/** A quick point for the scaling curve: floor B and the scan, warm, in one page. */
export async function measureScanPoint(
  context: BrowserContext,
  url: string,
  bundle: string,
  runs: number,
): Promise<{ textChars: number; figures: StepFigures }> {
  const page = await openBenchPage(context, url, bundle);
  const results = await warmRuns(page, ['floorB', 'scan'], 1, runs);
  await page.close();
  return { textChars: results.get('scan')![0]!.chars, figures: stepFigures(results) };
}

/**
 * One scan of a freshly loaded page, abandoned (the tab closed) after `timeoutMs`: whether the full page can be
 * measured repeatedly at all. Returns its time, or null when it did not finish in time.
 */
export async function guardScan(context: BrowserContext, url: string, bundle: string, timeoutMs: number): Promise<number | null> {
  const page = await openBenchPage(context, url, bundle);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((done) => {
    timer = setTimeout(() => done(null), timeoutMs);
  });
  const result = await Promise.race([runStep(page, 'scan').then((r) => r.ms, () => null), timeout]);
  clearTimeout(timer);
  await page.close({ runBeforeUnload: false }).catch(() => undefined);
  return result;
}

/** Profiles `runs` warm scans of an open bench page: the hottest functions by self time, and lib/ by total. */
export async function profileScans(context: BrowserContext, page: Page, bundle: string, runs: number): Promise<InPageFigures['profile']> {
  const cdp = await context.newCDPSession(page);
  const profile = await cpuProfile(cdp, page, runs);
  await cdp.detach();
  const moduleOf = moduleLines(bundle);
  const fns = profileFunctions(profile, (scriptUrl, line) => (scriptUrl.endsWith('qt-bench.js') ? moduleOf(line) || 'qt-bench.js' : scriptUrl || '(native)'));
  return {
    runs,
    bySelf: hottest(fns, 'selfMs', 12),
    byTotal: hottest(fns, 'totalMs', 12, (f) => f.module.startsWith('lib/')),
  };
}

/** Opens a bench page and profiles its scans (for a page whose full measurement is skipped). */
export async function profilePage(context: BrowserContext, url: string, bundle: string, runs: number): Promise<InPageFigures['profile']> {
  const page = await openBenchPage(context, url, bundle);
  await runStep(page, 'scan');
  const profile = await profileScans(context, page, bundle, runs);
  await page.close();
  return profile;
}

async function cpuProfile(cdp: CDPSession, page: Page, runs: number): Promise<CpuProfile> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  for (let r = 0; r < runs; r++) await runStep(page, 'scan');
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Profiler.disable');
  return profile as CpuProfile;
}

/** The extension's current service worker (it may have been restarted since launch). */
function currentWorker(context: BrowserContext): Worker {
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (!worker) throw new Error('the extension has no running service worker');
  return worker;
}

/** The stored report of the tab showing `url`: its tab id (chrome.tabs.query), when it was written, its size. */
async function storedReport(context: BrowserContext, url: string): Promise<{ tabId: number; scannedAt: number; quotes: number } | null> {
  const worker = currentWorker(context);
  await shim(worker);
  return worker.evaluate(async (pageUrl) => {
    const chrome = (globalThis as ExtensionGlobal).chrome;
    const tabs = await chrome.tabs.query({});
    const stored = await chrome.storage.session.get(null);
    for (const tab of tabs) {
      if (tab.id === undefined) continue;
      const report = stored[`report:${tab.id}`] as { url: string; scannedAt: string; quotes: unknown[] } | undefined;
      if (report && report.url === pageUrl) return { tabId: tab.id, scannedAt: Date.parse(report.scannedAt), quotes: report.quotes.length };
    }
    return null;
  }, url);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface Timeline {
  loadAt: number;
  timeOrigin: number;
  highlightsAt: number | null;
  longtasks: Array<{ start: number; duration: number }>;
  stalls: Array<{ start: number; duration: number }>;
  ranges: number;
}

async function timeline(page: Page): Promise<Timeline> {
  return page.evaluate(() => {
    const w = globalThis as BenchWindow;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const registry = (CSS as unknown as { highlights?: Map<string, Set<unknown>> }).highlights;
    let ranges = 0;
    if (registry) for (const h of registry.values()) ranges += h.size;
    return {
      loadAt: nav ? nav.loadEventStart : 0,
      timeOrigin: performance.timeOrigin,
      highlightsAt: w.__bench.highlightsAt,
      longtasks: w.__bench.longtasks,
      stalls: w.__bench.stalls,
      ranges,
    };
  });
}

/** A page the extension did not report within the time-out. */
export interface ExtensionFailure {
  page: string;
  error: string;
}

interface ExtensionRun {
  loadToReport: number;
  loadToHighlights: number;
  /** The window's end, from navigation start. */
  windowEnd: number;
  longest: number;
  longCount: number;
  stall: number;
  reportedQuotes: number;
  ranges: number;
  stretches: ScriptStretches | null;
}

/** One load of `pageUrl` in a fresh tab with the extension: until its report is stored and its highlights show. */
async function extensionRun(context: BrowserContext, pageUrl: string, profiled: boolean, timeoutMs: number): Promise<ExtensionRun> {
  const page = await context.newPage();
  const cdp = profiled ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  await page.goto(pageUrl, { waitUntil: 'load' });
  const deadline = performance.now() + timeoutMs;
  const fail = async (message: string) => {
    await page.close({ runBeforeUnload: false }).catch(() => undefined);
    return new Error(message);
  };
  let report: Awaited<ReturnType<typeof storedReport>> = null;
  let t: Timeline = await timeline(page);
  while (performance.now() < deadline && (report === null || t.highlightsAt === null)) {
    await sleep(25);
    report ??= await storedReport(context, pageUrl);
    t = await timeline(page);
    // A report with no quote to highlight ends the wait too.
    if (report && report.quotes === 0) break;
  }
  if (!report) throw await fail(`no report:<tabId> in storage.session within ${timeoutMs} ms of the load event`);
  const loadEpoch = t.timeOrigin + t.loadAt;
  const loadToReport = report.scannedAt - loadEpoch;
  const loadToHighlights = t.highlightsAt === null ? Number.NaN : t.highlightsAt - t.loadAt;
  const windowEnd = Math.max(report.scannedAt - t.timeOrigin, t.highlightsAt ?? 0) + 200;
  await sleep(250); // a long task is reported once it has ended
  t = await timeline(page);
  let stretches: ScriptStretches | null = null;
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    stretches = scriptStretches(profile as CpuProfile, '/content-scripts/');
    await cdp.detach();
  }
  const inWindow = t.longtasks.filter((x) => x.start <= windowEnd);
  const stalls = t.stalls.filter((x) => x.start <= windowEnd);
  await page.close();
  return {
    loadToReport, loadToHighlights, windowEnd, longest: Math.max(0, ...inWindow.map((x) => x.duration)), longCount: inWindow.length,
    stall: Math.max(0, ...stalls.map((x) => x.duration)), reportedQuotes: report.quotes, ranges: t.ranges, stretches,
  };
}

/**
 * Loads a page `runs` times in a fresh tab with the real extension (timings and long tasks), `runs` more times
 * under the CPU profiler (the content script's own stretches), and `runs` times without the extension (the
 * page's own long tasks over the same window).
 */
export async function measureExtension(
  withExt: BrowserContext,
  without: BrowserContext,
  url: string,
  name: string,
  runs: number,
  timeoutMs = 30_000,
): Promise<ExtensionFigures | ExtensionFailure> {
  const plain: ExtensionRun[] = [];
  const profiled: ExtensionRun[] = [];
  try {
    for (let r = 0; r < runs; r++) plain.push(await extensionRun(withExt, `${url}?ext=${r}`, false, timeoutMs));
    for (let r = 0; r < runs; r++) profiled.push(await extensionRun(withExt, `${url}?profiled=${r}`, true, timeoutMs));
  } catch (error) {
    // A page the extension does not report in time: a finding, not a reason to stop the bench.
    return { page: name, error: error instanceof Error ? error.message : String(error) };
  }

  const windowMs = summarize(plain.map((x) => x.windowEnd)).median;
  const baseline: Array<{ longest: number; count: number; stall: number }> = [];
  for (let r = 0; r < runs; r++) {
    const page = await without.newPage();
    await page.goto(`${url}?base=${r}`, { waitUntil: 'load' });
    const t0 = await timeline(page);
    await sleep(Math.max(0, windowMs - t0.loadAt) + 250);
    const t = await timeline(page);
    const inWindow = t.longtasks.filter((x) => x.start <= windowMs);
    const stalls = t.stalls.filter((x) => x.start <= windowMs);
    baseline.push({ longest: Math.max(0, ...inWindow.map((x) => x.duration)), count: inWindow.length, stall: Math.max(0, ...stalls.map((x) => x.duration)) });
    await page.close();
  }
  const last = plain.at(-1)!;
  return {
    page: name,
    longestStall: summarize(plain.map((x) => x.stall)),
    longestStallWithout: summarize(baseline.map((x) => x.stall)),
    longestTask: summarize(plain.map((x) => x.longest)),
    longestTaskWithout: summarize(baseline.map((x) => x.longest)),
    longTasks: summarize(plain.map((x) => x.longCount)),
    longTasksWithout: summarize(baseline.map((x) => x.count)),
    contentScriptLongest: summarize(profiled.map((x) => x.stretches!.longestMs)),
    contentScriptTotal: summarize(profiled.map((x) => x.stretches!.totalMs)),
    loadToReport: summarize(plain.map((x) => x.loadToReport)),
    loadToHighlights: summarize(plain.map((x) => x.loadToHighlights).filter((x) => !Number.isNaN(x))),
    reportedQuotes: last.reportedQuotes,
    highlightedRanges: last.ranges,
  };
}
