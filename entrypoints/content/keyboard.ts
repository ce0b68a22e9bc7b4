// Keyboard: Alt+Shift+N / Alt+Shift+P step through the page's marked quotes and focus each card; Escape closes it.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardControl } from '@/entrypoints/content/card-control';
import type { ShownQuotes } from '@/entrypoints/content/shown';

/** The step a key press asks for: 1 (Alt+Shift+N), -1 (Alt+Shift+P), or 0 for any other key. */
export function stepOf(e: Pick<KeyboardEvent, 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'code'>): 1 | -1 | 0 {
  if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return 0;
  return e.code === 'KeyN' ? 1 : e.code === 'KeyP' ? -1 : 0;
}

/** Whether the reader is typing: a field, a text area or editable text of the page (not our card) has focus. */
function typing(active: Element | null, card: CardControl): boolean {
  const el = active as HTMLElement | null;
  return el !== null && !card.ours(el) && (el.isContentEditable || /^(?:input|textarea|select)$/i.test(el.tagName));
}

/** Listens for the keys until `ctx` is invalidated. */
export function listenToKeyboard(ctx: ContentScriptContext, quotes: ShownQuotes, card: CardControl): void {
  ctx.addEventListener(document, 'keydown', (e: KeyboardEvent) => {
    if (!quotes.list.length || ctx.isInvalid) return;
    if (e.key === 'Escape' && card.isOpen()) {
      card.close();
      return;
    }
    const delta = stepOf(e);
    if (!delta || typing(document.activeElement, card)) return;
    e.preventDefault();
    card.step(delta);
  }, { capture: true });
}
