// The words attribution looks for around a quotation: speech verbs (English and Spanish), "according to / según".
import { execAfterBoundary } from '@/lib/pipeline/mentions';

// Verbs that introduce or follow reported speech, English and Spanish, in the forms news text uses.
const SPEECH_VERBS = [
  // English. Base forms that are also nouns (a call, a note, a claim, a post) are left out on purpose.
  'says', 'said', 'saying', 'tells', 'told', 'telling', 'add(?:s|ed|ing)', 'insist(?:s|ed|ing)?', 'stress(?:es|ed|ing)',
  'wr(?:ites?|ote|iting)', 'post(?:s|ed|ing)', 'declar(?:es|ed|ing)', 'warn(?:s|ed|ing)?', 'stat(?:es|ed|ing)',
  'assert(?:s|ed|ing)?', 'remark(?:ed|ing)', 'not(?:ed|ing)', 'explain(?:s|ed|ing)?', 'argu(?:es|ed|ing)',
  'claim(?:ed|ing)', 'emphasi[sz](?:es|ed|ing)', 'underscor(?:es|ed|ing)', 'reiterat(?:es|ed|ing)', 'affirm(?:s|ed|ing)?',
  'announc(?:es|ed|ing)', 'repl(?:ies|ied|ying)', 'respond(?:s|ed|ing)', 'answer(?:ed|ing)', 'ask(?:ed|ing)',
  'tweet(?:ed|ing)', 'continu(?:es|ed|ing)', 'conclud(?:es|ed|ing)', 'call(?:s|ed|ing)(?: for)?', 'describ(?:es|ed|ing)',
  'made clear', 'mak(?:es|ing) clear', 'vow(?:s|ed|ing)?', 'promis(?:es|ed|ing)', 'pledg(?:es|ed|ing)', 'urg(?:es|ed|ing)',
  'comment(?:ed|ing)', 'acknowledg(?:es|ed|ing)', 'admit(?:s|ted|ting)', 'conced(?:es|ed|ing)', 'maintain(?:s|ed|ing)',
  'contend(?:s|ed|ing)', 'suggest(?:s|ed|ing)', 'predict(?:s|ed|ing)', 'caution(?:ed|ing)', 'repeat(?:s|ed|ing)',
  'recall(?:ed|ing)', 'quipp(?:ed|ing)', 'jok(?:ed|ing)', 'shout(?:ed|ing)', 'wonder(?:ed|ing)', 'press(?:es|ed|ing)',
  'demand(?:s|ed|ing)', 'issu(?:es|ed|ing) a statement', 'in a statement', 'put it', 'puts it',
  // Spanish.
  'dijo', 'dice', 'dicho', 'afirm\u00F3', 'afirma', 'se\u00F1al\u00F3', 'se\u00F1ala', 'declar\u00F3', 'asegur\u00F3', 'asegura',
  'indic\u00F3', 'a\u00F1adi\u00F3', 'agreg\u00F3', 'expres\u00F3', 'sostuvo', 'subray\u00F3', 'advirti\u00F3', 'explic\u00F3',
  'manifest\u00F3', 'insisti\u00F3', 'escribi\u00F3', 'public\u00F3', 'destac\u00F3', 'puntualiz\u00F3', 'recalc\u00F3',
  'coment\u00F3', 'respondi\u00F3', 'precis\u00F3', 'enfatiz\u00F3', 'reiter\u00F3', 'pidi\u00F3', 'pide', 'exigi\u00F3',
  'exige', 'reclam\u00F3', 'acus\u00F3', 'acusa', 'calific\u00F3', 'prometi\u00F3', 'record\u00F3', 'sentenci\u00F3',
];
/** A speech verb. Lower case only: "the United States" is no speech verb (headlines use VERB_TITLE_CASE). */
// Not after a letter or a hyphen: checked in code (execAfterBoundary), a leading lookbehind slowed the search.
export const VERB = new RegExp(`(?:${SPEECH_VERBS.join('|')})(?![\\p{L}])`, 'gu');
/** A speech verb in any case, for headlines in Title Case. */
export const VERB_TITLE_CASE = new RegExp(VERB.source, 'giu');
/** A speech verb at the start of a text, after an adverb if any ("quickly said"). */
export const VERB_AT_START = new RegExp(`^(?:\\p{L}+ly\\s+)?(?:${SPEECH_VERBS.join('|')})(?![\\p{L}])`, 'u');
/** "according to" / "según" just before a mention. */
export const ACCORDING = /(?<![\p{L}])(?:according to|seg\u00FAn)\s+$/iu;
const LETTER_OR_HYPHEN = /[\p{L}-]/u;

/** The last speech verb in `text` (not inside a word), or null. */
export function lastVerb(text: string, heading: boolean): RegExpExecArray | null {
  const verbs = heading ? VERB_TITLE_CASE : VERB;
  verbs.lastIndex = 0;
  let verb: RegExpExecArray | null = null;
  for (let v = execAfterBoundary(verbs, text, LETTER_OR_HYPHEN); v; v = execAfterBoundary(verbs, text, LETTER_OR_HYPHEN)) verb = v;
  return verb;
}

/** The first speech verb in `text` (not inside a word), or null. */
export function firstVerb(text: string): RegExpExecArray | null {
  VERB.lastIndex = 0;
  return execAfterBoundary(VERB, text, LETTER_OR_HYPHEN);
}
