// The few extension APIs the bench calls inside the browser (page.evaluate / worker.evaluate callbacks), typed
// by hand so that the repo needs no @types/chrome; and a shim for the helper tsx adds to serialised functions.
/** The slice of `chrome.*` that the bench uses from the service worker and the popup page. */
export interface ChromeApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: { session: { get(keys: string | null): Promise<Record<string, unknown>> } };
  tabs: { query(query: Record<string, unknown>): Promise<Array<{ id?: number; url?: string }>> };
}

/** What `globalThis` looks like in an extension context, for casts inside evaluate callbacks. */
export type ExtensionGlobal = typeof globalThis & { chrome: ChromeApi };

/**
 * tsx (esbuild keepNames) wraps named inner functions in `__name(...)`, which does not exist once Playwright
 * serialises a callback into the browser: define it there as the identity.
 */
export const NAME_SHIM = 'globalThis.__name ??= (f) => f; undefined;';

/** Installs the shim in a page or worker (anything that evaluates a string) before the first evaluate. */
export async function shim(target: { evaluate(expression: string): Promise<unknown> }): Promise<void> {
  await target.evaluate(NAME_SHIM);
}
