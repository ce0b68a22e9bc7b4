import { describe, expect, it } from 'vitest';
import { maskedView, maskQuotes, scanDocument } from '@/lib/pipeline/attribute';
import { detectQuotes } from '@/lib/pipeline/detect-quotes';
import { makeTextDoc, type BlockKind, type Zone } from '@/lib/pipeline/text-doc';
import { seedDoc } from '@/test/helpers/seeds';

const scan = (...blocks: Array<string | { text: string; kind?: BlockKind; zone?: Zone }>) =>
  scanDocument(makeTextDoc(blocks.map((b) => (typeof b === 'string' ? { text: b } : b)))).map((q) => [q.text, q.speaker]);

describe('every quotation in the five seeds, with the speaker each article gives', () => {
  it.each([
    ['000', [
      // "The president … during his daily press briefing" is the outgoing president, not Sheinbaum.
      ['an act of aggression', null],
      ['a direct insult to the Mexican people.', null],
      ['under a framework of mutual respect.', 'sheinbaum'],
    ]],
    ['001', [
      ['not on the table', 'sheinbaum'],
      ['hit land', 'trump'],
      ['running Mexico.', 'trump'],
      ['We continue to collaborate within the framework of our sovereignty… coordination without subordination,', 'sheinbaum'],
      ['tangible results', 'rubio'],
    ]],
    ['002', [
      // Through a pronoun: "She stated unequivocally that …".
      ['the United States is not going to come to Mexico with the military,', 'sheinbaum'],
      ['absolutely ruled out.', 'sheinbaum'],
      ["When it has been brought up, we have always said 'No',", 'sheinbaum'],
    ]],
    ['003', [
      // A scare-quoted word with no attribution of its own is nobody's quote.
      ['protect', null],
      // Johnson's long quote comes after his name and a verb; "Johnson" alone resolves to Ronald Johnson named before.
      ['This is not about the United States acting alone. It’s about building a joint and unbreakable front with Mexico to protect our citizens, dismantle cartel networks, and ensure that the only people who should fear for their future are those profiting from murder, addiction, and chaos.', 'johnson'],
      ['invade', 'sheinbaum'],
    ]],
    ['004', [
      // "She" after "U.S. President Donald Trump": the pronoun agrees in gender.
      ['firmly said no', 'sheinbaum'],
      ["I don't believe in invasion, I don't even think it's something they're taking very seriously,", 'sheinbaum'],
    ]],
  ])('seed %s', (prefix, expected) => {
    expect(scanDocument(seedDoc(prefix)).map((q) => [q.text, q.speaker])).toEqual(expected);
  });
});

