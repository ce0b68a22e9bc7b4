// The popup's platform against the fake browser: what a tab without a content script gives the popup to say.
import { fakeBrowser } from 'wxt/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useMessages, type MessageTable } from '@/lib/ui/i18n';
import { accessOrigin, createPlatform } from '@/entrypoints/popup/platform';
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

describe('site access (Firefox lets the reader withhold it in Manifest V3)', () => {
  it('asks for the tab’s site, any port; every site when the address is hidden; nothing for browser pages', () => {
    expect(accessOrigin('https://news.example.org:8443/a?b#c')).toBe('https://news.example.org/*');
    expect(accessOrigin('http://127.0.0.1:4000/wire-story.html')).toBe('http://127.0.0.1/*');
    expect(accessOrigin(undefined)).toBe('<all_urls>');
    expect(accessOrigin('about:addons')).toBeNull();
    expect(accessOrigin('file:///tmp/a.html')).toBeNull();
  });

  it('checks with permissions.contains, and requests with permissions.request before anything is awaited', async () => {
    const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    expect(await createPlatform(null).siteAccess!('https://news.example.org/x')).toBe(false);
    expect(contains).toHaveBeenCalledWith({ origins: ['https://news.example.org/*'] });
    expect(await createPlatform(null).siteAccess!('about:addons')).toBe(true);

    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    const reload = vi.spyOn(fakeBrowser.tabs, 'reload').mockResolvedValue(undefined);
    const asked = createPlatform(null).requestSiteAccess!(5, 'https://news.example.org/x');
    // Called synchronously, inside the click: the browser refuses a request made after an await.
    expect(request).toHaveBeenCalledWith({ origins: ['https://news.example.org/*'] });
    expect(await asked).toBe(true);
    expect(reload).toHaveBeenCalledWith(5);

    request.mockResolvedValue(false);
    reload.mockClear();
    expect(await createPlatform(null).requestSiteAccess!(5, undefined)).toBe(false);
    expect(request).toHaveBeenLastCalledWith({ origins: ['<all_urls>'] });
    expect(reload).not.toHaveBeenCalled();
  });
});
