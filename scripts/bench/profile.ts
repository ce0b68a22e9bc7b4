// Where a CPU profile's time goes: the Chrome DevTools Protocol's sampled profile, summed per function.

/** The parts of a CDP `Profiler.Profile` that the summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples?: number[];
  timeDeltas?: number[];
}

/** A function's share of the profiled time. */
export interface HotFunction {
  name: string;
  /** The module it lives in (from the bundle's module markers), or the script URL. */
  module: string;
  selfMs: number;
  /** Time with this function anywhere on the stack (recursion counted once). */
  totalMs: number;
}

/** The module of each line of an esbuild bundle: esbuild marks each module's start with `// path/to/module.ts`. */
export function moduleLines(bundle: string): (line: number) => string {
  const marks: Array<[number, string]> = [];
  bundle.split('\n').forEach((text, i) => {
    const m = /^\s*\/\/ ((?:lib|scripts|data|node_modules)\/\S+)$/.exec(text);
    if (m) marks.push([i, m[1]!]);
  });
  return (line) => {
    let module = '';
    for (const [at, name] of marks) {
      if (at > line) break;
      module = name;
    }
    return module;
  };
}

/** Sums a profile per function (name + module): every function that had samples, in no particular order. */
export function profileFunctions(profile: CpuProfile, moduleOf: (url: string, line: number) => string): HotFunction[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map<number, string>();
  const info = new Map<string, HotFunction>();
  for (const n of profile.nodes) {
    const name = n.callFrame.functionName || '(anonymous)';
    const module = moduleOf(n.callFrame.url, n.callFrame.lineNumber);
    const key = `${name}\u0000${module}`;
    keyOf.set(n.id, key);
    if (!info.has(key)) info.set(key, { name, module, selfMs: 0, totalMs: 0 });
  }
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the delta to the next sample.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const leaf = samples[i]!;
    info.get(keyOf.get(leaf)!)!.selfMs += ms;
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined && byId.has(id); id = parent.get(id)) {
      const key = keyOf.get(id)!;
      if (seen.has(key)) continue;
      seen.add(key);
      info.get(key)!.totalMs += ms;
    }
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  return [...info.values()].filter((f) => f.totalMs > 0).map((f) => ({ ...f, selfMs: round(f.selfMs), totalMs: round(f.totalMs) }));
}

/** The `top` functions by self or total time, optionally only those that pass `keep`. */
export function hottest(fns: HotFunction[], by: 'selfMs' | 'totalMs', top: number, keep: (f: HotFunction) => boolean = () => true): HotFunction[] {
  return fns.filter(keep).sort((a, b) => b[by] - a[by]).slice(0, top);
}

/** Stretches of main-thread time that one script's code held: what a long task of that script would be. */
export interface ScriptStretches {
  /** The longest uninterrupted stretch (ms): the script on the stack, with no idle time or other script between. */
  longestMs: number;
  /** All the time the script was on the stack (ms). */
  totalMs: number;
  /** Stretches over 50 ms (long tasks of that script). */
  over50: number;
}

/**
 * Finds the stretches in a profile during which code from a script whose URL contains `urlPart` ran: a stretch
 * goes on through garbage collection and ends at any other sample (idle, the engine, another script's code).
 */
export function scriptStretches(profile: CpuProfile & { startTime?: number }, urlPart: string): ScriptStretches {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const p = parent.get(id);
    const value = node !== undefined && (node.callFrame.url.includes(urlPart) || (p !== undefined && isOurs(p)));
    ours.set(id, value);
    return value;
  };
  // Garbage collection amid the script's samples is the script's (its allocations); '(program)' (the engine's
  // own work, the scheduler between tasks) ends a stretch, so that two tasks with only that between stay two.
  const neutral = (id: number) => byId.get(id)?.callFrame.functionName === '(garbage collector)';
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let t = 0;
  let runStart: number | null = null;
  let runEnd = 0;
  const stretches: number[] = [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    const next = t + (deltas[i + 1] ?? 0);
    const id = samples[i]!;
    if (isOurs(id)) {
      total += next - t;
      if (runStart === null) runStart = t;
      runEnd = next;
    } else if (!neutral(id) && runStart !== null) {
      stretches.push(runEnd - runStart);
      runStart = null;
    }
  }
  if (runStart !== null) stretches.push(runEnd - runStart);
  const ms = (us: number) => Math.round(us / 100) / 10;
  return { longestMs: ms(Math.max(0, ...stretches)), totalMs: ms(total), over50: stretches.filter((s) => s > 50_000).length };
}

/** Where a service worker's wall time went while it answered requests. */
export interface WorkerTimeSplit {
  wallMs: number;
  /** Idle: waiting, mostly on IndexedDB (its work happens in the browser process). */
  idlePct: number;
  /** Native IndexedDB calls made from JavaScript (cursor steps, gets, transactions). */
  indexedDbCallsPct: number;
  /** The extension's own JavaScript (Dexie included: the build is minified, so it is not told apart). */
  scriptPct: number;
  gcPct: number;
  otherPct: number;
}

const IDB_CALLS = new Set([
  'continue', 'continuePrimaryKey', 'advance', 'get', 'getAll', 'getAllKeys', 'getKey', 'openCursor', 'openKeyCursor',
  'transaction', 'objectStore', 'index', 'get result', 'get primaryKey', 'get key', 'get value', 'only', 'bound', 'cmp', 'count',
]);

/** Splits a worker profile's time into idle, IndexedDB calls, script, GC and the rest. */
export function workerTimeSplit(profile: CpuProfile, scriptUrlPart: string): WorkerTimeSplit {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const sums = { idle: 0, idb: 0, script: 0, gc: 0, other: 0 };
  let wall = 0;
  for (let i = 0; i < samples.length; i++) {
    const us = deltas[i + 1] ?? 0;
    wall += us;
    const frame = byId.get(samples[i]!)?.callFrame;
    const name = frame?.functionName ?? '';
    if (name === '(idle)') sums.idle += us;
    else if (name === '(garbage collector)') sums.gc += us;
    else if (frame && frame.url.includes(scriptUrlPart)) sums.script += us;
    else if (frame && frame.url === '' && IDB_CALLS.has(name)) sums.idb += us;
    else sums.other += us;
  }
  const pct = (x: number) => (wall ? Math.round((1000 * x) / wall) / 10 : 0);
  return {
    wallMs: Math.round(wall / 1000), idlePct: pct(sums.idle), indexedDbCallsPct: pct(sums.idb), scriptPct: pct(sums.script),
    gcPct: pct(sums.gc), otherPct: pct(sums.other),
  };
}
