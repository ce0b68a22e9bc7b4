// The UI's two languages: the same messages with the same placeholders, formatted as browsers format them.
import { formatMessage } from '@/lib/ui/i18n';
import en from '@/public/_locales/en/messages.json';
import es from '@/public/_locales/es/messages.json';

type Table = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const EN = en as Table;
const ES = es as Table;

describe('_locales', () => {
  it('has every English message in Spanish, and no other', () => {
    expect(Object.keys(ES).sort()).toEqual(Object.keys(EN).sort());
  });

  it.each(Object.keys(EN))('%s: the same placeholders, each used in the message', (key) => {
    const names = (t: Table) => Object.keys(t[key]!.placeholders ?? {}).sort();
    expect(names(ES)).toEqual(names(EN));
    for (const table of [EN, ES]) {
      for (const name of names(table)) expect(table[key]!.message.toLowerCase()).toContain(`$${name}$`);
    }
  });

  it('keeps the check field’s English name exactly "Check a quote", and gives it a Spanish one', () => {
    expect(EN.checkLabel!.message).toBe('Check a quote');
    expect(ES.checkLabel!.message).toBe('Comprobar una cita');
  });

  it('names the manifest’s strings in both', () => {
    for (const key of ['extName', 'extDescription', 'commandCheckSelection', 'menuCheckQuote']) {
      expect(EN[key]?.message).toBeTruthy();
      expect(ES[key]?.message).toBeTruthy();
    }
  });
});

describe('formatMessage', () => {
  it('fills named placeholders from the substitutions, in order', () => {
    expect(formatMessage(EN.cardPosition, ['2', '7'])).toBe('Quote 2 of 7');
    expect(formatMessage(ES.cardPosition, ['2', '7'])).toBe('Cita 2 de 7');
    expect(formatMessage(EN.misattributedWarning, ['Donald Trump', 'Claudia Sheinbaum'])).toBe(
      'Attributed here to Donald Trump; the sources attribute it to Claudia Sheinbaum.',
    );
  });
  it('keeps $$ as a dollar and drops a missing substitution', () => {
    expect(formatMessage({ message: 'costs $$5 for $1' }, [])).toBe('costs $5 for ');
  });
  it('is null for a missing message', () => {
    expect(formatMessage(undefined, [])).toBeNull();
  });
});
