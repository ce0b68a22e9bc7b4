// The options page's words, English and Spanish, in the `_locales` messages format. A key merged into
// public/_locales/<lang>/messages.json takes over from the table here (browser.i18n answers first).
import { browser } from 'wxt/browser';
import { formatMessage, type MessageTable } from '@/lib/ui/i18n';

const EN = {
  options_title: { message: 'QuoteTrail options' },
  options_loading: { message: 'Loading your settings…' },
  options_loadFailed: { message: 'Your settings could not be read: $1' },
  options_saved: { message: 'Saved.' },
  options_saveFailed: { message: 'Not saved: $1' },
  options_scanning: { message: 'Scanning' },
  options_autoScan: { message: 'Scan pages automatically' },
  options_autoScanHint: { message: 'Off: a page is scanned only when you ask, with “Scan this page” in the toolbar popup (sites under “Always scan” still are).' },
  options_sites: { message: 'Sites' },
  options_sitesHint: { message: 'A site is a hostname such as www.example.com; an entry also covers its subdomains. “Never scan” wins over everything else.' },
  options_allow: { message: 'Always scan' },
  options_allowHint: { message: 'Scanned even when automatic scanning is off.' },
  options_deny: { message: 'Never scan' },
  options_denyHint: { message: 'Never scanned, not even when you ask. “Pause on this site” in the popup adds a site here.' },
  options_siteNone: { message: 'No site.' },
  options_siteAdd: { message: 'Add' },
  options_siteField: { message: 'Add a site to “$1”' },
  options_siteRemove: { message: 'Remove $1' },
  options_siteInvalid: { message: '“$1” is not a hostname (for example: www.example.com).' },
  options_siteAlready: { message: '$1 is already in this list.' },
  options_siteDenied: { message: 'also under “Never scan”: not scanned' },
  options_speakers: { message: 'Mark quotes by' },
  options_speakersHint: { message: 'Quotes by people you do not mark are not highlighted on pages; they still appear in the popup’s list and in the page’s report.' },
  options_style: { message: 'Highlight style' },
  options_style_underlineTint: { message: 'Underline and tint' },
  options_style_underline: { message: 'Underline only' },
  options_style_tint: { message: 'Tint only' },
  options_styleSample: { message: 'a quoted phrase' },
  options_sources: { message: 'Your sources' },
  options_sourcesHint: { message: 'Pages you added with “Add this page to my sources”. Lookups search them with the bundled articles; a page never cites itself.' },
  options_sourcesLoading: { message: 'Loading your sources…' },
  options_sourcesFailed: { message: 'Your sources could not be read: $1' },
  options_sourcesNone: { message: 'You have not added any page yet. Open an article, then choose “Add this page to my sources” in the toolbar popup.' },
  options_sourceUntitled: { message: 'Untitled page' },
  options_sourcePublished: { message: 'Published $1' },
  options_sourceUndated: { message: 'No publication date' },
  options_sourceAdded: { message: 'Added $1' },
  options_sourceQuotesOne: { message: '1 quotation' },
  options_sourceQuotesMany: { message: '$1 quotations' },
  options_sourceRemove: { message: 'Remove' },
  options_sourceRemoveNamed: { message: 'Remove “$1”' },
  options_sourceConfirm: { message: 'Remove “$1” from your sources? Lookups will no longer find it.' },
  options_sourceConfirmYes: { message: 'Remove it' },
  options_sourceConfirmNo: { message: 'Keep it' },
  options_sourceRemoved: { message: 'Removed “$1”.' },
  options_sourceRemoveFailed: { message: 'Not removed: $1' },
} satisfies MessageTable;

/** A message key of the options page. */
export type OptionsKey = keyof typeof EN;

