// The words the popup uses for a match: its kind, its score, whom it belongs to, how many articles.
import type { QuoteMatch } from '@/lib/model/types';
import { SPEAKERS, isSpeakerId, speakerName } from '@/lib/model/speakers';
import { plural, t } from '@/lib/ui/i18n';

/** Below this score a match is labelled "Weak match": under 3/4 of the words agree, so it may be another quote. */
export const WEAK_MATCH_SCORE = 0.75;

/** A small count in words ("four"), digits past ten. */
export function countWords(n: number): string {
  return t('numberWords').split(',')[n] ?? String(n);
}

/** "A, B, C or D": the speakers' surnames for the hint, so a fifth speaker in data/ shows up here too. */
export function speakerSurnames(): string {
  const names = SPEAKERS.map((s) => s.surname);
  if (names.length <= 1) return names.join('');
  return t('listOr', names.slice(0, -1).join(', '), names[names.length - 1]!);
}

/** The speaker's display name, or a plain statement that it is none of the followed speakers. */
export function speakerLabel(match: QuoteMatch): string {
  // speakerName throws on an id it does not know (say, a database filled before a speaker was removed
  // from data/): that must not blank the whole popup, so such an id reads as none of ours.
  const name = speakerNameOf(match.speaker);
  return name ?? t('notOneOfSpeakers', countWords(SPEAKERS.length));
}

/** The match kind in words, as the reader sees it. */
export function kindLabel(match: QuoteMatch): string {
  switch (match.kind) {
    case 'exact':
      return t('kindExact');
    case 'partial':
      return t(match.direction === 'contains' ? 'kindPartialContains' : 'kindPartialFragment');
    case 'variant':
      return t('kindVariant');
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

/** "1 bundled article" / "5 bundled articles". */
export function articles(n: number): string {
  return n === 1 ? t('articlesOne', n) : t('articlesMany', n);
}

/** "1 source" / "3 sources" / "No source". */
export function sourceCount(n: number): string {
  return n === 0 ? t('sourcesNone') : plural(n, 'sourcesOne', 'sourcesMany');
}

/** A speaker id's display name, or null for anything that is not one of the four. */
export function speakerNameOf(id: string | null): string | null {
  return isSpeakerId(id) ? speakerName(id) : null;
}
