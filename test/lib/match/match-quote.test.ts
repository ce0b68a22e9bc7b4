// Word-level alignment, as Hypothesis's match-quote tests order it: the closer the wording, the higher the score.
import { describe, expect, it } from 'vitest';
import { alignQuote, BRACKET_MAX_WORDS, maxEdits, mayAlign, wordSimilarity } from '@/lib/match/match-quote';
import { tokenize } from '@/lib/pipeline/text';

const QUOTE = 'We continue to collaborate within the framework of our sovereignty and coordination without subordination';
const align = (text: string, target = QUOTE, options?: { allowContains?: boolean }) =>
  alignQuote({ text, tokens: tokenize(text) }, { text: target, tokens: tokenize(target) }, options);
const score = (text: string) => align(text)?.score ?? 0;

describe('ordered similarity', () => {
  it('the same words score above a verbatim fragment, which scores above one changed word, which scores above two', () => {
    const whole = score(QUOTE);
    const fragment = score('collaborate within the framework of our sovereignty and coordination');
    const oneWord = score('We continue to cooperate within the framework of our sovereignty and coordination without subordination');
    const twoWords = score('We continue to cooperate within the framework of our autonomy and coordination without subordination');
    expect(whole).toBe(1);
    expect(whole).toBeGreaterThan(fragment);
    expect(fragment).toBeGreaterThan(oneWord);
    expect(oneWord).toBeGreaterThan(twoWords);
    expect(twoWords).toBeGreaterThan(0);
  });

  it('a longer fragment scores above a shorter one', () => {
    expect(score('the framework of our sovereignty and coordination without subordination')).toBeGreaterThan(score('coordination without subordination'));
  });

  it('three changed words in fifteen are a different sentence', () => {
    expect(align('We continue to cooperate inside the structure of our autonomy and coordination without subordination')).toBeNull();
  });
});

describe('kinds', () => {
  it.each([
    ['exact', QUOTE, 'exact', 'whole'],
    ['typography only', `“${QUOTE.toUpperCase()}.”`, 'variant', 'whole'],
    ['a fragment', 'coordination without subordination', 'partial', 'fragment'],
    ['a changed word', 'We continue to cooperate within the framework of our sovereignty and coordination without subordination', 'variant', 'whole'],
    ['an ellipsis', 'We continue to collaborate … coordination without subordination', 'variant', 'whole'],
  ])('%s', (_, text, kind, direction) => {
    expect(align(text)).toMatchObject({ kind, direction });
  });

  it('a text that holds the whole quote and more', () => {
    expect(align(`The president said: ${QUOTE}, in Mexico City`, 'coordination without subordination')).toMatchObject({ kind: 'partial', direction: 'contains' });
    expect(align(`The president said: ${QUOTE}, in Mexico City`, 'coordination without subordination', { allowContains: false })).toBeNull();
  });
});

describe('never edits a negation away', () => {
  it.each([
    ['dropped', 'U.S. military action is on the table', 'U.S. military action is not on the table'],
    ['added', 'we will never accept troops in Mexico', 'we will accept troops in Mexico'],
    ['swapped', 'Mexico does not want a war with anyone', 'Mexico does now want a war with anyone'],
  ])('%s', (_, text, target) => {
    expect(align(text, target)).toBeNull();
  });
});

describe('gaps', () => {
  const long = 'We will cooperate on security, on migration, on trade, on water, on every single thing, but never subordination';
  it('an ellipsis may stand for many words', () => {
    expect(align('We will cooperate … but never subordination', long)).toMatchObject({ kind: 'variant' });
  });
  it(`a [bracketed insertion] replaces at most ${BRACKET_MAX_WORDS} of the speaker's words`, () => {
    expect(align('We will cooperate [with Washington] on security, on migration', long)).toMatchObject({ kind: 'variant' });
    // Two of the speaker's words replaced: within the limit.
    expect(align('We will cooperate on security, [on everything], on trade, on water, on every single thing', long)).not.toBeNull();
    // Twelve words stand where the bracket is: an editor's insertion cannot hide that many.
    expect(align('We will cooperate [on the issues] but never subordination', long)).toBeNull();
  });
});

describe('short texts', () => {
  it('match only the same words', () => {
    expect(align('hit land', 'hit land')).toMatchObject({ kind: 'exact' });
    expect(align('hit land', 'would hit land')).toBeNull();
    expect(maxEdits(2)).toBe(0);
  });
  it('of three to seven words may swap only a look-alike word', () => {
    expect(align('coordination without subordination', 'collaboration without subordination')).toMatchObject({ kind: 'variant' });
    expect(align('coordination without subordination', 'respect without subordination')).toBeNull();
    expect(wordSimilarity('coordination', 'collaboration')).toBeGreaterThan(wordSimilarity('coordination', 'respect'));
  });
});

describe('mayAlign', () => {
  it('is false only where alignment surely fails: more missing words than edits', () => {
    expect(mayAlign(15, 15, 3, 3)).toBe(true);
    expect(mayAlign(15, 15, 4, 4)).toBe(false);
    expect(mayAlign(15, 5, 10, 0)).toBe(true); // the text may hold the whole target
    expect(mayAlign(15, 5, 10, 0, false)).toBe(false);
  });
});
