import { describe, expect, it } from 'vitest';
import { detectQuotes } from '@/lib/pipeline/detect-quotes';
import { makeTextDoc, type ElementQuote } from '@/lib/pipeline/text-doc';

const quotesOf = (...paragraphs: string[]) => {
  const doc = makeTextDoc(paragraphs.map((text) => ({ text })));
  return detectQuotes(doc).map((q) => q.pieces.map((p) => doc.text.slice(p.start, p.end)).join(' | '));
};

describe('detectQuotes', () => {
  it.each([
    ['curly double quotes', 'She said “not on the table” today.', ['not on the table']],
    ['straight double quotes', 'He called it "a direct insult" again.', ['a direct insult']],
    ['curly single quotes in a headline', 'Sheinbaum: ‘We will not be subordinated’', ['We will not be subordinated']],
    ['straight single quotes in a headline', "Rubio vows 'tangible results' on cartels", ['tangible results']],
    ['guillemets', 'La presidenta dijo: «No vamos a aceptar».', ['No vamos a aceptar']],
    ['German-style low-high quotes', 'Er sagte: „Das ist nicht akzeptabel“.', ['Das ist nicht akzeptabel']],
    ['two quotes in one sentence (001)', 'the next step was to “hit land” against cartels allegedly “running Mexico.”', ['hit land', 'running Mexico.']],
    ['a nested quote stays inside the outer one (002)', `"When it has been brought up, we have always said 'No'," Sheinbaum said.`, ["When it has been brought up, we have always said 'No',"]],
    ['a straight quote nested in curly quotes', 'He said “they call it "help" but it is not” loudly.', ['they call it "help" but it is not']],
  ])('%s', (_name, text, expected) => {
    expect(quotesOf(text)).toEqual(expected);
  });

  it.each([
    ["Mexico's and cartels' apostrophes", "Mexico's president rejected the cartels' claims."],
    ["rock 'n' roll", "It was rock 'n' roll diplomacy."],
    ['contractions', "I don't believe it's serious, they're not."],
    ['curly apostrophes', 'Trump’s offer and Mexico’s answer, the cartels’ money.'],
    ['decades', "Back in the '90s nobody asked."],
    ['an unclosed mark', 'She said “this never ends and nobody closes it.'],
  ])('finds no quote in %s', (_name, text) => {
    expect(quotesOf(text)).toEqual([]);
  });

  it('joins a quote over several paragraphs (the multi-paragraph convention)', () => {
    expect(quotesOf('“We will cooperate,” Sheinbaum said. “But we will not', '“accept subordination of any kind.”')).toEqual([
      'We will cooperate,',
      'But we will not | accept subordination of any kind.',
    ]);
  });

  it('does not continue an open quote into a paragraph that does not reopen it', () => {
    expect(quotesOf('He said “this is left open', 'A new paragraph with “a quote” in it.')).toEqual(['a quote']);
  });

  it('reads <q> and mark-less <blockquote> text as quotes, leaving out the attribution line', () => {
    const doc = makeTextDoc([
      { text: 'Sheinbaum put it plainly: We will never accept it.' },
      { text: 'Coordination without subordination. — Claudia Sheinbaum', kind: 'blockquote' },
    ]);
    const second = doc.blocks[1]!;
    const dash = doc.text.indexOf('—');
    const elements: ElementQuote[] = [
      { kind: 'q', start: doc.text.indexOf('We will'), end: doc.text.indexOf('it.') + 2 },
      { kind: 'blockquote', start: second.start, end: second.end, attribution: { start: dash, end: second.end } },
    ];
    const found = detectQuotes({ ...doc, elementQuotes: elements });
    expect(found.map((q) => doc.text.slice(q.start, q.end))).toEqual(['We will never accept it', 'Coordination without subordination.']);
    expect(found.map((q) => q.via)).toEqual(['q', 'blockquote']);
  });

  it('is linear: a megabyte without a closing mark is read at once', () => {
    const text = `She said “${'and on and on '.repeat(80_000)}`;
    expect(quotesOf(text)).toEqual([]);
  });
});
