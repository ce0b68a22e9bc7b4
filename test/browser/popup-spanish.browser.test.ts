// Spanish UI: Chromium launched with --lang=es shows the popup and the in-page card from the es messages.
// (--lang changes chrome.i18n here, not navigator.language: the test looks at the words themselves.)
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, openPopup, ROOT, serveFixtures, type FixtureServer, type LoadedExtension } from '@/test/browser/harness';
import { reportFor, settledReport } from '@/test/browser/pages';

let ext: LoadedExtension;
let server: FixtureServer;

beforeAll(async () => {
  ext = await launchExtension({ lang: 'es' });
  server = await serveFixtures(join(ROOT, 'test', 'fixtures', 'pages'));
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('with the browser in Spanish', () => {
  it('the popup speaks Spanish: its sections, groups, switch and the check field', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/wire-story.html`);
    const report = await settledReport(ext, page);
    const [key] = (await reportFor(ext, page.url()))!;
    const popup = await openPopup(ext, `?tab=${key.slice('report:'.length)}`);
    popup.setDefaultTimeout(10_000);

    const section = popup.getByRole('region', { name: /En esta página/ });
    await expect.poll(() => section.getByRole('heading', { level: 2 }).innerText()).toBe(`En esta página · ${report.quotes.length} citas`);
    expect((await section.getByRole('heading', { level: 3 }).first().innerText()).toLowerCase()).toMatch(/^⚠ mal atribuidas \(\d+\)$/);
    expect(await popup.getByRole('switch', { name: 'Pausar en 127.0.0.1' }).count()).toBe(1);
    expect(await popup.getByRole('button', { name: 'Exportar informe (JSON)' }).count()).toBe(1);
    expect(await popup.getByRole('textbox', { name: 'Comprobar una cita', exact: true }).count()).toBe(1);
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('es');

    await popup.getByRole('textbox', { name: 'Comprobar una cita', exact: true }).fill('absolutely ruled out');
    await popup.getByText('1 fuente la recoge').waitFor();
    expect(await popup.locator('.check-quote').innerText()).toContain('Coincidencia exacta');

    // The card on the page, too.
    await page.bringToFront();
    await page.keyboard.press('Alt+Shift+KeyN');
    const cardText = () =>
      page.evaluate(() => (document.querySelector('quotetrail-card')?.shadowRoot?.querySelector('.card') as HTMLElement | null)?.innerText ?? '');
    await expect.poll(cardText).toContain(`Cita 1 de ${report.quotes.length}`);
    expect(await cardText()).toContain('Cita siguiente →');
  });
});
