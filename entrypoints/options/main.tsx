// The options page: renders Options and wires it to the settings in storage and to the background.
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Options } from '@/components/Options';
import { t } from '@/lib/ui/i18n';
import { askBackground } from '@/lib/messaging/runtime';
import { getSettings, saveSettings, watchSettings } from '@/lib/storage/settings-store';
import '@/components/theme.css';
import '@/entrypoints/options/style.css';

function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('QuoteTrail options: #app is missing from options.html');
  const title = t('options_title');
  document.title = title;
  document.getElementById('title')!.textContent = title;
  document.documentElement.lang = browser.i18n.getUILanguage().toLowerCase().startsWith('es') ? 'es' : 'en';
  render(
    <Options
      settings={{ load: getSettings, save: saveSettings, watch: watchSettings }}
      sources={{ list: () => askBackground('list-sources', {}), remove: (id) => askBackground('remove-source', { id }) }}
    />,
    root,
  );
}

main();
