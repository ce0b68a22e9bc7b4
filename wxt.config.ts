// WXT build configuration: Preact, ASCII-only output, and the fewest permissions that work.
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

export default defineConfig({
  // Explicit imports only: every dependency shows as an import line (house style).
  imports: false,
  manifest: ({ browser }) => ({
    // Localised from public/_locales (English and Spanish, following the browser's language).
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // contextMenus: "Check this quote with QuoteTrail" on selected text. activeTab: the popup may read the
    // current tab's URL (to say a browser page cannot be scanned), for that tab only, when the reader opens it.
    permissions: ['storage', 'contextMenus', 'activeTab'],
    commands: {
      'check-selection': {
        suggested_key: { default: 'Alt+Shift+Q' },
        description: '__MSG_commandCheckSelection__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'quotetrail@quotetrail.org',
              // 140: the CSS Custom Highlight API and the data-collection declaration.
              strict_min_version: '140.0',
              // Nothing leaves the reader's machine (README: Permissions).
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android declares data collection from 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  vite: () => ({
    plugins: [preact()],
    // Vite 8's minifier otherwise writes Dexie's String.fromCharCode(65535) as a raw U+FFFF, and Chrome
    // refuses a non-UTF-8-clean extension (../shared/STACK.md).
    build: { rolldownOptions: { output: { charset: 'ascii' } } },
  }),
});
