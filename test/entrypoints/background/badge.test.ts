// The toolbar button on a scanned tab: the count, red for a misattribution, and a tooltip that says both in words.
import { afterEach, describe, expect, it } from 'vitest';
import { useMessages, type MessageTable } from '@/lib/ui/i18n';
import en from '@/public/_locales/en/messages.json';
import es from '@/public/_locales/es/messages.json';
import { BADGE_BLUE, BADGE_RED, badgeFor } from '@/entrypoints/background/badge';
import type { StoredQuote } from '@/lib/model/types';

afterEach(() => useMessages(null));

const quote = (misattributed: boolean | null): StoredQuote => ({
  text: 'hit land', speaker: 'sheinbaum', frameId: 0,
  match: misattributed === null ? null : ({ misattributed } as StoredQuote['match']),
});

describe('badgeFor', () => {
  it('shows nothing on a tab without quotes, and the extension’s name as the tooltip', () => {
    useMessages(en as MessageTable);
    expect(badgeFor(null)).toEqual({ text: '', color: BADGE_BLUE, title: 'QuoteTrail' });
    expect(badgeFor({ quotes: [] })).toEqual({ text: '', color: BADGE_BLUE, title: 'QuoteTrail' });
  });

  it('counts the quotes, and says how many the page gives to the wrong person in words as well as in red', () => {
    useMessages(en as MessageTable);
    expect(badgeFor({ quotes: [quote(false)] })).toEqual({ text: '1', color: BADGE_BLUE, title: 'QuoteTrail: 1 quote on this page' });
    expect(badgeFor({ quotes: [quote(false), quote(null), quote(true)] })).toEqual({
      text: '3', color: BADGE_RED, title: 'QuoteTrail: 3 quotes on this page, misattributed: 1',
    });
  });

  it('speaks Spanish', () => {
    useMessages(es as MessageTable);
    expect(badgeFor({ quotes: [quote(true), quote(true)] }).title).toBe('QuoteTrail: 2 citas en esta página, mal atribuidas: 2');
  });
});
