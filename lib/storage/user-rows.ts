// A reader's source as the database indexes it: its quotations and sentences, extracted with the bundled corpus's
// own code, each with its index keys.
import { sourceCorpus } from '@/lib/corpus/extract';
import type { CorpusQuote, Passage } from '@/lib/model/corpus';
import { MAX_SOURCE_QUOTES, userSourceId } from '@/lib/model/reader-sources';
import { shingleKeys, wordsKey } from '@/lib/match/shingles';
import { tokenize } from '@/lib/pipeline/text';
import type { PassageRow, QuoteRow, UserQuoteRow, UserSourceRow } from '@/lib/storage/rows';

function quoteRow(q: CorpusQuote): QuoteRow {
  const w = tokenize(q.text).map((t) => t.norm);
  return { ...q, keys: shingleKeys(w), words: wordsKey(w) };
}

function passageRow(p: Passage): PassageRow {
  return { ...p, keys: shingleKeys(tokenize(p.text).map((t) => t.norm)) };
}

/** A reader's source's quotations and sentences, as stored: extracted with the bundled corpus's own code. */
export function userSourceRows(row: Pick<UserSourceRow, 'id' | 'text'>): { quotes: UserQuoteRow[]; passages: PassageRow[] } {
  const sourceId = userSourceId(row.id);
  const { quotes, passages } = sourceCorpus(sourceId, row.text, { maxQuotes: MAX_SOURCE_QUOTES });
  return { quotes: quotes.map((q) => ({ ...quoteRow(q), sourceId })), passages: passages.map(passageRow) };
}

