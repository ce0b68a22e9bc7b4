// A page's address as the extension compares pages: without its #fragment (another fragment is the same page).

/** `url` without its #fragment. */
export function pageAddress(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}
