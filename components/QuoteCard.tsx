// The in-page card for one quote: who the page says, who the sources say, how well it matches, every source.
import type { PageQuote } from '@/lib/model/types';
import { articles, isWeak, kindLabel, scorePercent, speakerNameOf } from '@/lib/ui/describe-match';
import { quoteState, stateLabel } from '@/lib/ui/quote-state';
import { plural, t } from '@/lib/ui/i18n';
import { SourceList } from '@/components/SourceList';

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
  const pageSpeaker = speakerNameOf(quote.speaker);
  const sourceSpeaker = match ? speakerNameOf(match.speaker) : null;
  return (
    <section class={`card state-${state}`} role="dialog" aria-label={t('cardLabel')} tabIndex={-1}>
      <header class="card-head">
        <span class={`badge badge-${state}`}>{stateLabel(state)}</span>
        <span class="position">{t('cardPosition', index + 1, total)}</span>
        <button type="button" class="icon" onClick={onClose} aria-label={t('close')}>
          ×
        </button>
      </header>
      <p class="quote-text">“{quote.text}”</p>
      <p class="who">
        {pageSpeaker ? <strong>{t('attributedHere', pageSpeaker)}</strong> : t('attributedToNone')}
      </p>
      {match?.misattributed && (
        <p class="warning" role="alert">
          ⚠ {t('misattributedWarning', pageSpeaker ?? '', sourceSpeaker ?? '')}
        </p>
      )}
      {match ? (
        <>
          <p class="match-line">
            {kindLabel(match)} · <span class="score">{scorePercent(match.score)}</span>
            {isWeak(match.score) && <strong class="weak"> · {t('weakMatch')}</strong>}
            {sourceSpeaker && !match.misattributed && <> · {t('saidBy', sourceSpeaker)}</>}
          </p>
          <p class="sources-heading">{plural(match.sources.length, 'sourcesCarryOne', 'sourcesCarryMany')}</p>
          <SourceList sources={match.sources} legend={t('wordingLegendPage')} />
        </>
      ) : (
        <p class="missing">{t('notInArticles', articles(sourcesSearched))}</p>
      )}
      <footer class="card-foot">
        <button type="button" onClick={() => onStep(-1)} disabled={total < 2}>
          {t('previousQuote')}
        </button>
        <button type="button" onClick={() => onStep(1)} disabled={total < 2}>
          {t('nextQuote')}
        </button>
      </footer>
    </section>
  );
}
