// One of the options page's site lists ("Always scan", "Never scan"): its hostnames, a field to add one, a remove button each.
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { hostMatches, normalizeHost } from '@/lib/model/settings';
import { t } from '@/lib/ui/i18n';

/** Props: the list, what to do with a change, and the other list's entries a host here is overruled by. */
export interface OptionsSitesProps {
  title: string;
  hint: string;
  sites: string[];
  onChange(sites: string[]): void;
  /** Entries that overrule this list (the deny list, for the allow list): such hosts are flagged. */
  overruledBy?: string[];
}

/** The list editor: every control a labelled button or field, usable from the keyboard alone. */
export function OptionsSites({ title, hint, sites, onChange, overruledBy = [] }: OptionsSitesProps) {
  const headingId = useId();
  const hintId = useId();
  const fieldId = useId();
  const errorId = useId();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  // A removed row takes its focused button with it: focus goes to the row that took its place (else the one
  // before it, else the field), not to the top of the page.
  const [refocus, setRefocus] = useState<number | null>(null);
  useLayoutEffect(() => {
    if (refocus === null) return;
    setRefocus(null);
    const buttons = listRef.current?.querySelectorAll('button') ?? [];
    (buttons[Math.min(refocus, buttons.length - 1)] ?? fieldRef.current)?.focus();
  }, [refocus, sites]);
  const remove = (host: string) => {
    setRefocus(sites.indexOf(host));
    onChange(sites.filter((s) => s !== host));
  };

  const add = (e: Event) => {
    e.preventDefault();
    const typed = draft.trim();
    if (!typed) return;
    const host = normalizeHost(typed);
    if (!host) return setError(t('options_siteInvalid', typed));
    if (sites.includes(host)) return setError(t('options_siteAlready', host));
    setError(null);
    setDraft('');
    onChange([...sites, host]);
  };

  return (
    <section class="site-list" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <p class="hint" id={hintId}>{hint}</p>
      {sites.length === 0 ? (
        <p class="empty">{t('options_siteNone')}</p>
      ) : (
        <ul class="sites" aria-labelledby={headingId} ref={listRef}>
          {sites.map((host) => (
            <li key={host}>
              <span class="host">{host}</span>
              {overruledBy.some((entry) => hostMatches(host, entry)) && <span class="overruled"> ({t('options_siteDenied')})</span>}
              <button type="button" class="link-button" onClick={() => remove(host)}>
                {t('options_siteRemove', host)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="site-add" onSubmit={add}>
        <label class="visually-hidden" for={fieldId}>{t('options_siteField', title)}</label>
        <input
          ref={fieldRef}
          id={fieldId}
          type="text"
          inputMode="url"
          autocomplete="off"
          spellcheck={false}
          placeholder="www.example.com"
          value={draft}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          onInput={(e) => {
            setDraft((e.target as HTMLInputElement).value);
            setError(null);
          }}
        />
        <button type="submit">{t('options_siteAdd')}</button>
      </form>
      {error && (
        <p class="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
