// Stage 3: the person a source mention stands for. A name or a title stands for itself; a pronoun, or a speech
// verb without a subject, for the nearest person named before it (of the same gender, never a group).
import type { Mention } from '@/lib/pipeline/mentions';
import { mentionsBefore, type DocContext } from '@/lib/pipeline/attribution/context';
import type { SourceMention } from '@/lib/pipeline/attribution/source-mention';

/** How far back (characters) a pronoun may look for the person it stands for. */
export const PRONOUN_REACH = 2000;

/** The mention that names the person a pronoun (of this gender, if known) at `at` stands for, or null. */
export function antecedent(ctx: DocContext, at: number, gender: 'm' | 'f' | null): Mention | null {
  for (const m of mentionsBefore(ctx, at, PRONOUN_REACH)) {
    if (m.kind === 'pronoun' || m.group) continue;
    if (gender && m.gender && m.gender !== gender) continue;
    return m;
  }
  return null;
}

/** The mention that names the source's person (null: nobody the text names). */
export function personOf(ctx: DocContext, source: SourceMention): Mention | null {
  if (source.kind === 'none') return null;
  if (source.kind === 'implied') return antecedent(ctx, source.at, null);
  const m = source.mention;
  return m.kind === 'pronoun' ? antecedent(ctx, m.start, m.gender) : m;
}
