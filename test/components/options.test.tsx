// @vitest-environment happy-dom
// The options page as a reader uses it: every state, every control found by its role and accessible name.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Options, type SettingsApi } from '@/components/Options';
import { useMessages } from '@/lib/ui/i18n';
import en from '@/public/_locales/en/messages.json';
import es from '@/public/_locales/es/messages.json';
import type { SourcesApi } from '@/components/OptionsSources';
import type { UserSourceSummary } from '@/lib/model/reader-sources';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/model/settings';
import type { SourceId } from '@/lib/model/types';

afterEach(() => {
  cleanup();
  useMessages(en);
});

const SOURCE: UserSourceSummary = {
  id: 'a1', sourceId: 'user:a1' as SourceId, title: 'Rubio Ties Mexico Partnership to Closed Fentanyl Labs',
  url: 'https://ledger.example/rubio-labs', published: '2026-02-14', addedAt: '2026-03-01T10:00:00.000Z', quotes: 1,
};
const UNDATED: UserSourceSummary = { ...SOURCE, id: 'b2', sourceId: 'user:b2' as SourceId, title: null, url: 'https://wire.example/x', published: null, quotes: 3 };

/** A settings store in memory, recording what was saved; `watchers` lets a test change settings "elsewhere". */
function settingsApi(initial: Partial<Settings> = {}, overrides: Partial<SettingsApi> = {}) {
  let stored: Settings = { ...DEFAULT_SETTINGS, ...initial };
  const watchers = new Set<(s: Settings) => void>();
  const api = {
    load: vi.fn(async () => stored),
    save: vi.fn(async (s: Settings) => (stored = s)),
    watch: (listener: (s: Settings) => void) => {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },
    ...overrides,
  } satisfies SettingsApi;
  return { api, stored: () => stored, elsewhere: (s: Settings) => watchers.forEach((w) => w(s)) };
}

function sourcesApi(list: UserSourceSummary[] = []): SourcesApi & { remove: ReturnType<typeof vi.fn> } {
  let sources = [...list];
  return {
    list: vi.fn(async () => sources),
    remove: vi.fn(async (id: string) => {
      const had = sources.some((s) => s.id === id);
      sources = sources.filter((s) => s.id !== id);
      return { removed: had };
    }),
  };
}

async function show(initial: Partial<Settings> = {}, sources: UserSourceSummary[] = [], overrides: Partial<SettingsApi> = {}) {
  const settings = settingsApi(initial, overrides);
  const src = sourcesApi(sources);
  render(<Options settings={settings.api} sources={src} />);
  await screen.findByRole('switch', { name: 'Scan pages automatically' });
  return { settings, src };
}

const siteList = (name: 'Always scan' | 'Never scan') => screen.getByRole('region', { name });

