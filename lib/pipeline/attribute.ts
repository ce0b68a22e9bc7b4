// Works out whom a document gives each quotation to, and joins split quotes ("A," she said. "B.").
import { detectQuotes, type QuoteSpan } from '@/lib/pipeline/detect-quotes';
import { execAfterBoundary, findMentions, type Mention } from '@/lib/pipeline/mentions';
import { firstStartingAtOrAfter, lastStartingAtOrBefore } from '@/lib/pipeline/binary-search';
import { runInSlices, runToEnd } from '@/lib/pipeline/slices';
import { splitSentences } from '@/lib/pipeline/sentences';
import { cleanText } from '@/lib/pipeline/text';
import type { TextDoc, Zone } from '@/lib/pipeline/text-doc';
import type { SpeakerId } from '@/lib/model/types';

/** A quotation with its speaker, as the document gives it. Offsets are into `TextDoc.text`. */
export interface FoundQuote {
  open: number;
  close: number;
  /** The quote's parts: one, or several for a split quote; each part's pieces run over paragraphs. */
  parts: Array<Array<{ start: number; end: number }>>;
  /** The quoted words, cleaned (README: the report's `text`); a split quote's parts joined by " … ". */
  text: string;
  speaker: SpeakerId | null;
  /** The sentence (or sentences) the quote stands in. */
  sentence: { start: number; end: number };
  zone: Zone;
  block: number;
  via: QuoteSpan['via'];
}

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
// Lower case only: "the United States" is no speech verb (headlines, in Title Case, use VERB_TITLE_CASE).
// Not after a letter or a hyphen: checked in code (execAfterBoundary), a leading lookbehind slowed the search.
const VERB = new RegExp(`(?:${SPEECH_VERBS.join('|')})(?![\\p{L}])`, 'gu');
const VERB_TITLE_CASE = new RegExp(VERB.source, 'giu');
const LETTER_OR_HYPHEN = /[\p{L}-]/u;
const VERB_AT_START = new RegExp(`^(?:\\p{L}+ly\\s+)?(?:${SPEECH_VERBS.join('|')})(?![\\p{L}])`, 'u');
const ACCORDING = /(?<![\p{L}])(?:according to|seg\u00FAn)\s+$/iu;
// How far back (characters) a pronoun may look for the person it stands for.
const PRONOUN_REACH = 2000;
// How far a bare shared surname (Johnson) looks for the fuller mention that says who it is.
const SURNAME_REACH = 20_000;
// A character that blanks quoted text out of the attribution context while keeping every offset.
// A private-use character: no page shows one, so it cannot be confused with the page's own text.
const BLANK = '\uE000';
const BLANK_CODE = 0xe000;

// The work is a generator that pauses every STEP_ITEMS blocks or quotes, so that the content script can
// hand the main thread back between slices on a huge page, while the corpus builder runs it straight through.
const STEP_ITEMS = 2;

/** Finds the quotations in a document and the speaker the document gives each (null: someone else, or unknown). */
export function scanDocument(doc: TextDoc): FoundQuote[] {
  return runToEnd(scanSteps(doc));
}

/**
 * The same as scanDocument, in slices of about `sliceMs` of work with `pause()` awaited between them
 * (a page never stutters: no main-thread task much longer than a slice, whatever the page's size).
 */
export function scanDocumentInSlices(doc: TextDoc, pause: () => Promise<void>, sliceMs = 8): Promise<FoundQuote[]> {
  return runInSlices(scanSteps(doc), pause, sliceMs);
}

function* scanSteps(doc: TextDoc): Generator<void, FoundQuote[]> {
  const spans = detectQuotes(doc);
  yield;
  return yield* attributeSteps(doc, spans);
}

