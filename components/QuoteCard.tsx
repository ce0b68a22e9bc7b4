// The in-page card for one quote: who the page says, who the sources say, how well it matches, every source.
import type { PageQuote } from '@/lib/types';
import { isSpeakerId, speakerName } from '@/lib/speakers';
import { articles, isWeak, kindLabel, scorePercent } from './describe-match';
import { SourceList } from './SourceList';

/** How a quote on the page is marked: its match kind, not in the corpus, or misattributed. */
export type QuoteState = 'exact' | 'partial' | 'variant' | 'missing' | 'misattributed';

/** The state a quote is marked with (misattribution outranks the match kind). */
export function quoteState(q: PageQuote): QuoteState {
  if (!q.match) return 'missing';
  if (q.match.misattributed) return 'misattributed';
  return q.match.kind;
}

/** The words for a state, so that meaning never rests on colour alone. */
export const STATE_LABEL: Record<QuoteState, string> = {
  exact: 'Exact match',
  partial: 'Partial match',
  variant: 'Variant wording',
  missing: 'Not in the corpus',
  misattributed: 'Misattributed',
};

const nameOf = (id: string | null) => (isSpeakerId(id) ? speakerName(id) : null);

/** The card's props: the quote, its place among the page's quotes, and what the buttons do. */
export interface QuoteCardProps {
  quote: PageQuote;
  index: number;
  total: number;
  sourcesSearched: number;
  onClose: () => void;
  onStep: (delta: 1 | -1) => void;
}

/** Renders the card (as text only: page and source words are never HTML). */
export function QuoteCard({ quote, index, total, sourcesSearched, onClose, onStep }: QuoteCardProps) {
  const state = quoteState(quote);
  const match = quote.match;
  const pageSpeaker = nameOf(quote.speaker);
  const sourceSpeaker = match ? nameOf(match.speaker) : null;
  return (
    <section class={`card state-${state}`} role="dialog" aria-label="QuoteTrail: where this quote comes from" tabIndex={-1}>
      <header class="card-head">
        <span class={`badge badge-${state}`}>{STATE_LABEL[state]}</span>
        <span class="position">
          Quote {index + 1} of {total}
        </span>
        <button type="button" class="icon" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      <p class="quote-text">“{quote.text}”</p>
      <p class="who">
        {pageSpeaker ? <>Attributed here to <strong>{pageSpeaker}</strong></> : <>The page names none of the four as its speaker</>}
      </p>
      {match?.misattributed && (
        <p class="warning" role="alert">
          ⚠ Attributed here to {pageSpeaker}; the sources attribute it to {sourceSpeaker}.
        </p>
      )}
      {match ? (
        <>
          <p class="match-line">
            {kindLabel(match)} · <span class="score">{scorePercent(match.score)}</span>
            {isWeak(match.score) && <strong class="weak"> · Weak match</strong>}
            {sourceSpeaker && !match.misattributed && <> · said by {sourceSpeaker}</>}
          </p>
          <p class="sources-heading">
            {match.sources.length} {match.sources.length === 1 ? 'source carries' : 'sources carry'} it
          </p>
          <SourceList sources={match.sources} />
        </>
      ) : (
        <p class="missing">Not in the {articles(sourcesSearched)}.</p>
      )}
      <footer class="card-foot">
        <button type="button" onClick={() => onStep(-1)} disabled={total < 2}>
          ← Previous quote
        </button>
        <button type="button" onClick={() => onStep(1)} disabled={total < 2}>
          Next quote →
        </button>
      </footer>
    </section>
  );
}
