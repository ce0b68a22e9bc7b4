// Finds the people a text mentions: our four speakers by name or title, other people, groups, and pronouns.
import { SPEAKERS, type Speaker } from '@/lib/model/speakers';
import type { SpeakerId } from '@/lib/model/types';

/** How a mention names its person. */
export type MentionKind = 'name' | 'title' | 'pronoun' | 'other';

/** A mention of a person (or a group that can speak) at [start, end) of the text. */
export interface Mention {
  start: number;
  end: number;
  kind: MentionKind;
  /** Ours when it names one of the four; null for anyone else, and for pronouns before resolution. */
  speaker: SpeakerId | null;
  gender: 'm' | 'f' | null;
  /** A group (officials, the ministry): never the antecedent of he or she. */
  group: boolean;
  /** "Trump's proposal": the person is not the subject here. */
  possessive: boolean;
  /** For a bare, shared surname (Johnson): resolved against the fuller mentions around it. */
  surname?: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const APOS = "['\u2019]";
const POSSESSIVE = new RegExp(`^${APOS}s?\\b`);

// Titles that name somebody else's office when they stand right before one of our surnames (Sen. Ron Johnson).
const FOREIGN_TITLES = /\b(?:Sen|Senator|Rep|Representative|Speaker|Gov|Governor|Prime Minister|Mayor|Judge|Justice|Gen|General|Dr|Prof|Mrs|Ms|Miss|Lady|Sir)\.?\s+(?:\p{Lu}[\p{Ll}.]*\s+)?$/u;
// Words that may stand before a name as part of an office, not a first name.
const OFFICE_WORDS = new Set([
  'President', 'Presidenta', 'Presidente', 'Secretary', 'State', 'Ambassador', 'Embajador', 'Mr', 'Mr.', 'U.S.', 'US',
  'Mexican', 'Mexico', "Mexico's", 'Mexico\u2019s', 'American', 'Former', 'former', 'Envoy', 'of', 'to', 'the', 'The',
  'Then', 'President-elect', 'Canciller', 'Secretario', 'Elect', 'Republican', 'Democrat', 'Democratic', 'Morena',
]);
// Nouns after a name that make the mention a group: the Trump administration is not Trump.
const GROUP_AFTER_NAME = /^\s+(?:administration|government|campaign|team|aides?|officials?|allies|supporters|spokes(?:man|woman|person)|White House|camp|family|Organization|cabinet|gobierno|administraci\u00F3n)\b/i;
const FORMER_BEFORE = /\b(?:former|ex-|then-|late|outgoing|expresidente|ex)\s*$/i;

interface Pattern {
  speaker: Speaker;
  kind: 'name' | 'title';
  surnameOnly: boolean;
}

/** Every form of every speaker in two regular expressions (one pass per block, not one per form). */
interface Patterns {
  /** Any word that a name or title needs: a block without one names none of ours. */
  hints: RegExp;
  names: RegExp;
  titles: RegExp;
  byName: Map<string, Pattern>;
  byTitle: Map<string, Pattern>;
}

/** How a title is looked up once found: lower case, no article, no dots, straight apostrophes. */
const titleKey = (text: string) =>
  text.toLowerCase().replace(/^(?:the|el|la)\s+/, '').replace(/\./g, '').replace(/\u2019/g, "'").replace(/\s+/g, ' ');

function buildPatterns(): Patterns {
  const byName = new Map<string, Pattern>();
  const byTitle = new Map<string, Pattern>();
  for (const speaker of SPEAKERS) {
    for (const name of speaker.names) byName.set(name, { speaker, kind: 'name', surnameOnly: name === speaker.surname });
    for (const title of speaker.titles) byTitle.set(titleKey(title), { speaker, kind: 'title', surnameOnly: false });
  }
  // Longest forms first, so that "Claudia Sheinbaum" wins over "Sheinbaum" where both start.
  const longestFirst = (a: string, b: string) => b.length - a.length;
  const names = [...byName.keys()].sort(longestFirst).map(escape);
  const titles = [...new Set(SPEAKERS.flatMap((s) => s.titles.map((t) => t.replace(/^(?:the|el|la)\s+/i, ''))))]
    .sort(longestFirst)
    .map((t) => escape(t).replace(/\\\./g, '\\.?').replace(/'/g, APOS).replace(/ /g, '\\s+'));
  // A word that every name or title of ours contains (a surname, or the office's own word).
  const words = new Set([...byName.keys(), ...byTitle.keys()].map((form) => form.split(/\s+/).sort((a, b) => b.length - a.length)[0]!.toLowerCase()));
  return {
    hints: new RegExp([...words].map(escape).join('|'), 'i'),
    names: new RegExp(`(?:${names.join('|')})(?![\\p{L}])`, 'gu'),
    titles: new RegExp(`(?:(?:the|el|la)\\s+)?(?:${titles.join('|')})(?![\\p{L}])`, 'giu'),
    byName,
    byTitle,
  };
}

let patterns: Patterns | null = null;

// Role nouns and groups that speak in the news but are none of ours (an analyst, the ministry, officials), and
// the article or number that may stand before one. The noun is searched, the article looked for behind it: an
// optional leading alternation made the search several times slower (see roleMatches).
const ROLE_NOUN = new RegExp(
  String.raw`(president|analysts?|experts?|officials?|spokes(?:man|woman|person)|ministers?|ministry|senators?|lawmakers?|governors?|mayors?|diplomats?|critics?|observers?|advis[eo]rs?|aides?|commentators?|columnists?|professors?|researchers?|economists?|journalists?|reporters?|sources?|witness(?:es)?|residents?|activists?|government|embassy|department|agency|White House|Pentagon|Kremlin|newspaper|readers?|commenters?|users?|analista|experto|funcionarios?|portavoz|canciller[i\u00ED]a|gobierno|expresidente|secretary)(?![\p{L}])`,
  'giu',
);
const ROLE_ARTICLE = /^(?:the|an?|one|another|some|many|several|other|two|three|el|la|los|las|un|una)$/iu;
const FEMALE_ROLE = /spokeswoman|presidenta|la\s/i;
const MALE_ROLE = /spokesman|\bel\s/i;
const GROUP_ROLE = /s$|ministry|government|embassy|department|agency|office|White House|Pentagon|Kremlin|newspaper|gobierno|canciller/i;

// Two to four capitalised words: a person's name (Joe Biden, Andrés Manuel López Obrador).
const CAP = String.raw`\p{Lu}[\p{Ll}\p{M}'\u2019-]+`;
const PERSON_NAME = new RegExp(String.raw`(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?[ \u00A0]+)?${CAP}(?:[ \u00A0]+(?:(?:de|del|la|van|von|da|di|y)[ \u00A0]+)?${CAP}){1,3}(?![\p{L}])`, 'gu');
// Capitalised words that open a sentence without naming anyone: the name, if any, starts after them.
const LEADING_WORD = /^(?:The|A|An|In|On|At|But|And|For|As|With|While|After|Before|Since|Despite|Both|This|That|These|Those|Many|Some|Major|Local|Recent|Former|Venezuelan|Cuban|Colombian|Canadian|Citing|According|When|If|Asked|Speaking|Meanwhile|However|Still|Yet|So|Then|Also|Even|Only|Under|Over|From|By|To|Of|Like)$/u;
// Capitalised word runs that are places, institutions, papers or dates, not people.
const NOT_A_PERSON = /^(?:United|New|Los|Latin|North|South|Central|White|State|Foreign|National|Security|Ministry|Government|Department|Sinaloa|Jalisco|Mexico|Mexican|American|Homeland|Supreme|Secretary|Leave|Related|Read|More|Share|Sign|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Diplomats|Experts|Analysts|Officials|Ciudad|Palacio|Casa|Estados|Wall|Fox|Associated)\b/u;
const PRONOUN = /(he|she|He|She|\u00C9l|Ella)(?![\p{L}])/gu;

// Every finder's match must not start right after a letter (nor, for roles, an apostrophe). The check is made
// here, not as a lookbehind in the expressions: a leading lookbehind kept V8 from skipping ahead to a possible
// first character, and made the finders several times slower.
const LETTER = /\p{L}/u;
const LETTER_OR_APOSTROPHE = /[\p{L}'\u2019]/u;

/** The next match of `re` in `text` that does not start right after a character `notAfter` matches. */
export function execAfterBoundary(re: RegExp, text: string, notAfter: RegExp): RegExpExecArray | null {
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = charBefore(text, m.index);
    if (!before || !notAfter.test(before)) return m;
    re.lastIndex = m.index + (text.codePointAt(m.index)! > 0xffff ? 2 : 1);
  }
  return null;
}

/** The code point that ends just before `i`, as a string ('' at the start). */
function charBefore(text: string, i: number): string {
  return i > 0 ? String.fromCodePoint(text.codePointAt(i - 1 - (isLowSurrogate(text, i - 1) ? 1 : 0))!) : '';
}

const SPACE = /\s/;

/**
 * Role nouns in `text`, each with the article before it when there is one ("the analyst", "un experto"):
 * the matches of /(?<![\p{L}'’])(?:(?:the|an?|…)\s+)?(president|analysts?|…)(?![\p{L}])/giu, found noun first.
 */
function* roleMatches(text: string): Generator<{ start: number; end: number; role: string; whole: string }> {
  ROLE_NOUN.lastIndex = 0;
  for (let m = ROLE_NOUN.exec(text); m; m = ROLE_NOUN.exec(text)) {
    const at = m.index;
    const end = at + m[0].length;
    let start = -1;
    // An article: the whole run of letters before the spaces before the noun, not itself after an apostrophe.
    let gap = at;
    while (gap > 0 && SPACE.test(text[gap - 1]!)) gap--;
    if (gap < at) {
      let word = gap;
      for (let c = charBefore(text, word); c && LETTER.test(c); c = charBefore(text, word)) word -= c.length;
      if (word < gap && ROLE_ARTICLE.test(text.slice(word, gap)) && !LETTER_OR_APOSTROPHE.test(charBefore(text, word))) start = word;
    }
    if (start < 0) {
      if (LETTER_OR_APOSTROPHE.test(charBefore(text, at))) {
        ROLE_NOUN.lastIndex = at + (text.codePointAt(at)! > 0xffff ? 2 : 1);
        continue;
      }
      start = at;
    }
    yield { start, end, role: m[1]!, whole: text.slice(start, end) };
  }
}

function isLowSurrogate(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
}

/** Where a search for mentions looks: `from`/`to` bound the finds, `context` the words read around them. */
export interface MentionRange {
  from?: number;
  to?: number;
  heading?: boolean;
  /** What the checks around a find may read (its block): by default [from, to). */
  context?: { start: number; end: number };
}

/** Finds every mention in `text` (within [from, to)), sorted by position; overlapping finds keep the most specific. */
export function findMentions(text: string, options: MentionRange = {}): Mention[] {
  const from = options.from ?? 0;
  const to = options.to ?? text.length;
  const context = options.context ?? { start: from, end: to };
  return findIn(text, from, to, options.heading ?? false, Math.min(context.start, from), Math.max(context.end, to));
}

function findIn(full: string, offset: number, to: number, heading: boolean, ctxStart: number, ctxEnd: number): Mention[] {
  patterns ??= buildPatterns();
  const text = full.slice(offset, to);
  // The words around a find (in `text`'s coordinates), read from the whole context, not only [from, to).
  const before = (at: number, n: number) => full.slice(Math.max(ctxStart, offset + at - n), offset + at);
  const after = (at: number, n: number) => full.slice(offset + at, Math.min(ctxEnd, offset + at + n));
  const found: Mention[] = [];
  // Which characters a mention already covers: checking a new find costs its own length, not the finds so far.
  // One buffer for every call, cleared where it was marked (a typed array per sentence cost more than the finding).
  if (covered.length <= text.length) covered = new Uint8Array(2 * text.length + 1);
  const marked = covered;
  const taken = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (marked[i]) return true;
    return false;
  };
  const add = (m: Mention) => {
    if (taken(m.start, m.end)) return;
    marked.fill(1, m.start, m.end);
    found.push(m);
  };
  try {
    collect(text, heading, before, after, add, taken);
  } finally {
    for (const m of found) marked.fill(0, m.start, m.end);
  }
  found.sort((a, b) => a.start - b.start);
  if (offset) for (const m of found) { m.start += offset; m.end += offset; }
  return found;
}

let covered = new Uint8Array(1024);

/** Runs the finders over `text` in order of specificity (ours by name or title, other people, roles, pronouns). */
function collect(
  text: string, heading: boolean, before: (at: number, n: number) => string, after: (at: number, n: number) => string,
  add: (m: Mention) => void, taken: (start: number, end: number) => boolean,
): void {
  const p0 = patterns!;
  const { names, titles, byName, byTitle, hints } = p0;
  // Most blocks name none of ours: one cheap test spares the two long alternations.
  for (const re of hints.test(text) ? [names, titles] : []) {
    re.lastIndex = 0;
    for (let m = execAfterBoundary(re, text, LETTER); m; m = execAfterBoundary(re, text, LETTER)) {
      const start = m.index;
      const end = start + m[0].length;
      const p = re === names ? byName.get(m[0]) : byTitle.get(titleKey(m[0]));
      if (!p || taken(start, end)) continue;
      const wordsBefore = before(start, 40);
      const wordsAfter = after(end, 40);
      const possessive = POSSESSIVE.test(wordsAfter);
      let speaker: SpeakerId | null = p.speaker.id;
      if (p.kind === 'name') {
        // Someone else who shares the surname: another first name (Eric Trump), a suffix (Trump Jr.), another office.
        // A capitalised word right before the surname is a first name unless it is an office or the text is
        // in Title Case (a headline: "Firmly Rejects Trump's Offer").
        // The two words before the name (what /(\S+)\s+(\S+)\s+$/ finds, without its quadratic backtracking).
        const words = /\s$/.test(wordsBefore) ? wordsBefore.split(/\s+/).filter(Boolean) : [];
        const prevWord = words.at(-1) ?? '';
        const wordBefore = words.length >= 2 ? words.at(-2)! : '';
        const titleCase = /^\p{Lu}/u.test(wordBefore) && !/[.!?:;,]$/.test(wordBefore);
        const foreignFirst = p.surnameOnly && !heading && !titleCase && /^\p{Lu}[\p{Ll}]+$/u.test(prevWord)
          && !OFFICE_WORDS.has(prevWord) && !LEADING_WORD.test(prevWord)
          && !p.speaker.givenNames.some((g) => g.split(' ').at(-1) === prevWord);
        if (foreignFirst || FOREIGN_TITLES.test(wordsBefore) || /^,?\s+(?:Jr|Sr|III)\b/.test(wordsAfter)) speaker = null;
      } else if (FORMER_BEFORE.test(wordsBefore)) {
        speaker = null; // a former president is not the president
      }
      const group = !possessive && GROUP_AFTER_NAME.test(wordsAfter);
      if (group) speaker = null;
      const gender = speaker ? (p.speaker.pronoun === 'she' ? 'f' : 'm') : null;
      add({
        start, end, kind: speaker ? p.kind : 'other', speaker, gender, group, possessive,
        ...(p.surnameOnly && p.speaker.ambiguousSurname ? { surname: p.speaker.surname } : {}),
      });
    }
  }

  PERSON_NAME.lastIndex = 0;
  // Headlines are in Title Case: a run of capitalised words there is no sign of a person.
  for (let m = heading ? null : execAfterBoundary(PERSON_NAME, text, LETTER); m; m = execAfterBoundary(PERSON_NAME, text, LETTER)) {
    const firstWord = m[0].split(/[ \u00A0]/)[0]!;
    if (LEADING_WORD.test(firstWord)) {
      // "In Washington" is no person; try again from the second word ("Joe Biden" after "Former").
      PERSON_NAME.lastIndex = m.index + firstWord.length;
      continue;
    }
    if (NOT_A_PERSON.test(m[0])) continue;
    const start = m.index;
    const end = start + m[0].length;
    const surname = SPEAKERS.find((s) => s.ambiguousSurname && m![0].endsWith(` ${s.surname}`))?.surname;
    add({
      start, end, kind: 'other', speaker: null, gender: /^Mr\b/.test(m[0]) ? 'm' : /^(Mrs|Ms)\b/.test(m[0]) ? 'f' : null,
      group: false, possessive: POSSESSIVE.test(after(end, 3)), ...(surname ? { surname } : {}),
    });
  }

  for (const { start, end, role, whole } of roleMatches(text)) {
    // "President Claudia Sheinbaum", "Secretary Rubio": an office before a name belongs to the name.
    if (/^[ \u00A0]+\p{Lu}/u.test(after(end, 2)) && /^\p{Lu}/u.test(role)) continue;
    add({
      start, end, kind: 'other', speaker: null,
      gender: FEMALE_ROLE.test(whole) ? 'f' : MALE_ROLE.test(whole) ? 'm' : null,
      group: GROUP_ROLE.test(role) && !/^(?:witness|president|analysis)$/i.test(role), possessive: POSSESSIVE.test(after(end, 3)),
    });
  }

  PRONOUN.lastIndex = 0;
  for (let m = execAfterBoundary(PRONOUN, text, LETTER); m; m = execAfterBoundary(PRONOUN, text, LETTER)) {
    const p = m[1]!.toLowerCase();
    add({ start: m.index, end: m.index + m[0].length, kind: 'pronoun', speaker: null, gender: p === 'she' || p === 'ella' ? 'f' : 'm', group: false, possessive: false });
  }
}
