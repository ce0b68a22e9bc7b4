// Helpers every Firefox test uses: launch Debian's firefox-esr over WebDriver BiDi with the built extension
// installed as a temporary add-on, open its pages, read its storage, and collect what Firefox prints.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { StoredReport } from '@/lib/model/types';
import { ROOT } from '@/test/browser/harness';

export { ROOT, serveFixtures, type FixtureServer } from '@/test/browser/harness';

/** The Firefox MV3 build that `npm run build:firefox` writes. */
export const EXTENSION_DIR = join(ROOT, '.output', 'firefox-mv3');
/** The gecko id in wxt.config.ts. */
export const GECKO_ID = 'quotetrail@quotetrail.org';
/** Pinned through the `extensions.webextensions.uuids` pref, so the extension's pages have a known address. */
export const UUID = '5e3c1b52-6a0f-4f3e-9b7a-2d1c0e9f8a41';
export const EXTENSION_ORIGIN = `moz-extension://${UUID}`;

/** Firefox to drive: FIREFOX_PATH (e.g. an unpacked 140 ESR), else Debian's package. */
export function firefoxPath(): string {
  return process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
}

/** Puppeteer's Firefox browser speaks BiDi; its raw connection sends the commands puppeteer has no method for. */
interface Bidi {
  connection: { send(method: string, params: object): Promise<unknown> };
}

/** A running Firefox with QuoteTrail installed. */
export interface FirefoxExtension {
  browser: Browser;
  /** Firefox's major version, e.g. 140. */
  version: number;
  /** Everything Firefox has printed so far (stdout and stderr, with the console's messages). */
  output(): string;
  /** The lines of that output that are our extension's errors or warnings (see extensionProblems). */
  problems(): string[];
  /** A new tab at one of the extension's pages, e.g. `popup.html?tab=3`. */
  openExtensionPage(path: string): Promise<Page>;
  /** Runs `fn` in an extension page (which has `browser.*`) and returns its result. */
  inExtension<T, A extends unknown[]>(fn: (...args: A) => T | Promise<T>, ...args: A): Promise<T>;
  /** Every `report:*` entry in storage.session, read from an extension page. */
  reports(): Promise<Record<string, StoredReport>>;
  close(): Promise<void>;
}

/**
 * Our extension's problems among Firefox's output: an error or warning raised in one of its files
 * (moz-extension://<uuid>/…), and every "QuoteTrail:" console warning (lib/model/log.ts: a failure we caught).
 * Firefox's own noise (the remote agent, favicons, web-compat interventions) names no file of ours.
 */
export function extensionProblems(output: string): string[] {
  return output.split('\n').filter((line) =>
    (line.includes(EXTENSION_ORIGIN) && /error|warning|exception|uncaught/i.test(line)) || /QuoteTrail:/.test(line));
}

/**
 * Launches headless Firefox and installs the built extension (a temporary add-on, as about:debugging does). Firefox
 * grants the content script's <all_urls> at install (extensions.originControls.grantByDefault); a test withholds it
 * with permissions.remove, as the reader does in about:addons.
 */
export async function launchFirefox(): Promise<FirefoxExtension> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}/manifest.json: run npm run build:firefox first.`);
  }
  const executablePath = firefoxPath();
  if (!existsSync(executablePath)) {
    throw new Error(`No Firefox at ${executablePath}: apt-get install -y firefox-esr (or set FIREFOX_PATH).`);
  }
  const firefox = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    // Lets a tab open moz-extension:// pages when driven over BiDi.
    args: ['-remote-allow-system-access'],
    extraPrefsFirefox: {
      // Console messages of pages, content scripts and the extension's own pages on stdout.
      'devtools.console.stdout.content': true,
      'devtools.console.stdout.chrome': true,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
      // permissions.request is answered "allow" without a prompt headless Firefox could not show: the reader's
      // click on Allow (the request itself still needs a user gesture, which the test's click gives).
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  let output = '';
  const child = firefox.process();
  child?.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child?.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const close = async () => {
    await firefox.close().catch(() => undefined);
  };
  try {
    await firefox.installExtension(EXTENSION_DIR);
  } catch (error) {
    await close();
    throw new Error(`Firefox did not install ${EXTENSION_DIR}: ${String(error)}`);
  }
  const version = Number(/(\d+)\./.exec(await firefox.version())?.[1] ?? 0);

  const openExtensionPage = async (path: string): Promise<Page> => {
    const page = await firefox.newPage();
    // page.goto never resolves for a moz-extension:// address in Firefox 153; BiDi's own navigate does.
    await (firefox as unknown as Bidi).connection.send('browsingContext.navigate', {
      context: (page.mainFrame() as unknown as { _id: string })._id,
      url: `${EXTENSION_ORIGIN}/${path}`,
      wait: 'complete',
    });
    return page;
  };
  // One extension page, kept open, to run the extension's API from (storage.session is not readable elsewhere).
  let helper: Promise<Page> | null = null;
  const inExtension = async <T, A extends unknown[]>(fn: (...args: A) => T | Promise<T>, ...args: A): Promise<T> => {
    helper ??= openExtensionPage('options.html');
    return (await helper).evaluate(fn as never, ...(args as unknown as never[])) as Promise<T>;
  };
  return {
    browser: firefox,
    version,
    output: () => output,
    problems: () => extensionProblems(output),
    openExtensionPage,
    inExtension,
    reports: () =>
      inExtension(async () => {
        const all = (await browser.storage.session.get(null)) as Record<string, unknown>;
        return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('report:'))) as Record<string, never>;
      }),
    close,
  };
}

// The extension's API as its pages see it (these functions run in Firefox, not in Node).
declare const browser: { storage: { session: { get(keys: null): Promise<Record<string, unknown>> } } };

/** The key and report of the tab whose report is for `url`. */
export async function reportFor(ff: FirefoxExtension, url: string): Promise<[string, StoredReport] | undefined> {
  return Object.entries(await ff.reports()).find(([, r]) => r.url === url);
}

/** Waits until the report for `url` exists and has not changed for `quietMs`; returns it with its tab id. */
export async function settledReport(ff: FirefoxExtension, url: string, { quietMs = 1500, timeoutMs = 20_000 } = {}): Promise<{ tabId: number; report: StoredReport }> {
  const started = Date.now();
  let last = '';
  let since = Date.now();
  for (;;) {
    const found = await reportFor(ff, url);
    const now = JSON.stringify(found?.[1].quotes ?? null);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (found && Date.now() - since >= quietMs) return { tabId: Number(found[0].slice('report:'.length)), report: found[1] };
    if (Date.now() - started > timeoutMs) {
      throw new Error(`no settled report for ${url} within ${timeoutMs} ms (last: ${now.slice(0, 300)})\nFirefox said:\n${ff.problems().join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Polls `fn` until it returns a truthy value (returned), or throws after `timeoutMs` with `what`. */
export async function until<T>(what: string, fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  let last: T | undefined;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
