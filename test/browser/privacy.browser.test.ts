// Privacy (issue 5, §3): while pages are scanned and the popup and options are used, no request goes anywhere but the
// page's own server and the extension's own files; and a page cannot find out that the extension is installed by
// fetching one of its files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, launchExtension, openPopup, ROOT, serveFixtures, type FixtureServer, type LoadedExtension } from '@/test/browser/harness';
import { reportFor, settledReport } from '@/test/browser/pages';

const PAGES = join(ROOT, 'test', 'fixtures', 'pages');

interface Seen {
  url: string;
  method: string;
  type: string;
  /** Who made it: a page's URL, or "service worker". */
  from: string;
}

let ext: LoadedExtension;
let server: FixtureServer;
const seen: Seen[] = [];

beforeAll(async () => {
  ext = await launchExtension();
  server = await serveFixtures(PAGES);
  // context.on('request') sees every page's, frame's and worker's requests, the service worker's fetches included.
  ext.context.on('request', (r: Request) => {
    let from = 'service worker';
    try {
      from = r.frame().url();
    } catch {
      // a request from a worker has no frame
    }
    seen.push({ url: r.url(), method: r.method(), type: r.resourceType(), from });
  });
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

/** True for a request that stays on this machine: the fixture server, the extension's own files, or local data. */
function staysHome(url: string): boolean {
  const own = `chrome-extension://${ext.extensionId}/`;
  return (
    url.startsWith(`${server.origin}/`) ||
    url.startsWith(own) ||
    url.startsWith('data:') ||
    url.startsWith(`blob:${own}`) ||
    url.startsWith(`blob:${server.origin}/`) ||
    url === 'about:blank'
  );
}

describe('privacy: nothing leaves the machine', () => {
  it('scanning every fixture page, and using the popup and the options, requests only the page server and the extension’s own files', async () => {
    // Restart the service worker, so that its start-up fetches (the bundled corpus files) happen while we listen.
    const probe = await ext.context.newPage();
    const cdp = await ext.context.newCDPSession(probe);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await probe.close();

    // Every fixture page, scanned to the end.
    const pages = readdirSync(PAGES).filter((f) => f.endsWith('.html')).sort();
    expect(pages.length).toBeGreaterThanOrEqual(8);
    let tabId = -1;
    for (const name of pages) {
      const page = await ext.context.newPage();
      await page.goto(`${server.origin}/${name}`);
      // A fresh worker handle: the one the harness found was stopped above.
      const live = { ...ext, serviceWorker: await liveWorker() };
      await settledReport(live, page, { quietMs: name.startsWith('late') ? 2500 : 1200, timeoutMs: 20_000 });
      if (name === 'wire-story.html') tabId = Number((await reportFor(live, page.url()))![0].slice('report:'.length));
      else await page.close();
    }
    expect(tabId).toBeGreaterThan(0);

    // The popup as the toolbar opens it: type a quote to check.
    const popup = await openPopup(ext);
    const field = popup.getByRole('searchbox', { name: 'Check a quote', exact: true }).or(popup.getByRole('textbox', { name: 'Check a quote', exact: true }));
    await field.fill('coordination without subordination');
    await popup.getByText('Claudia Sheinbaum').first().waitFor({ timeout: 10_000 });
    // The popup about a scanned tab, and a check window.
    const tabPopup = await openPopup(ext, `?tab=${tabId}`);
    await tabPopup.getByText('absolutely ruled out').first().waitFor({ timeout: 10_000 });
    const checkPopup = await openPopup(ext, `?check=${encodeURIComponent('absolutely ruled out')}`);
    await checkPopup.getByText('Claudia Sheinbaum').first().waitFor({ timeout: 10_000 });
    for (const p of [popup, tabPopup, checkPopup]) await settle(p);

    // The options page, if this build has one: change every setting it offers.
    if (existsSync(join(EXTENSION_DIR, 'options.html'))) {
      const options = await ext.context.newPage();
      await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
      await options.locator('input[type=checkbox], input[type=radio], [role=switch]').first().waitFor({ timeout: 10_000 });
      for (const box of await options.locator('input[type=checkbox], input[type=radio], [role=switch]').all()) await box.click().catch(() => undefined);
      for (const text of await options.getByRole('textbox').all()) {
        await text.fill('example.org');
        await text.press('Enter');
      }
      await settle(options);
    }

    const away = seen.filter((r) => !staysHome(r.url));
    const summary = {
      requests: seen.length,
      toFixtureServer: seen.filter((r) => r.url.startsWith(server.origin)).length,
      toExtension: seen.filter((r) => r.url.startsWith('chrome-extension://')).length,
      fromServiceWorker: seen.filter((r) => r.from === 'service worker').map((r) => r.url.replace(/^chrome-extension:\/\/[^/]+/, '')),
      away,
    };
    console.log('privacy: requests seen', JSON.stringify(summary, null, 2));
    // The recorder did see the service worker fetch its own bundled files (else it could miss what it should catch).
    expect(seen.some((r) => r.url === `chrome-extension://${ext.extensionId}/corpus-meta.json`)).toBe(true);
    expect(away).toEqual([]);
  }, 180_000);
});

describe('privacy: a page cannot tell the extension is installed', () => {
  it('the manifest lists no web-accessible resources', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { web_accessible_resources?: unknown[] };
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
  });

  it('fetching, or loading as an image, script or style, any of its files from a page fails', async () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
      web_accessible_resources?: Array<{ resources?: string[] }>;
    };
    const listed = (manifest.web_accessible_resources ?? []).flatMap((w) => w.resources ?? []).map((r) => `/${r.replace(/^\//, '')}`);
    // Every file the build ships, and a few it does not (a page probes names it guesses).
    const shipped = readdirSync(EXTENSION_DIR, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => `/${join(e.parentPath, e.name).slice(EXTENSION_DIR.length + 1)}`);
    const paths = [...new Set(['/corpus.json', '/manifest.json', '/content-scripts/content.css', '/popup.html', '/options.html', ...listed, ...shipped])];
    expect(shipped).toContain('/corpus.json');

    const page: Page = await ext.context.newPage();
    await page.goto(`${server.origin}/no-quotes.html`);
    const results = await page.evaluate(
      async ({ base, list }) => {
        const load = (tag: 'img' | 'script' | 'link', url: string) =>
          new Promise<string>((done) => {
            const el = document.createElement(tag);
            el.addEventListener('load', () => done('loaded'));
            el.addEventListener('error', () => done('error'));
            setTimeout(() => done('timeout'), 3000);
            if (el instanceof HTMLLinkElement) {
              el.rel = 'stylesheet';
              el.href = url;
            } else (el as HTMLImageElement | HTMLScriptElement).src = url;
            document.head.append(el);
          });
        const out: Array<{ path: string; fetch: string; img: string; script: string; link: string }> = [];
        for (const path of list) {
          const url = base + path;
          let fetched: string;
          try {
            const r = await fetch(url);
            fetched = `HTTP ${r.status}`;
          } catch (error) {
            fetched = `failed: ${(error as Error).name}`;
          }
          out.push({ path, fetch: fetched, img: await load('img', url), script: await load('script', url), link: await load('link', url) });
        }
        return out;
      },
      { base: `chrome-extension://${ext.extensionId}`, list: paths },
    );
    const reachable = results.filter((r) => !r.fetch.startsWith('failed') || r.img === 'loaded' || r.script === 'loaded' || r.link === 'loaded');
    console.log(`privacy: probed ${results.length} extension paths from a page; reachable: ${JSON.stringify(reachable)}`);
    expect(results.length).toBeGreaterThanOrEqual(6);
    expect(reachable).toEqual([]);
    await page.close();
  }, 120_000);
});

/** The extension's running service worker (the one the harness found may have been stopped since). */
async function liveWorker() {
  for (let attempt = 0; attempt < 50; attempt++) {
    for (const w of [...ext.context.serviceWorkers()].reverse()) {
      if (w.url().startsWith(`chrome-extension://${ext.extensionId}/`) && (await w.evaluate(() => true).catch(() => false))) return w;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no live service worker');
}

/** Lets a page finish what it started (lookups, storage, fonts) before its requests are counted. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
}
