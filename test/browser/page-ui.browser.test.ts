// What a reader sees on a scanned page: highlights, the card (pointer and keyboard), the badge, and the report's lifetime.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, ROOT, screenshotPath, serveFixtures, type FixtureServer, type LoadedExtension } from '@/test/browser/harness';
import { allReports, reportFor, settledReport } from '@/test/browser/pages';

declare const chrome: { action: { getBadgeText(d: { tabId: number }): Promise<string>; getTitle(d: { tabId: number }): Promise<string> } };

let ext: LoadedExtension;
let server: FixtureServer;
beforeAll(async () => {
  ext = await launchExtension();
  server = await serveFixtures(join(ROOT, 'test', 'fixtures', 'pages'));
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

/** The card's visible text, from inside its shadow root ('' when closed). */
const cardText = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const host = document.querySelector('quotetrail-card') as HTMLElement | null;
    if (!host || getComputedStyle(host).display === 'none') return '';
    return (host.shadowRoot?.querySelector('.card') as HTMLElement | null)?.innerText ?? '';
  });

describe('on a scanned page', () => {
  it('highlights quotes without touching the page’s text, and shows a card on hover, click and keyboard', async () => {
    const page = await ext.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/wire-story.html`);
    const htmlBefore = await page.evaluate(() => document.querySelector('article')!.innerHTML);
    const report = await settledReport(ext, page);
    expect(report.quotes.length).toBeGreaterThan(5);

    // Highlights: one registry entry per state, none of our nodes inside the article.
    const states = await page.evaluate(() => [...(CSS as unknown as { highlights: Map<string, unknown> }).highlights.keys()].sort());
    expect(states).toEqual(expect.arrayContaining(['quotetrail-exact', 'quotetrail-misattributed', 'quotetrail-missing']));
    expect(await page.evaluate(() => document.querySelector('article')!.innerHTML)).toBe(htmlBefore);

    // Hover the misattributed quote: the card warns, in words.
    const quoteBox = () => page.evaluate(() => {
      const walker = document.createTreeWalker(document.querySelector('article')!, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent!.indexOf('coordination without subordination');
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(n, i + 3);
          r.setEnd(n, i + 4);
          r.startContainer.parentElement!.scrollIntoView({ block: 'center' });
          const b = r.getBoundingClientRect();
          return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
        }
      }
      return null;
    });
    const box = await quoteBox();
    expect(box).not.toBeNull();
    await page.mouse.move(box!.x, box!.y);
    await expect.poll(() => cardText(page), { timeout: 5000 }).toContain('Attributed here to Donald Trump; the sources attribute it to Claudia Sheinbaum');
    const card = await cardText(page);
    expect(card).toContain('Misattributed');
    expect(card).toContain('Mexican President Sheinbaum Firmly Rejects Trump’s Offer');
    await page.screenshot({ path: screenshotPath('card-misattributed') });

    // Escape closes it; Alt+Shift+N steps to the first quote and focuses the card; Escape gives focus back.
    await page.keyboard.press('Escape');
    await expect.poll(() => cardText(page)).toBe('');
    await page.mouse.move(2, 2);
    await page.keyboard.press('Alt+Shift+KeyN');
    await expect.poll(() => cardText(page)).toContain(`Quote 1 of ${report.quotes.length}`);
    expect(await page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('quotetrail-card');
    await page.keyboard.press('Alt+Shift+KeyN');
    await expect.poll(() => cardText(page)).toContain(`Quote 2 of ${report.quotes.length}`);
    // Tab moves through the card's own buttons.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => (document.querySelector('quotetrail-card')!.shadowRoot!.activeElement as HTMLElement | null)?.textContent);
    expect(focused).toBeTruthy();
    // The card's own Next button keeps the focus as it steps: no tabbing back to it each time.
    const inCard = () => page.evaluate(() => (document.querySelector('quotetrail-card')!.shadowRoot!.activeElement as HTMLElement | null)?.textContent);
    await page.evaluate(() => {
      const next = [...document.querySelector('quotetrail-card')!.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Next quote →');
      next!.focus();
    });
    await page.keyboard.press('Enter');
    await expect.poll(() => cardText(page)).toContain(`Quote 3 of ${report.quotes.length}`);
    expect(await inCard()).toBe('Next quote →');
    await page.keyboard.press('Escape');
    await expect.poll(() => cardText(page)).toBe('');

    // A card opened by the pointer, then entered with the keyboard: Escape gives focus back to where it was.
    await page.evaluate(() => (document.querySelector('a[href="#rubio-cartels"]') as HTMLElement).focus());
    const again = await quoteBox();
    await page.mouse.move(again!.x, again!.y);
    await expect.poll(() => cardText(page), { timeout: 5000 }).toContain('Misattributed');
    await page.keyboard.press('Alt+Shift+KeyN');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('quotetrail-card');
    await page.keyboard.press('Escape');
    await expect.poll(() => cardText(page)).toBe('');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#rubio-cartels');
    await page.mouse.move(2, 2);

    // Stepping back from no card wraps to the last quote.
    await page.keyboard.press('Alt+Shift+KeyP');
    await expect.poll(() => cardText(page)).toContain(`Quote ${report.quotes.length} of ${report.quotes.length}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a card about a not-in-corpus quote says what was searched', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/wire-story.html`);
    const report = await settledReport(ext, page);
    const index = report.quotes.findIndex((q) => q.speaker !== null && q.match === null);
    expect(index).toBeGreaterThanOrEqual(0);
    for (let i = 0; i <= index; i++) await page.keyboard.press('Alt+Shift+KeyN');
    await expect.poll(() => cardText(page)).toContain('Not in the 5 bundled articles');
    expect(await cardText(page)).toContain('Not in the corpus');
    await page.close();
  });

  it('shows the count on the badge, and drops the report when the tab navigates away or closes', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/liveblog.html`);
    const report = await settledReport(ext, page);
    const [key] = (await reportFor(ext, page.url()))!;
    const tabId = Number(key.split(':')[1]);
    const badge = await ext.serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    expect(badge).toBe(String(report.quotes.length));
    // The count in words too, for a reader who cannot see the badge (and whether any is misattributed).
    const title = await ext.serviceWorker.evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId);
    const wrong = report.quotes.filter((q) => q.match?.misattributed).length;
    expect(title).toBe(`QuoteTrail: ${report.quotes.length} quotes on this page${wrong ? `, misattributed: ${wrong}` : ''}`);

    await page.goto(`${server.origin}/no-quotes.html`);
    const empty = await settledReport(ext, page);
    expect(empty.quotes).toEqual([]);
    expect(Object.keys(await allReports(ext))).toContain(key); // same tab, new page, new report
    expect((await allReports(ext))[key]!.url).toBe(`${server.origin}/no-quotes.html`);
    expect(await ext.serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('');

    await page.close();
    await expect.poll(async () => Object.keys(await allReports(ext)).includes(key)).toBe(false);
  });

  it('reads text that a page inserts late, within about a second of it settling', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/late-text.html`);
    const loadedAt = Date.now();
    await expect
      .poll(async () => (await reportFor(ext, page.url()))?.[1].quotes.length ?? 0, { timeout: 8000, interval: 100 })
      .toBeGreaterThanOrEqual(4);
    // The second batch lands 1.6 s after load; its quotes must be in the report within about a second.
    expect(Date.now() - loadedAt).toBeLessThan(1600 + 1500);
    await page.close();
  });
});
