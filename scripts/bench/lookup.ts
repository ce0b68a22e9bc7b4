// Section 2: lookups in the real service worker against a corpus of a given size, timed from an extension page.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import type { CorpusFile } from '@/lib/model/corpus';
import { dirBytes, launch, type Launched } from '@/scripts/bench/browser';
import { NAME_SHIM, type ExtensionGlobal } from '@/scripts/bench/chrome';
import { queries, type Query, type QueryKind } from '@/scripts/bench/corpus-gen';
import { workerTimeSplit, type CpuProfile, type WorkerTimeSplit } from '@/scripts/bench/profile';
import { quantile, ratioOf, round, summarize, type Summary } from '@/scripts/bench/stats';

/** The lookup figures at one corpus size. */
export interface LookupFigures {
  corpus: string;
  quotes: number;
  passages: number;
  sources: number;
  corpusJsonBytes: number;
  /** From the service worker's start (install) to corpus-status 'ready': one load per size. */
  loadMs: number;
  /** Lookups per round (fewer when they are slow). */
  lookupsPerRound: number;
  /** Round trip of a `corpus-status` message (no database work): the messaging floor, per round. */
  statusP50: Summary;
  lookupP50: Summary;
  lookupP95: Summary;
  lookupP50OverStatus: Summary;
  /** p50 per kind of query (median over rounds). */
  lookupP50ByKind: Record<QueryKind, Summary>;
  /** One `scan` message of 100 quotes, and that divided by 100. */
  batchMs: Summary;
  batchPerQuoteMs: Summary;
  /** Service worker stopped, then the first answer: to corpus-status (start-up only), and to a lookup. */
  coldStatusMs: Summary;
  coldLookupMs: Summary;
  /** How many lookups of each kind found a match (a sanity check that the lookups did real work). */
  matched: Record<QueryKind, { sent: number; matched: number }>;
  /** Where the worker's time went during a profiled round of lookups. */
  workerSplit: WorkerTimeSplit;
  storageUsageBytes: number | null;
  indexedDbBytes: number | null;
  indexedDbDirBytes: number;
}

/** How much to run at each size. */
export interface LookupPlan {
  rounds: number;
  perRound: number;
  batch: number;
  coldRuns: number;
  loadTimeoutMs: number;
}

interface Timed {
  ms: number;
  ok: boolean;
  /** The match kind of a lookup, or for a batch how many quotes came back reported. */
  kind: string | null;
  matched: number;
}

