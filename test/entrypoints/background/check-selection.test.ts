// The context-menu item and the shortcut: the handlers called directly (no native menu or key press is possible).
import { fakeBrowser } from 'wxt/testing';
import {
  browserCheckDeps,
  CHECK_WINDOW,
  COMMAND,
  MENU_ID,
  onCommand,
  onMenuClick,
  openCheck,
  type CheckDeps,
} from '@/entrypoints/background/check-selection';
import { PENDING_CHECK_KEY } from '@/lib/model/pending-check';

const NOW = 1_767_700_000_000;

/** Fake deps that record what happened, in order. */
function fakeDeps(over: Partial<CheckDeps> = {}) {
  const calls: string[] = [];
  const deps: CheckDeps = {
    openPopup: vi.fn(() => {
      calls.push('openPopup');
      return Promise.resolve();
    }),
    setPending: vi.fn((p) => {
      calls.push(`setPending ${p.text}`);
      return Promise.resolve();
    }),
    clearPending: vi.fn(() => {
      calls.push('clearPending');
      return Promise.resolve();
    }),
    openWindow: vi.fn((path: string) => {
      calls.push(`openWindow ${path}`);
      return Promise.resolve();
    }),
    readSelection: vi.fn(() => Promise.resolve('  hit\nland ')),
    activeTabId: vi.fn(() => Promise.resolve(9)),
    now: () => NOW,
    ...over,
  };
  return { deps, calls };
}

describe('openCheck', () => {
  it('opens the toolbar popup and leaves it the text, opening it first (Firefox needs the user’s action)', async () => {
    const { deps, calls } = fakeDeps();
    expect(await openCheck('hit land', deps)).toBe('popup');
    expect(calls).toEqual(['openPopup', 'setPending hit land']);
    expect(deps.setPending).toHaveBeenCalledWith({ text: 'hit land', at: NOW });
  });

  it('falls back to a small window of popup.html?check= when the popup cannot open, and takes the text back', async () => {
    const { deps, calls } = fakeDeps({ openPopup: () => Promise.reject(new Error('Could not find an active browser window.')) });
    expect(await openCheck('coordination without subordination', deps)).toBe('window');
    expect(calls).toEqual([
      'setPending coordination without subordination',
      'clearPending',
      'openWindow /popup.html?check=coordination%20without%20subordination',
    ]);
  });

  it('opens a window where the browser has no openPopup', async () => {
    const { deps, calls } = fakeDeps();
    delete deps.openPopup;
    expect(await openCheck('hit land', deps)).toBe('window');
    expect(calls).toEqual(['openWindow /popup.html?check=hit%20land']);
  });

  it('leaves nothing pending for an empty text', async () => {
    const { deps, calls } = fakeDeps();
    await openCheck('', deps);
    expect(calls).toEqual(['openPopup']);
  });
});

describe('the context menu', () => {
  it('checks the selection the browser hands over, whitespace collapsed', async () => {
    const { deps } = fakeDeps();
    expect(await onMenuClick({ menuItemId: MENU_ID, selectionText: ' not on\nthe  table ' }, deps)).toBe('popup');
    expect(deps.setPending).toHaveBeenCalledWith({ text: 'not on the table', at: NOW });
  });

  it('ignores another menu item', async () => {
    const { deps, calls } = fakeDeps();
    expect(await onMenuClick({ menuItemId: 'something-else', selectionText: 'x' }, deps)).toBeNull();
    expect(calls).toEqual([]);
  });
});

describe('the keyboard shortcut', () => {
  it('asks the tab for its selection and checks it', async () => {
    const { deps } = fakeDeps();
    expect(await onCommand(COMMAND, { id: 4 }, deps)).toBe('popup');
    expect(deps.readSelection).toHaveBeenCalledWith(4);
    expect(deps.setPending).toHaveBeenCalledWith({ text: 'hit land', at: NOW });
  });

  it('uses the active tab when the browser passes none', async () => {
    const { deps } = fakeDeps();
    await onCommand(COMMAND, undefined, deps);
    expect(deps.readSelection).toHaveBeenCalledWith(9);
  });

  it('opens an empty check on a page that cannot answer (a browser page)', async () => {
    const { deps, calls } = fakeDeps({ readSelection: () => Promise.reject(new Error('Receiving end does not exist.')) });
    expect(await onCommand(COMMAND, { id: 4 }, deps)).toBe('popup');
    expect(calls).toEqual(['openPopup']);
  });

  it('ignores another command', async () => {
    const { deps } = fakeDeps();
    expect(await onCommand('_execute_action', { id: 4 }, deps)).toBeNull();
    expect(deps.readSelection).not.toHaveBeenCalled();
  });
});

describe('browserCheckDeps', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps the pending text in storage.session', async () => {
    await browserCheckDeps().setPending({ text: 'hit land', at: NOW });
    expect(await fakeBrowser.storage.session.get(PENDING_CHECK_KEY)).toEqual({ [PENDING_CHECK_KEY]: { text: 'hit land', at: NOW } });
    await browserCheckDeps().clearPending();
    expect(await fakeBrowser.storage.session.get(PENDING_CHECK_KEY)).toEqual({});
  });

  it('opens the check window as a 420×600 popup window of the extension’s page', async () => {
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    await browserCheckDeps().openWindow('/popup.html?check=hit%20land');
    expect(create).toHaveBeenCalledWith({
      url: expect.stringMatching(/^chrome-extension:\/\/[^/]+\/popup\.html\?check=hit%20land$/),
      type: 'popup',
      ...CHECK_WINDOW,
    });
    expect(CHECK_WINDOW).toEqual({ width: 420, height: 600 });
  });
});
