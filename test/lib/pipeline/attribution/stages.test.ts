// Each attribution stage on its own: the source mention a sentence gives (and by which pattern), the person it
// stands for, and whether that person is one of the four.
import { describe, expect, it } from 'vitest';
import { docContext, type DocContext } from '@/lib/pipeline/attribution/context';
import { personOf } from '@/lib/pipeline/attribution/person';
import { sourceInSentence, type SourceMention } from '@/lib/pipeline/attribution/source-mention';
import { speakerOf } from '@/lib/pipeline/attribution/speaker';
import { detectQuotes } from '@/lib/pipeline/detect-quotes';
import { makeTextDoc } from '@/lib/pipeline/text-doc';

/** A document of these paragraphs, its context, and its quotations. */
function read(...paragraphs: string[]) {
  const doc = makeTextDoc(paragraphs.map((text) => ({ text })));
  const spans = detectQuotes(doc);
  return { ctx: docContext(doc, spans), spans, text: doc.text };
}
const words = (ctx: DocContext, s: SourceMention | undefined) =>
  s?.kind === 'mention' ? ctx.text.slice(s.mention.start, s.mention.end) : s?.kind;

describe('stage 2: the source mention a quotation’s sentence gives', () => {
  it.each([
    ['“We will not accept it,” Sheinbaum said.', 'Sheinbaum', 'quote-then-source'],
    ['“The cartels run the country,” said Donald Trump.', 'Donald Trump', 'quote-then-verb'],
    ['Rubio: “We will designate them.”', 'Rubio', 'colon'],
    ['The offer was “not serious,” according to Sheinbaum.', 'Sheinbaum', 'according-to'],
    ['The Mexican president stressed that “sovereignty is not negotiable.”', 'The Mexican president', 'verb-then-quote'],
    ['«No está sobre la mesa», dijo.', 'implied', 'dropped-subject'],
    ['An analyst said “this will backfire.”', 'An analyst', 'verb-then-quote'],
  ])('%s', (sentence, expected, pattern) => {
    const { ctx, spans } = read(sentence);
    const source = sourceInSentence(ctx, spans[0]!.open, spans[0]!.close);
    expect(words(ctx, source)).toBe(expected);
    expect(source && source.kind !== 'none' ? source.pattern : null).toBe(pattern);
  });
  it('gives nothing where the sentence names no speaker (a scare quote)', () => {
    const { ctx, spans } = read('The new “framework” for talks starts in May.');
    expect(sourceInSentence(ctx, spans[0]!.open, spans[0]!.close)).toBeUndefined();
  });
});

describe('stage 3: the person a mention stands for', () => {
  it('a pronoun stands for the last person named of its gender', () => {
    const { ctx, spans } = read('Donald Trump spoke after Claudia Sheinbaum.', '“We will not accept it,” she said.');
    const source = sourceInSentence(ctx, spans[0]!.open, spans[0]!.close)!;
    expect(words(ctx, source)).toBe('she');
    const person = personOf(ctx, source)!;
    expect(ctx.text.slice(person.start, person.end)).toBe('Claudia Sheinbaum');
  });
  it('a group is never a pronoun’s person', () => {
    const { ctx, spans } = read('Sheinbaum met the Trump administration.', '“We agreed,” she said.');
    const person = personOf(ctx, sourceInSentence(ctx, spans[0]!.open, spans[0]!.close)!)!;
    expect(ctx.text.slice(person.start, person.end)).toBe('Sheinbaum');
  });
  it('nobody named: no person', () => {
    expect(personOf(read('x').ctx, { kind: 'none' })).toBeNull();
  });
});

describe('stage 4: one of the four, or nobody', () => {
  it('a name or title of ours is ours; someone else’s is not', () => {
    const { ctx, spans } = read('“We want results,” the secretary of state told reporters.', '“No,” said Andrés Manuel López Obrador.');
    const person = (i: number) => personOf(ctx, sourceInSentence(ctx, spans[i]!.open, spans[i]!.close)!);
    expect(speakerOf(ctx, person(0))).toBe('rubio');
    expect(speakerOf(ctx, person(1))).toBeNull();
  });
  it('a bare shared surname is ours only when the fuller mention nearest it is ours', () => {
    const ours = read('Ambassador Ronald Johnson arrived.', '“We are partners,” Johnson said.');
    const theirs = read('Sen. Ron Johnson arrived.', '“We are partners,” Johnson said.');
    for (const [{ ctx, spans }, expected] of [[ours, 'johnson'], [theirs, null]] as const) {
      expect(speakerOf(ctx, personOf(ctx, sourceInSentence(ctx, spans[0]!.open, spans[0]!.close)!))).toBe(expected);
    }
  });
});
