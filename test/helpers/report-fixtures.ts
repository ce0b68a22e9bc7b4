// Reports for the popup's component tests: a misattributed quote, quotes of two speakers, one of none, one not in the corpus.
import type { StoredQuote, StoredReport } from '@/lib/model/types';
import type { CorpusQuoteId, QuoteMatch, SourceHit, SourceId } from '@/lib/model/types';

export const HIT_001: SourceHit = {
  sourceId: '001_6ed219509c549034' as SourceId,
  title: 'Mexican President Sheinbaum Firmly Rejects Trump’s Offer to Send U.S. Troops to Combat Cartels',
  outlet: null,
  published: null,
  url: 'https://example.com/sheinbaum-rejects-troops',
  text: '“We continue to collaborate… coordination without subordination,” Sheinbaum said.',
  quoted: true,
  marks: [{ start: 30, end: 64, same: true }],
};

export const HIT_004: SourceHit = {
  sourceId: '004_c4c6dfd79bbf343c' as SourceId,
  title: 'Mexico Rejects US Military Intervention Against Cartels, Citing Sovereignty',
  outlet: 'Example Wire',
  published: '2026-01-05',
  url: null,
  text: 'Security cooperation must be founded on mutual respect and collaboration without subordination.',
  quoted: false,
  marks: [{ start: 74, end: 95, same: true }],
};

export const HIT_002: SourceHit = {
  sourceId: '002_b1b6bd0714162ee1' as SourceId,
  title: null,
  outlet: null,
  published: null,
  url: null,
  text: 'Trump said the United States would “hit land” soon.',
  quoted: true,
  marks: [{ start: 36, end: 44, same: true }],
};

function match(over: Partial<QuoteMatch> & { misattributed?: boolean } = {}): QuoteMatch & { misattributed: boolean } {
  return {
    quoteId: 'q1' as CorpusQuoteId,
    kind: 'exact',
    direction: 'whole',
    score: 1,
    speaker: 'sheinbaum',
    quoteText: 'coordination without subordination',
    sources: [HIT_001, HIT_004],
    misattributed: false,
    ...over,
  };
}

/** In page order: Sheinbaum's, Trump's (misattributed), Trump's, none of the four's, Rubio's not in the corpus, and one from a frame. */
export const QUOTES: StoredQuote[] = [
  { text: 'absolutely ruled out', speaker: 'sheinbaum', match: match({ quoteText: 'absolutely ruled out', sources: [HIT_004] }), frameId: 0 },
  {
    text: 'coordination without subordination',
    speaker: 'trump',
    match: match({ kind: 'partial', direction: 'fragment', score: 0.76, misattributed: true }),
    frameId: 0,
  },
  { text: 'hit land', speaker: 'trump', match: match({ speaker: 'trump', quoteText: 'hit land', sources: [HIT_002] }), frameId: 0 },
  {
    text: 'security cooperation founded on mutual respect',
    speaker: null,
    match: match({ speaker: null, kind: 'variant', score: 0.8, sources: [HIT_004] }),
    frameId: 0,
  },
  { text: 'Every day that these networks operate freely', speaker: 'rubio', match: null, frameId: 0 },
  { text: 'not on the table', speaker: 'sheinbaum', match: match({ quoteText: 'not on the table', sources: [HIT_001] }), frameId: 3 },
];

export const REPORT: StoredReport = {
  url: 'https://news.example.org/world/mexico-cartels',
  scannedAt: '2026-01-06T10:20:30.000Z',
  quotes: QUOTES,
  top: true,
};

export const EMPTY_REPORT: StoredReport = { url: 'https://news.example.org/sports', scannedAt: '2026-01-06T10:20:30.000Z', quotes: [], top: true };
