// Helpers every real-browser test uses: launch Chromium with the built extension, open its pages, serve fixtures.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

/** Repository root (this file lives in test/browser/). */
export const ROOT = resolve(import.meta.dirname, '../..');
/** The unpacked Chrome MV3 build that `npm run build` writes. */
export const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');
const SCREENSHOT_DIR = join(ROOT, 'test-output', 'screenshots');

/** A running Chromium with QuoteTrail loaded. */
export interface LoadedExtension {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** Closes the browser and removes its temporary profile. */
  close(): Promise<void>;
}

/** Chromium to drive: CHROMIUM_PATH, else Debian's package (Playwright's own downloads cannot work here). */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Launches headless Chromium with the built extension in a fresh profile, and waits for its service worker. */
export async function launchExtension(opts: { lang?: string } = {}): Promise<LoadedExtension> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}/manifest.json: run npm run build first.`);
  }
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'quotetrail-chromium-'));
  const args = [
    // Playwright passes --disable-extensions by default; this is the exception that lets ours load.
    `--disable-extensions-except=${EXTENSION_DIR}`,
    `--load-extension=${EXTENSION_DIR}`,
    '--no-sandbox',
    '--disable-gpu',
    // Without these Chromium floods the closed network with refused connections (STACK.md).
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
  // Playwright's `locale` does not reach chrome.i18n; --lang does.
  if (opts.lang) args.push(`--lang=${opts.lang}`);

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    const serviceWorker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', {
        predicate: (w) => w.url().startsWith('chrome-extension://'),
        timeout: 30_000,
      }));
    const extensionId = new URL(serviceWorker.url()).host;
    return { context, extensionId, serviceWorker, close };
  } catch (error) {
    await close();
    throw new Error(`The extension's service worker never started (is the build loadable?): ${String(error)}`);
  }
}

/** Opens the popup as an ordinary tab (Playwright cannot click the toolbar button). */
export async function openPopup(ext: LoadedExtension, query = ''): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html${query}`);
  return page;
}

/** A running fixture server. */
export interface FixtureServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Paths requested so far, in order (with their query strings). */
  requests: string[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
};

/** Serves the files of `dir` over HTTP on 127.0.0.1 (a random port), so content scripts see real pages. */
export async function serveFixtures(dir: string): Promise<FixtureServer> {
  const root = resolve(dir);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = resolve(join(root, pathname));
    // Never serve outside the fixture directory, whatever the path says.
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        // Keep-alive sockets from Chromium would otherwise hold close() open.
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Where a test saves a screenshot: test-output/screenshots/<name>.png (gitignored). */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, name.endsWith('.png') ? name : `${name}.png`);
}
