// How a page quote is marked, in the page's highlights and in words: one state per quote, shared by the content
// script's highlighter, the card and the popup.
import type { PageQuote } from '@/lib/model/types';
import { t, type MessageKey } from '@/lib/ui/i18n';

/** How a quote on the page is marked: its match kind, not in the corpus, or misattributed. */
export type QuoteState = 'exact' | 'partial' | 'variant' | 'missing' | 'misattributed';

/** The state a quote is marked with (misattribution outranks the match kind). */
export function quoteState(q: PageQuote): QuoteState {
  if (!q.match) return 'missing';
  if (q.match.misattributed) return 'misattributed';
  return q.match.kind;
}

const STATE_MESSAGE: Record<QuoteState, MessageKey> = {
  exact: 'stateExact',
  partial: 'statePartial',
  variant: 'stateVariant',
  missing: 'stateMissing',
  misattributed: 'stateMisattributed',
};

/** The words for a state ("Exact match", "Misattributed"…), so that meaning never rests on colour alone. */
export function stateLabel(state: QuoteState): string {
  return t(STATE_MESSAGE[state]);
}
