// @vitest-environment happy-dom
// The popup's first view as a reader sees it, in every state: this tab's quotes grouped, or why there are none.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { PageQuotes, type PageActions, type PageQuotesProps } from '@/components/PageQuotes';
import { useMessages } from '@/lib/ui/i18n';
import type { TabView } from '@/lib/report/page-view';
import en from '@/public/_locales/en/messages.json';
import es from '@/public/_locales/es/messages.json';
import { EMPTY_REPORT, HIT_004, REPORT } from '@/test/helpers/report-fixtures';

function actions(over: Partial<PageActions> = {}): PageActions {
  return {
    flash: vi.fn(() => Promise.resolve(true)),
    scanNow: vi.fn(() => Promise.resolve()),
    setPaused: vi.fn(() => Promise.resolve()),
    addSource: vi.fn(() => Promise.resolve()),
    copy: vi.fn(() => Promise.resolve()),
    save: vi.fn(),
    ...over,
  };
}

let rerender: ((ui: preact.ComponentChild) => void) | null = null;
function show(view: TabView | null, over: Partial<PageQuotesProps> = {}) {
  const props: PageQuotesProps = { view, site: 'news.example.org', paused: false, incognito: false, actions: actions(), ...over };
  rerender = render(<PageQuotes {...props} />).rerender;
  return props;
}
/** The same section, given a new view (as the popup does when the report changes). */
function update(props: PageQuotesProps, view: TabView) {
  rerender!(<PageQuotes {...props} view={view} />);
}

const section = () => screen.getByRole('region', { name: /On this page/ });
/** The state's own status line (the first: the section's announcement of a report comes after it). */
const scanStatus = () => within(section()).getAllByRole('status')[0]!;
/** What the section announces when the report arrives. */
const announced = () => within(section()).getAllByRole('status').at(-1)!.textContent;
const groupHeadings = () => within(section()).getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
const toggles = () => within(section()).getAllByRole('button', { expanded: false }).concat(within(section()).queryAllByRole('button', { expanded: true }));
const toggleFor = (text: string) => within(section()).getByRole('button', { name: new RegExp(`“${text}`) });

describe('PageQuotes: before the tab is known', () => {
  it('holds its place with a quiet line, marked busy', () => {
    show(null);
    expect(screen.getByText('Reading this tab…')).toBeTruthy();
    expect(section().getAttribute('aria-busy')).toBe('true');
    expect(screen.queryByRole('switch')).toBeNull();
  });
});