const ES: Record<OptionsKey, { message: string }> = {
  options_title: { message: 'Opciones de QuoteTrail' },
  options_loading: { message: 'Cargando tus ajustes…' },
  options_loadFailed: { message: 'No se pudieron leer tus ajustes: $1' },
  options_saved: { message: 'Guardado.' },
  options_saveFailed: { message: 'No se guardó: $1' },
  options_scanning: { message: 'Análisis' },
  options_autoScan: { message: 'Analizar las páginas automáticamente' },
  options_autoScanHint: { message: 'Desactivado: una página se analiza solo cuando lo pides con «Analizar esta página» en la ventana de la barra (los sitios de «Analizar siempre» sí se analizan).' },
  options_sites: { message: 'Sitios' },
  options_sitesHint: { message: 'Un sitio es un nombre de host como www.example.com; una entrada también cubre sus subdominios. «No analizar nunca» prevalece sobre todo lo demás.' },
  options_allow: { message: 'Analizar siempre' },
  options_allowHint: { message: 'Se analizan aunque el análisis automático esté desactivado.' },
  options_deny: { message: 'No analizar nunca' },
  options_denyHint: { message: 'No se analizan nunca, ni siquiera si lo pides. «Pausar en este sitio» en la ventana de la barra añade un sitio aquí.' },
  options_siteNone: { message: 'Ningún sitio.' },
  options_siteAdd: { message: 'Añadir' },
  options_siteField: { message: 'Añadir un sitio a «$1»' },
  options_siteRemove: { message: 'Quitar $1' },
  options_siteInvalid: { message: '«$1» no es un nombre de host (por ejemplo: www.example.com).' },
  options_siteAlready: { message: '$1 ya está en esta lista.' },
  options_siteDenied: { message: 'también en «No analizar nunca»: no se analiza' },
  options_speakers: { message: 'Marcar las citas de' },
  options_speakersHint: { message: 'Las citas de quienes no marques no se resaltan en las páginas; siguen en la lista de la ventana de la barra y en el informe de la página.' },
  options_style: { message: 'Estilo del resaltado' },
  options_style_underlineTint: { message: 'Subrayado y fondo' },
  options_style_underline: { message: 'Solo subrayado' },
  options_style_tint: { message: 'Solo fondo' },
  options_styleSample: { message: 'una frase citada' },
  options_sources: { message: 'Tus fuentes' },
  options_sourcesHint: { message: 'Páginas que añadiste con «Añadir esta página a mis fuentes». Las búsquedas las consultan junto con los artículos incluidos; una página nunca se cita a sí misma.' },
  options_sourcesLoading: { message: 'Cargando tus fuentes…' },
  options_sourcesFailed: { message: 'No se pudieron leer tus fuentes: $1' },
  options_sourcesNone: { message: 'Aún no has añadido ninguna página. Abre un artículo y elige «Añadir esta página a mis fuentes» en la ventana de la barra.' },
  options_sourceUntitled: { message: 'Página sin título' },
  options_sourcePublished: { message: 'Publicada el $1' },
  options_sourceUndated: { message: 'Sin fecha de publicación' },
  options_sourceAdded: { message: 'Añadida el $1' },
  options_sourceQuotesOne: { message: '1 cita' },
  options_sourceQuotesMany: { message: '$1 citas' },
  options_sourceRemove: { message: 'Quitar' },
  options_sourceRemoveNamed: { message: 'Quitar «$1»' },
  options_sourceConfirm: { message: '¿Quitar «$1» de tus fuentes? Las búsquedas dejarán de encontrarla.' },
  options_sourceConfirmYes: { message: 'Quitarla' },
  options_sourceConfirmNo: { message: 'Conservarla' },
  options_sourceRemoved: { message: 'Se quitó «$1».' },
  options_sourceRemoveFailed: { message: 'No se quitó: $1' },
};

/** The options page's messages by language: English is the default, as in public/_locales. */
export const OPTIONS_MESSAGES: Record<'en' | 'es', MessageTable> = { en: EN, es: ES };

let forced: 'en' | 'es' | null = null;
/** Renders the options page in this language whatever the browser's (tests); null: the browser's again. */
export function useOptionsLanguage(lang: 'en' | 'es' | null): void {
  forced = lang;
}

function language(): 'en' | 'es' {
  if (forced) return forced;
  try {
    return browser.i18n.getUILanguage().toLowerCase().startsWith('es') ? 'es' : 'en';
  } catch {
    return 'en'; // no i18n (a test's fake browser)
  }
}

/** The options page's message `key` in the browser's language, with $1…$9 filled in order. */
export function ot(key: OptionsKey, ...substitutions: Array<string | number>): string {
  const subs = substitutions.map(String);
  if (!forced) {
    try {
      // Cast: WXT types getMessage from the _locales present at `wxt prepare`, which do not hold these keys (yet).
      const merged = (browser.i18n.getMessage as (k: string, s?: string[]) => string)(key, subs);
      if (merged) return merged;
    } catch {
      // no i18n here: the table below answers
    }
  }
  return formatMessage(OPTIONS_MESSAGES[language()][key], subs) ?? key;
}
