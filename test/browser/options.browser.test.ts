// The options page and the reader's own sources in real Chromium: settings that persist and act on open pages
// without a reload, a paused site with no report, manual scanning, and a page the reader adds that later lookups find.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope, Message, Replies, TabReplies, TabRequestType } from '@/lib/model/protocol';
import { launchExtension, ROOT, screenshotPath, serveFixtures, type FixtureServer, type LoadedExtension } from '@/test/browser/harness';
import { allReports, reportFor, settledReport } from '@/test/browser/pages';

// The extension's own API, as its pages and service worker see it (these functions run there, not in Node).
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(q: object): Promise<Array<{ id?: number }>>; sendMessage(tabId: number, message: unknown, options?: object): Promise<unknown> };
  storage: { local: { get(keys: null): Promise<Record<string, unknown>>; clear(): Promise<void> } };
};

const RUBIO = 'We will measure this partnership by the laboratories that close, not by the communiqués that get signed';
const TIMEOUT = 10_000;

let ext: LoadedExtension;
let pages: FixtureServer;
let reader: FixtureServer;
beforeAll(async () => {
  ext = await launchExtension();
  pages = await serveFixtures(join(ROOT, 'test', 'fixtures', 'pages'));
  reader = await serveFixtures(join(ROOT, 'test', 'fixtures', 'reader'));
});
afterAll(async () => {
  await ext?.close();
  await pages?.close();
  await reader?.close();
});

/** Opens the options page as a tab. */
async function openOptions(): Promise<Page> {
  const page = await ext.context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await page.getByRole('switch', { name: 'Scan pages automatically' }).waitFor();
  return page;
}

/** Sends a request to the background from an extension page, as the popup does, and unwraps the envelope. */
async function ask<K extends Message['type']>(page: Page, message: Extract<Message, { type: K }>): Promise<Replies[K]> {
  const envelope = (await page.evaluate((m) => chrome.runtime.sendMessage(m), message)) as Envelope<K>;
  if (!envelope.ok) throw new Error(envelope.error);
  return envelope.value as Replies[K];
}

/** Sends a request to a tab's content script from the service worker (as the popup would); returns the raw envelope. */
async function tell<K extends TabRequestType>(tabId: number, type: K): Promise<{ ok: true; value: TabReplies[K] } | { ok: false; error: string }> {
  return ext.serviceWorker.evaluate(([id, t]) => chrome.tabs.sendMessage(id, { type: t }), [tabId, type] as const) as never;
}

/** The id of the tab opened last (tab ids grow; without the "tabs" permission the URL is not readable). */
async function newestTabId(): Promise<number> {
  const tabs = await ext.serviceWorker.evaluate(() => chrome.tabs.query({}));
  return Math.max(...tabs.map((t) => t.id ?? -1));
}

async function resetSettings(): Promise<void> {
  await ext.serviceWorker.evaluate(() => chrome.storage.local.clear());
}

/** The page's highlight names (the CSS Custom Highlight API registry). */
const highlights = (page: Page) => page.evaluate(() => [...(CSS as unknown as { highlights: Map<string, unknown> }).highlights.keys()].sort());

/** Adds a site to one of the options page's lists, as a reader types it. */
async function addSite(options: Page, list: 'Always scan' | 'Never scan', host: string): Promise<void> {
  const region = options.getByRole('region', { name: list });
  await region.getByRole('textbox').fill(host);
  await region.getByRole('textbox').press('Enter');
  await region.getByText(host, { exact: true }).waitFor();
  await options.getByText('Saved.').waitFor();
}

