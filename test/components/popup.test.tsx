// @vitest-environment happy-dom
// The whole popup over a fake platform: which tab it describes, how the report and settings reach the view.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import type { LookupReply } from '@/components/CheckQuote';
import { Popup, type PopupPlatform, type SiteState, type TabInfo } from '@/components/Popup';
import type { StoredReport } from '@/lib/model/types';
import { REPORT } from '@/test/helpers/report-fixtures';

interface Fake extends PopupPlatform {
  /** Sends a report (or its removal) to the popup, as storage.onChanged does. */
  report(report: StoredReport | undefined): void;
  site(state: SiteState): void;
}

function fakePlatform(tab: TabInfo | null, over: Partial<PopupPlatform> = {}): Fake {
  let onReport: ((r: StoredReport | undefined) => void) | null = null;
  let onSite: ((s: SiteState) => void) | null = null;
  const reply: LookupReply = { match: null, searched: { sources: 5 } };
  return {
    lookup: vi.fn(() => Promise.resolve(reply)),
    status: () => Promise.resolve({ state: 'ready', version: 'v', sources: 5, quotes: 40 }),
    tab: vi.fn(() => Promise.resolve(tab)),
    fileAccess: () => Promise.resolve(false),
    watchReport: vi.fn((_id, cb) => {
      onReport = cb;
      return () => (onReport = null);
    }),
    watchSite: vi.fn((_site, cb) => {
      onSite = cb;
      cb({ autoScan: true, paused: false });
      return () => (onSite = null);
    }),
    pauseSite: vi.fn(() => Promise.resolve()),
    flash: vi.fn(() => Promise.resolve(true)),
    scanNow: vi.fn(() => Promise.resolve()),
    addSource: vi.fn(() => Promise.resolve()),
    copy: vi.fn(() => Promise.resolve()),
    save: vi.fn(),
    report: (r) => act(() => onReport?.(r)),
    site: (s) => act(() => onSite?.(s)),
    ...over,
  };
}

/** Waits until the popup listens for the tab's report (the tab is looked up first). */
const listening = (platform: Fake) => waitFor(() => expect(platform.watchReport).toHaveBeenCalled());

const TAB: TabInfo = { id: 42, url: 'https://news.example.org/world/mexico-cartels', incognito: false };
const field = () => screen.getByRole('textbox', { name: 'Check a quote' }) as HTMLTextAreaElement;

