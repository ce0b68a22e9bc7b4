// WXT build configuration: Preact, ASCII-only output, and the fewest permissions that work.
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

export default defineConfig({
  // Explicit imports only: every dependency shows as an import line (house style).
  imports: false,
  manifest: {
    name: 'QuoteTrail',
    description: 'Shows where a news quote really comes from: every source in a bundled corpus that carries it.',
    permissions: ['storage'],
  },
  vite: () => ({
    plugins: [preact()],
    // Vite 8's minifier otherwise writes Dexie's String.fromCharCode(65535) as a raw U+FFFF, and Chrome
    // refuses a non-UTF-8-clean extension (../shared/STACK.md).
    build: { rolldownOptions: { output: { charset: 'ascii' } } },
  }),
});
