// Every source that carries a matched quote, all listed at once: title, outlet, date, quoting and wording.
import type { SourceHit } from '@/lib/model/types';
import { t } from '@/lib/ui/i18n';
import { Wording } from '@/components/Wording';

/** The URL to link to, or null: only web addresses, since a reader's own source could hold `javascript:`. */
export function safeHref(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function Source({ hit }: { hit: SourceHit }) {
  const title = hit.title ?? t('untitled');
  const href = safeHref(hit.url);
  return (
    <li class="source">
      <h3 class="source-title">
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {title}
          </a>
        ) : (
          title
        )}
        {hit.title === null && <span class="source-id"> ({hit.sourceId})</span>}
      </h3>
      <p class="source-meta">
        {hit.outlet !== null && <span class="outlet">{hit.outlet}</span>}
        {hit.published !== null && <time dateTime={hit.published}>{hit.published}</time>}
        <span class={hit.quoted ? 'quoting quoted' : 'quoting unquoted'}>
          {t(hit.quoted ? 'quoted' : 'unquoted')}
        </span>
      </p>
      <blockquote class="wording" cite={href ?? undefined}>
        <Wording text={hit.text} marks={hit.marks} />
      </blockquote>
    </li>
  );
}

/** The list of sources, in the order the lookup gave them. */
export function SourceList({ sources, legend }: { sources: readonly SourceHit[]; legend?: string }) {
  const differs = sources.some((hit) => hit.marks.some((m) => !m.same));
  return (
    <>
      {legend && differs && (
        // What the marks mean, for the eye; screen readers hear "(differs)" after each such word instead.
        <p class="legend" aria-hidden="true">
          {legend}
        </p>
      )}
      <ol class="sources">
        {sources.map((hit) => (
          <Source key={hit.sourceId} hit={hit} />
        ))}
      </ol>
    </>
  );
}
