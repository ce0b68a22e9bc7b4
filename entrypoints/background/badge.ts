// The toolbar button's per-tab state: the count of quotes on its badge, red when one is misattributed, and a
// tooltip that says both in words (colour alone tells nothing to a reader who cannot see it).
import { browser } from 'wxt/browser';
import { plural, t } from '@/lib/ui/i18n';
import type { StoredReport } from '@/lib/model/types';
import { warnCaught } from '@/lib/model/log';

export const BADGE_BLUE = '#1f5fae';
export const BADGE_RED = '#b3261e';

/** What the button shows for a tab's report (null: none, the button as the extension ships it). */
export function badgeFor(report: Pick<StoredReport, 'quotes'> | null): { text: string; color: string; title: string } {
  const count = report?.quotes.length ?? 0;
  if (!count) return { text: '', color: BADGE_BLUE, title: t('extName') };
  const wrong = report!.quotes.filter((q) => q.match?.misattributed).length;
  const quotes = plural(count, 'badgeTitleOne', 'badgeTitleMany');
  return {
    text: String(count),
    color: wrong ? BADGE_RED : BADGE_BLUE,
    title: wrong ? t('badgeTitleMisattributed', quotes, wrong) : quotes,
  };
}

/** Shows `report` on the tab's button; a tab that closed meanwhile is no error. */
export async function showOnButton(tabId: number, report: Pick<StoredReport, 'quotes'> | null): Promise<void> {
  const { text, color, title } = badgeFor(report);
  await Promise.all([
    browser.action.setBadgeText({ tabId, text }),
    browser.action.setBadgeBackgroundColor({ tabId, color }),
    browser.action.setTitle({ tabId, title }),
  ]).catch((error: unknown) => {
    // Chromium: "No tab with id: 5"; Firefox: "Invalid tab ID: 5". Anything else is worth a trace.
    if (!/no tab with id|invalid tab id/i.test(String((error as Error | undefined)?.message ?? error))) warnCaught(`the button of tab ${tabId} was not updated`, error);
  });
}
