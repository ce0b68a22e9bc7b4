// Runs a generator of work straight through, or in time slices with a pause between them (the page's turn).

/** Drives `steps` to the end at once (the corpus builder, tests). */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Drives `steps` in slices of about `sliceMs`, awaiting `pause()` between them (the content script). */
export async function runInSlices<T>(steps: Generator<void, T>, pause: () => Promise<void>, sliceMs: number): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await pause();
      sliceStart = performance.now();
    }
  }
}
