// Headless Chromium for the bench (the recipe in ../shared/STACK.md), with or without an unpacked extension,
// and a tiny HTTP server for generated pages.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

/** A running Chromium with a fresh profile. */
export interface Launched {
  context: BrowserContext;
  userDataDir: string;
  /** Set when an extension was loaded. */
  extensionId: string | null;
  serviceWorker: Worker | null;
  /** When the extension's service worker was first seen (performance.now() in this process). */
  workerSeenAt: number | null;
  close(): Promise<void>;
}

/** Chromium to drive: CHROMIUM_PATH, else Debian's package. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Launches headless Chromium in a fresh profile; with `extensionDir`, loads it and waits for its service worker. */
export async function launch(opts: { extensionDir?: string; args?: string[] } = {}): Promise<Launched> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'quotetrail-bench-'));
  const args = [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', ...(opts.args ?? []),
  ];
  if (opts.extensionDir) args.unshift(`--disable-extensions-except=${opts.extensionDir}`, `--load-extension=${opts.extensionDir}`);
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args });
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  };
  if (!opts.extensionDir) return { context, userDataDir, extensionId: null, serviceWorker: null, workerSeenAt: null, close };
  try {
    const isOurs = (w: Worker) => w.url().startsWith('chrome-extension://');
    const serviceWorker = context.serviceWorkers().find(isOurs) ?? (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 30_000 }));
    const workerSeenAt = performance.now();
    return { context, userDataDir, extensionId: new URL(serviceWorker.url()).host, serviceWorker, workerSeenAt, close };
  } catch (error) {
    await close();
    throw new Error(`The extension's service worker never started (is ${opts.extensionDir} loadable?): ${String(error)}`);
  }
}

/** Bytes under a directory (0 when it does not exist). */
export function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(path) : statSync(path).size;
  }
  return total;
}

/** A server of generated pages. */
export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves `pages` (path -> HTML) on 127.0.0.1 at a random port; any query string is ignored. */
export async function servePages(pages: Map<string, string>): Promise<PageServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const html = pages.get(path);
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
