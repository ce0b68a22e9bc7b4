// Adds a constructed style sheet to a document or shadow root (and takes it away), in every browser we support.
//
// Firefox 140 gives a content script an X-ray view of `adoptedStyleSheets` that can be neither read ("is not
// iterable", no length) nor assigned ("Accessing from Xray wrapper is not supported"). The page's own view of the
// same list (`wrappedJSObject`, X-rays waived) can: there the sheet is appended in place, one index at a time, with
// no function of the page's called. Chromium and Firefox 153 use the list as the standard says.

type Adopting = (Document | ShadowRoot) & { wrappedJSObject?: Document | ShadowRoot };
type Waived<T> = T & { wrappedJSObject?: T };

/** Adopts `sheet` into `root`, after the sheets already there; returns the function that removes it again. */
export function adoptSheet(root: Adopting, sheet: CSSStyleSheet): () => void {
  const list = root.adoptedStyleSheets as CSSStyleSheet[] | undefined;
  if (typeof list?.length === 'number') {
    root.adoptedStyleSheets = [...list, sheet];
    return () => {
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }
  // Firefox 140's content script: the page's own list, and the sheet as the page sees it (the X-ray of the sheet
  // is another object, so it would never be found in that list).
  const page = root.wrappedJSObject;
  if (!page) throw new Error('adoptedStyleSheets cannot be read here');
  const mine = (sheet as Waived<CSSStyleSheet>).wrappedJSObject ?? sheet;
  const pageList = page.adoptedStyleSheets as CSSStyleSheet[];
  pageList[pageList.length] = mine;
  return () => {
    const now = page.adoptedStyleSheets as CSSStyleSheet[];
    for (let i = now.length - 1; i >= 0; i--) if (now[i] === mine) Array.prototype.splice.call(now, i, 1);
  };
}