function* attributeSteps(doc: TextDoc, spans: QuoteSpan[]): Generator<void, FoundQuote[]> {
  const { text, blocks } = doc;
  if (spans.length === 0) return [];
  // The text with quotations blanked, read piece by piece: a copy of the whole page cost more than attribution.
  const masked = maskedView(text, spans);
  yield;

  // Sentences are found block by block, and mentions sentence by sentence, only where a quotation's
  // attribution looks (a page may be a megabyte with a handful of quotes): its own sentence, and those a pronoun
  // looks back into. Quoted words are blanked out of the text mentions are read in, so only the words around
  // quotations are read at all.
  type Sentence = { start: number; end: number; block: number; index: number };
  const sentenceCache = new Map<number, Sentence[]>();
  const mentionCache = new Map<Sentence, Mention[]>();
  // A block's masked text (and the few characters after it that a sentence end looks ahead to), kept while used.
  const blockTextCache = new Map<number, string>();
  const blockText = (b: number): string => {
    let t = blockTextCache.get(b);
    if (t === undefined) {
      const block = blocks[b]!;
      t = masked.slice(block.start, Math.min(text.length, block.end + SENTENCE_LOOKAHEAD));
      blockTextCache.set(b, t);
    }
    return t;
  };
  const blockAt = (offset: number) => lastStartingAtOrBefore(blocks, offset, (b) => b.start);
  const sentencesOf = (b: number): Sentence[] => {
    let list = sentenceCache.get(b);
    if (!list) {
      const block = blocks[b]!;
      list = splitSentences(blockText(b), 0, block.end - block.start)
        .map((x, index) => ({ start: block.start + x.start, end: block.start + x.end, block: b, index }));
      sentenceCache.set(b, list);
    }
    return list;
  };
  const mentionsOf = (s: Sentence): Mention[] => {
    let list = mentionCache.get(s);
    if (!list) {
      const block = blocks[s.block]!;
      const local = blockText(s.block);
      const base = block.start;
      const options = { heading: block.kind === 'heading', context: { start: 0, end: block.end - base } };
      list = [];
      // The runs of the sentence between blanked quotations (no mention runs into a quotation).
      const end = s.end - base;
      for (let from = s.start - base; from < end;) {
        const blank = local.indexOf(BLANK, from);
        const to = blank < 0 || blank > end ? end : blank;
        if (to - from > 1) {
          for (const m of findMentions(local, { ...options, from, to })) {
            m.start += base;
            m.end += base;
            list.push(m);
          }
        }
        if (to === end) break;
        from = to + 1;
        while (from < end && local.charCodeAt(from) === BLANK_CODE) from++;
      }
      mentionCache.set(s, list);
    }
    return list;
  };
  const sentenceAt = (offset: number): Sentence => {
    const list = sentencesOf(blockAt(offset));
    return list[lastStartingAtOrBefore(list, offset, (x) => x.start)]!;
  };
  /** The sentences that start at or before `at` (nearest first), over blocks while `more(block)` says so. */
  function* sentencesBefore(at: number, more: (b: number) => boolean): Generator<Sentence> {
    for (let b = blockAt(at), first = true; b >= 0 && more(b); b--, first = false) {
      const list = sentencesOf(b);
      const k = first ? lastStartingAtOrBefore(list, at, (x) => x.start) : list.length - 1;
      for (let i = Math.min(k, list.length - 1); i >= 0; i--) yield list[i]!;
    }
  }
  const mentionsIn = (from: number, to: number) => {
    const out: Mention[] = [];
    for (let b = blockAt(from), first = true; b < blocks.length && blocks[b]!.start < to; b++, first = false) {
      const list = sentencesOf(b);
      // A block may hold thousands of sentences: start at the one that holds `from`.
      for (let k = first ? lastStartingAtOrBefore(list, from, (x) => x.start) : 0; k < list.length; k++) {
        const s = list[k]!;
        if (s.start >= to) break;
        if (s.end <= from) continue;
        for (const m of mentionsOf(s)) if (m.start >= from && m.end <= to) out.push(m);
      }
    }
    return out;
  };
  const zoneOf = (offset: number) => blocks[blockAt(offset)]!.zone;
  /** Mentions before `at`, nearest first, within `reach` characters and the same zone. */
  function* mentionsBefore(at: number, reach: number): Generator<Mention> {
    const zone = zoneOf(at);
    const inReach = (b: number) => blocks[b]!.end >= at - reach && blocks[b]!.zone === zone;
    for (const s of sentencesBefore(at, inReach)) {
      if (at - s.end > reach) return;
      const list = mentionsOf(s);
      // Mentions do not overlap: the last one starting before `at` is the nearest candidate.
      for (let k = firstStartingAtOrAfter(list, at, (m) => m.start) - 1; k >= 0; k--) {
        if (at - list[k]!.end > reach) return;
        if (list[k]!.end <= at) yield list[k]!;
      }
    }
  }
  /** The mention that covers text[at], if any. */
  const mentionCovering = (at: number): Mention | undefined => {
    const s = sentenceAt(at);
    if (!s) return undefined;
    const list = mentionsOf(s);
    const m = list[firstStartingAtOrAfter(list, at + 1, (x) => x.start) - 1];
    return m && m.end > at ? m : undefined;
  };
  /**
   * The nearest mention that `fits` and contains `word`, before `m` (within reach and the same zone) or else
   * after it: found through the word itself, so only the sentences that hold it are read for mentions.
   */
  const nearestWith = (m: Mention, word: string, reach: number, fits: (o: Mention) => boolean): Mention | undefined => {
    const zone = zoneOf(m.start);
    let floor = m.start;
    for (let b = blockAt(m.start); b >= 0 && blocks[b]!.end >= m.start - reach && blocks[b]!.zone === zone; b--) floor = blocks[b]!.start;
    // Searched within reach only: a word that is nowhere near must not cost a pass over the whole page. (In the
    // page's own text: a find inside a quotation has no mention covering it.)
    const back = text.slice(floor, m.start);
    for (let i = back.lastIndexOf(word); i >= 0; i = i > 0 ? back.lastIndexOf(word, i - 1) : -1) {
      const o = mentionCovering(floor + i);
      if (!o || o.end > m.start) continue;
      if (m.start - o.end > reach) break;
      if (fits(o)) return o;
      i = o.start - floor; // the rest of this mention is this mention
    }
    const ahead = text.slice(m.end, Math.min(text.length, m.end + reach + word.length));
    for (let i = ahead.indexOf(word); i >= 0; i = ahead.indexOf(word, i + 1)) {
      const o = mentionCovering(m.end + i);
      if (!o || o.start < m.end) continue;
      if (o.start - m.end > reach) break;
      if (fits(o)) return o;
      i = o.end - 1 - m.end;
    }
    return undefined;
  };
  const elementAt = new Map(doc.elementQuotes.map((e) => [e.start, e]));

  /** Resolves a mention to one of ours, or null (someone else, or nobody we can be sure of). */
  const resolve = (m: Mention): SpeakerId | null => {
    if (m.kind === 'pronoun') return antecedent(m.start, m.gender);
    if (m.surname && m.speaker) {
      // A bare shared surname is ours only when the nearest fuller mention of that surname is ours.
      const fuller = (o: Mention) => o.kind !== 'pronoun' && !(o.speaker && o.surname) && sameSurname(o, m.surname!, text);
      const pick = nearestWith(m, m.surname, SURNAME_REACH, fuller);
      return pick && pick.speaker === m.speaker ? m.speaker : null;
    }
    return m.speaker;
  };
  const antecedent = (at: number, gender: 'm' | 'f' | null): SpeakerId | null => {
    for (const m of mentionsBefore(at, PRONOUN_REACH)) {
      if (m.kind === 'pronoun' || m.group) continue;
      if (gender && m.gender && m.gender !== gender) continue;
      return resolve(m);
    }
    return null;
  };

  /** The speaker of one quotation, from its own sentence; undefined when the sentence gives none. */
  const fromSentence = (open: number, close: number): { speaker: SpeakerId | null } | undefined => {
    const s0 = sentenceAt(open);
    const s1 = sentenceAt(Math.max(open, close - 1));
    const pre = mentionsIn(s0.start, open);
    const post = mentionsIn(close, s1.end);
    const after = masked.slice(close, s1.end);
    // Punctuation, spaces and invisible format characters (LRM, RLM, bidi isolates) before an attribution.
    const lead = /^[\s\p{Cf},;:\u2014\u2013-]*/u.exec(after)![0].length;
    const heading = blocks[s0.block]!.kind === 'heading';

    // "…," Sheinbaum said. / "…," said the secretary of state. / Headline 'Quote': Rubio
    const first = post[0];
    if (first && first.start === close + lead) {
      const rest = masked.slice(first.end, s1.end);
      if (VERB_AT_START.test(rest.trimStart()) || (heading && /[:\u2014\u2013-]/.test(after.slice(0, lead)))) {
        return { speaker: resolve(first) };
      }
    }
    // "…," said Sheinbaum. Not "…," repeating a line her government has used (a participle starts a new clause).
    const verbAfter = VERB_AT_START.exec(after.slice(lead));
    if (verbAfter && !/ing$/i.test(verbAfter[0])) {
      const at = close + lead + verbAfter[0].length;
      const subject = post.find((m) => m.start >= at);
      if (subject && /^\s*$/.test(masked.slice(at, subject.start))) return { speaker: resolve(subject) };
      // «…», dijo. Spanish drops the subject: the person last named.
      if (!subject || /^\s*[.;,]/.test(masked.slice(at, at + 256))) return { speaker: antecedent(open, null) };
    }

    const before = masked.slice(s0.start, open);
    // A headline "Sheinbaum: U.S. military action ‘absolutely ruled out’" gives the quote to whoever opens it.
    if (heading && pre[0] && /^\s*:/.test(masked.slice(pre[0].end, pre[0].end + 3)) && /^\s*$/.test(masked.slice(s0.start, pre[0].start))) {
      return { speaker: resolve(pre[0]) };
    }
    // Rubio: "…"
    const colon = /:\s*$/.exec(before);
    if (colon) {
      const last = pre.at(-1);
      if (last && /^\s*$/.test(masked.slice(last.end, s0.start + colon.index))) return { speaker: resolve(last) };
    }
    // … according to the U.S. envoy, "…" / "…", according to Johnson.
    for (const m of [...pre, ...post]) {
      if (ACCORDING.test(masked.slice(Math.max(0, m.start - 16), m.start))) return { speaker: resolve(m) };
    }
    // Sheinbaum said that "…" / She dismissed it, calling it "…" / Dijo la presidenta: «…»
    let verb: RegExpExecArray | null = null;
    const verbs = heading ? VERB_TITLE_CASE : VERB;
    verbs.lastIndex = 0;
    for (let v = execAfterBoundary(verbs, before, LETTER_OR_HYPHEN); v; v = execAfterBoundary(verbs, before, LETTER_OR_HYPHEN)) verb = v;
    if (verb) {
      const v = s0.start + verb.index;
      const participle = /ing$/i.test(verb[0]) || /,\s*$/.test(masked.slice(s0.start, v));
      const subjects = pre.filter((m) => m.end <= v && !m.possessive);
      const subject = participle ? subjects[0] : subjects.at(-1);
      if (subject) return { speaker: resolve(subject) };
      const inverted = pre.find((m) => m.start >= v + verb![0].length && !m.possessive);
      if (inverted) return { speaker: resolve(inverted) };
      // A speech verb with no subject in the sentence (Spanish drops it): the person last named.
      return { speaker: antecedent(s0.start, null) };
    }
    return undefined;
  };

  const found: FoundQuote[] = [];
  for (let i = 0; i < spans.length; i++) {
    if (i % STEP_ITEMS === STEP_ITEMS - 1) yield;
    let span = spans[i]!;
    const parts = [span.pieces];
    const first = span;
    let attribution = fromSentence(span.open, span.close);
    // "A," she said, "B." is one quote in two parts.
    for (let next = spans[i + 1]; next && isSplitTail(masked, span, next, mentionsIn); next = spans[i + 1]) {
      const tag = fromSentence(span.open, span.close) ?? fromSentence(next.open, next.close);
      if (!tag) break;
      // A chain's first speaker stands: a pronoun far down a long chain has no name within reach.
      if (!attribution || attribution.speaker === null) attribution = tag;
      parts.push(next.pieces);
      span = next;
      i++;
    }
    const s0 = sentenceAt(first.open);
    const s1 = sentenceAt(Math.max(first.open, span.close - 1));
    const block = s0.block;
    const zone = blocks[block]!.zone;
    let speaker: SpeakerId | null = attribution ? attribution.speaker : null;
    if (!attribution && standsAlone(masked, s0, s1, first.open, span.close)) {
      const prev = s0.index > 0 ? sentencesOf(s0.block)[s0.index - 1] : s0.block > 0 ? sentencesOf(s0.block - 1).at(-1) : undefined;
      const next = sentencesOf(s0.block)[s0.index + 1];
      speaker = neighbour(found, prev, s0, next, fromSentenceOfOthers);
    }
    if (first.via === 'blockquote' && !attribution) {
      const element = elementAt.get(first.open);
      if (element?.attribution) {
        const m = mentionsIn(element.attribution.start, element.attribution.end)[0];
        if (m) speaker = resolve(m);
      }
    }
    if (zone === 'aside') speaker = null; // comments and sidebars speak for nobody we follow
    found.push({
      open: first.open, close: span.close, parts: parts.map((p) => p.map((x) => ({ ...x }))),
      text: parts.map((p) => cleanText(p.map((x) => text.slice(x.start, x.end)).join(' '))).join(' \u2026 '),
      speaker, sentence: { start: s0.start, end: s1.end }, zone, block, via: first.via,
    });
  }
  return found;

  /** For a quote that is a sentence of its own: the speaker that the sentence before or after gives. */
  function fromSentenceOfOthers(sentence: { start: number; end: number }): SpeakerId | null | undefined {
    const inside = mentionsIn(sentence.start, sentence.end);
    const body = masked.slice(sentence.start, sentence.end);
    VERB.lastIndex = 0;
    const verb = execAfterBoundary(VERB, body, LETTER_OR_HYPHEN);
    if (!verb) return undefined;
    const subject = inside.find((m) => !m.possessive);
    return subject ? resolve(subject) : undefined;
  }
}

