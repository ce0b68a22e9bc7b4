// Real-Firefox tests: the built firefox-mv3 extension installed into headless firefox-esr over WebDriver BiDi.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // '@/…' imports from the repository root, as everywhere else.
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['test/firefox/**/*.firefox.test.ts'],
    // The tests drive Firefox from node; no WXT plugin: they use the built .output, not the sources.
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One Firefox at a time (2-core CI machines).
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
  },
});
