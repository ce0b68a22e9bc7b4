// The popup's platform: the browser APIs behind components/Popup.tsx (tabs, storage.session, settings, messaging).
import { browser } from 'wxt/browser';
import { t } from '@/lib/ui/i18n';
import type { PopupPlatform, SiteState, TabInfo } from '@/components/Popup';
import { freshPendingText, PENDING_CHECK_KEY } from '@/lib/model/pending-check';
import { NO_RECEIVER, warnCaught } from '@/lib/model/log';
import { errorMessage } from '@/lib/model/protocol';
import { askBackground, askTab } from '@/lib/messaging/runtime';
import { siteMode, type Settings } from '@/lib/model/settings';
import { watchReport } from '@/lib/storage/report-store';
import { getSettings, pauseSite, watchSettings } from '@/lib/storage/settings-store';


/** The tab named by `?tab=<id>`, or the active tab of this window unless that is the popup page itself. */
async function currentTab(tabParam: string | null): Promise<TabInfo | null> {
  if (tabParam !== null) {
    const id = Number(tabParam);
    if (!Number.isInteger(id) || id < 0) return null;
    // No "tabs" permission: the URL is there only where the browser grants it; the report's URL stands in.
    const tab = await browser.tabs.get(id).catch((error: unknown) => void warnCaught(`tab ${id} could not be read`, error));
    return { id, ...(tab?.url ? { url: tab.url } : {}), incognito: tab?.incognito ?? false };
  }
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  // Opened as a page (a tab of its own, or the selection-check window): there is no page to describe.
  const self = await browser.tabs.getCurrent().catch((error: unknown) => void warnCaught('the popup could not tell its own tab', error));
  if (active?.id === undefined || (self && self.id === active.id)) return null;
  return { id: active.id, ...(active.url ? { url: active.url } : {}), incognito: active.incognito };
}

/**
 * The host permission that lets QuoteTrail's content script run on a page: its site (any port) for a web page,
 * every site when the page's address is unknown (no host access is exactly when the browser hides it), and null
 * for a page no permission opens (browser pages, files: the popup says so instead).
 */
export function accessOrigin(url: string | undefined): string | null {
  if (!url) return '<all_urls>';
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? `${protocol}//${hostname}/*` : null;
  } catch {
    return null;
  }
}

function siteState(settings: Settings, site: string | null): SiteState {
  if (!site) return { autoScan: settings.autoScan, paused: false };
  const mode = siteMode(settings, site);
  return { autoScan: mode !== 'manual', paused: mode === 'paused' };
}

/** The real platform. `tabParam` is the page's `?tab=` parameter (null in the toolbar popup). */
export function createPlatform(tabParam: string | null): PopupPlatform {
  return {
    lookup: (text) => askBackground('lookup', { text }),
    status: () => askBackground('corpus-status', {}),
    tab: () => currentTab(tabParam),
    fileAccess: () => browser.extension.isAllowedFileSchemeAccess(),
    watchReport,
    watchSite(site, onSite) {
      let live = true;
      const unwatch = watchSettings((settings) => onSite(siteState(settings, site)));
      void getSettings().then(
        (settings) => live && onSite(siteState(settings, site)),
        (error: unknown) => {
          warnCaught('the settings could not be read; showing the defaults', error);
          if (live) onSite({ autoScan: true, paused: false });
        },
      );
      return () => {
        live = false;
        unwatch();
      };
    },
    async siteAccess(url) {
      const origin = accessOrigin(url);
      return origin === null || browser.permissions.contains({ origins: [origin] });
    },
    async requestSiteAccess(tabId, url) {
      const origin = accessOrigin(url);
      if (origin === null) return false;
      // First, with nothing awaited before it: the browser asks the reader only from within the click.
      const granted = await browser.permissions.request({ origins: [origin] });
      // Content scripts run in pages loaded after the grant, not in this one: load it again.
      if (granted) await browser.tabs.reload(tabId);
      return granted;
    },
    pauseSite: async (site, paused) => {
      await pauseSite(site, paused);
    },
    async flash(tabId, entry) {
      const reply = await askTab(tabId, 'flash-quote', { index: entry.index }, entry.frameId);
      return reply.found;
    },
    async scanState(tabId) {
      try {
        return await askTab(tabId, 'scan-state', {}, 0);
      } catch (error) {
        // Nobody answered: no content script in the tab (it was open before the extension was installed or updated,
        // or the reader withheld the site from QuoteTrail). Anything else is worth a trace.
        if (!NO_RECEIVER.test(errorMessage(error))) warnCaught('the page did not say how its scan is going', error);
        return { state: 'absent' };
      }
    },
    async scanNow(tabId) {
      // Every frame scans; the top frame answers (see entrypoints/content/).
      try {
        await askTab(tabId, 'scan-now', {});
      } catch (error) {
        // Nobody in the tab: it was open before QuoteTrail was installed or updated. Say what helps, not the API's words.
        if (NO_RECEIVER.test(errorMessage(error))) throw new Error(t('scanNeedsReload'));
        throw error;
      }
    },
    async addSource(tabId) {
      await askBackground('add-source', { tabId });
    },
    copy: (text) => navigator.clipboard.writeText(text),
    save(fileName, text) {
      // A Blob URL and <a download>: a file download without the "downloads" permission.
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}

/**
 * The text the context menu or the shortcut left for this popup, taken (removed) so that it is shown once;
 * it may still be on its way when the popup opens, so a change in the next moment counts too.
 */
export function takePendingCheck(onText: (text: string) => void, waitMs = 1500): void {
  const take = (value: unknown) => {
    const text = freshPendingText(value, Date.now());
    if (text === null) return false;
    void browser.storage.session.remove(PENDING_CHECK_KEY);
    onText(text);
    return true;
  };
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'session' && PENDING_CHECK_KEY in changes && take(changes[PENDING_CHECK_KEY]!.newValue)) stop();
  };
  const stop = () => browser.storage.onChanged.removeListener(listener);
  browser.storage.onChanged.addListener(listener);
  setTimeout(stop, waitMs);
  void browser.storage.session.get(PENDING_CHECK_KEY).then((all) => {
    if (take(all[PENDING_CHECK_KEY])) stop();
  }, (error: unknown) => warnCaught('the text to check could not be read', error));
}