function sameSurname(m: Mention, surname: string, text: string): boolean {
  return m.surname === surname || text.slice(m.start, m.end).endsWith(surname);
}

// How far past a block a sentence end looks (the next characters say whether a period ends a sentence).
const SENTENCE_LOOKAHEAD = 64;

/** The text with its quotations blanked (what maskQuotes returns), read a slice at a time. */
export interface MaskedText {
  slice(start: number, end: number): string;
}

/** A MaskedText over `text`: each slice is blanked where it meets a quotation, and copied only then. */
export function maskedView(text: string, spans: QuoteSpan[]): MaskedText {
  const kept: QuoteSpan[] = [];
  for (const s of spans) if (!kept.length || s.open >= kept.at(-1)!.close) kept.push(s);
  const terminals = new Map<QuoteSpan, number>();
  const terminalOf = (s: QuoteSpan) => {
    let at = terminals.get(s);
    if (at === undefined) {
      const t = /[.!?](?=\s*$)/.exec(text.slice(s.start, s.end));
      at = t ? s.start + t.index : -1;
      terminals.set(s, at);
    }
    return at;
  };
  return {
    slice(start, end) {
      start = Math.max(0, start);
      end = Math.min(text.length, end);
      let k = firstStartingAtOrAfter(kept, start, (s) => s.open) - 1;
      if (k < 0 || kept[k]!.close <= start) k++;
      if (k >= kept.length || kept[k]!.open >= end) return text.slice(start, end);
      const out: string[] = [];
      let at = start;
      for (; k < kept.length && kept[k]!.open < end; k++) {
        const s = kept[k]!;
        const from = Math.max(start, s.open);
        const to = Math.min(end, s.close);
        out.push(text.slice(at, from));
        const inner = text.slice(from, to);
        let blank = inner.includes('\n') ? inner.replace(/[^\n]/g, BLANK) : BLANK.repeat(inner.length);
        const t = terminalOf(s);
        if (t >= from && t < to) blank = blank.slice(0, t - from) + text[t] + blank.slice(t - from + 1);
        out.push(blank);
        at = to;
      }
      out.push(text.slice(at, end));
      return out.join('');
    },
  };
}

