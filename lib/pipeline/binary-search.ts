// Binary search over runs sorted by where they start (blocks, sentences, mentions, text segments).

/** The index of the last item whose start is at or before `offset` (0 when none is: callers clamp). */
export function lastStartingAtOrBefore<T>(items: readonly T[], offset: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (startOf(items[mid]!) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The index of the first item whose start is at or after `offset` (items.length when none is). */
export function firstStartingAtOrAfter<T>(items: readonly T[], offset: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(items[mid]!) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
