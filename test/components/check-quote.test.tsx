// @vitest-environment happy-dom
// CheckQuote as a reader sees it: every state of the popup, with fake lookup and status functions.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { CheckQuote, WEAK_MATCH_SCORE, type LookupReply } from '@/components/CheckQuote';
import { safeHref } from '@/components/SourceList';
import { segments } from '@/components/Wording';
import type { CorpusStatus } from '@/lib/model/protocol';
import type { CorpusQuoteId, QuoteMatch, SourceHit, SourceId, WordingMark } from '@/lib/model/types';

const QUOTE = 'We continue to collaborate within the framework of our sovereignty… coordination without subordination';
const TEXT_001 = `“${QUOTE},” Sheinbaum said, signaling willingness to work jointly while rejecting external command or control.`;
const TEXT_004 =
  'She underscored that any security cooperation between the two neighboring nations must be founded on mutual respect, national sovereignty, and collaboration without subordination.';

/** A mark over `part` where it first stands in `text` (fails loudly if the fixture is wrong). */
function markOf(text: string, part: string, same: boolean): WordingMark {
  const start = text.indexOf(part);
  if (start < 0) throw new Error(`fixture: "${part}" is not in "${text}"`);
  return { start, end: start + part.length, same };
}

const HIT_001: SourceHit = {
  sourceId: '001_6ed219509c549034' as SourceId,
  title: 'Mexican President Sheinbaum Firmly Rejects Trump’s Offer to Send U.S. Troops to Combat Cartels',
  outlet: null,
  published: null,
  url: 'https://example.com/sheinbaum-rejects-troops',
  text: TEXT_001,
  quoted: true,
  marks: [markOf(TEXT_001, QUOTE, true)],
};

const HIT_004: SourceHit = {
  sourceId: '004_c4c6dfd79bbf343c' as SourceId,
  title: 'Mexico Rejects US Military Intervention Against Cartels, Citing Sovereignty',
  outlet: 'Example Wire',
  published: '2026-01-05',
  url: null,
  text: TEXT_004,
  quoted: false,
  marks: [markOf(TEXT_004, 'collaboration', false), markOf(TEXT_004, 'without subordination', true)],
};

function matchOf(overrides: Partial<QuoteMatch> = {}): QuoteMatch {
  return {
    quoteId: 'q:sheinbaum:coordination-without-subordination' as CorpusQuoteId,
    kind: 'exact',
    direction: 'whole',
    score: 1,
    speaker: 'sheinbaum',
    quoteText: QUOTE,
    sources: [HIT_001, HIT_004],
    ...overrides,
  };
}

const READY: CorpusStatus = { state: 'ready', version: '2026-01-06', sources: 5, quotes: 42 };
const ready = () => Promise.resolve(READY);
const found = (match: QuoteMatch = matchOf()) => (): Promise<LookupReply> =>
  Promise.resolve({ match, searched: { sources: 5 } });
const notFound = (sources = 5) => (): Promise<LookupReply> => Promise.resolve({ match: null, searched: { sources } });

/** A promise the test settles by hand, to order replies. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The field, found the way the outside contract finds it: by role and exact accessible name. */
function field(): HTMLTextAreaElement {
  return screen.getByRole('textbox', { name: 'Check a quote' }) as HTMLTextAreaElement;
}

