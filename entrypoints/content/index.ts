// Content script: finds quotes by the four speakers in every frame of every page (see ./app.ts for its features).
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentScript } from '@/entrypoints/content/app';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    startContentScript(ctx);
  },
});
