// The background's side of the site settings: no report for a paused site, and pausing removes a tab's report.
import { browser } from 'wxt/browser';
import { showOnButton } from '@/entrypoints/background/badge';
import { allReports, removeReport } from '@/lib/storage/report-store';
import { hostOf } from '@/lib/model/address';
import { isPaused, type Settings } from '@/lib/model/settings';
import { getSettings, watchSettings } from '@/lib/storage/settings-store';

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
      return !isPaused(await current, hostOf(url) ?? '');
    },
  };
}

async function dropPausedReports(settings: Settings): Promise<void> {
  for (const { tabId, report } of await allReports()) {
    if (!isPaused(settings, hostOf(report.url) ?? '')) continue;
    await removeReport(tabId);
    await showOnButton(tabId, null); // a tab that closed meanwhile is no error
  }
}
