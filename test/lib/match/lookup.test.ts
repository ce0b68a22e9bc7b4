import { describe, expect, it } from 'vitest';
import { createMemoryReader } from '@/test/helpers/memory-reader';
import { lookupQuote } from '@/lib/match/lookup';
import type { SpeakerId } from '@/lib/model/types';
import { seedCorpus } from '@/test/helpers/seeds';

const reader = createMemoryReader(seedCorpus());
const look = (text: string, speaker: SpeakerId | null = null) => lookupQuote(reader, text, speaker);
const S001 = '001_6ed219509c549034';
const S002 = '002_b1b6bd0714162ee1';
const S003 = '003_71da788b2366cde3';
const S004 = '004_c4c6dfd79bbf343c';

describe('lookupQuote on the seed corpus', () => {
  it('finds a fragment of a quote, and the source that carries it in other words without quotation marks', async () => {
    const m = await look('coordination without subordination');
    expect(m).toMatchObject({ kind: 'partial', speaker: 'sheinbaum', quoteId: `${S001}#4` });
    expect(m!.sources.map((s) => [s.sourceId, s.quoted])).toEqual([[S001, true], [S004, false]]);
    const s004 = m!.sources[1]!;
    expect(s004.text).toContain('collaboration without subordination');
    // The changed word is marked as differing; the shared words are not.
    const marked = s004.marks.map((k) => [s004.text.slice(k.start, k.end), k.same]);
    expect(marked).toEqual([['collaboration', false], ['without subordination', true]]);
    // A source's wording is its sentence, not a whole paragraph.
    expect(s004.text.startsWith('She underscored that')).toBe(true);
    expect(s004.text).not.toContain('Sheinbaum remarked');
  });

  it.each([
    ['not on the table', `${S001}#1`, 'sheinbaum'],
    ['absolutely ruled out', `${S002}#2`, 'sheinbaum'],
    ['tangible results', `${S001}#5`, 'rubio'],
    ['hit land', `${S001}#2`, 'trump'],
    ['invade', `${S003}#3`, 'sheinbaum'],
    ['under a framework of mutual respect.', '000_3a729737f59c05fc#3', 'sheinbaum'],
  ])('exact: %s', async (text, quoteId, speaker) => {
    expect(await look(text)).toMatchObject({ kind: 'exact', score: 1, quoteId, speaker });
  });

  it('typography does not matter: curly and straight quotes and apostrophes, dashes, ellipsis character', async () => {
    const curly = await look('“I don’t believe in invasion, I don’t even think it’s something they’re taking very seriously”');
    expect(curly).toMatchObject({ kind: 'exact', quoteId: `${S004}#2` });
    const dots = await look('We continue to collaborate within the framework of our sovereignty... coordination without subordination');
    expect(dots).toMatchObject({ quoteId: `${S001}#4`, speaker: 'sheinbaum' });
    expect(dots!.score).toBeGreaterThan(0.95);
  });

  it.each([
    ['case', 'The United States is not going to come to Mexico with the military', `${S002}#1`],
    ['an ellipsis for left-out words', 'This is not about the United States acting alone… the only people who should fear for their future are those profiting from murder, addiction, and chaos', `${S003}#2`],
    ['a bracketed insertion', 'We continue to collaborate within the framework of [Mexico’s] sovereignty', `${S001}#4`],
    ['a changed word', 'It’s about building a joint and unbreakable front with Mexico to protect our people', `${S003}#2`],
  ])('variant: %s', async (_name, text, quoteId) => {
    const m = await look(text);
    expect(m).toMatchObject({ kind: 'variant', quoteId });
    expect(m!.score).toBeLessThan(1);
  });

  it('a fragment scores below the whole quote, and a changed word below a fragment', async () => {
    const whole = await look('This is not about the United States acting alone. It’s about building a joint and unbreakable front with Mexico to protect our citizens, dismantle cartel networks, and ensure that the only people who should fear for their future are those profiting from murder, addiction, and chaos.');
    const fragment = await look('It’s about building a joint and unbreakable front with Mexico');
    const changed = await look('It’s about building a joint and unbreakable wall with Mexico');
    expect(whole!.score).toBe(1);
    expect(fragment!.score).toBeLessThan(whole!.score);
    expect(changed!.score).toBeLessThan(fragment!.score);
  });

  it('a text that contains a whole corpus quote matches it as partial', async () => {
    const m = await look('Sheinbaum has said many times that any notion of an invasion is absolutely ruled out for her government');
    expect(m).toMatchObject({ kind: 'partial', quoteId: `${S002}#2` });
  });

  it.each([
    // 002 carries these words unquoted; Sheinbaum said the opposite ("not on the table").
    ['U.S. military action is on the table'],
    ['the United States is going to come to Mexico with the military'],
    ['military deployment is on the table'],
    ['coordination with subordination'],
    ['hit'],
    ['land'],
    ['the table'],
    ['Mexico'],
    ['cartels pose a national security threat'],
  ])('look-alike or unquoted words: %s → no match', async (text) => {
    expect(await look(text)).toBeNull();
  });

  it('one- and two-word texts match only exactly, and only the given speaker', async () => {
    expect(await look('hit land', 'trump')).toMatchObject({ quoteId: `${S001}#2` });
    expect(await look('hit land', 'sheinbaum')).toBeNull();
    expect(await look('invade', 'sheinbaum')).toMatchObject({ quoteId: `${S003}#3` });
    expect(await look('invade Mexico')).toBeNull();
    expect(await look('not invade')).toBeNull();
  });

  it('a longer text matches whoever the sources name, whatever speaker the page gives (misattribution is flagged later)', async () => {
    expect(await look('coordination without subordination', 'trump')).toMatchObject({ speaker: 'sheinbaum' });
  });

  it('never names a source that does not carry the words', async () => {
    for (const text of ['coordination without subordination', 'absolutely ruled out', 'not on the table', 'firmly said no']) {
      const m = await look(text);
      for (const s of m!.sources) {
        const carried = s.marks.map((k) => s.text.slice(k.start, k.end)).join(' ').toLowerCase();
        expect(carried.length).toBeGreaterThan(0);
        expect(text.toLowerCase().split(' ').filter((w) => carried.includes(w)).length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('lists every source with its metadata, undated sources last and in a stable order', async () => {
    const m = await look('coordination without subordination');
    expect(m!.sources[0]).toMatchObject({
      title: 'Mexican President Sheinbaum Firmly Rejects Trump’s Offer to Send U.S. Troops to Combat Cartels',
      outlet: null, published: null, url: null,
    });
    // The seeds are undated: give them dates, and the earliest comes first whatever the index gave, undated last.
    const dated = (dates: Record<string, string | null>) => {
      const corpus = seedCorpus();
      return createMemoryReader({ ...corpus, sources: corpus.sources.map((s) => (s.id in dates ? { ...s, published: dates[s.id]! } : s)) });
    };
    const order = async (dates: Record<string, string | null>) =>
      (await lookupQuote(dated(dates), 'coordination without subordination'))!.sources.map((s) => [s.sourceId, s.published]);
    expect(await order({ [S001]: '2026-01-06', [S004]: '2026-01-04' })).toEqual([[S004, '2026-01-04'], [S001, '2026-01-06']]);
    expect(await order({ [S001]: '2026-01-06', [S004]: null })).toEqual([[S001, '2026-01-06'], [S004, null]]);
    expect(await order({ [S001]: null, [S004]: '2026-01-04' })).toEqual([[S004, '2026-01-04'], [S001, null]]);
    // Undated alike: the one that quotes the words first, then by id (the same order on every lookup).
    expect(await order({})).toEqual([[S001, null], [S004, null]]);
  });

  it('an empty or punctuation-only text matches nothing', async () => {
    expect(await look('')).toBeNull();
    expect(await look(' … “” ')).toBeNull();
  });
});