describe('the options page', () => {
  it('keeps every setting across a reload', async () => {
    await resetSettings();
    const options = await openOptions();
    await options.getByRole('switch', { name: 'Scan pages automatically' }).uncheck();
    await addSite(options, 'Never scan', 'paused.example');
    await addSite(options, 'Always scan', 'always.example');
    await options.getByRole('checkbox', { name: 'Donald Trump' }).uncheck();
    await options.getByRole('radio', { name: /Tint only/ }).check();
    await options.getByText('Saved.').waitFor();
    await options.screenshot({ path: screenshotPath('options'), fullPage: true });

    await options.reload();
    await options.getByRole('switch', { name: 'Scan pages automatically' }).waitFor();
    expect(await options.getByRole('switch', { name: 'Scan pages automatically' }).isChecked()).toBe(false);
    expect(await options.getByRole('region', { name: 'Never scan' }).getByText('paused.example', { exact: true }).isVisible()).toBe(true);
    expect(await options.getByRole('region', { name: 'Always scan' }).getByText('always.example', { exact: true }).isVisible()).toBe(true);
    expect(await options.getByRole('checkbox', { name: 'Donald Trump' }).isChecked()).toBe(false);
    expect(await options.getByRole('checkbox', { name: 'Marco Rubio' }).isChecked()).toBe(true);
    expect(await options.getByRole('radio', { name: /Tint only/ }).isChecked()).toBe(true);
    // Stored as the README says: storage.local "settings", version 2 beside it.
    const stored = await ext.serviceWorker.evaluate(() => chrome.storage.local.get(null));
    expect(stored).toMatchObject({ settings: { autoScan: false, denySites: ['paused.example'], allowSites: ['always.example'], highlightStyle: 'tint' }, settings$: { v: 2 } });
    await options.close();
  });

  it('is usable from the keyboard alone, every control named, and follows a dark system theme', async () => {
    await resetSettings();
    const options = await openOptions();
    const named: string[] = [];
    for (let i = 0; i < 16; i++) {
      await options.keyboard.press('Tab');
      named.push(await options.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        if (!el || el === document.body) return '';
        const label = el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '';
        return `${el.tagName.toLowerCase()}:${label.trim()}`;
      }));
    }
    for (const name of named.filter(Boolean)) expect(name).toMatch(/^[a-z]+:\S/);
    expect(named).toEqual(expect.arrayContaining([
      'input:Scan pages automatically', 'input:Add a site to “Always scan”', 'button:Add', 'input:Add a site to “Never scan”',
      'input:Claudia Sheinbaum', 'input:Marco Rubio',
    ]));
    // The space bar toggles the focused switch, as for any checkbox.
    await options.getByRole('switch', { name: 'Scan pages automatically' }).focus();
    await options.keyboard.press('Space');
    await options.getByText('Saved.').waitFor();
    expect(await options.getByRole('switch', { name: 'Scan pages automatically' }).isChecked()).toBe(false);

    const background = () => options.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await options.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await options.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).not.toBe(light);
    await options.screenshot({ path: screenshotPath('options-dark'), fullPage: true });
    await options.close();
    await resetSettings();
  });
});

describe('sites and scanning', () => {
  it('a paused site gets no report while another site does; resuming scans it without a reload, pausing clears it', async () => {
    await resetSettings();
    const options = await openOptions();
    await addSite(options, 'Never scan', 'localhost');

    const paused = await ext.context.newPage();
    await paused.goto(`${pages.origin.replace('127.0.0.1', 'localhost')}/wire-story.html`);
    const open = await ext.context.newPage();
    await open.goto(`${pages.origin}/wire-story.html`);
    const report = await settledReport(ext, open);
    expect(report.quotes.length).toBeGreaterThan(5);
    expect(await highlights(open)).toContain('quotetrail-exact');
    // The paused page has had as long as the other: no report, no highlight.
    expect(await reportFor(ext, paused.url())).toBeUndefined();
    expect(await highlights(paused)).toEqual([]);

    // Resumed from the options page: the open page is scanned at once, no reload.
    await options.getByRole('region', { name: 'Never scan' }).getByRole('button', { name: 'Remove localhost' }).click();
    expect((await settledReport(ext, paused)).quotes.length).toBe(report.quotes.length);
    expect(await highlights(paused)).toContain('quotetrail-exact');

    // Paused again, the other way (the popup's switch writes the same list): highlights and report go.
    await addSite(options, 'Never scan', '127.0.0.1');
    await expect.poll(() => highlights(open), { timeout: TIMEOUT }).toEqual([]);
    await expect.poll(async () => (await reportFor(ext, open.url())) === undefined, { timeout: TIMEOUT }).toBe(true);
    for (const p of [options, paused, open]) await p.close();
    await resetSettings();
  });

  it('with automatic scanning off, a page is scanned only when the reader asks; unmarked people are not highlighted', async () => {
    await resetSettings();
    const options = await openOptions();
    await options.getByRole('switch', { name: 'Scan pages automatically' }).uncheck();
    await options.getByText('Saved.').waitFor();

    const page = await ext.context.newPage();
    await page.goto(`${pages.origin}/wire-story.html`);
    const tabId = await newestTabId();
    await new Promise((r) => setTimeout(r, 2000)); // longer than an automatic scan takes
    expect(await reportFor(ext, page.url())).toBeUndefined();
    expect(await highlights(page)).toEqual([]);

    // "Scan this page": the answer comes once the report is written.
    const answer = await tell(tabId, 'scan-now');
    expect(answer).toMatchObject({ ok: true, value: { scanned: true } });
    const report = (await reportFor(ext, page.url()))?.[1];
    expect(report?.quotes.length).toBeGreaterThan(5);
    expect(answer.ok && answer.value.scanned && answer.value.quotes).toBe(report?.quotes.length);
    expect(await highlights(page)).toContain('quotetrail-misattributed');

    // Unmark everyone: the page loses its highlights at once; the report keeps every quote.
    for (const name of ['Claudia Sheinbaum', 'Donald Trump', 'Ronald Johnson', 'Marco Rubio']) {
      await options.getByRole('checkbox', { name }).uncheck();
    }
    await options.getByText('Saved.').waitFor();
    await expect.poll(() => highlights(page), { timeout: TIMEOUT }).toEqual([]);
    expect((await reportFor(ext, page.url()))?.[1].quotes.length).toBe(report!.quotes.length);

    // A paused site refuses even a request.
    await addSite(options, 'Never scan', '127.0.0.1');
    expect(await tell(tabId, 'scan-now')).toEqual({ ok: true, value: { scanned: false, reason: 'paused' } });
    await page.close();
    await options.close();
    await resetSettings();
  });
});

