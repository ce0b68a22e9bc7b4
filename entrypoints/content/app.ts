// The content script's features, wired: reading (and scanning), highlights, the card, the keyboard and the
// commands from the popup. Each feature's listeners go with the script's context; settings reach them all.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { hostOf } from '@/lib/model/address';
import { warnCaught } from '@/lib/model/log';
import { DEFAULT_SETTINGS, siteMode, type Settings } from '@/lib/model/settings';
import { getSettings, watchSettings } from '@/lib/storage/settings-store';
import { createCardControl } from '@/entrypoints/content/card-control';
import { serveCommands } from '@/entrypoints/content/commands';
import { listenToKeyboard } from '@/entrypoints/content/keyboard';
import { createPageMarks } from '@/entrypoints/content/page-marks';
import { createReading, topUrl } from '@/entrypoints/content/reading';
import type { ShownQuotes } from '@/entrypoints/content/shown';

/** The site whose settings apply: the top page's hostname (a frame on a paused site is paused with it). */
function siteHost(): string {
  const ancestors = location.ancestorOrigins as DOMStringList | undefined;
  const top = ancestors?.length ? ancestors[ancestors.length - 1] : topUrl();
  return hostOf(top) ?? location.hostname;
}

/** Starts QuoteTrail in this frame; everything it sets up is removed when `ctx` is invalidated. */
export function startContentScript(ctx: ContentScriptContext): void {
  const isTop = window === window.top;
  // Settings: nothing is read or scanned until they are known, and a paused site never is.
  let settings: Settings = { ...DEFAULT_SETTINGS };
  const quotes: ShownQuotes = { list: [], sourcesSearched: 0 };
  const marks = createPageMarks(document, quotes, () => settings);
  const card = createCardControl(ctx, quotes, marks);
  const reading = createReading(ctx, {
    isTop,
    quotes,
    ours: (node) => card.ours(node),
    async modeNow() {
      settings = await getSettings();
      return siteMode(settings, siteHost());
    },
    async onScanned() {
      marks.mark();
      await card.update();
    },
    onCleared(paused) {
      card.close();
      marks.clear(paused);
    },
  });
  listenToKeyboard(ctx, quotes, card);
  serveCommands(ctx, {
    isTop,
    flash: (index) => marks.flash(index, () => card.openRanges()),
    scanNow: () => reading.scanNow(),
    scanState: () => reading.scanState(),
    ours: (el) => card.ours(el),
  });

  // Settings changed (any extension page): pause, resume, re-mark or restyle, without a reload.
  const unwatch = watchSettings((next) => {
    settings = next;
    void reading.setMode(siteMode(settings, siteHost()));
  });
  ctx.onInvalidated(() => {
    unwatch();
    reading.destroy();
    marks.destroy();
  });

  const start = async () => {
    if (ctx.isInvalid) return;
    settings = await getSettings().catch((error: unknown) => {
      warnCaught('the settings could not be read; scanning with the defaults', error);
      return { ...DEFAULT_SETTINGS };
    });
    await reading.setMode(siteMode(settings, siteHost()));
  };
  // Called on window: Firefox refuses a content script's requestIdleCallback called unbound.
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(() => void start(), { timeout: 1000 });
  else setTimeout(() => void start(), 50);
}
