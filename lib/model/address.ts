// A page's address as the extension compares pages (without its #fragment), and the host and site it belongs to.

/** `url` without its #fragment. */
export function pageAddress(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/** The hostname of an address, or null when it is not one. */
export function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

/** The site the settings judge a page by: its hostname, for web pages (http, https) only. */
export function siteOf(url: string | undefined): string | null {
  return url && /^https?:/i.test(url) ? hostOf(url) : null;
}