describe('PageQuotes: a page that cannot be scanned', () => {
  it.each([
    ['browser', 'QuoteTrail cannot read this page: browser pages are closed to extensions.'],
    ['store', 'QuoteTrail cannot read this page: the extension store is closed to extensions.'],
    ['file', 'QuoteTrail cannot read local files yet: turn on “Allow access to file URLs” in its details on the extensions page.'],
  ] as const)('says why (%s), with no switch and no page tools', (reason, words) => {
    show({ kind: 'unscannable', reason }, { site: null });
    expect(screen.getByText(words)).toBeTruthy();
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('PageQuotes: a paused site', () => {
  it('says so, and the switch (on) resumes it', async () => {
    const acts = actions();
    show({ kind: 'paused', site: 'news.example.org' }, { paused: true, actions: acts });
    expect(screen.getByText('Scanning is paused on news.example.org.')).toBeTruthy();
    const toggle = screen.getByRole('switch', { name: 'Pause on news.example.org' }) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    await waitFor(() => expect(acts.setPaused).toHaveBeenCalledWith(false));
    // Nothing to add or export from a paused site.
    expect(screen.queryByRole('button', { name: 'Add this page to my sources' })).toBeNull();
  });

  it('pauses a scanned site from the switch, and says when that fails', async () => {
    const acts = actions({ setPaused: vi.fn(() => Promise.reject(new Error('storage is full'))) });
    show({ kind: 'report', report: REPORT }, { actions: acts });
    const toggle = screen.getByRole('switch', { name: 'Pause on news.example.org' }) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);
    expect(acts.setPaused).toHaveBeenCalledWith(true);
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Could not change this site’s setting: storage is full');
  });

  it('has no switch where settings cannot be changed', () => {
    const acts = actions();
    delete acts.setPaused;
    show({ kind: 'scanning' }, { actions: acts });
    expect(screen.queryByRole('switch')).toBeNull();
  });
});

describe('PageQuotes: automatic scanning off', () => {
  it('offers "Scan this page", which asks the page to scan', async () => {
    const acts = actions();
    show({ kind: 'manual' }, { actions: acts });
    expect(screen.getByText('Automatic scanning is off.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Scan this page' }));
    expect(acts.scanNow).toHaveBeenCalledTimes(1);
  });

  it('says why a scan could not start', async () => {
    show({ kind: 'manual' }, { actions: actions({ scanNow: () => Promise.reject(new Error('no content script')) }) });
    fireEvent.click(screen.getByRole('button', { name: 'Scan this page' }));
    expect(await screen.findByText('Could not scan this page: no content script')).toBeTruthy();
  });
});

describe('PageQuotes: a scan still running', () => {
  it('says the page is being scanned, as a status', () => {
    show({ kind: 'scanning' });
    expect(scanStatus().textContent).toContain('Scanning this page…');
    expect(section().getAttribute('aria-busy')).toBe('true');
  });

  it('keeps saying so while the page says its scan is under way', async () => {
    const scanState = vi.fn(() => Promise.resolve({ state: 'working' as const }));
    show({ kind: 'scanning' }, { actions: actions({ scanState }) });
    await waitFor(() => expect(scanState.mock.calls.length).toBeGreaterThanOrEqual(2), { timeout: 3000 });
    expect(scanStatus().textContent).toContain('Scanning this page…');
  });

  it('says why, and that a reload helps, when the page’s scan failed', async () => {
    const scanState = vi.fn(() => Promise.resolve({ state: 'failed' as const, error: 'The bundled corpus could not be loaded: disk full' }));
    show({ kind: 'scanning' }, { actions: actions({ scanState }) });
    await waitFor(() => expect(scanStatus().textContent).toBe(
      'The scan could not be finished: The bundled corpus could not be loaded: disk full. Reload the page to try again.',
    ));
  });

  it('says the page must be reloaded when nobody in the tab answers (opened before QuoteTrail was installed)', async () => {
    const scanState = vi.fn(() => Promise.resolve({ state: 'absent' as const }));
    show({ kind: 'scanning' }, { actions: actions({ scanState }) });
    // Not at the first silence: a page still loading has no content script yet.
    expect(scanStatus().textContent).toContain('Scanning this page…');
    await waitFor(() => expect(scanStatus().textContent).toContain('Reload the page to scan it.'), { timeout: 5000 });
    expect(scanState.mock.calls.length).toBe(3);
  });
});

describe('PageQuotes: no quotes', () => {
  it('names the four speakers, and still exports the (empty) report', () => {
    const acts = actions();
    show({ kind: 'report', report: EMPTY_REPORT }, { actions: acts });
    expect(screen.getByText('No quotes by Sheinbaum, Trump, Johnson or Rubio on this page.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Export report (JSON)' }));
    expect(acts.save).toHaveBeenCalledWith('quotetrail-news.example.org-2026-01-06.json', expect.stringContaining('"quotes": []'));
  });
});

describe('PageQuotes: when the report arrives', () => {
  it('announces how many quotes it holds, in a status region that was there before', () => {
    const props = show({ kind: 'scanning' });
    expect(announced()).toBe('');
    update(props, { kind: 'report', report: REPORT });
    expect(announced()).toBe('6 quotes');
  });

  it('after “Scan this page”, focus goes to the section’s heading, not to the top of the popup', async () => {
    let finish = () => {};
    const props = show({ kind: 'manual' }, { actions: actions({ scanNow: vi.fn(() => new Promise<void>((done) => (finish = done))) }) });
    const button = screen.getByRole('button', { name: 'Scan this page' });
    button.focus();
    fireEvent.click(button);
    // Busy, but still focusable: a disabled button would drop the focus at once.
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(button);
    finish();
    update(props, { kind: 'report', report: REPORT });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2 })));
  });
});

