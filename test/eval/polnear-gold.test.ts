// The PolNeAR gold-set builder on made-up text (the corpus itself stays out of the repository), and the shape of
// the hand labels (offsets and ids only).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { namedSpeaker, sourceKind } from '@/scripts/eval/gold-speakers';
import { HAND_LABELS_PATH, type HandLabel } from '@/scripts/eval/hand-labels';
import { buildGold, findQuotations, parseAnn, splitOf } from '@/scripts/eval/polnear';

const quoted = (text: string) => findQuotations(text).map((q) => q.pieces.map((p) => text.slice(p.start, p.end)).join(' | '));

describe('parseAnn', () => {
  it('reads discontinuous spans, covered text over lines, Content2 and attributions without a source', () => {
    const ann = [
      'T1\tSource 0 5\tTrump', 'T2\tCue 6 10\tsaid', 'T3\tContent 11 20;25 30\tfirst part', 'second line of it',
      'T4\tAttribution 6 10\tsaid', 'T5\tContent 40 50\tmore', 'T6\tContent 60 70\tnone',
      'E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1 Content2:T5', 'E2\tAttribution-no-source:T4 Content:T6 ',
      '#1\tAnnotatorNotes T3\ta note', 'over two lines',
    ].join('\n');
    const { spans, attributions } = parseAnn(ann);
    expect(spans.get('T3')!.fragments).toEqual([{ start: 11, end: 20 }, { start: 25, end: 30 }]);
    expect(attributions).toEqual([
      { id: 'E1', content: [{ start: 11, end: 20 }, { start: 25, end: 30 }, { start: 40, end: 50 }], source: [{ start: 0, end: 5 }], cue: [{ start: 6, end: 10 }] },
      { id: 'E2', content: [{ start: 60, end: 70 }], source: null, cue: null },
    ]);
  });
});

describe('findQuotations', () => {
  it.each([
    ['curly marks', '\u201CWe will win,\u201D he said.', ['We will win,']],
    ['straight marks', 'He said "we will win" today.', ['we will win']],
    ['two apostrophes (NYT archive text)', "''It's over,'' Mr. Trump said.", ["It's over,"]],
    ['a quote over paragraphs reopened by a mark', '\u201CFirst part.\n\n\u201CSecond part.\u201D', ['First part. | Second part.']],
    ['a headline in single marks, apostrophes left alone', "Trump\u2019s \u2018Incredibly Hateful Rhetoric\u2019 Hurts GOP\u2019s Chances", ['Incredibly Hateful Rhetoric']],
    ['a straight apostrophe is no opening mark', "Rock 'n' roll and the '90s, Jones' book", []],
    ['a wrong-way curly closing mark', 'an \u201Cexpedited review\u201C of the pipes', ['expedited review']],
    ['a quote inside a quote belongs to the outer one', '\u201CHe said \u2018no\u2019 to me,\u201D she said.', ['He said \u2018no\u2019 to me,']],
  ])('%s', (_name, text, expected) => {
    expect(quoted(text)).toEqual(expected);
  });
});

describe('buildGold', () => {
  it('gives a nested quotation to the innermost attribution that covers it', () => {
    const text = 'Clinton said Trump called them \u201Crapists\u201D at a rally.';
    const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
    const outer = { id: 'E1', content: [at('Trump called them \u201Crapists\u201D')], source: [at('Clinton')], cue: [at('said')] };
    const inner = { id: 'E2', content: [at('them \u201Crapists\u201D')], source: [at('Trump')], cue: [at('called')] };
    const { gold, counts } = buildGold('a', text, [outer, inner], findQuotations(text));
    expect(gold.map((g) => [g.attributionId, g.sourceText])).toEqual([['E2', 'Trump']]);
    expect(counts.quotationsOwnedElsewhere).toBe(1);
  });
});

describe('namedSpeaker', () => {
  it.each([
    ['Trump', 'trump'], ['Mr. Trump', 'trump'], ['Republican presidential candidate Donald Trump', 'trump'],
    ['Trump, who has been feuding with Republican leaders this week,', 'trump'], ["Trump's", 'trump'],
    ['the presumptive GOP presidential nominee, Donald Trump,', 'trump'], ['Eric Trump', 'other'], ['the Trump campaign', 'other'],
    ['Trump campaign spokeswoman Hope Hicks', 'other'], ['a longtime adviser to Trump', 'other'], ['the younger Mr. Trump', 'other'],
    ['Trump and Ryan', 'joint'], ["Trump\u2019s GOP primary rival Sen. Marco Rubio (R-Fla.)", 'rubio'], ['Clinton', 'other'],
    ['he', null], ['the New York billionaire', null], ['The Republican presidential nominee for the Nov. 8 election', null],
  ])('%s -> %s', (source, expected) => {
    expect(namedSpeaker(source)).toBe(expected);
  });

  it('tells pronouns from descriptions', () => {
    expect([sourceKind('He'), sourceKind('the real estate mogul'), sourceKind(null)]).toEqual(['pronoun', 'description', 'none']);
  });
});

describe('splitOf', () => {
  it('puts the same story filed on two days on the same side', () => {
    expect(splitOf('wash-post_2015-12-22_as-spotlight-shines-on-trump-and')).toBe(splitOf('wash-post_2015-12-23_as-spotlight-shines-on-trump-and'));
  });
});

describe('hand labels', () => {
  const labels = JSON.parse(readFileSync(HAND_LABELS_PATH, 'utf8')) as HandLabel[];

  it('hold offsets and ids only, a name only for someone else', () => {
    expect(labels.length).toBeGreaterThanOrEqual(170);
    for (const l of labels) {
      expect(Object.keys(l).sort()).toEqual(l.speaker === 'other' ? ['file', 'quoteEnd', 'quoteStart', 'sourceEnd', 'sourceStart', 'speaker', 'who'] : ['file', 'quoteEnd', 'quoteStart', 'sourceEnd', 'sourceStart', 'speaker']);
      expect(['trump', 'rubio', 'other', 'unknown']).toContain(l.speaker);
      expect(l.quoteStart).toBeLessThan(l.quoteEnd);
      expect(l.sourceStart).toBeLessThan(l.sourceEnd);
    }
  });

  it('are about half Trump\u2019s', () => {
    const share = labels.filter((l) => l.speaker === 'trump').length / labels.length;
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
  });
});
