// Content script: scans every frame of every page for quotes by the four speakers (see ./scanner.ts).
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startScanner } from '@/entrypoints/content/scanner';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    startScanner(ctx);
  },
});
