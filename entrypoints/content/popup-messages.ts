// The content script's answers to the popup and the background: flash one of this frame's quotes, tell the selection.
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isTabMessage, type TabReplies } from '@/lib/model/protocol';

/** What the scanner offers the popup. */
export interface PopupTarget {
  /** Scrolls to this frame's quote `index` and flashes it; false when there is no such quote. */
  flash(index: number): boolean;
}

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

/** Answers `flash-quote` and `get-selection` until `ctx` is invalidated. */
export function listenToPopup(ctx: ContentScriptContext, target: PopupTarget): void {
  // Answered through sendResponse, synchronously: a frame that has nothing to say stays silent, so that
  // the frame that has the selection is the one whose answer arrives.
  const listener = (message: unknown, _sender: unknown, sendResponse: (reply: unknown) => void): undefined => {
    if (!isTabMessage(message, 'flash-quote', 'get-selection')) return undefined;
    if (message.type === 'flash-quote') {
      const value: TabReplies['flash-quote'] = { found: Number.isInteger(message.index) && target.flash(message.index) };
      sendResponse({ ok: true, value });
    } else {
      const text = selectedText();
      if (text.trim()) sendResponse({ ok: true, value: { text } satisfies TabReplies['get-selection'] });
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
}
