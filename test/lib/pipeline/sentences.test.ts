// Sentence ends: not at abbreviations or initials (in any script), and not inside a quotation.
import { describe, expect, it } from 'vitest';
import { splitSentences } from '@/lib/pipeline/sentences';

const split = (text: string) => splitSentences(text, 0, text.length).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('ends a sentence at a period before a capital, not after an abbreviation or an initial', () => {
    expect(split('Donald J. Trump spoke. Mr. Rubio listened. The U.S. Embassy said nothing.')).toEqual([
      'Donald J. Trump spoke.', 'Mr. Rubio listened.', 'The U.S. Embassy said nothing.',
    ]);
  });

  it('reads abbreviations and initials outside ASCII, and letters outside the BMP', () => {
    expect(split('La Sra. Sheinbaum habló con EE.UU. Después se fue.')).toEqual(['La Sra. Sheinbaum habló con EE.UU. Después se fue.']);
    expect(split('Habló Á. Pérez. Luego calló.')).toEqual(['Habló Á. Pérez.', 'Luego calló.']);
    expect(split('Signed \u{1D400}. Smith. Then nothing.')).toEqual(['Signed \u{1D400}. Smith.', 'Then nothing.']);
    expect(split('It was café. Then more.')).toEqual(['It was café.', 'Then more.']);
  });
});