function type(text: string): void {
  fireEvent.input(field(), { target: { value: text } });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('CheckQuote: nothing typed', () => {
  it('shows the field, focused and named "Check a quote", and a hint', async () => {
    const lookup = vi.fn(found());
    render(<CheckQuote lookup={lookup} status={ready} />);
    expect(field()).toBeTruthy();
    expect(document.activeElement).toBe(field());
    expect(
      screen.getByText(
        'Type or paste a quote by Sheinbaum, Trump, Johnson or Rubio to see every source that carries it.',
      ),
    ).toBeTruthy();
    await sleep(200);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('treats whitespace as nothing typed', async () => {
    const lookup = vi.fn(found());
    render(<CheckQuote lookup={lookup} status={ready} />);
    type('   \n  ');
    await sleep(200);
    expect(lookup).not.toHaveBeenCalled();
    expect(screen.getByText(/Type or paste a quote by/)).toBeTruthy();
    expect(field()).toBeTruthy();
  });

  it('goes back to the hint when the field is cleared', async () => {
    render(<CheckQuote lookup={found()} status={ready} />);
    type(QUOTE);
    await screen.findByText('Claudia Sheinbaum');
    type('');
    await waitFor(() => expect(screen.queryByText('Claudia Sheinbaum')).toBeNull());
    expect(screen.getByText(/Type or paste a quote by/)).toBeTruthy();
  });
});

describe('CheckQuote: the corpus', () => {
  it('says the corpus is loading, polls, and answers a query typed meanwhile once it is ready', async () => {
    let isReady = false;
    const status = vi.fn(
      (): Promise<CorpusStatus> => Promise.resolve(isReady ? READY : { state: 'loading' }),
    );
    const answered = deferred<LookupReply>();
    const lookup = vi.fn(() => answered.promise);
    render(<CheckQuote lookup={lookup} status={status} />);

    expect(await screen.findByText('Loading the bundled corpus…')).toBeTruthy();
    expect(field()).toBeTruthy();
    type(QUOTE);
    await waitFor(() => expect(lookup).toHaveBeenCalledWith(QUOTE));
    // Still loading a poll later: the message stays, and status is asked again.
    await waitFor(() => expect(status.mock.calls.length).toBeGreaterThanOrEqual(2), { timeout: 1000 });
    expect(screen.getByText('Loading the bundled corpus…')).toBeTruthy();

    // The background answers the held query when loading ends.
    isReady = true;
    answered.resolve({ match: matchOf(), searched: { sources: 5 } });
    expect(await screen.findByText('Claudia Sheinbaum')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('Loading the bundled corpus…')).toBeNull(), { timeout: 1000 });
    expect(field()).toBeTruthy();

    // Polling stops once the corpus is ready.
    const calls = status.mock.calls.length;
    await sleep(700);
    expect(status.mock.calls.length).toBe(calls);
  });

  it('shows the error when the corpus failed to load, and the field stays usable', async () => {
    const lookup = vi.fn(notFound(0));
    const status = () => Promise.resolve<CorpusStatus>({ state: 'failed', error: 'corpus.json: unexpected end of JSON input' });
    render(<CheckQuote lookup={lookup} status={status} />);
    expect(await screen.findByText('corpus.json: unexpected end of JSON input')).toBeTruthy();
    expect(screen.getByText('The bundled corpus could not be loaded.')).toBeTruthy();
    expect(field().disabled).toBe(false);
    type('coordination without subordination');
    await waitFor(() => expect(lookup).toHaveBeenCalledWith('coordination without subordination'));
    expect(field()).toBeTruthy();
  });

  it('shows a status() that throws as a failure, not as endless loading', async () => {
    const status = () => Promise.reject(new Error('QuoteTrail: no answer to "corpus-status" (the background is not listening)'));
    render(<CheckQuote lookup={found()} status={status} />);
    expect(await screen.findByText(/the background is not listening/)).toBeTruthy();
    expect(screen.queryByText('Loading the bundled corpus…')).toBeNull();
    expect(field()).toBeTruthy();
  });
});

describe('CheckQuote: searching', () => {
  it('says "Searching…" only once a lookup has taken longer than a moment', async () => {
    const pending = deferred<LookupReply>();
    const lookup = vi.fn(() => pending.promise);
    render(<CheckQuote lookup={lookup} status={ready} />);
    type(QUOTE);
    await waitFor(() => expect(lookup).toHaveBeenCalledTimes(1));
    // A fast answer must not flash "Searching…".
    expect(screen.queryByText('Searching…')).toBeNull();
    expect(await screen.findByText('Searching…')).toBeTruthy();
    expect(field()).toBeTruthy();

    pending.resolve({ match: null, searched: { sources: 5 } });
    expect(await screen.findByText('No match: not in the 5 bundled articles')).toBeTruthy();
    expect(screen.queryByText('Searching…')).toBeNull();
  });

  it('waits for a pause in typing before it looks up, then looks up the latest text', async () => {
    const lookup = vi.fn(found());
    render(<CheckQuote lookup={lookup} status={ready} />);
    // Keystrokes 40 ms apart: each comes before the debounce runs out, so only the last text is looked up.
    type('coord');
    await sleep(40);
    type('coordination with');
    await sleep(40);
    type('coordination without subordination');
    await screen.findByText('Claudia Sheinbaum');
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(lookup).toHaveBeenCalledWith('coordination without subordination');
  });

  it('never lets a slow reply for an older text overwrite the newer one', async () => {
    const replies = new Map<string, ReturnType<typeof deferred<LookupReply>>>();
    const lookup = vi.fn((text: string) => {
      const d = deferred<LookupReply>();
      replies.set(text, d);
      return d.promise;
    });
    render(<CheckQuote lookup={lookup} status={ready} />);

    type('collaborate within the framework');
    await waitFor(() => expect(replies.has('collaborate within the framework')).toBe(true));
    type(QUOTE);
    await waitFor(() => expect(replies.has(QUOTE)).toBe(true));

    replies.get(QUOTE)!.resolve({ match: matchOf(), searched: { sources: 5 } });
    expect(await screen.findByText('Exact match')).toBeTruthy();

    // The first, slower reply arrives last: it belongs to text that is no longer in the field.
    replies.get('collaborate within the framework')!.resolve({ match: null, searched: { sources: 5 } });
    await sleep(50);
    expect(screen.queryByText(/^No match/)).toBeNull();
    expect(screen.getByText('Exact match')).toBeTruthy();
    expect(screen.getByText('Claudia Sheinbaum')).toBeTruthy();
  });

  it('ignores an old reply that arrives while the newer lookup is still out', async () => {
    const replies = new Map<string, ReturnType<typeof deferred<LookupReply>>>();
    const lookup = vi.fn((text: string) => {
      const d = deferred<LookupReply>();
      replies.set(text, d);
      return d.promise;
    });
    render(<CheckQuote lookup={lookup} status={ready} />);
    type('framework of our sovereignty');
    await waitFor(() => expect(replies.size).toBe(1));
    type('Rubio says nothing of the kind');
    await waitFor(() => expect(replies.size).toBe(2));

    replies.get('framework of our sovereignty')!.resolve({ match: matchOf({ kind: 'partial', score: 0.9 }), searched: { sources: 5 } });
    await sleep(50);
    expect(screen.queryByText('Claudia Sheinbaum')).toBeNull();

    replies.get('Rubio says nothing of the kind')!.resolve({ match: null, searched: { sources: 5 } });
    expect(await screen.findByText('No match: not in the 5 bundled articles')).toBeTruthy();
    expect(screen.getByText('“Rubio says nothing of the kind”')).toBeTruthy();
    expect(screen.queryByText('Claudia Sheinbaum')).toBeNull();
  });
});

describe('CheckQuote: no match', () => {
  it('says how many articles were searched and quotes the searched text', async () => {
    render(<CheckQuote lookup={notFound(5)} status={ready} />);
    type('  We will build the wall along the whole river  ');
    expect(await screen.findByText('No match: not in the 5 bundled articles')).toBeTruthy();
    expect(screen.getByText('“We will build the wall along the whole river”')).toBeTruthy();
    expect(field()).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('says "article" for a corpus of one', async () => {
    render(<CheckQuote lookup={notFound(1)} status={ready} />);
    type('We will build the wall');
    expect(await screen.findByText('No match: not in the 1 bundled article')).toBeTruthy();
  });
});

describe('CheckQuote: a match', () => {
  it('names the speaker, the kind and the score, and lists every source without a click', async () => {
    render(<CheckQuote lookup={found()} status={ready} />);
    type(QUOTE);
    expect(await screen.findByText('Claudia Sheinbaum')).toBeTruthy();
    expect(screen.getByText('Exact match')).toBeTruthy();
    expect(screen.getByText('100%')).toBeTruthy();
    expect(screen.queryByText('Weak match')).toBeNull();
    expect(field()).toBeTruthy();

    const items = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    const [first, second] = items as [HTMLElement, HTMLElement];

    expect(within(first).getByText(HIT_001.title!)).toBeTruthy();
    expect(within(first).getByText('Quoted')).toBeTruthy();
    const link = within(first).getByRole('link', { name: HIT_001.title! });
    expect(link.getAttribute('href')).toBe('https://example.com/sheinbaum-rejects-troops');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(first.querySelector('mark')?.textContent).toBe(QUOTE);
    expect(first.querySelector('mark.differs')).toBeNull();

    expect(within(second).getByText(HIT_004.title!)).toBeTruthy();
    expect(within(second).getByText('Not in quotation marks')).toBeTruthy();
    expect(within(second).getByText('Example Wire')).toBeTruthy();
    expect(within(second).getByText('2026-01-05')).toBeTruthy();
    expect(within(second).queryByRole('link')).toBeNull();
    // The whole wording is there, in order, with the differing word said in words and not colour alone.
    const wording = second.querySelector('blockquote')!;
    expect(wording.textContent).toBe(TEXT_004.replace('collaboration', 'collaboration (differs)'));
    const differs = second.querySelector('mark.differs')!;
    expect(differs.textContent).toBe('collaboration');
    expect(differs.nextElementSibling?.textContent).toBe(' (differs)');
    const same = [...second.querySelectorAll('mark:not(.differs)')].map((m) => m.textContent);
    expect(same).toEqual(['without subordination']);
  });

  it('says which way round a partial match is, and names a variant', async () => {
    let match = matchOf({ kind: 'partial', direction: 'fragment', score: 0.92, sources: [HIT_001] });
    const lookup = () => Promise.resolve<LookupReply>({ match, searched: { sources: 5 } });
    render(<CheckQuote lookup={lookup} status={ready} />);

    type('coordination without subordination');
    expect(await screen.findByText('Partial match: a fragment of a longer quote')).toBeTruthy();
    expect(screen.getByText('92%')).toBeTruthy();

    match = matchOf({ kind: 'partial', direction: 'contains', score: 0.92, sources: [HIT_001] });
    type(`Sheinbaum said: ${QUOTE}, and she meant it.`);
    expect(await screen.findByText('Partial match: contains the quote')).toBeTruthy();

    match = matchOf({ kind: 'variant', score: 0.81 });
    type('We keep collaborating within our sovereignty: coordination without subordination');
    expect(await screen.findByText('Variant: the same quote in other words')).toBeTruthy();
    expect(screen.getByText('81%')).toBeTruthy();
    expect(screen.queryByText('Weak match')).toBeNull();
  });

  it('labels a match below WEAK_MATCH_SCORE "Weak match", and one at it not', async () => {
    let match = matchOf({ kind: 'variant', score: 0.6 });
    const lookup = () => Promise.resolve<LookupReply>({ match, searched: { sources: 5 } });
    render(<CheckQuote lookup={lookup} status={ready} />);
    type('we cooperate within our sovereignty');
    expect(await screen.findByText('Weak match')).toBeTruthy();
    expect(screen.getByText('60%')).toBeTruthy();

    match = matchOf({ kind: 'variant', score: WEAK_MATCH_SCORE });
    type('we cooperate within our sovereignty, no subordination');
    expect(await screen.findByText('75%')).toBeTruthy();
    expect(screen.queryByText('Weak match')).toBeNull();
  });

  it('says so when the speaker is none of the four', async () => {
    render(<CheckQuote lookup={found(matchOf({ speaker: null }))} status={ready} />);
    type(QUOTE);
    expect(await screen.findByText('Not one of the four speakers')).toBeTruthy();
  });

  it('does not break on a speaker id it does not know', async () => {
    const stray = matchOf({ speaker: 'obrador' as QuoteMatch['speaker'] });
    render(<CheckQuote lookup={found(stray)} status={ready} />);
    type(QUOTE);
    expect(await screen.findByText('Not one of the four speakers')).toBeTruthy();
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
  });

  it('names a source without a title by its id, and links it only when it has a url', async () => {
    const untitled: SourceHit = { ...HIT_004, title: null, outlet: null, published: null };
    render(<CheckQuote lookup={found(matchOf({ sources: [untitled] }))} status={ready} />);
    type(QUOTE);
    const item = await screen.findByRole('listitem');
    expect(within(item).getByText('Untitled article')).toBeTruthy();
    expect(within(item).getByText(/004_c4c6dfd79bbf343c/)).toBeTruthy();
    expect(within(item).queryByRole('link')).toBeNull();
    expect(screen.getByText('1 source carries it')).toBeTruthy();
  });

  it('opens with initialText already checked', async () => {
    const lookup = vi.fn(found());
    render(<CheckQuote lookup={lookup} status={ready} initialText={QUOTE} />);
    expect(field().value).toBe(QUOTE);
    expect(document.activeElement).toBe(field());
    expect(await screen.findByText('Exact match')).toBeTruthy();
    expect(lookup).toHaveBeenCalledWith(QUOTE);
  });
});

describe('CheckQuote: text is text', () => {
  const ATTACK = '<img src=x onerror=alert(1)>';

  it('shows typed HTML as text', async () => {
    const { container } = render(<CheckQuote lookup={notFound()} status={ready} />);
    type(ATTACK);
    expect(await screen.findByText(`“${ATTACK}”`)).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows HTML in a source as text, marks included', async () => {
    const text = `He wrote ${ATTACK} and <b>coordination without subordination</b>.`;
    const hit: SourceHit = {
      ...HIT_001,
      title: '<script>alert(2)</script>Sheinbaum',
      text,
      marks: [markOf(text, ATTACK, false), markOf(text, 'coordination without subordination', true)],
    };
    const { container } = render(<CheckQuote lookup={found(matchOf({ sources: [hit] }))} status={ready} />);
    type('coordination without subordination');
    const item = await screen.findByRole('listitem');
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(item.querySelector('mark.differs')?.textContent).toBe(ATTACK);
    expect(within(item).getByText('<script>alert(2)</script>Sheinbaum')).toBeTruthy();
    expect(item.querySelector('blockquote')?.textContent).toContain('<b>coordination without subordination</b>');
  });
});

describe('CheckQuote: a failing lookup', () => {
  it('shows the message and keeps the field usable', async () => {
    let fail = true;
    const lookup = (): Promise<LookupReply> =>
      fail ? Promise.reject(new Error('The corpus database is closed')) : found()();
    render(<CheckQuote lookup={lookup} status={ready} />);
    type(QUOTE);
    expect(await screen.findByText('The corpus database is closed')).toBeTruthy();
    expect(field().disabled).toBe(false);

    fail = false;
    type('coordination without subordination');
    expect(await screen.findByText('Claudia Sheinbaum')).toBeTruthy();
    expect(screen.queryByText('The corpus database is closed')).toBeNull();
  });
});

describe('wording helpers', () => {
  it('cuts the wording at clamped, sorted, non-overlapping marks', () => {
    const text = 'abcdefghij';
    const parts = segments(text, [
      { start: 6, end: 20, same: true },
      { start: 1, end: 3, same: false },
      { start: 2, end: 5, same: true },
    ]);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts).toEqual([
      { text: 'a', mark: 'none' },
      { text: 'bc', mark: 'differs' },
      { text: 'de', mark: 'same' },
      { text: 'f', mark: 'none' },
      { text: 'ghij', mark: 'same' },
    ]);
  });

  it('links only web addresses', () => {
    expect(safeHref('https://example.com/a')).toBe('https://example.com/a');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
    expect(safeHref(null)).toBeNull();
  });
});