/** Sends each message from the extension page, one after another, timing each round trip in the page. */
async function timeMessages(page: Page, messages: unknown[]): Promise<Timed[]> {
  return page.evaluate(async (list) => {
    const chrome = (globalThis as ExtensionGlobal).chrome;
    const out: Array<{ ms: number; ok: boolean; kind: string | null; matched: number }> = [];
    for (const message of list) {
      const t0 = performance.now();
      const reply = (await chrome.runtime.sendMessage(message)) as
        | { ok: true; value: { match?: { kind: string } | null; quotes?: Array<unknown | null> | number } }
        | { ok: false; error: string }
        | undefined;
      const ms = performance.now() - t0;
      if (!reply || !reply.ok) {
        out.push({ ms, ok: false, kind: reply ? reply.error : 'no reply', matched: 0 });
        continue;
      }
      const quotes = reply.value.quotes;
      const kind = reply.value.match ? reply.value.match.kind : null;
      // A batch answers with one entry per quote (null: not reported); corpus-status has a count there.
      const reported = Array.isArray(quotes) ? quotes.filter((q) => q !== null).length : kind ? 1 : 0;
      out.push({ ms, ok: true, kind, matched: reported });
    }
    return out;
  }, messages);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The corpus state as the service worker reports it (null while it cannot answer yet). */
async function corpusState(page: Page): Promise<{ state: string; error?: string } | null> {
  return page
    .evaluate(async () => {
      const reply = (await (globalThis as ExtensionGlobal).chrome.runtime.sendMessage({ type: 'corpus-status' })) as
        | { ok: true; value: { state: string; error?: string } }
        | undefined;
      return reply?.ok ? reply.value : null;
    })
    .catch(() => null);
}

/** Polls corpus-status until 'ready' (or 'failed', or the timeout). */
async function waitReady(page: Page, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const status = await corpusState(page);
    if (status?.state === 'ready') return;
    if (status?.state === 'failed') throw new Error(`corpus load failed: ${status.error ?? '?'}`);
    if (performance.now() > deadline) throw new Error(`corpus not ready within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** The running status of the extension's service worker, as the DevTools protocol reports it. */
function watchWorker(cdp: CDPSession): () => string {
  let status = 'unknown';
  cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
    for (const v of event.versions) if (v.scriptURL.startsWith('chrome-extension://')) status = v.runningStatus;
  });
  return () => status;
}

/** Stops every service worker (DevTools protocol) and waits until ours reports 'stopped'. */
async function stopWorker(cdp: CDPSession, status: () => string): Promise<void> {
  await cdp.send('ServiceWorker.stopAllWorkers');
  const deadline = performance.now() + 5_000;
  while (status() !== 'stopped' && performance.now() < deadline) await sleep(5);
  if (status() !== 'stopped') throw new Error(`the service worker did not stop (status: ${status()})`);
}

/**
 * A DevTools session on the extension's service worker, reached through a page's session (the Target domain,
 * unflattened: Playwright gives no session of its own for a service worker).
 */
async function workerSession(cdp: CDPSession): Promise<{ send(method: string, params?: object): Promise<unknown>; detach(): Promise<void> }> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
  if (!target) throw new Error('no service worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let nextId = 0;
  const pending = new Map<number, { done: (v: unknown) => void; fail: (e: Error) => void }>();
  const onMessage = (event: { sessionId?: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id!);
    if (reply.error) waiter.fail(new Error(reply.error.message));
    else waiter.done(reply.result);
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  return {
    send(method, params = {}) {
      const id = ++nextId;
      return new Promise((done, fail) => {
        pending.set(id, { done, fail });
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(fail);
      });
    },
    async detach() {
      cdp.off('Target.receivedMessageFromTarget', onMessage);
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    },
  };
}

/** Copies the built extension and puts `corpus` in it as the bundled corpus. */
function extensionWithCorpus(builtDir: string, corpus: CorpusFile): { dir: string; jsonBytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'quotetrail-bench-ext-'));
  cpSync(builtDir, dir, { recursive: true });
  const json = JSON.stringify(corpus);
  writeFileSync(join(dir, 'corpus.json'), json);
  const meta = { format: corpus.format, version: corpus.version, sources: corpus.sources.length, quotes: corpus.quotes.length };
  writeFileSync(join(dir, 'corpus-meta.json'), JSON.stringify(meta));
  return { dir, jsonBytes: Buffer.byteLength(json) };
}

/** Above this mean warm-up lookup time, a round sends SLOW_PER_ROUND lookups instead of the plan's. */
const SLOW_LOOKUP_MS = 20;
const SLOW_PER_ROUND = 40;

const lookupMessage = (q: Query) => ({ type: 'lookup', text: q.text });

/** Loads `corpus` into the real service worker and times lookups, batches and cold starts against it. */
export async function measureLookups(
  builtDir: string,
  name: string,
  corpus: CorpusFile,
  words: readonly string[],
  plan: LookupPlan,
  seed: number,
): Promise<LookupFigures> {
  const ext = extensionWithCorpus(builtDir, corpus);
  let launched: Launched | null = null;
  try {
    launched = await launch({ extensionDir: ext.dir });
    const { context, extensionId } = launched;
    await context.addInitScript(NAME_SHIM);
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await waitReady(page, plan.loadTimeoutMs);
    const loadMs = performance.now() - launched.workerSeenAt!;

    // Every text distinct: the service remembers recent lookups, and a remembered one is no lookup.
    const taken = new Set<string>();
    const warmup = queries(corpus, words, 20, seed, taken);
    const singles = Array.from({ length: plan.rounds }, (_, r) => queries(corpus, words, plan.perRound, seed + 1 + r, taken));
    const batches = Array.from({ length: plan.rounds }, (_, r) => queries(corpus, words, plan.batch, seed + 101 + r, taken));
    const colds = queries(corpus, words, plan.coldRuns, seed + 201, taken);
    const profiled = queries(corpus, words, SLOW_PER_ROUND, seed + 301, taken);
    const warm = await timeMessages(page, warmup.map(lookupMessage));
    // Slow lookups: fewer per round (p95 is then the 2nd slowest of 40), so that a size still takes a minute or two.
    const warmMean = warm.reduce((n, t) => n + t.ms, 0) / Math.max(1, warm.length);
    const perRound = warmMean > SLOW_LOOKUP_MS ? Math.min(plan.perRound, SLOW_PER_ROUND) : plan.perRound;

    const p50: number[] = [];
    const p95: number[] = [];
    const status: number[] = [];
    const batchMs: number[] = [];
    const byKind = new Map<QueryKind, number[]>();
    const matched = new Map<QueryKind, { sent: number; matched: number }>();
    for (let r = 0; r < plan.rounds; r++) {
      const statusRuns = await timeMessages(page, Array.from({ length: 20 }, () => ({ type: 'corpus-status' })));
      status.push(quantile(statusRuns.map((x) => x.ms), 0.5));
      const qs = singles[r]!.slice(0, perRound);
      const timed = await timeMessages(page, qs.map(lookupMessage));
      const failed = timed.find((t) => !t.ok);
      if (failed) throw new Error(`${name}: lookup failed: ${failed.kind}`);
      p50.push(quantile(timed.map((t) => t.ms), 0.5));
      p95.push(quantile(timed.map((t) => t.ms), 0.95));
      for (const kind of ['exact', 'fragment', 'variant', 'none'] as const) {
        const mine = timed.filter((_, i) => qs[i]!.kind === kind);
        if (mine.length === 0) continue;
        byKind.set(kind, [...(byKind.get(kind) ?? []), quantile(mine.map((t) => t.ms), 0.5)]);
        const m = matched.get(kind) ?? { sent: 0, matched: 0 };
        matched.set(kind, { sent: m.sent + mine.length, matched: m.matched + mine.filter((t) => t.kind !== null).length });
      }
      const batch = batches[r]!.map((q) => ({ text: q.text, speaker: null }));
      const [b] = await timeMessages(page, [{ type: 'scan', url: `https://bench.invalid/${name}/${r}`, quotes: batch }]);
      if (!b?.ok) throw new Error(`${name}: batch scan failed: ${b?.kind ?? 'no reply'}`);
      batchMs.push(b.ms);
    }

    // Where the time goes: one more round (not counted above) under the worker's CPU profiler.
    const cdp = await context.newCDPSession(page);
    const worker = await workerSession(cdp);
    await worker.send('Profiler.enable');
    await worker.send('Profiler.setSamplingInterval', { interval: 200 });
    await worker.send('Profiler.start');
    await timeMessages(page, profiled.map(lookupMessage));
    const { profile } = (await worker.send('Profiler.stop')) as { profile: CpuProfile };
    await worker.detach();
    const workerSplit = workerTimeSplit(profile, `chrome-extension://${extensionId}/`);

    // Cold start: the worker stopped, then the first answer (start-up alone, then start-up and a lookup).
    const workerStatus = watchWorker(cdp);
    await cdp.send('ServiceWorker.enable');
    const coldStatus: number[] = [];
    const coldLookup: number[] = [];
    for (let r = 0; r < plan.coldRuns; r++) {
      await stopWorker(cdp, workerStatus);
      const [s] = await timeMessages(page, [{ type: 'corpus-status' }]);
      coldStatus.push(s!.ms);
      await stopWorker(cdp, workerStatus);
      const [l] = await timeMessages(page, [lookupMessage(colds[r]!)]);
      if (!l?.ok) throw new Error(`${name}: cold lookup failed: ${l?.kind ?? 'no reply'}`);
      coldLookup.push(l.ms);
    }
    await cdp.detach();

    const estimate = await page.evaluate(async () => {
      const e = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { indexedDB?: number } };
      return { usage: e.usage ?? null, indexedDB: e.usageDetails?.indexedDB ?? null };
    });
    const idbRoot = join(launched.userDataDir, 'Default', 'IndexedDB');
    const idbDirs = readdirSync(idbRoot).filter((d) => d.startsWith(`chrome-extension_${extensionId}_`));
    const empty = (): Summary => summarize([]);
    return {
      corpus: name,
      quotes: corpus.quotes.length,
      passages: corpus.passages.length,
      sources: corpus.sources.length,
      corpusJsonBytes: ext.jsonBytes,
      loadMs: round(loadMs),
      lookupsPerRound: perRound,
      statusP50: summarize(status),
      lookupP50: summarize(p50),
      lookupP95: summarize(p95),
      lookupP50OverStatus: ratioOf(p50, status),
      lookupP50ByKind: {
        exact: byKind.has('exact') ? summarize(byKind.get('exact')!) : empty(),
        fragment: byKind.has('fragment') ? summarize(byKind.get('fragment')!) : empty(),
        variant: byKind.has('variant') ? summarize(byKind.get('variant')!) : empty(),
        none: byKind.has('none') ? summarize(byKind.get('none')!) : empty(),
      },
      batchMs: summarize(batchMs),
      batchPerQuoteMs: summarize(batchMs.map((ms) => ms / plan.batch)),
      coldStatusMs: summarize(coldStatus),
      coldLookupMs: summarize(coldLookup),
      matched: {
        exact: matched.get('exact') ?? { sent: 0, matched: 0 },
        fragment: matched.get('fragment') ?? { sent: 0, matched: 0 },
        variant: matched.get('variant') ?? { sent: 0, matched: 0 },
        none: matched.get('none') ?? { sent: 0, matched: 0 },
      },
      workerSplit,
      storageUsageBytes: estimate.usage,
      indexedDbBytes: estimate.indexedDB,
      indexedDbDirBytes: idbDirs.reduce((n, d) => n + dirBytes(join(idbRoot, d)), 0),
    };
  } finally {
    await launched?.close();
    rmSync(ext.dir, { recursive: true, force: true });
  }
}
