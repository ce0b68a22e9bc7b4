// The speakers QuoteTrail follows, read from data/speakers.json: a fifth speaker is one more entry there.
import data from '@/data/speakers.json';
import type { SpeakerId } from '@/lib/model/types';

/** One followed person: how news text names them and what stands for them. */
export interface Speaker {
  id: SpeakerId;
  displayName: string;
  role: string;
  pronoun: 'he' | 'she';
  givenNames: string[];
  surname: string;
  /** A bare surname that others share (Johnson): it counts only once the text has named ours. */
  ambiguousSurname: boolean;
  names: string[];
  titles: string[];
}

/** Every followed speaker, in the data file's order. */
export const SPEAKERS: readonly Speaker[] = data.speakers as Speaker[];

const byId = new Map(SPEAKERS.map((s) => [s.id, s]));

/** True for one of the followed speakers' ids. */
export function isSpeakerId(value: unknown): value is SpeakerId {
  return typeof value === 'string' && byId.has(value as SpeakerId);
}

/** The speaker with this id (throws on an unknown id: ids come from our own data). */
export function getSpeaker(id: SpeakerId): Speaker {
  const speaker = byId.get(id);
  if (!speaker) throw new Error(`Unknown speaker id: ${id}`);
  return speaker;
}

/** The name to show for a speaker id, or null for none of the four. */
export function speakerName(id: SpeakerId | null): string | null {
  return id === null ? null : getSpeaker(id).displayName;
}
