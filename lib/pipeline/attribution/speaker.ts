// Stage 4: whether the person is one of the four. A name or title of ours is, unless it is a bare surname others
// share (Johnson) and the nearest fuller mention of that surname is somebody else's.
import type { SpeakerId } from '@/lib/model/types';
import type { Mention } from '@/lib/pipeline/mentions';
import { nearestWith, type DocContext } from '@/lib/pipeline/attribution/context';

/** How far a bare shared surname (Johnson) looks for the fuller mention that says who it is. */
export const SURNAME_REACH = 20_000;

function sameSurname(ctx: DocContext, m: Mention, surname: string): boolean {
  return m.surname === surname || ctx.text.slice(m.start, m.end).endsWith(surname);
}

/** The speaker among the four that the person's mention names, or null (someone else, or nobody we can be sure of). */
export function speakerOf(ctx: DocContext, person: Mention | null): SpeakerId | null {
  if (!person) return null;
  if (person.surname && person.speaker) {
    // A bare shared surname is ours only when the nearest fuller mention of that surname is ours.
    const fuller = (o: Mention) => o.kind !== 'pronoun' && !(o.speaker && o.surname) && sameSurname(ctx, o, person.surname!);
    const pick = nearestWith(ctx, person, person.surname, SURNAME_REACH, fuller);
    return pick && pick.speaker === person.speaker ? person.speaker : null;
  }
  return person.speaker;
}
