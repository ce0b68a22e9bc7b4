// Places the quote card next to a quote, in a shadow root; the card itself is components/QuoteCard.tsx.
import { render } from 'preact';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { QuoteCard } from '@/components/QuoteCard';
import cardCss from '@/components/card.css?inline';
import type { PageQuote } from '@/lib/model/types';
import { adoptSheet } from '@/entrypoints/content/adopt';

/** What the card shows, and where. */
export interface CardTarget {
  quote: PageQuote;
  index: number;
  total: number;
  ranges: Range[];
}

/** The card's owner: open it at a quote, close it, know whether an element is ours. */
export interface CardHost {
  open(target: CardTarget, opts: { focus: boolean }): void;
  close(): void;
  isOpen(): boolean;
  contains(node: Node | null): boolean;
  host: HTMLElement;
}

const GAP = 8;

/** Inline !important styles: no page rule (nor a `*` reset) can move or show the card. */
function setStyle(el: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, 'important');
}

/** Creates the (hidden) card UI once; opening it later only renders and positions. */
export async function createCard(
  ctx: ContentScriptContext,
  deps: { sourcesSearched: () => number; onStep: (delta: 1 | -1) => void; onClose: () => void },
): Promise<CardHost> {
  let container: HTMLElement | null = null;
  let shadowHost: HTMLElement | null = null;
  let current: CardTarget | null = null;
  const ui = await createShadowRootUi(ctx, {
    name: 'quotetrail-card',
    // Our own reset (card.css) instead of WXT's `:host { all: initial !important }`, which would also undo
    // the fixed position below and drop the card into the page's flow.
    inheritStyles: true,
    position: 'inline',
    anchor: 'body',
    append: 'last',
    onMount(uiContainer, shadow, host) {
      // Constructed style sheets, not a <style> element: a page's Content-Security-Policy cannot block them.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(cardCss);
      // Through adoptSheet: a Firefox 140 content script cannot assign the list itself (./adopt.ts).
      adoptSheet(shadow, sheet);
      container = uiContainer;
      shadowHost = host;
      setStyle(host, { position: 'fixed', 'z-index': '2147483647', top: '0', left: '0', margin: '0', display: 'none' });
      return () => render(null, uiContainer);
    },
    onRemove(unmount) {
      unmount?.();
    },
  });
  ui.mount();

  const place = () => {
    if (!current || !shadowHost) return;
    const box = current.ranges[0]?.getBoundingClientRect();
    const cardBox = shadowHost.getBoundingClientRect();
    if (!box) return;
    // Below the quote if it fits, else above it, else wherever it overlaps least (the card scrolls inside).
    const fitsBelow = box.bottom + GAP + cardBox.height <= window.innerHeight;
    const fitsAbove = box.top - GAP - cardBox.height >= 0;
    const top = fitsBelow || !fitsAbove
      ? Math.min(box.bottom + GAP, window.innerHeight - cardBox.height - GAP)
      : box.top - GAP - cardBox.height;
    const left = Math.min(Math.max(GAP, box.left), Math.max(GAP, window.innerWidth - cardBox.width - GAP));
    setStyle(shadowHost, { top: `${Math.max(GAP, top)}px`, left: `${left}px` });
  };
  const close = () => {
    if (!current) return;
    current = null;
    if (container) render(null, container);
    if (shadowHost) setStyle(shadowHost, { display: 'none' });
    deps.onClose();
  };
  ctx.addEventListener(window, 'scroll', () => place(), { passive: true, capture: true });
  ctx.addEventListener(window, 'resize', () => place(), { passive: true });

  return {
    host: ui.shadowHost,
    open(target, { focus }) {
      current = target;
      if (!container || !shadowHost) return;
      setStyle(shadowHost, { display: 'block' });
      render(
        <QuoteCard
          quote={target.quote}
          index={target.index}
          total={target.total}
          sourcesSearched={deps.sourcesSearched()}
          onClose={close}
          onStep={deps.onStep}
        />,
        container,
      );
      place();
      // Into the card, unless the reader is already in it (its Next button stays focused, step after step).
      const within = (container.getRootNode() as ShadowRoot | Document).activeElement;
      if (focus && !(within && container.contains(within))) (container.querySelector('.card') as HTMLElement | null)?.focus();
    },
    close,
    isOpen: () => current !== null,
    contains: (node) => node !== null && (node === ui.shadowHost || ui.shadowHost.contains(node)),
  };
}
