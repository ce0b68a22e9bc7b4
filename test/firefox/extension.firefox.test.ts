// QuoteTrail in a real Firefox (firefox-esr over WebDriver BiDi): fixture pages scanned into the same report contract
// as in Chromium, highlights and the card, the popup on a tab and its check, the options page, withheld site access,
// and no error of the extension's on Firefox's stdout. One Firefox for the whole file (a launch costs seconds).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredReport } from '@/lib/model/types';
import { launchFirefox, reportFor, ROOT, serveFixtures, settledReport, until, type FirefoxExtension, type FixtureServer } from '@/test/firefox/harness';

const PAGES = join(ROOT, 'test', 'fixtures', 'pages');
const PROBE = 'QuoteTrail: stdout probe';

interface GoldenQuote {
  text: string;
  parts?: string[];
  speaker: string | null;
  match: null | { quoteId: string; kind: string; speaker: string | null; misattributed: boolean; sources: string[] };
}
const goldens = readdirSync(PAGES)
  .filter((f) => f.endsWith('.golden.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(PAGES, f), 'utf8')) as { page: string; quotes: GoldenQuote[] });

/** What the comparison looks at: the contract's fields, sources as ids (as test/browser/scan.browser.test.ts). */
function view(q: GoldenQuote | StoredReport['quotes'][number]) {
  return {
    text: q.text,
    ...(q.parts ? { parts: q.parts } : {}),
    speaker: q.speaker,
    match: q.match && {
      quoteId: q.match.quoteId,
      kind: q.match.kind,
      speaker: q.match.speaker,
      misattributed: q.match.misattributed,
      sources: q.match.sources.map((s) => (typeof s === 'string' ? s : s.sourceId)).sort(),
    },
  };
}

// The extension's API as its pages see it (these functions run in Firefox, not in Node).
declare const browser: {
  permissions: {
    contains(p: { origins: string[] }): Promise<boolean>;
    remove(p: { origins: string[] }): Promise<boolean>;
  };
  tabs: { query(q: object): Promise<Array<{ id?: number }>> };
  storage: { local: { get(keys: null): Promise<Record<string, unknown>>; clear(): Promise<void> } };
};

let ff: FirefoxExtension;
let server: FixtureServer;
beforeAll(async () => {
  ff = await launchFirefox();
  server = await serveFixtures(PAGES);
  console.log(`Firefox ${ff.version}`);
});
afterAll(async () => {
  await ff?.close();
  await server?.close();
});

/** The page's highlight names (the CSS Custom Highlight API registry, as the page sees it). */
const highlights = (page: Page) => page.evaluate(() => [...(CSS as unknown as { highlights: Map<string, unknown> }).highlights.keys()].sort());
/** The card's visible text, from inside its shadow root ('' when closed). */
const cardText = (page: Page) =>
  page.evaluate(() => {
    const host = document.querySelector('quotetrail-card') as HTMLElement | null;
    if (!host || getComputedStyle(host).display === 'none') return '';
    return (host.shadowRoot?.querySelector('.card') as HTMLElement | null)?.innerText ?? '';
  });
/** A page's visible text. */
const text = (page: Page) => page.evaluate(() => document.body.innerText);

async function open(name: string): Promise<Page> {
  const page = await ff.browser.newPage();
  await page.goto(`${server.origin}/${name}`);
  return page;
}

describe(`QuoteTrail in Firefox`, () => {
  it('runs the Firefox the strict_min_version allows, and its console reaches stdout', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, '.output', 'firefox-mv3', 'manifest.json'), 'utf8')) as {
      browser_specific_settings: { gecko: { strict_min_version: string } };
    };
    expect(ff.version).toBeGreaterThanOrEqual(parseInt(manifest.browser_specific_settings.gecko.strict_min_version, 10));
    // Without this, "no error on stdout" at the end would prove nothing.
    await ff.inExtension((probe) => console.warn(probe), PROBE);
    await until('the probe on stdout', async () => ff.output().includes(PROBE));
  });

  it.each(goldens.map((g) => [g.page, g] as const))('%s: report:<tabId> in storage.session matches the golden JSON', async (name, golden) => {
    const page = await open(name);
    const { tabId, report } = await settledReport(ff, `${server.origin}/${name}`, { quietMs: name.startsWith('late') ? 2500 : 1500 });
    expect(Number.isInteger(tabId)).toBe(true);
    expect(Date.parse(report.scannedAt)).not.toBeNaN();
    expect(report.quotes.map(view)).toEqual(golden.quotes.map(view));
    await page.close();
  });

  let article: Page;
  let tabId: number;
  let report: StoredReport;
  it('highlights the quotes, and the card opens on keyboard focus with its styles', async () => {
    article = await open('wire-story.html');
    ({ tabId, report } = await settledReport(ff, `${server.origin}/wire-story.html`));
    expect(report.quotes.length).toBeGreaterThan(5);
    // One report per tab, under the contract's key.
    expect(Object.keys(await ff.reports())).toContain(`report:${tabId}`);
    await until('highlights', async () => (await highlights(article)).length > 0);
    expect(await highlights(article)).toEqual(expect.arrayContaining(['quotetrail-exact', 'quotetrail-misattributed', 'quotetrail-missing']));

    // Alt+Shift+N steps to the first quote and focuses its card.
    await article.keyboard.down('Alt');
    await article.keyboard.down('Shift');
    await article.keyboard.press('KeyN');
    await article.keyboard.up('Shift');
    await article.keyboard.up('Alt');
    await until('the card', async () => (await cardText(article)).includes(`Quote 1 of ${report.quotes.length}`));
    expect(await article.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('quotetrail-card');
    // Styled by its adopted sheet (Firefox 140 refused the assignment until adoptSheet): a border, a radius.
    const style = await article.evaluate(() => {
      const card = document.querySelector('quotetrail-card')!.shadowRoot!.querySelector('.card')!;
      const s = getComputedStyle(card);
      return { radius: s.borderTopLeftRadius, border: s.borderTopWidth };
    });
    expect(style).toEqual({ radius: '10px', border: '1px' });
    await article.keyboard.press('Escape');
    await until('the card closed', async () => (await cardText(article)) === '');
  });

  it('the popup on that tab (popup.html?tab=<id>) lists its quotes, and Check a quote finds the sources', async () => {
    const popup = await ff.openExtensionPage(`popup.html?tab=${tabId}`);
    await until('the list', async () => (await text(popup)).includes(`${report.quotes.length} quotes`));
    const shown = await text(popup);
    expect(shown).toContain('“coordination without subordination.”');
    expect(shown).toContain('Attributed here to Donald Trump; the sources attribute it to Claudia Sheinbaum.');

    await popup.type('textarea', 'absolutely ruled out');
    await until('the check', async () => (await text(popup)).includes("Mexico Dismisses Trump's Military Action Plan Against Cartels"));
    expect(await text(popup)).toContain('Claudia Sheinbaum');
    await popup.close();
  });

  it('the options page saves a setting', async () => {
    await ff.inExtension(() => browser.storage.local.clear());
    const options = await ff.openExtensionPage('options.html');
    await until('the switch', async () => options.$('input[role="switch"]'));
    expect(await options.$eval('input[role="switch"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
    await options.click('input[role="switch"]');
    await until('Saved.', async () => (await text(options)).includes('Saved.'));
    const stored = await ff.inExtension(() => browser.storage.local.get(null));
    expect(stored).toMatchObject({ settings: { autoScan: false }, settings$: { v: 2 } });
    await ff.inExtension(() => browser.storage.local.clear());
    await options.close();
  });

  it('a site whose access the reader withheld: the popup asks for it, and once allowed the page is scanned', async () => {
    // What the reader does in about:addons (Permissions: "Access your data for all websites" off).
    expect(await ff.inExtension(() => browser.permissions.remove({ origins: ['<all_urls>'] }))).toBe(true);
    expect(await ff.inExtension(() => browser.permissions.contains({ origins: ['http://127.0.0.1/*'] }))).toBe(false);
    const page = await open('liveblog.html');
    const url = `${server.origin}/liveblog.html`;
    // No content script runs: no report, no highlights.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await reportFor(ff, url)).toBeUndefined();
    expect(await highlights(page)).toEqual([]);

    // The newest tab is the page's (without access its address is hidden, even from the extension).
    const tabs = await ff.inExtension(() => browser.tabs.query({}));
    const id = Math.max(...tabs.map((t) => t.id ?? -1));
    const popup = await ff.openExtensionPage(`popup.html?tab=${id}`);
    await until('the access notice', async () => (await text(popup)).includes('QuoteTrail may not read this page: its site access was withheld.'));
    expect(await text(popup)).not.toMatch(/Reload the page/i);
    // A real click over BiDi: the user gesture that permissions.request requires.
    await popup.click('::-p-text(Allow QuoteTrail on all websites)');
    expect(await ff.inExtension(() => browser.permissions.contains({ origins: ['<all_urls>'] }))).toBe(true);
    // The tab reloads, its content script runs, the report and the highlights come.
    const { report: scanned } = await settledReport(ff, url);
    expect(scanned.quotes.length).toBeGreaterThan(0);
    await until('highlights after the grant', async () => (await highlights(page)).length > 0);
    await until('the list in the popup', async () => (await text(popup)).includes(`${scanned.quotes.length} quotes`));
    await popup.close();
    await page.close();
  });

  it('printed no error or warning of the extension’s on stdout during the run', async () => {
    // A moment for anything still on its way to stdout.
    await new Promise((r) => setTimeout(r, 500));
    expect(ff.problems().filter((line) => !line.includes(PROBE))).toEqual([]);
  });
});
