// The popup in real Chromium: typing a quote into "Check a quote" lists its speaker and sources, or says "No match".
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchExtension, openPopup, screenshotPath, type LoadedExtension } from '@/test/browser/harness';

const TIMEOUT = 10_000;

let ext: LoadedExtension;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  ext = await launchExtension();
  page = await openPopup(ext);
  // Actions (fill, type) fail as fast as assertions do, not after Playwright's default 30 s.
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await ext?.close();
});

/** The quote field, whichever of the two text roles the popup gives it. */
function quoteField(): Locator {
  const name = { name: 'Check a quote', exact: true };
  return page.getByRole('searchbox', name).or(page.getByRole('textbox', name));
}

/** Replaces the field's text key by key, as a user types it (so any debounce is exercised). */
async function typeQuote(text: string): Promise<void> {
  const field = quoteField();
  await field.fill('');
  await field.pressSequentially(text);
}

/** Waits until `text` is visible; on failure says what the popup showed instead. */
async function expectVisible(text: string): Promise<void> {
  try {
    await page.getByText(text).first().waitFor({ state: 'visible', timeout: TIMEOUT });
  } catch {
    const shown = (await page.locator('body').innerText().catch(() => '(unreadable)')).trim();
    const errors = pageErrors.length > 0 ? `\nPage errors: ${pageErrors.join(' | ')}` : '';
    await page.screenshot({ path: screenshotPath(`popup-failure-${text.replace(/\W+/g, '-').toLowerCase()}`) }).catch(() => undefined);
    throw new Error(`"${text}" not visible within ${TIMEOUT} ms. The popup showed:\n${shown}${errors}`);
  }
}

/** Waits until no element shows `text` (a stale result from the previous check must go). */
async function expectGone(text: string): Promise<void> {
  await page.getByText(text).first().waitFor({ state: 'hidden', timeout: TIMEOUT });
}

describe('the popup', () => {
  it('has a field named "Check a quote"', async () => {
    await quoteField().waitFor({ state: 'visible', timeout: TIMEOUT });
  });

  it('finds the speaker and every source of a quote, including an unquoted paraphrase', async () => {
    await typeQuote('coordination without subordination');
    await expectVisible('Claudia Sheinbaum');
    // 001 quotes it; 004 carries "collaboration without subordination" unquoted.
    await expectVisible('Mexican President Sheinbaum Firmly Rejects Trump’s Offer to Send U.S. Troops to Combat Cartels');
    await expectVisible('Mexico Rejects US Military Intervention Against Cartels, Citing Sovereignty');
    await page.screenshot({ path: screenshotPath('popup-match') });
  });

  it('says "No match" for a look-alike that no source attributes as a quote', async () => {
    // 002 has these words as the reporter's paraphrase of rumours, not as anything Sheinbaum said.
    await typeQuote('U.S. military action is on the table');
    await expectVisible('No match');
    await expectVisible('not in the 5 bundled articles');
  });

  it('finds a quote only one source carries', async () => {
    await typeQuote('absolutely ruled out');
    await expectGone('No match');
    await expectVisible('Claudia Sheinbaum');
    await expectVisible("Mexico Dismisses Trump's Military Action Plan Against Cartels");
  });
});
