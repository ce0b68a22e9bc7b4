// The words the popup uses for a match: its kind, its score, whom it belongs to, how many articles.
import type { QuoteMatch } from '@/lib/types';
import { SPEAKERS, isSpeakerId, speakerName } from '@/lib/speakers';

/** Below this score a match is labelled "Weak match": under 3/4 of the words agree, so it may be another quote. */
export const WEAK_MATCH_SCORE = 0.75;

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** A small count in words ("four"), digits past ten. */
export function countWords(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

/** "A, B, C or D": the speakers' surnames for the hint, so a fifth speaker in data/ shows up here too. */
export function speakerSurnames(): string {
  const names = SPEAKERS.map((s) => s.surname);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The speaker's display name, or a plain statement that it is none of the followed speakers. */
export function speakerLabel(match: QuoteMatch): string {
  // speakerName throws on an id it does not know (say, a database filled before a speaker was removed
  // from data/): that must not blank the whole popup, so such an id reads as none of ours.
  const name = isSpeakerId(match.speaker) ? speakerName(match.speaker) : null;
  return name ?? `Not one of the ${countWords(SPEAKERS.length)} speakers`;
}

/** The match kind in words, as the reader sees it. */
export function kindLabel(match: QuoteMatch): string {
  switch (match.kind) {
    case 'exact':
      return 'Exact match';
    case 'partial':
      return match.direction === 'contains'
        ? 'Partial match: contains the quote'
        : 'Partial match: a fragment of a longer quote';
    case 'variant':
      return 'Variant: the same quote in other words';
  }
}

/** The score as a whole percentage, rounded down so that only a perfect 1 reads "100%". */
export function scorePercent(score: number): string {
  // The small epsilon keeps 0.29 * 100 = 28.999… from reading as 28%.
  const percent = Math.floor(Math.min(1, Math.max(0, score)) * 100 + 1e-9);
  return `${percent}%`;
}

/** True when the score is too low to trust without reading the sources. */
export function isWeak(score: number): boolean {
  return score < WEAK_MATCH_SCORE;
}

/** "1 article" / "5 articles". */
export function articles(n: number): string {
  return `${n} bundled ${n === 1 ? 'article' : 'articles'}`;
}
