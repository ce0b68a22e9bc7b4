// The popup's "check a quote" panel: a text field, and every bundled source that carries what was typed.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { errorMessage, type CorpusStatus, type Replies } from '@/lib/model/protocol';
import type { QuoteMatch } from '@/lib/model/types';
import { articles, isWeak, kindLabel, scorePercent, speakerLabel, speakerSurnames } from '@/lib/ui/describe-match';
import { plural, t } from '@/lib/ui/i18n';
import { SourceList } from '@/components/SourceList';

export { WEAK_MATCH_SCORE } from '@/lib/ui/describe-match';

/** What a lookup answers: the best match or null, and how many sources were searched. */
export type LookupReply = Replies['lookup'];

/** CheckQuote's dependencies, injected so that tests need no browser. */
export interface CheckQuoteProps {
  lookup: (text: string) => Promise<LookupReply>;
  status: () => Promise<CorpusStatus>;
  initialText?: string;
}

/** Wait this long after the last keystroke: long enough to skip mid-word lookups, short enough to feel live. */
export const DEBOUNCE_MS = 120;
/** Show "Searching…" only for a lookup slower than this, so that fast answers do not flicker. */
export const SEARCHING_DELAY_MS = 150;
/** How often to ask again while the corpus loads (the first run fills the database in about a second). */
export const STATUS_POLL_MS = 300;

type Answer = { query: string } & ({ ok: true; reply: LookupReply } | { ok: false; error: string });

/** The panel: the field is always there and usable, whatever the corpus or the lookup is doing. */
export function CheckQuote({ lookup, status, initialText = '' }: CheckQuoteProps) {
  const fieldId = useId();
  const hintId = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initialText);
  const [corpus, setCorpus] = useState<CorpusStatus | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [searching, setSearching] = useState(false);
  const query = text.trim();
  // What the field asks for now: a reply for anything else is stale and must not be shown.
  const current = useRef(query);
  current.current = query;
  // Props may be new functions on every render; the effects below want the latest without restarting.
  const deps = useRef({ lookup, status });
  deps.current = { lookup, status };

  useEffect(() => {
    const el = field.current;
    if (!el) return;
    // The autofocus attribute is not honoured everywhere for content rendered after load (Firefox popups).
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let next: CorpusStatus;
      try {
        next = await deps.current.status();
      } catch (error) {
        next = { state: 'failed', error: errorMessage(error) };
      }
      if (stopped) return;
      setCorpus(next);
      if (next.state === 'loading') timer = setTimeout(() => void poll(), STATUS_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    if (!query) {
      setAnswer(null);
      setSearching(false);
      return;
    }
    let slow: ReturnType<typeof setTimeout> | undefined;
    const debounce = setTimeout(() => {
      let settled = false;
      slow = setTimeout(() => {
        if (!settled && current.current === query) setSearching(true);
      }, SEARCHING_DELAY_MS);
      const settle = (result: Answer) => {
        settled = true;
        if (current.current !== query) return;
        setAnswer(result);
        setSearching(false);
      };
      // Promise.resolve().then turns a lookup that throws synchronously into a shown error, too.
      Promise.resolve()
        .then(() => deps.current.lookup(query))
        .then(
          (reply) => settle({ query, ok: true, reply }),
          (error: unknown) => settle({ query, ok: false, error: errorMessage(error) }),
        );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(debounce);
      clearTimeout(slow);
    };
  }, [query]);

  // A previous answer stays up (dimmed) while the next one is on its way, so the panel does not jump.
  const shown = query ? answer : null;
  const stale = shown !== null && shown.query !== query;

  return (
    <div class="check-quote">
      <label for={fieldId} class="field-label">
        {t('checkLabel')}
      </label>
      <textarea
        id={fieldId}
        ref={field}
        class="field"
        rows={3}
        value={text}
        autofocus
        spellcheck={false}
        autocomplete="off"
        aria-describedby={query ? undefined : hintId}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      {!query && (
        <p id={hintId} class="hint">
          {t('checkHint', speakerSurnames())}
        </p>
      )}

      <CorpusNotice corpus={corpus} />

      {/* The line is always there, empty or not, so that "Searching…" does not push the results down. */}
      <p class="progress" aria-live="polite">
        {searching ? t('searching') : ''}
      </p>

      <div class={stale ? 'result stale' : 'result'} aria-busy={stale}>
        {/* A live region that stays in the page, so that each new summary is read out (not the whole list). */}
        <div class="summary" aria-live="polite">
          {shown && (shown.ok ? <Summary query={shown.query} reply={shown.reply} /> : <LookupError error={shown.error} />)}
        </div>
        {shown?.ok && shown.reply.match && <Sources match={shown.reply.match} />}
      </div>
    </div>
  );
}

function CorpusNotice({ corpus }: { corpus: CorpusStatus | null }) {
  if (corpus?.state === 'loading') {
    return (
      <div class="notice" role="status">
        <p>{t('corpusLoading')}</p>
        <p class="notice-detail">{t('corpusLoadingDetail')}</p>
      </div>
    );
  }
  if (corpus?.state === 'failed') {
    return (
      <div class="notice failed" role="alert">
        <p>{t('corpusFailed')}</p>
        <p class="notice-detail">{corpus.error}</p>
      </div>
    );
  }
  // Unknown yet or ready: nothing to say (the result line says how many articles were searched).
  return null;
}

function LookupError({ error }: { error: string }) {
  return (
    // No role="alert": this sits in the summary's live region already, and one announcement is enough.
    <div class="lookup-error">
      <p>{t('lookupFailed')}</p>
      <p class="notice-detail">{error}</p>
    </div>
  );
}

function Summary({ query, reply }: { query: string; reply: LookupReply }) {
  const { match } = reply;
  if (!match) {
    return (
      <>
        <p class="no-match">{t('noMatch', articles(reply.searched.sources))}</p>
        <p class="searched">“{query}”</p>
      </>
    );
  }
  return (
    <>
      <h2 class="speaker">{speakerLabel(match)}</h2>
      <p class="match-line">
        <span class="kind">{kindLabel(match)}</span>
        <span class="score">
          <span class="score-label">{t('scoreLabel')} </span>
          {scorePercent(match.score)}
        </span>
        {isWeak(match.score) && <span class="weak">{t('weakMatch')}</span>}
      </p>
    </>
  );
}

function Sources({ match }: { match: QuoteMatch }) {
  const count = match.sources.length;
  return (
    <>
      <p class="sources-heading">{plural(count, 'sourcesCarryOne', 'sourcesCarryMany')}</p>
      <SourceList sources={match.sources} legend={t('wordingLegend')} />
    </>
  );
}
