// The UI's words: the `_locales` messages (public/_locales/<lang>/messages.json) through browser.i18n.
import { browser } from 'wxt/browser';
import type en from '@/public/_locales/en/messages.json';

/** The name of a message in public/_locales/en/messages.json (the default locale). */
export type MessageKey = keyof typeof en;

/** A messages.json file, as the browser reads it. */
export type MessageTable = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

let table: MessageTable | null = null;

/**
 * Formats messages from `messages` instead of browser.i18n (null: back to the browser). For tests, where
 * the fake browser has no i18n, and they can then render any locale.
 */
export function useMessages(messages: MessageTable | null): void {
  table = messages;
}

/** Formats one message as browser.i18n.getMessage does: named placeholders, then $1…$9, then $$. */
export function formatMessage(entry: MessageTable[string] | undefined, substitutions: readonly string[]): string | null {
  if (!entry) return null;
  const named = new Map(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => named.get(name.toLowerCase()) ?? whole)
    .replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : (substitutions[Number(d) - 1] ?? '')));
}

/** The message `key` in the browser's language, with its placeholders filled in order. */
export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  const subs = substitutions.map(String);
  if (table) return formatMessage(table[key], subs) ?? key;
  try {
    // Cast: WXT types getMessage from the files present at `wxt prepare`, which may predate a new key.
    const message = (browser.i18n.getMessage as (k: string, s?: string[]) => string)(key, subs);
    if (message) return message;
  } catch {
    // No i18n here (a test's fake browser without a table): the key stands in, visibly.
  }
  return key;
}

/** "1 thing" or "N things": the `one` message for exactly one, else `many` with the count. */
export function plural(n: number, one: MessageKey, many: MessageKey): string {
  return n === 1 ? t(one) : t(many, n);
}
