// Mentions start at a word's start: a name, role or pronoun inside a longer word is no mention.
import { describe, expect, it } from 'vitest';
import { findMentions } from '@/lib/pipeline/mentions';

const found = (text: string) => findMentions(text).map((m) => [text.slice(m.start, m.end), m.kind, m.speaker]);

describe('findMentions: word boundaries', () => {
  it('finds our speakers, other people, roles and pronouns at word starts', () => {
    expect(found('Sheinbaum said it, and Paula Ibarra agreed; an analyst disagreed. She left.')).toEqual([
      ['Sheinbaum', 'name', 'sheinbaum'], ['Paula Ibarra', 'other', null], ['an analyst', 'other', null], ['She', 'pronoun', null],
    ]);
  });

  it('finds nothing inside a longer word, whatever the script of the letter before', () => {
    for (const before of ['x', 'é', 'ж', '\u{1D41A}' /* 𝐚, a letter outside the BMP */]) {
      expect(found(`${before}Sheinbaum ${before}Trump ${before}she ${before}analyst ${before}Paula Ibarra`), before).toEqual([]);
    }
  });

  it('still finds a mention after a non-letter outside the BMP, and a role not after an apostrophe', () => {
    expect(found('\u{1F600}Sheinbaum')).toEqual([['Sheinbaum', 'name', 'sheinbaum']]);
    expect(found('the officials\u2019 view')).toEqual([['the officials', 'other', null]]);
    expect(found('o\u2019officials')).toEqual([]);
  });

  it('reads the words around a find from its context, not only from the range searched', () => {
    const text = 'Eric Trump said so.';
    // Searched from "Trump" on, the first name before it still says this is another Trump.
    expect(findMentions(text, { from: 5, context: { start: 0, end: text.length } })[0]).toMatchObject({ speaker: null });
    expect(findMentions(text, { from: 5 })[0]).toMatchObject({ speaker: 'trump' });
  });
});
