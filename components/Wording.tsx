// A source's wording with the checked words marked, and the words that differ marked apart from the rest.
import { Fragment } from 'preact';
import type { WordingMark } from '@/lib/model/types';
import { t } from '@/lib/ui/i18n';

/** One run of a source's wording: plain, a checked word, or a word that differs from the checked text. */
export interface Segment {
  text: string;
  mark: 'none' | 'same' | 'differs';
}

/**
 * Cuts `text` at the marks. Marks come over the wire, so they are clamped to the text, sorted,
 * and an overlap keeps the earlier mark: every character appears exactly once, in order.
 */
export function segments(text: string, marks: readonly WordingMark[]): Segment[] {
  const sorted = [...marks].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Segment[] = [];
  let at = 0;
  for (const m of sorted) {
    const start = Math.max(at, Math.min(text.length, Math.trunc(m.start)));
    const end = Math.min(text.length, Math.trunc(m.end));
    if (!(end > start)) continue;
    if (start > at) out.push({ text: text.slice(at, start), mark: 'none' });
    out.push({ text: text.slice(start, end), mark: m.same ? 'same' : 'differs' });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: 'none' });
  return out;
}

/** Renders a source's wording as text (never as HTML), with <mark> on the checked words. */
export function Wording({ text, marks }: { text: string; marks: readonly WordingMark[] }) {
  return (
    <>
      {segments(text, marks).map((seg, i) => {
        if (seg.mark === 'none') return seg.text;
        if (seg.mark === 'same') return <mark key={i}>{seg.text}</mark>;
        // Colour alone does not tell a screen reader or a colour-blind reader which word differs.
        return (
          <Fragment key={i}>
            <mark class="differs">{seg.text}</mark>
            <span class="visually-hidden"> {t('differs')}</span>
          </Fragment>
        );
      })}
    </>
  );
}
