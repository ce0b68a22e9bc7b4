// Reads an annotated Source mention as written ("Trump", "Eric Trump", "he", "the billionaire") into who it names.

/** How a Source mentions its speaker. */
export type SourceKind = 'none' | 'name' | 'pronoun' | 'description';

/** Whom a named Source names: one of ours, a group or pair with one of ours in it, or anyone else. */
export type NamedSpeaker = 'trump' | 'rubio' | 'joint' | 'other';

const PRONOUN = /^(?:he|she|him|her|his|hers|they|them|their|we|us|our|i|me|my|you|your|it|its|who|whom|whose|which|that|this|one|himself|herself)$/i;

// Capitalised words that describe rather than name: parties, offices, places, peoples, and words that open a
// sentence. "The Republican nominee", "the New York billionaire", "the Vermont senator" are descriptions.
const DESCRIPTIVE = new Set(`
the a an his her their its our this that these those one another some both all each every many several
republican republicans democrat democrats democratic gop party party's libertarian independent conservative
conservatives liberal liberals progressive progressives evangelical evangelicals catholic christian christians muslim
muslims jewish hispanic hispanics latino latinos black white african-american american americans mexican mexicans
u.s. us usa america america's united states white house senate congress congressional presidential president
president-elect vice secretary state former sen. sen senator rep. rep representative gov. gov governor mr. mrs. ms. dr.
attorney general speaker majority minority leader chairman chairwoman chair congressman congresswoman justice judge
supreme court pope rev. gen. lt. col. sgt. mayor commissioner director chief executive ceo officer
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana
iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska
nevada new hampshire jersey mexico york carolina dakota north south ohio oklahoma oregon pennsylvania rhode island
tennessee texas utah vermont virginia west washington wisconsin wyoming manhattan queens brooklyn chicago
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december jan. feb. mar. apr. aug. sept. sep. oct. nov. dec. st. county city district nation national committee campaign
`.trim().split(/\s+/));

const normalise = (s: string) => s.replace(/\u2019/g, "'").replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();

/** True when a word of the Source names someone (a capitalised word that is no description). */
function hasProperName(s: string): boolean {
  for (const w of s.split(/\s+/)) {
    const word = w.replace(/^[^\p{L}]+|[^\p{L}.'-]+$/gu, '');
    if (!/^\p{Lu}/u.test(word)) continue;
    const key = word.toLowerCase().replace(/'s$/, '');
    if (!DESCRIPTIVE.has(key) && !DESCRIPTIVE.has(word.toLowerCase()) && !PRONOUN.test(key)) return true;
  }
  return false;
}

/** How the Source mentions its speaker. */
export function sourceKind(source: string | null): SourceKind {
  if (!source || !source.trim()) return 'none';
  const s = normalise(source).replace(/[,;:\u2014\u2013]+$/, '').trim();
  if (PRONOUN.test(s)) return 'pronoun';
  if (hasProperName(s)) return 'name';
  return 'description';
}

// The forms that name one of ours as the head of a Source, at the end of its first segment ("Republican
// presidential candidate Donald Trump", "Trump, who…"); a bare possessive Source is the possessor speaking
// ("Trump's claim that…": the annotators mark "Trump's"), but "Trump's spokeswoman" or "Eric Trump" is someone else.
const HEADS: Array<{ id: 'trump' | 'rubio'; form: RegExp; alone?: RegExp }> = [
  { id: 'trump', form: /(?:^|\s)(?:(?:Mr\.|Donald(?: J\.| John)?)\s+)?Trump(?:'s?)?$/, alone: /^Donald(?:'s)?$/ },
  { id: 'rubio', form: /(?:^|\s)(?:(?:Mr\.|Marco(?: Antonio)?)\s+)?Rubio(?:'s?)?$/, alone: /^Marco(?:'s)?$/ },
];

/** The head forms' last words, to tell "Eric Trump" (a first name before) from "candidate Donald Trump". */
function wordBefore(segment: string, form: RegExp): string {
  const m = form.exec(segment);
  if (!m) return '';
  return segment.slice(0, m.index).trim().split(/\s+/).at(-1) ?? '';
}

/** Whom a named Source names; null when the Source names nobody (a pronoun, a description, or none). */
export function namedSpeaker(source: string | null): NamedSpeaker | null {
  if (sourceKind(source) !== 'name') return null;
  const s = normalise(source!).replace(/[,;:\u2014\u2013\s]+$/, '');
  const segments = s.split(/\s*(?:,|\u2014|\u2013| -- )\s*/);
  // The head is the first segment, or the second after a description: "The presumed nominee, Trump".
  const heads = [segments[0] ?? ''];
  if (segments.length > 1 && !hasProperName(segments[0]!)) heads.push(segments[1]!);
  for (const head of heads) {
    const conjuncts = head.split(/\s+(?:and|&)\s+/);
    for (const { id, form, alone } of HEADS) {
      const hit = conjuncts.some((c) => {
        if (alone?.test(c)) return true;
        if (!form.test(c)) return false;
        // "A longtime adviser to Trump", "a member who supports Trump": the name is no head there.
        if (/\b(?:to|for|of|with|by|about|against|from|like|than|on|at|who|that|which|whom)\s/i.test(c)) return false;
        // "The younger Mr. Trump" is his son.
        if (/\b(?:younger|elder|eldest|youngest)\s/i.test(c)) return false;
        const before = wordBefore(c, form).replace(/[^\p{L}.'-]/gu, '');
        // A capitalised word before the name that is no description is a first name: Eric Trump, Ivanka Trump.
        return !before || !/^\p{Lu}/u.test(before) || DESCRIPTIVE.has(before.toLowerCase()) || /^(?:Donald|Marco)$/.test(before);
      });
      if (hit) return conjuncts.length > 1 ? 'joint' : id;
    }
  }
  return 'other';
}
