// The options page's list of the reader's own sources: title, address, dates, and a remove button with a confirmation.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { errorMessage } from '@/lib/model/protocol';
import type { UserSourceSummary } from '@/lib/model/reader-sources';
import { t } from '@/lib/ui/i18n';
import { safeHref } from '@/components/SourceList';

/** Where the list comes from and goes to (the background, over runtime messaging; fakes in tests). */
export interface SourcesApi {
  list(): Promise<UserSourceSummary[]>;
  remove(id: string): Promise<{ removed: boolean }>;
}

type Loaded = { state: 'loading' } | { state: 'failed'; error: string } | { state: 'ready'; sources: UserSourceSummary[] };

const nameOf = (s: UserSourceSummary) => s.title ?? s.url ?? t('options_sourceUntitled');

/** The list; removing asks first, in place, and says what it did. */
export function OptionsSources({ api }: { api: SourcesApi }) {
  const headingId = useId();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const keepButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Where focus goes back to when a confirmation closes: the row's own remove button.
  const returnTo = useRef<string | null>(null);

  const refresh = () =>
    api.list().then(
      (sources) => setLoaded({ state: 'ready', sources }),
      (error: unknown) => setLoaded({ state: 'failed', error: errorMessage(error) }),
    );
  useEffect(() => void refresh(), []);
  useEffect(() => {
    if (confirming) keepButton.current?.focus(); // the safe choice has focus: Enter does not delete
  }, [confirming]);

  const cancel = () => {
    returnTo.current = confirming;
    setConfirming(null);
  };
  useEffect(() => {
    if (confirming || !returnTo.current) return;
    document.getElementById(`${headingId}-remove-${returnTo.current}`)?.focus();
    returnTo.current = null;
  }, [confirming]);

  const remove = async (source: UserSourceSummary) => {
    setConfirming(null);
    try {
      await api.remove(source.id);
      setStatus(t('options_sourceRemoved', nameOf(source)));
      await refresh();
      heading.current?.focus(); // its row is gone: focus goes to the list's heading, not to the page's top
    } catch (error) {
      setStatus(t('options_sourceRemoveFailed', errorMessage(error)));
    }
  };

  return (
    <section class="options-section" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>{t('options_sources')}</h2>
      <p class="hint">{t('options_sourcesHint')}</p>
      {loaded.state === 'loading' && <p class="muted">{t('options_sourcesLoading')}</p>}
      {loaded.state === 'failed' && <p class="notice failed" role="alert">{t('options_sourcesFailed', loaded.error)}</p>}
      {loaded.state === 'ready' && loaded.sources.length === 0 && <p class="empty">{t('options_sourcesNone')}</p>}
      {loaded.state === 'ready' && loaded.sources.length > 0 && (
        <ul class="reader-sources" aria-labelledby={headingId}>
          {loaded.sources.map((s) => {
            const href = safeHref(s.url);
            const name = nameOf(s);
            return (
              <li key={s.id} class="reader-source">
                <h3 class="source-title">{name}</h3>
                {s.url && <p class="source-url">{href ? <a href={href} target="_blank" rel="noopener noreferrer">{s.url}</a> : s.url}</p>}
                <p class="source-dates">
                  {s.published ? t('options_sourcePublished', s.published) : t('options_sourceUndated')}
                  {' · '}
                  <time dateTime={s.addedAt}>{t('options_sourceAdded', s.addedAt.slice(0, 10))}</time>
                  {' · '}
                  {s.quotes === 1 ? t('options_sourceQuotesOne') : t('options_sourceQuotesMany', s.quotes)}
                </p>
                {confirming === s.id ? (
                  <div class="confirm" role="group" aria-label={t('options_sourceRemoveNamed', name)} onKeyDown={(e) => e.key === 'Escape' && cancel()}>
                    <p>{t('options_sourceConfirm', name)}</p>
                    <button type="button" class="danger" onClick={() => void remove(s)}>{t('options_sourceConfirmYes')}</button>
                    <button type="button" ref={keepButton} onClick={cancel}>
                      {t('options_sourceConfirmNo')}
                    </button>
                  </div>
                ) : (
                  <button type="button" id={`${headingId}-remove-${s.id}`} aria-label={t('options_sourceRemoveNamed', name)} onClick={() => setConfirming(s.id)}>
                    {t('options_sourceRemove')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p class="status" role="status">{status}</p>
    </section>
  );
}
