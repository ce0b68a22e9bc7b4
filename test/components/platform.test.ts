// The popup's platform against the fake browser: what a tab without a content script gives the popup to say.
import { fakeBrowser } from 'wxt/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useMessages, type MessageTable } from '@/lib/ui/i18n';
import { createPlatform } from '@/entrypoints/popup/platform';
import en from '@/public/_locales/en/messages.json';

afterEach(() => {
  vi.restoreAllMocks();
  useMessages(null);
});

describe('a tab opened before QuoteTrail was installed (no content script answers)', () => {
  it('Scan this page says to reload the page, not the browser’s “Receiving end does not exist”', async () => {
    useMessages(en as MessageTable);
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    await expect(createPlatform(null).scanNow(5)).rejects.toThrow('reload the page first (it was open before QuoteTrail was installed or updated)');
  });

  it('the scan state is “absent”, and another failure is passed on as it is', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    expect(await createPlatform(null).scanState!(5)).toEqual({ state: 'absent' });
    send.mockResolvedValue({ ok: false, error: 'The bundled corpus could not be loaded' });
    await expect(createPlatform(null).scanNow(5)).rejects.toThrow('The bundled corpus could not be loaded');
  });
});
