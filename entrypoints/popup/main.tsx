// The popup page: renders components/Popup.tsx over the browser (./platform.ts).
// `?tab=<tabId>` describes that tab (the popup opened as a page, and tests); `?check=<text>` checks that text.
import { render } from 'preact';
import { Popup } from '@/components/Popup';
import { t } from '@/lib/ui/i18n';
import { createPlatform, takePendingCheck } from '@/entrypoints/popup/platform';
import '@/components/theme.css';
import '@/entrypoints/popup/style.css';

/** Mounts the popup; a selection sent by the context menu or the shortcut replaces the check's text. */
function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('QuoteTrail popup: #app is missing from popup.html');
  document.documentElement.lang = t('htmlLang');
  const params = new URLSearchParams(location.search);
  const tabParam = params.get('tab');
  const check = params.get('check');
  const platform = createPlatform(tabParam);
  // A check window (`?check=` alone) is about that text, not about whichever tab is behind it.
  const showTab = tabParam !== null || check === null;
  const mount = (checkText: string) => render(<Popup platform={platform} checkText={checkText} showTab={showTab} />, root);
  mount(check ?? '');
  if (check === null) takePendingCheck(mount);
}

main();
