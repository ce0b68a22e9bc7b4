// The popup's first view in real Chromium, on a scanned fixture page (popup.html?tab=<id>), and the selection
// check: `?check=`, the context-menu handler and the shortcut handler (called in the service worker).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { StoredReport } from '@/lib/model/types';
import { SPEAKERS } from '@/lib/model/speakers';
import { launchExtension, openPopup, ROOT, screenshotPath, serveFixtures, type FixtureServer, type LoadedExtension } from '@/test/browser/harness';
import { reportFor, settledReport } from '@/test/browser/pages';

// The extension's API as the service worker sees it (these functions run there, not in Node).
declare const chrome: {
  storage: {
    session: { get(key: string): Promise<Record<string, unknown>> };
    onChanged: { addListener(cb: (changes: Record<string, { newValue?: { text: string } }>, area: string) => void): void };
  };
  runtime: { getContexts(filter: { contextTypes: string[] }): Promise<Array<{ documentUrl?: string }>> };
};
type Hooks = {
  onMenuClick(info: { menuItemId: string; selectionText?: string }): Promise<string | null>;
  onCommand(command: string, tab?: { id?: number }): Promise<string | null>;
};

const TIMEOUT = 10_000;
let ext: LoadedExtension;
let server: FixtureServer;
let article: Page;
let report: StoredReport;
let tabId: number;

/** Opens a fixture page and waits for its report; returns the page, its tab id and its report. */
async function scanned(name: string): Promise<{ page: Page; tabId: number; report: StoredReport }> {
  const page = await ext.context.newPage();
  await page.goto(`${server.origin}/${name}`);
  const settled = await settledReport(ext, page);
  const [key] = (await reportFor(ext, page.url()))!;
  return { page, tabId: Number(key.slice('report:'.length)), report: settled };
}

/** The popup as a 380×600 page for a tab, as the toolbar shows it. */
async function popupFor(id: number): Promise<Page> {
  const popup = await openPopup(ext, `?tab=${id}`);
  popup.setDefaultTimeout(TIMEOUT);
  await popup.setViewportSize({ width: 380, height: 600 });
  return popup;
}

