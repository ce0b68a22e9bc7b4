// Pages that change after they are read: a feed that renders itself again, a single-page site moving to another
// story, a correction made in place, a whole new <body>. The report must describe the page as it is now: every
// quote once, none that the page no longer shows, under the address the page now has.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, ROOT, serveFixtures, type FixtureServer, type LoadedExtension } from '@/test/browser/harness';
import { allReports, settledReport } from '@/test/browser/pages';

let ext: LoadedExtension;
let server: FixtureServer;
beforeAll(async () => {
  ext = await launchExtension();
  server = await serveFixtures(join(ROOT, 'test', 'fixtures', 'changing'));
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

const FIRST = ['We will not accept any interference in our sovereignty,', 'sheinbaum'];
const FEED = ['Coordination without subordination is the rule between our two countries,', 'sheinbaum'];

type PageWindow = typeof globalThis & {
  renderFeed(items: string[]): void;
  openStory(): void;
  correct(): void;
  swapBody(): void;
};

let opened = 0;
/** A fresh tab on the page (each at its own address, so that reports of earlier tabs are never mistaken for its). */
async function open(): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`${server.origin}/changing.html?tab=${++opened}`);
  expect(quotesOf(await settledReport(ext, page))).toEqual([FIRST]);
  return page;
}
const quotesOf = (report: { quotes: Array<{ text: string; speaker: string | null }> }) => report.quotes.map((q) => [q.text, q.speaker]);
/** The highlighted text on the page: what a reader sees marked. */
const highlighted = (page: Page) =>
  page.evaluate(() =>
    [...(CSS as unknown as { highlights: Map<string, { forEach(cb: (r: Range) => void): void }> }).highlights]
      .filter(([name]) => name.startsWith('quotetrail-') && !name.endsWith('focus'))
      .flatMap(([, h]) => {
        const texts: string[] = [];
        h.forEach((r) => texts.push(r.toString()));
        return texts;
      })
      .sort(),
  );

describe('a page that changes after it was read', () => {
  it('a feed rendered again from the same data: each quote is reported once, not once per rendering', async () => {
    const page = await open();
    const item = `“${FEED[0]}” Sheinbaum said.`;
    for (let i = 0; i < 3; i++) {
      await page.evaluate((text) => (globalThis as PageWindow).renderFeed([text]), item);
      expect(quotesOf(await settledReport(ext, page))).toEqual([FIRST, FEED]);
    }
    expect(await highlighted(page)).toEqual([FEED[0], FIRST[0]].sort());
    // Items dropped from the feed are dropped from the report.
    await page.evaluate(() => (globalThis as PageWindow).renderFeed(['Markets were calm on Wednesday.']));
    expect(quotesOf(await settledReport(ext, page))).toEqual([FIRST]);
    await page.close();
  }, 60_000);

  it('a single-page site that moves to another story: reported under the new address, with only its quotes', async () => {
    const page = await open();
    const before = page.url();
    await page.evaluate(() => (globalThis as PageWindow).openStory());
    expect(page.url()).toBe(`${server.origin}/changing.html?story=rubio`);
    const report = await settledReport(ext, page);
    expect(report.url).toBe(page.url());
    expect(quotesOf(report)).toEqual([['We want tangible results on fentanyl before the summit,', 'rubio']]);
    // One report for the tab, the new page's (the old address has none left).
    expect(Object.values(await allReports(ext)).filter((r) => r.url === before)).toEqual([]);
    await page.close();
  }, 60_000);

  it('a correction made in the text node itself: the quote as it reads now', async () => {
    const page = await open();
    await page.evaluate(() => (globalThis as PageWindow).correct());
    expect(quotesOf(await settledReport(ext, page))).toEqual([['We will never accept any interference in our territory,', 'sheinbaum']]);
    expect(await highlighted(page)).toEqual(['We will never accept any interference in our territory,']);
    await page.close();
  }, 60_000);

  it('a new <body> swapped in: its quotes, and none of the old body’s', async () => {
    const page = await open();
    await page.evaluate(() => (globalThis as PageWindow).swapBody());
    expect(quotesOf(await settledReport(ext, page))).toEqual([['Mexico is a sovereign nation and it will stay one,', 'sheinbaum']]);
    await page.close();
  }, 60_000);
});