describe('Options: loading', () => {
  it('says it is loading until the settings arrive, then shows them', async () => {
    let release!: (s: Settings) => void;
    const load = () => new Promise<Settings>((r) => (release = r));
    render(<Options settings={{ load, save: async (s) => s }} sources={sourcesApi()} />);
    expect(screen.getByText('Loading your settings…')).toBeTruthy();
    expect(screen.queryByRole('switch')).toBeNull();
    release({ ...DEFAULT_SETTINGS, autoScan: false });
    expect((await screen.findByRole('switch', { name: 'Scan pages automatically' }) as HTMLInputElement).checked).toBe(false);
    expect(screen.queryByText('Loading your settings…')).toBeNull();
  });

  it('says why when the settings cannot be read', async () => {
    render(<Options settings={{ load: () => Promise.reject(new Error('storage is unavailable')), save: async (s) => s }} sources={sourcesApi()} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Your settings could not be read: storage is unavailable');
  });
});

describe('Options: the defaults', () => {
  it('shows automatic scanning on, no sites, all four people marked, underline and tint', async () => {
    await show();
    expect((screen.getByRole('switch', { name: 'Scan pages automatically' }) as HTMLInputElement).checked).toBe(true);
    expect(within(siteList('Always scan')).getByText('No site.')).toBeTruthy();
    expect(within(siteList('Never scan')).getByText('No site.')).toBeTruthy();
    const people = within(screen.getByRole('group', { name: 'Mark quotes by' }));
    for (const name of ['Claudia Sheinbaum', 'Donald Trump', 'Ronald Johnson', 'Marco Rubio']) {
      expect((people.getByRole('checkbox', { name }) as HTMLInputElement).checked).toBe(true);
    }
    const style = within(screen.getByRole('group', { name: 'Highlight style' }));
    expect((style.getByRole('radio', { name: /Underline and tint/ }) as HTMLInputElement).checked).toBe(true);
    expect((style.getByRole('radio', { name: /Underline only/ }) as HTMLInputElement).checked).toBe(false);
  });

  it('explains that unmarked people’s quotes stay in the report', async () => {
    await show();
    expect(screen.getByRole('group', { name: 'Mark quotes by' }).textContent).toContain('they still appear in the popup’s list and in the page’s report');
  });
});

describe('Options: changing settings', () => {
  it('saves automatic scanning off at once, and says so', async () => {
    const { settings } = await show();
    fireEvent.click(screen.getByRole('switch', { name: 'Scan pages automatically' }));
    await waitFor(() => expect(settings.stored().autoScan).toBe(false));
    expect((await screen.findByText('Saved.')).getAttribute('role')).toBe('status'); // announced, not just shown
  });

  it('announces every save, not only the first (the status is emptied, then says it again)', async () => {
    await show();
    const toggle = screen.getByRole('switch', { name: 'Scan pages automatically' });
    fireEvent.click(toggle);
    const status = await screen.findByText('Saved.');
    const said: string[] = [];
    const watcher = new MutationObserver(() => said.push(status.textContent ?? ''));
    watcher.observe(status, { childList: true, characterData: true, subtree: true });
    fireEvent.click(toggle);
    await waitFor(() => expect(said.at(-1)).toBe('Saved.'));
    watcher.disconnect();
    expect(said).toContain('');
  });

  it('adds a site by its hostname, whatever the reader pastes, and removes it', async () => {
    const { settings } = await show();
    const deny = within(siteList('Never scan'));
    const field = deny.getByRole('textbox', { name: 'Add a site to “Never scan”' });
    fireEvent.input(field, { target: { value: 'https://News.Example.com/politics/story#x' } });
    fireEvent.click(deny.getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(settings.stored().denySites).toEqual(['news.example.com']));
    expect(deny.getByText('news.example.com')).toBeTruthy();
    expect((field as HTMLInputElement).value).toBe('');
    fireEvent.click(deny.getByRole('button', { name: 'Remove news.example.com' }));
    await waitFor(() => expect(settings.stored().denySites).toEqual([]));
    expect(deny.getByText('No site.')).toBeTruthy();
    // The last one removed: focus goes to the field, not to the top of the page.
    expect(document.activeElement).toBe(field);
  });

  it('keeps focus in the list when a site is removed: on the row that took its place, else the one before', async () => {
    const { settings } = await show({ allowSites: ['a.example', 'b.example', 'c.example'] });
    const allow = within(siteList('Always scan'));
    const removeB = allow.getByRole('button', { name: 'Remove b.example' });
    removeB.focus();
    fireEvent.click(removeB);
    await waitFor(() => expect(settings.stored().allowSites).toEqual(['a.example', 'c.example']));
    expect(document.activeElement).toBe(allow.getByRole('button', { name: 'Remove c.example' }));
    fireEvent.click(allow.getByRole('button', { name: 'Remove c.example' }));
    await waitFor(() => expect(settings.stored().allowSites).toEqual(['a.example']));
    expect(document.activeElement).toBe(allow.getByRole('button', { name: 'Remove a.example' }));
  });

  it('refuses what is not a hostname, and a site already listed, saying why next to the field', async () => {
    const { settings } = await show({ allowSites: ['example.org'] });
    const allow = within(siteList('Always scan'));
    const field = allow.getByRole('textbox', { name: 'Add a site to “Always scan”' });
    fireEvent.input(field, { target: { value: 'not a site' } });
    fireEvent.submit(field.closest('form')!);
    expect(allow.getByRole('alert').textContent).toBe('“not a site” is not a hostname (for example: www.example.com).');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(field, { target: { value: 'EXAMPLE.org' } });
    expect(allow.queryByRole('alert')).toBeNull(); // typing clears the complaint
    fireEvent.submit(field.closest('form')!);
    expect(allow.getByRole('alert').textContent).toBe('example.org is already in this list.');
    expect(settings.api.save).not.toHaveBeenCalled();
  });

  it('flags an always-scanned site that the never-scan list overrules (deny wins)', async () => {
    await show({ allowSites: ['news.example.com', 'other.org'], denySites: ['example.com'] });
    const allow = siteList('Always scan');
    expect(within(allow).getByText('news.example.com').parentElement!.textContent).toContain('also under “Never scan”: not scanned');
    expect(within(allow).getByText('other.org').parentElement!.textContent).not.toContain('Never scan');
  });

  it('saves whom to mark and the highlight style', async () => {
    const { settings } = await show();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Donald Trump' }));
    await waitFor(() => expect(settings.stored().speakers).toEqual(['sheinbaum', 'johnson', 'rubio']));
    fireEvent.click(screen.getByRole('radio', { name: /Tint only/ }));
    await waitFor(() => expect(settings.stored().highlightStyle).toBe('tint'));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Donald Trump' }));
    await waitFor(() => expect(settings.stored().speakers).toEqual(['sheinbaum', 'trump', 'johnson', 'rubio']));
  });

  it('says so when a change cannot be saved', async () => {
    await show({}, [], { save: () => Promise.reject(new Error('QUOTA_BYTES quota exceeded')) });
    fireEvent.click(screen.getByRole('switch', { name: 'Scan pages automatically' }));
    await waitFor(() => expect(screen.getByText('Not saved: QUOTA_BYTES quota exceeded')).toBeTruthy());
  });

  it('follows a change made elsewhere (the popup’s pause switch) without a reload', async () => {
    const { settings } = await show();
    settings.elsewhere({ ...DEFAULT_SETTINGS, denySites: ['paused.example'] });
    expect(await within(siteList('Never scan')).findByText('paused.example')).toBeTruthy();
  });
});

describe('Options: your sources', () => {
  it('says there are none yet, and how to add one', async () => {
    await show();
    expect(await screen.findByText(/You have not added any page yet/)).toBeTruthy();
  });

  it('lists each with its title, link, publication and added dates, and quotations', async () => {
    await show({}, [SOURCE, UNDATED]);
    const list = within(await screen.findByRole('list', { name: 'Your sources' }));
    const [first, second] = list.getAllByRole('listitem');
    expect(within(first!).getByRole('heading', { name: SOURCE.title! })).toBeTruthy();
    expect(within(first!).getByRole('link', { name: SOURCE.url! }).getAttribute('href')).toBe(SOURCE.url);
    expect(first!.textContent).toContain('Published 2026-02-14 · Added 2026-03-01 · 1 quotation');
    // No title: the address stands in; no date: said so, never invented.
    expect(within(second!).getByRole('heading', { name: UNDATED.url! })).toBeTruthy();
    expect(second!.textContent).toContain('No publication date · Added 2026-03-01 · 3 quotations');
  });

  it('says why when the list cannot be read', async () => {
    const src = { list: () => Promise.reject(new Error('no answer')), remove: vi.fn() };
    render(<Options settings={settingsApi().api} sources={src} />);
    expect((await screen.findByText(/Your sources could not be read/)).textContent).toBe('Your sources could not be read: no answer');
  });

  it('asks before removing one, the safe choice focused; keeping it changes nothing and gives focus back', async () => {
    const { src } = await show({}, [SOURCE]);
    const remove = await screen.findByRole('button', { name: `Remove “${SOURCE.title}”` });
    fireEvent.click(remove);
    const confirm = within(screen.getByRole('group', { name: `Remove “${SOURCE.title}”` }));
    expect(confirm.getByText(/Lookups will no longer find it/)).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(confirm.getByRole('button', { name: 'Keep it' })));
    fireEvent.click(confirm.getByRole('button', { name: 'Keep it' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: `Remove “${SOURCE.title}”` })));
    expect(src.remove).not.toHaveBeenCalled();
    // Escape also keeps it.
    fireEvent.click(screen.getByRole('button', { name: `Remove “${SOURCE.title}”` }));
    fireEvent.keyDown(screen.getByRole('button', { name: 'Keep it' }), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Keep it' })).toBeNull());
    expect(src.remove).not.toHaveBeenCalled();
  });

  it('removes it once confirmed, and says so', async () => {
    const { src } = await show({}, [SOURCE, UNDATED]);
    fireEvent.click(await screen.findByRole('button', { name: `Remove “${SOURCE.title}”` }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove it' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: SOURCE.title! })).toBeNull());
    expect(src.remove).toHaveBeenCalledWith('a1');
    expect(screen.getByText(`Removed “${SOURCE.title}”.`)).toBeTruthy();
    expect(screen.getByRole('heading', { name: UNDATED.url! })).toBeTruthy();
  });
});

describe('Options: in Spanish', () => {
  it('speaks the browser’s language', async () => {
    useMessages(es);
    render(<Options settings={settingsApi().api} sources={sourcesApi()} />);
    expect(await screen.findByRole('switch', { name: 'Analizar las páginas automáticamente' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'No analizar nunca' })).toBeTruthy();
    expect(await screen.findByText(/Aún no has añadido ninguna página/)).toBeTruthy();
  });
});
