// Settings: defaults, the migration from version 1, site rules (deny wins), whom to mark, and the pause switch.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEFAULT_SETTINGS, hostMatches, isMarked, normalizeHost, normalizeSettings, SETTINGS_VERSION, siteMode, type Settings, type SettingsV1 } from '@/lib/model/settings';
import { getSettings, pauseSite, resetSettingsItem, saveSettings, watchSettings } from '@/lib/storage/settings-store';

beforeEach(() => {
  fakeBrowser.reset();
  resetSettingsItem();
});

const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('stored settings', () => {
  it('a new reader gets the defaults: everything scanned, all four marked, underline and tint', async () => {
    expect(await getSettings()).toEqual({
      autoScan: true, allowSites: [], denySites: [], speakers: ['sheinbaum', 'trump', 'johnson', 'rubio'], highlightStyle: 'underline+tint',
    });
  });

  it('keeps what the reader saved, under "settings" in storage.local with its version beside it', async () => {
    await saveSettings(settings({ autoScan: false, denySites: ['news.example.com'], speakers: ['rubio'], highlightStyle: 'tint' }));
    const stored = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(stored.settings).toMatchObject({ autoScan: false, denySites: ['news.example.com'], speakers: ['rubio'], highlightStyle: 'tint' });
    expect(stored.settings$).toEqual({ v: SETTINGS_VERSION });
    resetSettingsItem(); // as another page of the extension would read them
    expect(await getSettings()).toMatchObject({ autoScan: false, denySites: ['news.example.com'], speakers: ['rubio'] });
  });

  it('migrates version 1 settings: paused sites become the deny list, manual scanning stays off', async () => {
    const v1: SettingsV1 = { scanning: 'manual', pausedSites: ['WWW.Example.com', 'not a host'], speakers: ['trump', 'sheinbaum'] };
    await fakeBrowser.storage.local.set({ settings: v1 }); // version 1 wrote no version key
    const migrated = await getSettings();
    expect(migrated).toEqual({
      autoScan: false, allowSites: [], denySites: ['www.example.com'], speakers: ['sheinbaum', 'trump'], highlightStyle: 'underline+tint',
    });
    // Written back once, with the new version, so that no other page migrates it again.
    const stored = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(stored.settings).toEqual(migrated);
    expect(stored.settings$).toEqual({ v: 2 });
  });

  it('migrates version 1 automatic scanning to automatic scanning', async () => {
    await fakeBrowser.storage.local.set({ settings: { scanning: 'auto', pausedSites: [], speakers: ['rubio'] } satisfies SettingsV1 });
    expect(await getSettings()).toMatchObject({ autoScan: true, speakers: ['rubio'] });
  });

  it('"Pause on this site" adds the hostname to the deny list, and resuming takes every entry covering it off', async () => {
    await pauseSite('www.example.com', true);
    expect((await getSettings()).denySites).toEqual(['www.example.com']);
    await pauseSite('www.example.com', true); // twice is once
    expect((await getSettings()).denySites).toEqual(['www.example.com']);
    await saveSettings(settings({ denySites: ['example.com', 'other.org'] }));
    await pauseSite('news.example.com', false);
    expect((await getSettings()).denySites).toEqual(['other.org']);
  });

  it('tells a watching page about a change made elsewhere', async () => {
    const seen: Settings[] = [];
    const unwatch = watchSettings((s) => seen.push(s));
    await pauseSite('news.example.com', true);
    await expect.poll(() => seen.at(-1)?.denySites).toEqual(['news.example.com']);
    unwatch();
  });

  it('reads hand-edited or broken storage as the nearest valid settings', () => {
    expect(normalizeSettings({ autoScan: 'yes', allowSites: ['A.example.com', 42, 'https://b.example.com/path'], speakers: ['rubio', 'biden'], highlightStyle: 'glow' }))
      .toEqual({ autoScan: true, allowSites: ['a.example.com', 'b.example.com'], denySites: [], speakers: ['rubio'], highlightStyle: 'underline+tint' });
    expect(normalizeSettings(null)).toEqual(DEFAULT_SETTINGS);
    // Marking nobody is a choice, not a broken value.
    expect(normalizeSettings({ speakers: [] }).speakers).toEqual([]);
  });
});

describe('site rules', () => {
  it.each([
    ['www.example.com', 'www.example.com'],
    [' News.Example.COM ', 'news.example.com'],
    ['https://www.example.com/politics/a?b#c', 'www.example.com'],
    ['example.com:8080', 'example.com'],
    ['*.example.com', 'example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['127.0.0.1', '127.0.0.1'],
  ])('reads %j as the hostname %s', (input, host) => {
    expect(normalizeHost(input)).toBe(host);
  });

  it.each(['', 'two words', 'javascript:alert(1)', 'file:///etc/passwd', 'http://'])('refuses %j', (input) => {
    expect(normalizeHost(input)).toBeNull();
  });

  it('an entry covers its subdomains, never a look-alike', () => {
    expect(hostMatches('news.example.com', 'example.com')).toBe(true);
    expect(hostMatches('example.com', 'example.com')).toBe(true);
    expect(hostMatches('notexample.com', 'example.com')).toBe(false);
    expect(hostMatches('example.com', 'news.example.com')).toBe(false);
    expect(hostMatches('10.0.0.1', '0.0.1')).toBe(false);
  });

  it.each<[string, Partial<Settings>, string, ReturnType<typeof siteMode>]>([
    ['automatic scanning', {}, 'news.example.com', 'auto'],
    ['automatic scanning off', { autoScan: false }, 'news.example.com', 'manual'],
    ['off, but the site is always scanned', { autoScan: false, allowSites: ['example.com'] }, 'news.example.com', 'auto'],
    ['a denied site', { denySites: ['news.example.com'] }, 'news.example.com', 'paused'],
    ['deny wins over allow', { allowSites: ['news.example.com'], denySites: ['example.com'] }, 'news.example.com', 'paused'],
    ['another site stays scanned', { denySites: ['news.example.com'] }, 'other.example.org', 'auto'],
  ])('%s', (_name, patch, host, mode) => {
    expect(siteMode(settings(patch), host)).toBe(mode);
  });
});

describe('whom to mark', () => {
  const q = (page: Settings['speakers'][number] | null, sources: Settings['speakers'][number] | null) => ({
    speaker: page, match: sources === null && page === null ? null : { speaker: sources },
  });
  it.each([
    ['a marked speaker’s quote', ['rubio'], q('rubio', 'rubio'), true],
    ['an unmarked speaker’s quote', ['rubio'], q('trump', 'trump'), false],
    ['a misattribution involving a marked speaker', ['sheinbaum'], q('trump', 'sheinbaum'), true],
    ['a quote nobody of the four said', [], q(null, null), true],
    ['an unattributed quote the sources give to an unmarked speaker', ['rubio'], q(null, 'trump'), false],
  ] as const)('highlights %s: %s', (_name, speakers, quote, marked) => {
    expect(isMarked({ speakers: [...speakers] }, quote)).toBe(marked);
  });
});
