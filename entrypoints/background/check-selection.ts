// "Check this quote with QuoteTrail": the context-menu item on selected text and the keyboard shortcut. Both
// open the check for the selection: in the toolbar popup where the browser lets an extension open it,
// otherwise in a small window of popup.html?check=<text>.
import { browser } from 'wxt/browser';
import { t } from '@/lib/ui/i18n';
import { checkPath, PENDING_CHECK_KEY, selectionToCheck, type PendingCheck } from '@/lib/model/pending-check';
import { askTab } from '@/lib/messaging/runtime';
import { NO_RECEIVER, warnCaught } from '@/lib/model/log';
import { errorMessage } from '@/lib/model/protocol';

/** The context-menu item's id. */
export const MENU_ID = 'quotetrail-check-selection';
/** The manifest command of the keyboard shortcut (wxt.config.ts). */
export const COMMAND = 'check-selection';
/** The fallback window's size: the popup's width and a readable height. */
export const CHECK_WINDOW = { width: 420, height: 600 } as const;

/** What the handlers need from the browser: injected, so that tests call the handlers with fakes. */
export interface CheckDeps {
  /** Opens the toolbar popup; undefined where the browser has no action.openPopup. */
  openPopup?: () => Promise<unknown>;
  setPending(pending: PendingCheck): Promise<void>;
  clearPending(): Promise<void>;
  /** Opens an extension page (e.g. `/popup.html?check=…`) in a small window. */
  openWindow(path: string): Promise<void>;
  /** The text selected in a tab (through its content script); '' when none. */
  readSelection(tabId: number): Promise<string>;
  /** The active tab of the focused window, for a shortcut that arrives without one. */
  activeTabId(): Promise<number | undefined>;
  now(): number;
}

/** Where the check opened. */
export type CheckOpened = 'popup' | 'window';

/** Opens the check for `text`: the popup (which takes the text from storage.session), else a window. */
export async function openCheck(text: string, deps: CheckDeps): Promise<CheckOpened> {
  if (deps.openPopup) {
    // openPopup first and without awaiting anything before it: Firefox allows it only within the user's action.
    const opened = deps.openPopup();
    const stored = text ? deps.setPending({ text, at: deps.now() }) : Promise.resolve();
    try {
      await opened;
      await stored;
      return 'popup';
    } catch (error) {
      // Not allowed here (no focused window, no user action, an older browser): a window instead.
      warnCaught('the toolbar popup could not be opened; opening a window instead', error);
      await stored.catch((e: unknown) => warnCaught('the text to check was not stored', e));
      if (text) await deps.clearPending().catch((e: unknown) => warnCaught('the text to check was not cleared', e));
    }
  }
  await deps.openWindow(checkPath(text));
  return 'window';
}

/** The context menu's handler: the browser hands over the selection. */
export async function onMenuClick(info: { menuItemId: string | number; selectionText?: string }, deps: CheckDeps): Promise<CheckOpened | null> {
  if (info.menuItemId !== MENU_ID) return null;
  return openCheck(selectionToCheck(info.selectionText), deps);
}

/** The shortcut's handler: asks the tab's content script for the selection (no "scripting" permission needed). */
export async function onCommand(command: string, tab: { id?: number } | undefined, deps: CheckDeps): Promise<CheckOpened | null> {
  if (command !== COMMAND) return null;
  const tabId = tab?.id ?? (await deps.activeTabId());
  // A page without our content script (a browser page) or without a selection opens an empty check.
  const selection = tabId === undefined ? '' : await deps.readSelection(tabId).catch((error: unknown) => {
    // No frame answers when nothing is selected, or on a page without our content script: an empty check then.
    if (!NO_RECEIVER.test(errorMessage(error))) warnCaught('the selection could not be read', error);
    return '';
  });
  return openCheck(selectionToCheck(selection), deps);
}

/** The real browser behind CheckDeps. */
export function browserCheckDeps(): CheckDeps {
  const action = browser.action as (typeof browser.action & { openPopup?: () => Promise<unknown> }) | undefined;
  return {
    ...(typeof action?.openPopup === 'function' ? { openPopup: () => action.openPopup!() } : {}),
    setPending: (pending) => browser.storage.session.set({ [PENDING_CHECK_KEY]: pending }),
    clearPending: () => browser.storage.session.remove(PENDING_CHECK_KEY),
    async openWindow(path) {
      const url = (browser.runtime.getURL as (p: string) => string)(path);
      await browser.windows.create({ url, type: 'popup', ...CHECK_WINDOW });
    },
    async readSelection(tabId) {
      return (await askTab(tabId, 'get-selection', {})).text;
    },
    async activeTabId() {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      return tab?.id;
    },
    now: () => Date.now(),
  };
}

/** The handlers, bound to the browser; also on the service worker's global scope for the browser tests. */
export interface CheckSelectionHooks {
  onMenuClick(info: { menuItemId: string | number; selectionText?: string }): Promise<CheckOpened | null>;
  onCommand(command: string, tab?: { id?: number }): Promise<CheckOpened | null>;
}

/** Registers the menu item (on install and update), and the menu's and the shortcut's listeners. */
export function setupCheckSelection(deps: CheckDeps = browserCheckDeps()): CheckSelectionHooks {
  browser.runtime.onInstalled.addListener(() => {
    // removeAll first: an update keeps the old item, and creating the same id twice is an error.
    void browser.contextMenus.removeAll().then(() => {
      browser.contextMenus.create({ id: MENU_ID, title: t('menuCheckQuote'), contexts: ['selection'] }, () => {
        // Read, so that a failure is not reported as unchecked; and traced, so that it is not lost either.
        const failed = browser.runtime.lastError;
        if (failed) warnCaught('the context-menu item was not created', failed);
      });
    });
  });
  const hooks: CheckSelectionHooks = {
    onMenuClick: (info) => onMenuClick(info, deps),
    onCommand: (command, tab) => onCommand(command, tab, deps),
  };
  browser.contextMenus.onClicked.addListener((info) => void hooks.onMenuClick(info));
  browser.commands.onCommand.addListener((command, tab) => void hooks.onCommand(command, tab));
  // A browser test cannot open a native context menu or press a browser shortcut: it calls these instead
  // (only the extension's own service worker can reach its global scope).
  (globalThis as { quoteTrailCheckSelection?: CheckSelectionHooks }).quoteTrailCheckSelection = hooks;
  return hooks;
}