describe('attribution rules', () => {
  it.each([
    ['speech verb after, name first', '“We will not accept it,” Sheinbaum said.', 'sheinbaum'],
    ['speech verb after, verb first', '“The cartels run the country,” said Donald Trump.', 'trump'],
    ['a title after the quote', '“We want results,” the secretary of state told reporters.', 'rubio'],
    ['a title for the ambassador', 'The U.S. envoy warned that “the clock is ticking” for the cartels.', 'johnson'],
    ['the American envoy', '“We are partners,” the American envoy insisted on Friday.', 'johnson'],
    ['the Mexican president', 'The Mexican president stressed that “sovereignty is not negotiable.”', 'sheinbaum'],
    ['according to', 'The offer was “not serious,” according to Sheinbaum.', 'sheinbaum'],
    ['a colon', 'Rubio: “We will designate them as terrorists.”', 'rubio'],
    ['posted', 'Trump posted: "Mexico must do more, and fast!"', 'trump'],
    ['an analyst beside our name', 'Sheinbaum spoke first. An analyst said “this will backfire on Mexico.”', null],
    ['López Obrador', '“We will never allow foreign troops,” said Andrés Manuel López Obrador.', null],
    ['Biden beside Trump', 'Unlike Trump, Biden said “cooperation works best.”', null],
    ['another Johnson', '“The border is a disaster,” Senator Ron Johnson said, echoing Trump.', null],
    ['Boris Johnson', 'Boris Johnson said “Britain stands with Mexico.”', null],
    ['a former president', 'The former Mexican president said “the army must stay home.”', null],
    ['the Trump administration is not Trump', 'The Trump administration said “all options are open.”', null],
    ['scare quotes', 'So-called “experts” have weighed in on Sheinbaum and Trump.', null],
  ])('%s', (_name, text, speaker) => {
    expect(scan(text)[0]?.[1]).toBe(speaker);
  });

  it('a pronoun refers to the last person named of the same gender', () => {
    expect(scan('Trump spoke with Claudia Sheinbaum on Monday. She said “coordination, yes; subordination, no.”')).toEqual([
      ['coordination, yes; subordination, no.', 'sheinbaum'],
    ]);
    expect(scan('Sheinbaum took a call from Marco Rubio. He said “we need tangible results.”')).toEqual([
      ['we need tangible results.', 'rubio'],
    ]);
  });

  it('a pronoun whose antecedent is someone else is not ours', () => {
    expect(scan('Sheinbaum met an analyst in Mexico City. The president spoke for an hour. He said “the talks failed.”')[0]?.[1]).toBeNull();
  });

  it('joins a split quote into one quote with its parts', () => {
    const doc = makeTextDoc([{ text: '“We will cooperate,” Sheinbaum said, “but we will never be subordinated.”' }]);
    const [q, ...rest] = scanDocument(doc);
    expect(rest).toEqual([]);
    expect(q?.text).toBe('We will cooperate, … but we will never be subordinated.');
    expect(q?.parts).toHaveLength(2);
    expect(q?.speaker).toBe('sheinbaum');
  });

  it('does not join two quotes that an ordinary clause separates (002)', () => {
    expect(scan('She stated that "the army will not come," emphasizing that an invasion is "absolutely ruled out."').length).toBe(2);
  });

  it('a stand-alone quote takes the speaker of the sentence before it', () => {
    expect(scan('Sheinbaum addressed the press on Monday and said:', '“Mexico is a free and sovereign country.”')).toEqual([
      ['Mexico is a free and sovereign country.', 'sheinbaum'],
    ]);
  });

  it('quotes in comments and sidebars are never attributed to the four', () => {
    expect(scan({ text: '“Sheinbaum is right,” Trump said.', zone: 'aside' })[0]?.[1]).toBeNull();
  });

  it('reads Spanish speech verbs with guillemets', () => {
    expect(scan('«No vamos a permitir una intervención», afirmó Sheinbaum.')[0]?.[1]).toBe('sheinbaum');
    expect(scan('La presidenta de México habló el lunes. «Hay coordinación, no subordinación», dijo.')[0]?.[1]).toBe('sheinbaum');
    expect(scan('Según el embajador de Estados Unidos, «la cooperación funciona».')[0]?.[1]).toBe('johnson');
  });

  it('a headline with a quote and a colon', () => {
    expect(scan({ text: '‘Not on the table’: Sheinbaum rejects US troops', kind: 'heading' })[0]?.[1]).toBe('sheinbaum');
  });
});

/** The masking rule, written plainly as the oracle: each quotation blanked but its line breaks and a closing ./!/?. */
function naiveMask(text: string, spans: Array<{ open: number; start: number; end: number; close: number }>): string {
  const chars = text.split(''); // UTF-16 code units, as offsets count
  let at = 0;
  for (const s of spans) {
    if (s.open < at) continue;
    for (let i = s.open; i < s.close; i++) if (chars[i] !== '\n') chars[i] = '\uE000';
    const terminal = /[.!?](?=\s*$)/.exec(text.slice(s.start, s.end));
    if (terminal) chars[s.start + terminal.index] = terminal[0];
    at = s.close;
  }
  return chars.join('');
}

describe('the masked text attribution reads (quotations blanked, offsets kept)', () => {
  it('reads, slice by slice, exactly what blanking the whole text gives', () => {
    const docs = ['000', '001', '002', '003', '004'].map((id) => seedDoc(id));
    docs.push(makeTextDoc([
      { text: '“A long quote that runs on,” she said. “Over two paragraphs' },
      { text: '“and ends here.” Rubio said “yes!” and ‘no.’ Done.' },
    ]));
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (const doc of docs) {
      const spans = detectQuotes(doc);
      const whole = naiveMask(doc.text, spans);
      expect(maskQuotes(doc.text, spans)).toBe(whole);
      const view = maskedView(doc.text, spans);
      expect(view.slice(0, doc.text.length)).toBe(whole);
      for (let k = 0; k < 300; k++) {
        const a = next(doc.text.length + 1);
        const b = a + next(400);
        expect(view.slice(a, b), `[${a}, ${b})`).toBe(whole.slice(a, b));
      }
      for (const s of spans) expect(view.slice(Math.max(0, s.open - 3), s.close + 3)).toBe(whole.slice(Math.max(0, s.open - 3), s.close + 3));
    }
  });
});
