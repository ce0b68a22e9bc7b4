// Typography and words: what every stage compares.
import { describe, expect, it } from 'vitest';
import { cleanText, normalizeTypography, normalizeWord, tokenize, wordCount, words } from '@/lib/pipeline/text';

describe('cleanText', () => {
  it('drops invisible characters and collapses whitespace, keeping quotation marks', () => {
    expect(cleanText('  not\u00ADon the\u200Btable,\u00A0“she”\n said ')).toBe('noton thetable, “she” said');
  });
});

describe('normalizeTypography', () => {
  it('makes curly and straight marks, dashes and the ellipsis character compare equal', () => {
    expect(normalizeTypography('“It’s — not…”')).toBe('"It\'s - not..."');
    expect(normalizeTypography('non\u2011negotiable')).toBe('non-negotiable');
  });
});

describe('words', () => {
  it('lower-cases, keeps apostrophes inside words, splits at hyphens', () => {
    expect(words('Mexico’s NON-negotiable line, don\'t')).toEqual(["mexico's", 'non', 'negotiable', 'line', "don't"]);
    expect(normalizeWord('Ñandú')).toBe('ñandú');
  });
  it('counts words as the report counts them', () => {
    expect(wordCount('hit land')).toBe(2);
    expect(wordCount('“…”')).toBe(0);
  });
});

describe('tokenize', () => {
  it('gives each word its place in the original text', () => {
    const text = 'Not on the table';
    expect(tokenize(text).map((t) => text.slice(t.start, t.end))).toEqual(['Not', 'on', 'the', 'table']);
  });
  it('marks a word after an ellipsis, and one after a [bracketed insertion], whose words are left out', () => {
    const tokens = tokenize('We continue … coordination [with Washington] without subordination');
    expect(tokens.map((t) => [t.norm, t.gapBefore])).toEqual([
      ['we', null], ['continue', null], ['coordination', 'ellipsis'], ['without', 'bracket'], ['subordination', null],
    ]);
  });
  it('a gap before the first word is no gap (nothing of the quote is missing before it)', () => {
    expect(tokenize('… not on the table')[0]!.gapBefore).toBeNull();
  });
});