describe('PageQuotes: the page’s quotes', () => {
  it('counts them and groups them by speaker, misattributed first', () => {
    show({ kind: 'report', report: REPORT });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('On this page · 6 quotes');
    expect(groupHeadings()).toEqual(['⚠ Misattributed (1)', 'Claudia Sheinbaum (2)', 'Donald Trump (1)', 'Marco Rubio (1)', 'Others (1)']);
  });

  it('flags a misattributed quote in words, with its match kind and number of sources', () => {
    show({ kind: 'report', report: REPORT });
    const item = toggleFor('coordination without subordination').closest('li')!;
    expect(item.textContent).toContain('Misattributed');
    expect(item.textContent).toContain('Partial match');
    expect(item.textContent).toContain('2 sources');
    expect(item.textContent).toContain('Attributed here to Donald Trump; the sources attribute it to Claudia Sheinbaum.');
  });

  it('explains the marks of a source that words the quote differently, and only then', () => {
    const differs = { ...HIT_004, marks: [{ start: 0, end: 8, same: false }, { start: 9, end: 20, same: true }] };
    const quotes = REPORT.quotes.map((q) => (q.text === 'security cooperation founded on mutual respect' ? { ...q, match: { ...q.match!, sources: [differs] } } : q));
    show({ kind: 'report', report: { ...REPORT, quotes } });
    fireEvent.click(toggleFor('security cooperation'));
    expect(screen.getAllByText('Highlighted: the quote’s words in the source. Wavy underline: a word that differs.')).toHaveLength(1);
    fireEvent.click(toggleFor('absolutely ruled out'));
    expect(screen.queryByText(/Wavy underline/)).toBeNull();
  });

  it('keeps the quote the reader opened open when a rescan adds quotes above it', () => {
    const props = show({ kind: 'report', report: REPORT });
    fireEvent.click(toggleFor('absolutely ruled out'));
    expect(toggleFor('absolutely ruled out').getAttribute('aria-expanded')).toBe('true');
    const added = { ...REPORT.quotes.find((q) => q.speaker === 'sheinbaum')!, text: 'a new line from the morning briefing', match: null };
    update(props, { kind: 'report', report: { ...REPORT, quotes: [added, ...REPORT.quotes] } });
    expect(toggleFor('absolutely ruled out').getAttribute('aria-expanded')).toBe('true');
    expect(toggleFor('a new line from the morning briefing').getAttribute('aria-expanded')).toBe('false');
  });

  it('gives every quote its kind and source count, and "No source" for one the corpus lacks', () => {
    show({ kind: 'report', report: REPORT });
    expect(toggleFor('absolutely ruled out').textContent).toContain('Exact match1 source');
    expect(toggleFor('security cooperation').textContent).toContain('Variant wording1 source');
    expect(toggleFor('Every day').textContent).toContain('Not in the corpusNo source');
  });

  it('opens a quote: every source with its wording, date and link, and the page flashes it', async () => {
    const acts = actions();
    show({ kind: 'report', report: REPORT }, { actions: acts });
    const toggle = toggleFor('coordination without subordination');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const panel = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(panel.hidden).toBe(false);
    const link = within(panel).getByRole('link', { name: /Mexican President Sheinbaum Firmly Rejects/ });
    expect(link.getAttribute('href')).toBe('https://example.com/sheinbaum-rejects-troops');
    expect(within(panel).getByText('Mexico Rejects US Military Intervention Against Cartels, Citing Sovereignty')).toBeTruthy();
    expect(within(panel).getByText('2026-01-05')).toBeTruthy();
    expect(panel.textContent).toContain('collaboration without subordination');
    // Report order: it is the second quote of the top frame.
    expect(acts.flash).toHaveBeenCalledWith(expect.objectContaining({ frameId: 0, index: 1 }));

    // One quote open at a time; closing does not flash.
    fireEvent.click(toggleFor('hit land'));
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggleFor('hit land'));
    expect(acts.flash).toHaveBeenCalledTimes(2);
  });

  it('finds a quote in a frame by its place in that frame', () => {
    const acts = actions();
    show({ kind: 'report', report: REPORT }, { actions: acts });
    fireEvent.click(toggleFor('not on the table'));
    expect(acts.flash).toHaveBeenCalledWith(expect.objectContaining({ frameId: 3, index: 0 }));
  });

  it('shows the page again on "Show on page", and says when the quote has gone', async () => {
    const acts = actions({ flash: vi.fn(() => Promise.resolve(false)) });
    show({ kind: 'report', report: REPORT }, { actions: acts });
    fireEvent.click(toggleFor('hit land'));
    expect(await screen.findByText('This quote is no longer on the page.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show on page' }));
    expect(acts.flash).toHaveBeenCalledTimes(2);
  });

  it('copies a quote’s sources as a citation list, and confirms it', async () => {
    const acts = actions();
    show({ kind: 'report', report: REPORT }, { actions: acts });
    fireEvent.click(toggleFor('coordination without subordination'));
    fireEvent.click(screen.getByRole('button', { name: 'Copy citations' }));
    expect(await screen.findByText('Copied 2 citations to the clipboard.')).toBeTruthy();
    const text = (acts.copy as ReturnType<typeof vi.fn>).mock.calls[0]![0] as string;
    expect(text.split('\n').slice(0, 3)).toEqual(['“coordination without subordination” — Claudia Sheinbaum', '', 'Sources (2):']);
    expect(text).toContain('1. Mexican President Sheinbaum Firmly Rejects Trump’s Offer to Send U.S. Troops to Combat Cartels. undated. https://example.com/sheinbaum-rejects-troops');
    expect(text).toContain('2. Mexico Rejects US Military Intervention Against Cartels, Citing Sovereignty. Example Wire, 2026-01-05.');
  });

  it('says when the clipboard refuses', async () => {
    show({ kind: 'report', report: REPORT }, { actions: actions({ copy: () => Promise.reject(new Error('Document is not focused.')) }) });
    fireEvent.click(toggleFor('hit land'));
    fireEvent.click(screen.getByRole('button', { name: 'Copy citations' }));
    expect(await screen.findByText('Could not copy: Document is not focused.')).toBeTruthy();
  });

  it('has no "Copy citations" for a quote without sources', () => {
    show({ kind: 'report', report: REPORT });
    fireEvent.click(toggleFor('Every day'));
    expect(screen.queryByRole('button', { name: 'Copy citations' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Show on page' })).toBeTruthy();
  });

  it('exports the report as a JSON file and says where it went', () => {
    const acts = actions();
    show({ kind: 'report', report: REPORT }, { actions: acts });
    fireEvent.click(screen.getByRole('button', { name: 'Export report (JSON)' }));
    const [name, json] = (acts.save as ReturnType<typeof vi.fn>).mock.calls[0]! as [string, string];
    expect(name).toBe('quotetrail-news.example.org-2026-01-06.json');
    expect(JSON.parse(json)).toEqual(REPORT);
    expect(screen.getByText('Saved quotetrail-news.example.org-2026-01-06.json.')).toBeTruthy();
  });

  it('says when a cap left quotes out', () => {
    show({ kind: 'report', report: { ...REPORT, truncated: true } });
    expect(screen.getByText('Only the first 6 quotes are listed: the page has more.')).toBeTruthy();
  });

  it('gives every control a name and keeps them all native (keyboard-reachable) controls', () => {
    show({ kind: 'report', report: REPORT });
    fireEvent.click(toggleFor('hit land'));
    const controls = [...section().querySelectorAll('button, input, a')];
    expect(controls.length).toBeGreaterThan(8);
    for (const el of controls) {
      expect(el.getAttribute('tabindex')).not.toBe('-1');
      expect((el.textContent ?? '').trim() || el.closest('label')?.textContent?.trim()).toBeTruthy();
    }
    expect(toggles().length).toBe(REPORT.quotes.length);
  });
});

describe('PageQuotes: "Add this page to my sources"', () => {
  it('adds the page and confirms it', async () => {
    const acts = actions();
    show({ kind: 'report', report: REPORT }, { actions: acts });
    fireEvent.click(screen.getByRole('button', { name: 'Add this page to my sources' }));
    expect(acts.addSource).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Added to your sources.')).toBeTruthy();
  });

  it('says why adding failed', async () => {
    show({ kind: 'scanning' }, { actions: actions({ addSource: () => Promise.reject(new Error('no article text')) }) });
    fireEvent.click(screen.getByRole('button', { name: 'Add this page to my sources' }));
    expect(await screen.findByText('Could not add this page: no article text')).toBeTruthy();
  });

  it('is replaced in a private window by a note that nothing is kept', () => {
    show({ kind: 'report', report: REPORT }, { incognito: true });
    expect(screen.queryByRole('button', { name: 'Add this page to my sources' })).toBeNull();
    expect(screen.getByText('Nothing is kept in a private window.')).toBeTruthy();
  });

  it('is not offered for a page that is not on the web', () => {
    show({ kind: 'report', report: { ...REPORT, url: 'file:///home/reader/article.html' } }, { site: null });
    expect(screen.queryByRole('button', { name: 'Add this page to my sources' })).toBeNull();
  });
});

describe('PageQuotes: in Spanish', () => {
  afterEach(() => useMessages(en));

  it('speaks Spanish from the es messages', () => {
    useMessages(es);
    show({ kind: 'report', report: REPORT });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('En esta página · 6 citas');
    expect(screen.getByRole('heading', { name: 'Mal atribuidas (1)' })).toBeTruthy();
    expect(screen.getByRole('switch', { name: 'Pausar en news.example.org' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Exportar informe (JSON)' })).toBeTruthy();
  });
});