beforeAll(async () => {
  ext = await launchExtension();
  server = await serveFixtures(join(ROOT, 'test', 'fixtures', 'pages'));
  ({ page: article, tabId, report } = await scanned('wire-story.html'));
  // Every pending-check text the service worker stores, so a test can see what reached a popup it cannot open.
  await ext.serviceWorker.evaluate(() => {
    const seen: string[] = [];
    (globalThis as { seenPending?: string[] }).seenPending = seen;
    chrome.storage.onChanged.addListener((changes, area) => {
      const text = changes['pending-check']?.newValue?.text;
      if (area === 'session' && text) seen.push(text);
    });
  });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('the popup on a scanned page (popup.html?tab=<id>)', () => {
  it('lists the page’s quotes grouped by speaker, misattributed first and flagged', async () => {
    const popup = await popupFor(tabId);
    const section = popup.getByRole('region', { name: /On this page/ });
    await expect.poll(() => section.getByRole('heading', { level: 2 }).innerText()).toBe(`On this page · ${report.quotes.length} quotes`);

    const misattributed = report.quotes.filter((q) => q.match?.misattributed).length;
    expect(misattributed).toBeGreaterThan(0);
    const headings = await section.getByRole('heading', { level: 3 }).allInnerTexts();
    // CSS upper-cases the headings; compare words.
    const expected = [
      `⚠ Misattributed (${misattributed})`,
      ...SPEAKERS.flatMap((s) => {
        const n = report.quotes.filter((q) => !q.match?.misattributed && (q.speaker ?? q.match?.speaker) === s.id).length;
        return n ? [`${s.displayName} (${n})`] : [];
      }),
    ];
    expect(headings.map((h) => h.toLowerCase()).slice(0, expected.length)).toEqual(expected.map((h) => h.toLowerCase()));

    const first = section.getByRole('listitem').first();
    expect(await first.innerText()).toContain('“coordination without subordination.”');
    expect(await first.innerText()).toContain('Misattributed');
    expect(await first.innerText()).toContain('Attributed here to Donald Trump; the sources attribute it to Claudia Sheinbaum.');
    expect(await first.innerText()).toMatch(/\d sources?/);
    // The check field stays in view below the list.
    await expect.poll(() => popup.getByRole('textbox', { name: 'Check a quote', exact: true }).isVisible()).toBe(true);
    await popup.screenshot({ path: screenshotPath('popup-tab-quotes') });
    await popup.close();
  });

  it('opens a quote on every source, and the page scrolls to it and flashes it', async () => {
    await article.evaluate(() => window.scrollTo(0, 0));
    const popup = await popupFor(tabId);
    const toggle = popup.getByRole('button', { name: /“coordination without subordination/ });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const panel = popup.locator(`#${await toggle.getAttribute('aria-controls')}`);
    await expect.poll(() => panel.innerText()).toContain('Mexican President Sheinbaum Firmly Rejects Trump’s Offer');
    expect(await panel.innerText()).toContain('Quoted');

    const lit = () => article.evaluate(() => (CSS as unknown as { highlights: Map<string, unknown> }).highlights.has('quotetrail-focus'));
    await expect.poll(lit, { timeout: 3000 }).toBe(true);
    expect(await article.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    // A flash, not a lasting mark.
    await expect.poll(lit, { timeout: 5000 }).toBe(false);
    await popup.close();
  });

  it('exports the report as a JSON file', async () => {
    const popup = await popupFor(tabId);
    const [download] = await Promise.all([
      popup.waitForEvent('download'),
      popup.getByRole('button', { name: 'Export report (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^quotetrail-127\.0\.0\.1-\d{4}-\d{2}-\d{2}\.json$/);
    const saved = JSON.parse(readFileSync(await download.path(), 'utf8')) as StoredReport;
    expect(saved.url).toBe(report.url);
    expect(saved.quotes.map((q) => q.text)).toEqual(report.quotes.map((q) => q.text));
    await expect.poll(() => popup.getByText(`Saved ${download.suggestedFilename()}.`).isVisible()).toBe(true);
    await popup.close();
  });

  it('copies a quote’s sources to the clipboard as a citation list, and says so', async () => {
    const popup = await popupFor(tabId);
    await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await popup.getByRole('button', { name: /“coordination without subordination/ }).click();
    await popup.getByRole('button', { name: 'Copy citations' }).click();
    await expect.poll(() => popup.getByText(/^Copied \d+ citations? to the clipboard\.$/).isVisible()).toBe(true);
    const copied = await popup.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^“coordination without subordination\.” — Claudia Sheinbaum\n/);
    expect(copied).toContain('1. Mexican President Sheinbaum Firmly Rejects Trump’s Offer');
    await popup.close();
  });

  it('says so on a page without quotes', async () => {
    const { tabId: id, report: empty } = await scanned('no-quotes.html');
    expect(empty.quotes).toEqual([]);
    const popup = await popupFor(id);
    await expect.poll(() => popup.getByText('No quotes by Sheinbaum, Trump, Johnson or Rubio on this page.').isVisible()).toBe(true);
    await popup.close();
  });
});

describe('checking a selection', () => {
  it('popup.html?check=<text> opens the check with that text and its sources', async () => {
    const popup = await openPopup(ext, `?check=${encodeURIComponent('coordination without subordination')}`);
    const field = popup.getByRole('textbox', { name: 'Check a quote', exact: true });
    expect(await field.inputValue()).toBe('coordination without subordination');
    await popup.getByText('Claudia Sheinbaum').first().waitFor({ timeout: TIMEOUT });
    expect(await popup.getByRole('region', { name: /On this page/ }).count()).toBe(0);
    await popup.close();
  });

  /** Where the handler opened the check: the toolbar popup took the text, or a window shows it in its URL and field. */
  async function expectCheckOpened(opened: string | null, text: string): Promise<void> {
    if (opened === 'popup') {
      await expect.poll(() => ext.serviceWorker.evaluate(() => (globalThis as { seenPending?: string[] }).seenPending!.at(-1))).toBe(text);
      const popups = await ext.serviceWorker.evaluate(() => chrome.runtime.getContexts({ contextTypes: ['POPUP'] }));
      expect(popups.map((c) => c.documentUrl)).toContainEqual(expect.stringMatching(/\/popup\.html$/));
      // The popup took the text: nothing stays pending for a later one.
      await expect.poll(() => ext.serviceWorker.evaluate(() => chrome.storage.session.get('pending-check'))).toEqual({});
      return;
    }
    expect(opened).toBe('window');
    const url = `popup.html?check=${encodeURIComponent(text)}`;
    await expect.poll(() => ext.context.pages().some((p) => p.url().endsWith(url))).toBe(true);
    const window = ext.context.pages().find((p) => p.url().endsWith(url))!;
    expect(await window.getByRole('textbox', { name: 'Check a quote', exact: true }).inputValue()).toBe(text);
  }

  it('the context menu item opens the check for the selected text', async () => {
    const opened = await ext.serviceWorker.evaluate(() =>
      (globalThis as unknown as { quoteTrailCheckSelection: Hooks }).quoteTrailCheckSelection.onMenuClick({
        menuItemId: 'quotetrail-check-selection',
        selectionText: '  coordination without\nsubordination ',
      }),
    );
    await expectCheckOpened(opened, 'coordination without subordination');
  });

  it('the keyboard shortcut reads the page’s selection through the content script and opens its check', async () => {
    await article.bringToFront();
    await article.evaluate(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent!.indexOf('hit land');
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + 'hit land'.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        return;
      }
      throw new Error('no "hit land" on the page');
    });
    const opened = await ext.serviceWorker.evaluate(
      (id) => (globalThis as unknown as { quoteTrailCheckSelection: Hooks }).quoteTrailCheckSelection.onCommand('check-selection', { id }),
      tabId,
    );
    await expectCheckOpened(opened, 'hit land');
  });

  it('the shortcut and the menu item are in the manifest, named', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, '.output', 'chrome-mv3', 'manifest.json'), 'utf8')) as {
      commands: Record<string, { suggested_key: { default: string }; description: string }>;
      permissions: string[];
    };
    expect(manifest.commands['check-selection']).toEqual({ suggested_key: { default: 'Alt+Shift+Q' }, description: '__MSG_commandCheckSelection__' });
    expect(manifest.permissions).toContain('contextMenus');
    expect(manifest.permissions).not.toContain('scripting');
  });
});
