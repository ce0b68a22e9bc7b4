// Background service worker: owns the corpus database (in the extension's origin) and answers lookups.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { CorpusFile } from '@/lib/corpus';
import { openDb } from '@/lib/corpus-db';
import { createCorpusService, type CorpusMeta } from '@/lib/corpus-service';
import { dispatch, isMessage } from '@/lib/protocol';

async function bundled<T>(path: '/corpus.json' | '/corpus-meta.json'): Promise<T> {
  // Cast: WXT types public paths from the files present at `wxt prepare`, before the corpus is built.
  const url = (browser.runtime.getURL as (p: string) => string)(path);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export default defineBackground({
  type: 'module',
  main() {
    const service = createCorpusService(openDb(), {
      meta: () => bundled<CorpusMeta>('/corpus-meta.json'),
      corpus: () => bundled<CorpusFile>('/corpus.json'),
    });
    // Install and every update (the only times the bundled corpus can change) load it ahead of the first lookup.
    browser.runtime.onInstalled.addListener(() => void service.ensure());

    browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse?: (reply: unknown) => void) => {
      if (!isMessage(message, service.handlers)) return undefined;
      const reply = dispatch(service.handlers, message);
      if (typeof sendResponse !== 'function') return reply;
      void reply.then(sendResponse);
      return true; // keeps the channel open for the asynchronous answer (Chrome and Firefox alike)
    });
  },
});
