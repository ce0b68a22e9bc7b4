// Commands from the popup and the background: flash one of this frame's quotes, tell the selection, scan now, give
// the article for "Add this page to my sources", and say how the scan is going. One listener for all of them.
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { TabHandlers, TabReplies } from '@/lib/model/protocol';
import { serveTab } from '@/lib/messaging/runtime';
import { extractPage } from '@/lib/page/extract-page';

const TEXT_INPUT = /^(text|search|url|tel|email)$/;

/** The text selected in this document: in a text field where one has focus (getSelection misses those), else the page's. */
export function selectedText(doc: Document = document): string {
  const active = doc.activeElement as (HTMLInputElement | HTMLTextAreaElement | null);
  // Upper case in HTML, lower case in an XHTML document.
  const tag = active?.tagName.toUpperCase();
  if (active && (tag === 'TEXTAREA' || (tag === 'INPUT' && TEXT_INPUT.test(active.type)))) {
    const { selectionStart: start, selectionEnd: end, value } = active;
    if (start !== null && end !== null && end > start) return value.slice(start, end);
  }
  return doc.getSelection()?.toString() ?? '';
}

/** What the commands act on. */
export interface CommandTarget {
  isTop: boolean;
  /** Scrolls to this frame's quote `index` and flashes it; false when there is no such quote. */
  flash(index: number): boolean;
  scanNow(): Promise<TabReplies['scan-now']>;
  scanState(): TabReplies['scan-state'];
  /** Our own UI, left out of the article. */
  ours(element: Element): boolean;
}

/**
 * The handlers. Every frame flashes its own quotes and scans when asked; only a frame with a selection tells it;
 * the top frame alone answers "scan-now" (once its scan is reported), "scan-state" and "extract-page".
 */
export function commandHandlers(target: CommandTarget, doc: Document = document): TabHandlers {
  return {
    'flash-quote': ({ index }) => ({ found: Number.isInteger(index) && target.flash(index) }),
    'get-selection': () => {
      const text = selectedText(doc);
      return text.trim() ? { text } : undefined;
    },
    'scan-now': () => {
      const done = target.scanNow();
      if (target.isTop) return done;
      done.catch(() => undefined); // frames scan too, silently: the top frame's answer is the tab's
      return undefined;
    },
    'scan-state': () => (target.isTop ? target.scanState() : undefined),
    'extract-page': () => {
      if (!target.isTop) return undefined;
      return {
        ...extractPage(doc, doc.location?.href ?? '', { skip: (el) => target.ours(el) }),
        incognito: browser.extension?.inIncognitoContext === true,
      };
    },
  };
}

/** Answers the commands until `ctx` is invalidated. */
export function serveCommands(ctx: ContentScriptContext, target: CommandTarget): void {
  ctx.onInvalidated(serveTab(commandHandlers(target)));
}
