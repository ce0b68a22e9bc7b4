// Unit and component tests: node by default, DOM opted in per file; the browser tests (Chromium, Firefox) have their own configs.
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    globals: true,
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/browser/**', 'test/firefox/**', 'node_modules/**'],
    // English UI words from public/_locales (the fake browser has no i18n): see components/i18n.ts.
    setupFiles: ['test/helpers/setup-i18n.ts'],
  },
});