describe('Popup', () => {
  it('shows the tab’s section from the start, then its report when the scan writes it', async () => {
    const platform = fakePlatform(TAB);
    render(<Popup platform={platform} />);
    expect(screen.getByRole('region', { name: 'On this page' })).toBeTruthy();
    expect(field()).toBeTruthy();
    await waitFor(() => expect(platform.watchReport).toHaveBeenCalledWith(42, expect.any(Function)));
    platform.report(undefined);
    expect(await screen.findByText('Scanning this page…')).toBeTruthy();
    platform.report(REPORT);
    expect(await screen.findByText('Claudia Sheinbaum (2)')).toBeTruthy();
    expect(screen.queryByText('Scanning this page…')).toBeNull();
    // The check field stays where it was.
    expect(field()).toBeTruthy();
  });

  it('says a browser page cannot be scanned', async () => {
    const platform = fakePlatform({ id: 7, url: 'chrome://extensions/', incognito: false });
    render(<Popup platform={platform} />);
    await listening(platform);
    platform.report(undefined);
    expect(await screen.findByText('QuoteTrail cannot read this page: browser pages are closed to extensions.')).toBeTruthy();
  });

  it('follows the settings: a pause, and automatic scanning off', async () => {
    const platform = fakePlatform(TAB);
    render(<Popup platform={platform} />);
    await waitFor(() => expect(platform.watchSite).toHaveBeenCalledWith('news.example.org', expect.any(Function)));
    platform.report(undefined);
    platform.site({ autoScan: false, paused: false });
    expect(await screen.findByRole('button', { name: 'Scan this page' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Scan this page' }));
    expect(platform.scanNow).toHaveBeenCalledWith(42);

    platform.site({ autoScan: true, paused: true });
    expect(await screen.findByText('Scanning is paused on news.example.org.')).toBeTruthy();
    fireEvent.click(screen.getByRole('switch', { name: 'Pause on news.example.org' }));
    expect(platform.pauseSite).toHaveBeenCalledWith('news.example.org', false);
  });

  it('uses the report’s address where the browser does not tell the tab’s', async () => {
    const platform = fakePlatform({ id: 42, incognito: false });
    render(<Popup platform={platform} />);
    await listening(platform);
    platform.report(REPORT);
    expect(await screen.findByRole('switch', { name: 'Pause on news.example.org' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /“hit land”/ }));
    expect(platform.flash).toHaveBeenCalledWith(42, expect.objectContaining({ frameId: 0, index: 2 }));
  });

  it('has no tab section when there is no page to describe (opened as a page)', async () => {
    const platform = fakePlatform(null);
    render(<Popup platform={platform} />);
    await waitFor(() => expect(platform.tab).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByRole('region', { name: 'On this page' })).toBeNull());
    expect(field()).toBeTruthy();
  });

  it('opens the check with a given text (?check=) and no tab section', async () => {
    const platform = fakePlatform(TAB);
    render(<Popup platform={platform} checkText="coordination without subordination" showTab={false} />);
    expect(field().value).toBe('coordination without subordination');
    await waitFor(() => expect(platform.lookup).toHaveBeenCalledWith('coordination without subordination'));
    expect(platform.tab).not.toHaveBeenCalled();
    expect(screen.queryByRole('region', { name: 'On this page' })).toBeNull();
  });

  it('takes a selection that arrives after it opened', async () => {
    const platform = fakePlatform(TAB);
    const { rerender } = render(<Popup platform={platform} />);
    expect(field().value).toBe('');
    rerender(<Popup platform={platform} checkText="hit land" />);
    expect(field().value).toBe('hit land');
    await waitFor(() => expect(platform.lookup).toHaveBeenCalledWith('hit land'));
  });

  it('offers no "Add this page" in a private window', async () => {
    const platform = fakePlatform({ ...TAB, incognito: true });
    render(<Popup platform={platform} />);
    await listening(platform);
    platform.report(REPORT);
    expect(await screen.findByText('Nothing is kept in a private window.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add this page to my sources' })).toBeNull();
  });

  describe('a site the reader withheld from QuoteTrail (Firefox site access)', () => {
    it('offers a button that asks for the site, not a reload, and scans once it is granted', async () => {
      const requestSiteAccess = vi.fn(() => Promise.resolve(true));
      const platform = fakePlatform(TAB, { siteAccess: vi.fn(() => Promise.resolve(false)), requestSiteAccess });
      render(<Popup platform={platform} />);
      await listening(platform);
      platform.report(undefined);
      expect(await screen.findByText('QuoteTrail may not read news.example.org: its site access was withheld.')).toBeTruthy();
      expect(platform.siteAccess).toHaveBeenCalledWith(TAB.url);
      expect(screen.queryByText(/Reload the page/)).toBeNull();
      // Nothing to export or add from a page QuoteTrail cannot read.
      expect(screen.queryByRole('button', { name: 'Add this page to my sources' })).toBeNull();
      fireEvent.click(screen.getByRole('button', { name: 'Allow QuoteTrail on news.example.org' }));
      expect(requestSiteAccess).toHaveBeenCalledWith(42, TAB.url);
      expect(await screen.findByText('Scanning this page…')).toBeTruthy();
      platform.report(REPORT);
      expect(await screen.findByText('Claudia Sheinbaum (2)')).toBeTruthy();
    });

    it('says so when the reader refuses, and keeps the button', async () => {
      const platform = fakePlatform(TAB, { siteAccess: () => Promise.resolve(false), requestSiteAccess: () => Promise.resolve(false) });
      render(<Popup platform={platform} />);
      await listening(platform);
      platform.report(undefined);
      fireEvent.click(await screen.findByRole('button', { name: 'Allow QuoteTrail on news.example.org' }));
      expect(await screen.findByText('Not allowed: QuoteTrail still cannot read this page.')).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Allow QuoteTrail on news.example.org' })).toBeTruthy();
    });

    it('asks for every site when the browser hides the tab’s address (no access is why it hides it)', async () => {
      const platform = fakePlatform({ id: 9, incognito: false }, { siteAccess: () => Promise.resolve(false), requestSiteAccess: () => Promise.resolve(false) });
      render(<Popup platform={platform} />);
      await listening(platform);
      platform.report(undefined);
      expect(await screen.findByText('QuoteTrail may not read this page: its site access was withheld.')).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Allow QuoteTrail on all websites' })).toBeTruthy();
    });

    it('shows the report all the same when there is one (the scan ran)', async () => {
      const platform = fakePlatform(TAB, { siteAccess: () => Promise.resolve(false) });
      render(<Popup platform={platform} />);
      await listening(platform);
      platform.report(REPORT);
      expect(await screen.findByText('Claudia Sheinbaum (2)')).toBeTruthy();
    });
  });
});
