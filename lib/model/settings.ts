// The reader's settings: their shape, defaults and versioned migrations, and the site rules. Pure: where they are
// kept (browser.storage.local, through WXT's storage) is lib/storage/settings-store.ts.
import { SPEAKERS } from '@/lib/model/speakers';
import type { SpeakerId } from '@/lib/model/types';

/** How quotes are marked on a page: an underline and a tint (the default), or only one of them. */
export type HighlightStyle = 'underline+tint' | 'underline' | 'tint';
export const HIGHLIGHT_STYLES: readonly HighlightStyle[] = ['underline+tint', 'underline', 'tint'];

/** The settings (version 2), stored as one object under `settings` in browser.storage.local. */
export interface Settings {
  /** Scan every page once it is idle; off: a page is scanned only when the reader asks (popup, "Scan this page"). */
  autoScan: boolean;
  /** Hostnames always scanned, even with automatic scanning off (an entry covers its subdomains). */
  allowSites: string[];
  /** Hostnames never scanned, whatever else says so: deny wins. "Pause on this site" adds the page's hostname here. */
  denySites: string[];
  /** Whose quotes are highlighted on pages; the others' stay in the report (and the popup), unmarked. */
  speakers: SpeakerId[];
  highlightStyle: HighlightStyle;
}

/** Version 1 of the settings: one list of paused sites and a scanning mode, no allow list, no style. */
export interface SettingsV1 {
  scanning: 'auto' | 'manual';
  pausedSites: string[];
  speakers: SpeakerId[];
}

/** The storage key (WXT form: area, colon, key): browser.storage.local `settings`, its version in `settings$`. */
export const SETTINGS_KEY = 'local:settings';
/** The current settings version: every change of shape is a new version with a migration, never an edit. */
export const SETTINGS_VERSION = 2;

/** Every followed speaker's id, in the data file's order. */
const SPEAKER_IDS: readonly SpeakerId[] = SPEAKERS.map((s) => s.id);

/** What a reader starts with: everything scanned, all four marked, underline and tint. */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  autoScan: true,
  allowSites: [],
  denySites: [],
  speakers: [...SPEAKER_IDS],
  highlightStyle: 'underline+tint',
});

/** Migrations by the version they produce: each takes the previous version's value. */
export const SETTINGS_MIGRATIONS = {
  2: (v1: Partial<SettingsV1> | null): Settings =>
    normalizeSettings({
      autoScan: v1?.scanning !== 'manual',
      allowSites: [],
      denySites: v1?.pausedSites ?? [],
      speakers: v1?.speakers ?? DEFAULT_SETTINGS.speakers,
      highlightStyle: DEFAULT_SETTINGS.highlightStyle,
    }),
};

/**
 * A hostname as the lists keep it: lower case, punycode, without scheme, port, path or a leading "*." or
 * "www."-less rewriting (www.example.com and example.com stay distinct). Null for anything that is not one.
 */
export function normalizeHost(input: string): string | null {
  const trimmed = input.trim().replace(/^\*\./, '');
  if (!trimmed || /\s/.test(trimmed)) return null;
  try {
    const url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
    const host = url.hostname.replace(/\.$/, '');
    return host && (url.protocol === 'http:' || url.protocol === 'https:') ? host : null;
  } catch {
    return null;
  }
}

/** True when `host` is `entry` or one of its subdomains (an IP address matches only itself). */
export function hostMatches(host: string, entry: string): boolean {
  if (host === entry) return true;
  return /[a-z]/.test(entry) && host.endsWith(`.${entry}`);
}


function hostList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const hosts = value.flatMap((v) => (typeof v === 'string' ? (normalizeHost(v) ?? []) : []));
  return [...new Set(hosts)];
}

/** Settings from whatever storage holds (another version's leftovers, a hand edit): every field checked, defaults filled in. */
export function normalizeSettings(raw: unknown): Settings {
  const v = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof Settings, unknown>>;
  return {
    autoScan: typeof v.autoScan === 'boolean' ? v.autoScan : DEFAULT_SETTINGS.autoScan,
    allowSites: hostList(v.allowSites),
    denySites: hostList(v.denySites),
    // In the fixed order, so that equal settings compare equal; an empty list is a choice (mark nobody).
    speakers: Array.isArray(v.speakers) ? SPEAKER_IDS.filter((id) => (v.speakers as unknown[]).includes(id)) : [...DEFAULT_SETTINGS.speakers],
    highlightStyle: HIGHLIGHT_STYLES.includes(v.highlightStyle as HighlightStyle) ? (v.highlightStyle as HighlightStyle) : DEFAULT_SETTINGS.highlightStyle,
  };
}

/** How a site's pages are scanned: on their own, only when the reader asks, or never (paused: deny wins). */
export type SiteMode = 'auto' | 'manual' | 'paused';

/** The deny list first, then the allow list, then automatic scanning. */
export function siteMode(settings: Settings, host: string): SiteMode {
  if (isPaused(settings, host)) return 'paused';
  if (settings.autoScan || settings.allowSites.some((e) => hostMatches(host, e))) return 'auto';
  return 'manual';
}

/** True when the deny list covers this hostname. */
export function isPaused(settings: Settings, host: string): boolean {
  return settings.denySites.some((e) => hostMatches(host, e));
}

/** Settings with `host` paused (added to the deny list) or resumed (every deny entry covering it removed). */
export function withSitePaused(settings: Settings, host: string, paused: boolean): Settings {
  const h = normalizeHost(host);
  if (!h) return settings;
  const denySites = paused
    ? settings.denySites.some((e) => hostMatches(h, e)) ? settings.denySites : [...settings.denySites, h]
    : settings.denySites.filter((e) => !hostMatches(h, e));
  return { ...settings, denySites };
}

/**
 * Whether a page quote is highlighted: when the page or the sources give it to a marked speaker, or it is
 * nobody's of the four. Unmarked quotes stay in the report and the popup; only the page is left unmarked.
 */
export function isMarked(settings: Pick<Settings, 'speakers'>, quote: { speaker: SpeakerId | null; match: { speaker: SpeakerId | null } | null }): boolean {
  const page = quote.speaker;
  const sources = quote.match?.speaker ?? null;
  if (page === null && sources === null) return true;
  return (page !== null && settings.speakers.includes(page)) || (sources !== null && settings.speakers.includes(sources));
}
