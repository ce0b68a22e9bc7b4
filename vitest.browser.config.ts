// Real-browser tests: the built extension loaded into headless Chromium, one file at a time.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The project's one import style: '@/lib/...' from the repository root, as WXT sets it for the sources.
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    // The tests drive Chromium from node; no WXT plugin: they use the built .output, not the sources.
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One Chromium at a time: two at once on a 2-core CI machine make timings (and flakes) worse.
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
  },
});
