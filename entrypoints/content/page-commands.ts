// The content script's answers to "Scan this page" (scan-now), "Add this page to my sources" (extract-page), and
// the popup's question while the tab has no report yet (scan-state).
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { extractPage } from '@/lib/page/extract-page';
import { errorMessage, isTabMessage, type TabReplies } from '@/lib/model/protocol';

/** What the scanner offers: a scan on request, and its own UI to leave out of the article. */
export interface PageCommandTarget {
  scanNow(): Promise<TabReplies['scan-now']>;
  /** Whether the scan is under way (or yet to start) or failed, and why. */
  scanState(): TabReplies['scan-state'];
  ours(element: Element): boolean;
}

/** Answers `scan-now` (every frame scans, the top frame answers) and `extract-page` (the top frame only). */
export function listenForPageCommands(ctx: ContentScriptContext, target: PageCommandTarget): void {
  const isTop = window === window.top;
  const listener = (message: unknown, _sender: unknown, sendResponse: (reply: unknown) => void): true | undefined => {
    if (!isTabMessage(message, 'scan-now', 'extract-page', 'scan-state')) return undefined;
    if (message.type === 'scan-now') {
      const done = target.scanNow();
      if (!isTop) return undefined; // frames scan too, silently: the top frame's answer is the tab's
      done.then(
        (value) => sendResponse({ ok: true, value }),
        (error: unknown) => sendResponse({ ok: false, error: errorMessage(error) }),
      );
      return true; // the answer comes once the scan has been reported
    }
    if (!isTop) return undefined;
    if (message.type === 'scan-state') {
      sendResponse({ ok: true, value: target.scanState() });
      return undefined;
    }
    const value: TabReplies['extract-page'] = {
      ...extractPage(document, location.href, { skip: (el) => target.ours(el) }),
      incognito: browser.extension?.inIncognitoContext === true,
    };
    sendResponse({ ok: true, value });
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
}
