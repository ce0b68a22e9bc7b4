// Summaries of repeated measurements: every figure the bench reports is a median with its min and max.

/** The median of a set of runs, with the spread beside it. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** The value at quantile `q` (0..1) of `values`, nearest-rank on the sorted values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median, min and max of a set of runs. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median: round(median), min: round(sorted[0]!), max: round(sorted.at(-1)!), runs: values.length };
}

/** Per-run ratios a[i] / b[i] (paired runs share the machine's noise), summarised. */
export function ratioOf(a: readonly number[], b: readonly number[]): Summary {
  return summarize(a.map((x, i) => x / (b[i] ?? Number.NaN)));
}

/** Rounds to 3 significant decimals for the report (timings are not more precise than that). */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The exponent k of y = c * x^k fitted to the points (least squares in log-log): 1 linear, 2 quadratic. */
export function fitExponent(xs: readonly number[], ys: readonly number[]): number {
  const pts = xs.map((x, i) => [Math.log(x), Math.log(ys[i]!)] as const).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  if (pts.length < 2) return Number.NaN;
  const mx = pts.reduce((s, [a]) => s + a, 0) / pts.length;
  const my = pts.reduce((s, [, b]) => s + b, 0) / pts.length;
  let num = 0;
  let den = 0;
  for (const [a, b] of pts) {
    num += (a - mx) * (b - my);
    den += (a - mx) ** 2;
  }
  return den === 0 ? Number.NaN : round(num / den);
}
