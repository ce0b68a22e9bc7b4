// Where the reader's settings are kept: browser.storage.local under "settings", through WXT's storage item
// (versioned, migrated on first access). Their shape and rules are lib/model/settings.ts.
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_KEY, SETTINGS_MIGRATIONS, SETTINGS_VERSION, withSitePaused, type Settings } from '@/lib/model/settings';

// Defined on first use, not at import: WXT imports modules in Node at build time, where there is no storage.
let item: ReturnType<typeof defineSettingsItem> | null = null;
function defineSettingsItem() {
  return storage.defineItem<Settings>(SETTINGS_KEY, {
    fallback: DEFAULT_SETTINGS,
    version: SETTINGS_VERSION,
    migrations: SETTINGS_MIGRATIONS,
  });
}
/** The storage item (WXT storage: versioned, migrated on first access in whichever context comes first). */
export function settingsItem() {
  return (item ??= defineSettingsItem());
}

/** The reader's settings, checked and with defaults filled in. */
export async function getSettings(): Promise<Settings> {
  return normalizeSettings(await settingsItem().getValue());
}

/** Stores the settings (checked first); returns what was stored. */
export async function saveSettings(settings: Settings): Promise<Settings> {
  const clean = normalizeSettings(settings);
  await settingsItem().setValue(clean);
  return clean;
}

/** Reads, changes and stores the settings. */
export async function updateSettings(change: (settings: Settings) => Settings): Promise<Settings> {
  return saveSettings(change(await getSettings()));
}

/** Calls `listener` with the new settings whenever any page of the extension changes them; returns the unwatch. */
export function watchSettings(listener: (settings: Settings) => void): () => void {
  return settingsItem().watch((value) => listener(normalizeSettings(value)));
}

/** "Pause on this site" (the popup's switch): adds the hostname to the deny list, or takes it off. */
export async function pauseSite(hostname: string, paused: boolean): Promise<Settings> {
  return updateSettings((s) => withSitePaused(s, hostname, paused));
}

/** Forgets an item defined earlier (tests reset the fake browser's storage between cases). */
export function resetSettingsItem(): void {
  item = null;
}