/** Blanks every quotation out of the text, keeping its offsets and a closing ./!/? (which ends the sentence). */
export function maskQuotes(text: string, spans: QuoteSpan[]): string {
  return maskedView(text, spans).slice(0, text.length);
}

/** True when only an attribution ("Sheinbaum said," / ", she added.") stands between two quotes. */
function isSplitTail(masked: MaskedText, a: QuoteSpan, b: QuoteSpan, mentionsIn: (from: number, to: number) => Mention[]): boolean {
  if (a.lastBlock !== b.firstBlock || a.via !== 'marks' || b.via !== 'marks') return false;
  // "A," she said. "B." joins; "A." she said. "B." is two quotes.
  if (/[.!?]$/.test(masked.slice(a.start, a.end).trimEnd())) return false;
  const between = mentionsIn(a.close, b.open); // only now: the checks above are cheaper
  if (between.length !== 1) return false;
  const who = between[0]!;
  const left = masked.slice(a.close, who.start);
  const right = masked.slice(who.end, b.open);
  const punct = /^[\s,;:.\u2014\u2013-]*$/;
  const verbThenPunct = (s: string) => {
    const v = VERB_AT_START.exec(s.trimStart());
    return v !== null && punct.test(s.trimStart().slice(v[0].length));
  };
  // "A," she said, "B."  or  "A," said Sheinbaum, "B."
  return (punct.test(left) && verbThenPunct(right))
    || (punct.test(right) && verbThenPunct(left.replace(/^[\s,;:\u2014\u2013-]+/, '')) && /\S/.test(left));
}

/** True when a quote is its sentence: nothing but punctuation around it. */
function standsAlone(masked: MaskedText, s0: { start: number }, s1: { end: number }, open: number, close: number): boolean {
  return /^[\s\p{P}]*$/u.test(masked.slice(s0.start, open)) && /^[\s\p{P}]*$/u.test(masked.slice(close, s1.end));
}

/** The speaker of a stand-alone quote: a quote chain's speaker, or the sentence before or after ("She added:"). */
function neighbour(
  found: FoundQuote[],
  prev: { start: number; end: number; block: number } | undefined,
  here: { start: number; end: number; block: number },
  next: { start: number; end: number; block: number } | undefined,
  speakerOf: (s: { start: number; end: number }) => SpeakerId | null | undefined,
): SpeakerId | null {
  if (prev && here.block - prev.block <= 1) {
    const previousQuote = found.at(-1);
    if (previousQuote && previousQuote.sentence.end >= prev.start && previousQuote.sentence.end <= here.start) {
      return previousQuote.speaker;
    }
    const s = speakerOf(prev);
    if (s !== undefined) return s;
  }
  if (next && next.block === here.block) {
    const s = speakerOf(next);
    if (s !== undefined) return s;
  }
  return null;
}
