// The background's side of the site settings: no report for a paused site, and pausing removes a tab's report.
import { browser } from 'wxt/browser';
import { showOnButton } from '@/entrypoints/background/badge';
import { reportKey } from '@/lib/report/report';
import { isPaused, type Settings } from '@/lib/model/settings';
import { getSettings, watchSettings } from '@/lib/storage/settings-store';

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

/**
 * Watches the settings: `allowReport(url)` is false on a paused site (deny wins, however the page asked to be
 * scanned), and a site paused now loses the reports (and badges) of the tabs showing it.
 */
export function watchSites(): { allowReport(url: string): Promise<boolean> } {
  let current: Promise<Settings> = getSettings();
  watchSettings((settings) => {
    current = Promise.resolve(settings);
    void dropPausedReports(settings);
  });
  return {
    async allowReport(url) {
      return !isPaused(await current, hostOf(url));
    },
  };
}

async function dropPausedReports(settings: Settings): Promise<void> {
  const all = await browser.storage.session.get(null);
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith('report:')) continue;
    const url = (value as { url?: unknown } | undefined)?.url;
    if (typeof url !== 'string' || !isPaused(settings, hostOf(url))) continue;
    const tabId = Number(key.slice('report:'.length));
    if (reportKey(tabId) !== key) continue;
    await browser.storage.session.remove(key);
    await showOnButton(tabId, null); // a tab that closed meanwhile is no error
  }
}