describe('the reader’s own sources', () => {
  it('adds a page through the background; later lookups and pages cite it as "user:", the page never itself', async () => {
    await resetSettings();
    const article = await ext.context.newPage();
    await article.goto(`${reader.origin}/rubio-labs.html`);
    const own = await settledReport(ext, article);
    expect(own.quotes.map((q) => [q.speaker, q.match])).toEqual([['rubio', null]]); // in no bundled source
    const [key] = (await reportFor(ext, article.url()))!;
    const tabId = Number(key.slice('report:'.length));

    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
    expect((await ask(popup, { type: 'lookup', text: RUBIO })).match).toBeNull();
    const added = await ask(popup, { type: 'add-source', tabId });
    expect(added).toMatchObject({
      sourceId: `user:${added.id}`, title: 'Rubio Ties Mexico Partnership to Closed Fentanyl Labs', url: `${reader.origin}/rubio-labs.html`, published: '2026-02-14', quotes: 1,
    });
    const found = (await ask(popup, { type: 'lookup', text: 'measure this partnership by the laboratories that close' })).match;
    expect(found).toMatchObject({ speaker: 'rubio', sources: [{ sourceId: added.sourceId, published: '2026-02-14', quoted: true }] });

    // Another page quoting the same words cites the reader's source; the source's own page does not cite itself.
    const echo = await ext.context.newPage();
    await echo.goto(`${reader.origin}/rubio-echo.html`);
    const echoed = await settledReport(ext, echo);
    expect(echoed.quotes.map((q) => [q.speaker, q.match?.sources.map((s) => s.sourceId)])).toEqual([['rubio', [added.sourceId]]]);
    expect(await tell(tabId, 'scan-now')).toMatchObject({ ok: true, value: { scanned: true } });
    expect((await reportFor(ext, article.url()))?.[1].quotes.map((q) => q.match)).toEqual([null]);

    // The options page lists it, and removes it after asking; lookups no longer find it.
    const options = await openOptions();
    const item = options.getByRole('listitem').filter({ hasText: 'Rubio Ties Mexico Partnership' });
    await item.getByText('Published 2026-02-14').waitFor();
    expect(await item.getByRole('link').getAttribute('href')).toBe(`${reader.origin}/rubio-labs.html`);
    await options.screenshot({ path: screenshotPath('options-sources'), fullPage: true });
    await item.getByRole('button', { name: 'Remove “Rubio Ties Mexico Partnership to Closed Fentanyl Labs”' }).click();
    await options.getByRole('button', { name: 'Remove it' }).click();
    await options.getByText('Removed “Rubio Ties Mexico Partnership to Closed Fentanyl Labs”.').waitFor();
    await options.getByText(/You have not added any page yet/).waitFor();
    expect((await ask(popup, { type: 'lookup', text: RUBIO })).match).toBeNull();
    for (const p of [article, popup, echo, options]) await p.close();
  });

  it('refuses a page the content script cannot read, saying why', async () => {
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
    const tabId = await newestTabId(); // the popup page itself: no content script there
    await expect(ask(popup, { type: 'add-source', tabId })).rejects.toThrow(/cannot be read/);
    expect(Object.keys(await allReports(ext))).not.toContain(`report:${tabId}`);
    await popup.close();
  });
});
