// Stage 2: a quotation's source mention, as its own sentence gives it (the patterns news text uses), or as the
// sentence before or after a quotation that stands alone gives it.
import type { Mention } from '@/lib/pipeline/mentions';
import { mentionsIn, sentenceAt, type DocContext, type Sentence } from '@/lib/pipeline/attribution/context';
import { ACCORDING, firstVerb, lastVerb, VERB_AT_START } from '@/lib/pipeline/attribution/patterns';

/** Which pattern gave a quotation its source. */
export type SourcePattern =
  | 'quote-then-source' // "…," Sheinbaum said. / "…," said the secretary of state. / Headline 'Quote': Rubio
  | 'quote-then-verb' // "…," said Sheinbaum.
  | 'dropped-subject' // «…», dijo. (Spanish drops the subject)
  | 'headline-colon' // Sheinbaum: U.S. military action 'absolutely ruled out'
  | 'colon' // Rubio: "…"
  | 'according-to' // … according to the U.S. envoy, "…"
  | 'verb-then-quote' // Sheinbaum said that "…"
  | 'verb-without-subject' // A speech verb with no subject in the sentence: the person last named
  | 'neighbour' // a stand-alone quote: the sentence before or after gives the source
  | 'blockquote'; // a blockquote's "— Name", <cite> or <footer> line

/**
 * Where a quotation's words come from, as the text gives it: a mention, or no mention in the sentence but a
 * speaker implied there (a verb without a subject: the person last named before `at`), or nobody.
 */
export type SourceMention =
  | { kind: 'mention'; mention: Mention; pattern: SourcePattern }
  | { kind: 'implied'; at: number; pattern: SourcePattern }
  | { kind: 'none' };

const NONE: SourceMention = { kind: 'none' };
const mention = (m: Mention, pattern: SourcePattern): SourceMention => ({ kind: 'mention', mention: m, pattern });

/** The source that a quotation's own sentence gives; undefined when the sentence gives none. */
export function sourceInSentence(ctx: DocContext, open: number, close: number): SourceMention | undefined {
  const { masked, doc } = ctx;
  const s0 = sentenceAt(ctx, open);
  const s1 = sentenceAt(ctx, Math.max(open, close - 1));
  const pre = mentionsIn(ctx, s0.start, open);
  const post = mentionsIn(ctx, close, s1.end);
  const after = masked.slice(close, s1.end);
  // Punctuation, spaces and invisible format characters (LRM, RLM, bidi isolates) before an attribution.
  const lead = /^[\s\p{Cf},;:\u2014\u2013-]*/u.exec(after)![0].length;
  const heading = doc.blocks[s0.block]!.kind === 'heading';

  // "…," Sheinbaum said. / "…," said the secretary of state. / Headline 'Quote': Rubio
  const first = post[0];
  if (first && first.start === close + lead) {
    const rest = masked.slice(first.end, s1.end);
    if (VERB_AT_START.test(rest.trimStart()) || (heading && /[:\u2014\u2013-]/.test(after.slice(0, lead)))) {
      return mention(first, 'quote-then-source');
    }
  }
  // "…," said Sheinbaum. Not "…," repeating a line her government has used (a participle starts a new clause).
  const verbAfter = VERB_AT_START.exec(after.slice(lead));
  if (verbAfter && !/ing$/i.test(verbAfter[0])) {
    const at = close + lead + verbAfter[0].length;
    const subject = post.find((m) => m.start >= at);
    if (subject && /^\s*$/.test(masked.slice(at, subject.start))) return mention(subject, 'quote-then-verb');
    // «…», dijo. Spanish drops the subject: the person last named.
    if (!subject || /^\s*[.;,]/.test(masked.slice(at, at + 256))) return { kind: 'implied', at: open, pattern: 'dropped-subject' };
  }

  const before = masked.slice(s0.start, open);
  // A headline "Sheinbaum: U.S. military action ‘absolutely ruled out’" gives the quote to whoever opens it.
  if (heading && pre[0] && /^\s*:/.test(masked.slice(pre[0].end, pre[0].end + 3)) && /^\s*$/.test(masked.slice(s0.start, pre[0].start))) {
    return mention(pre[0], 'headline-colon');
  }
  // Rubio: "…"
  const colon = /:\s*$/.exec(before);
  if (colon) {
    const last = pre.at(-1);
    if (last && /^\s*$/.test(masked.slice(last.end, s0.start + colon.index))) return mention(last, 'colon');
  }
  // … according to the U.S. envoy, "…" / "…", according to Johnson.
  for (const m of [...pre, ...post]) {
    if (ACCORDING.test(masked.slice(Math.max(0, m.start - 16), m.start))) return mention(m, 'according-to');
  }
  // Sheinbaum said that "…" / She dismissed it, calling it "…" / Dijo la presidenta: «…»
  const verb = lastVerb(before, heading);
  if (verb) {
    const v = s0.start + verb.index;
    const participle = /ing$/i.test(verb[0]) || /,\s*$/.test(masked.slice(s0.start, v));
    const subjects = pre.filter((m) => m.end <= v && !m.possessive);
    const subject = participle ? subjects[0] : subjects.at(-1);
    if (subject) return mention(subject, 'verb-then-quote');
    const inverted = pre.find((m) => m.start >= v + verb[0].length && !m.possessive);
    if (inverted) return mention(inverted, 'verb-then-quote');
    // A speech verb with no subject in the sentence (Spanish drops it): the person last named.
    return { kind: 'implied', at: s0.start, pattern: 'verb-without-subject' };
  }
  return undefined;
}

/** For a quote that is a sentence of its own: the source that a sentence beside it gives ("She added:"). */
export function sourceOfNeighbour(ctx: DocContext, sentence: { start: number; end: number }): SourceMention | undefined {
  const inside = mentionsIn(ctx, sentence.start, sentence.end);
  if (!firstVerb(ctx.masked.slice(sentence.start, sentence.end))) return undefined;
  const subject = inside.find((m) => !m.possessive);
  return subject ? mention(subject, 'neighbour') : undefined;
}

/** A blockquote's attribution line ("— Claudia Sheinbaum", a <cite> or <footer>): its first mention. */
export function sourceOfBlockquote(ctx: DocContext, open: number): SourceMention | undefined {
  const element = ctx.elementAt.get(open);
  if (!element?.attribution) return undefined;
  const m = mentionsIn(ctx, element.attribution.start, element.attribution.end)[0];
  return m ? mention(m, 'blockquote') : undefined;
}

/** True when a quote is its sentence: nothing but punctuation around it. */
export function standsAlone(ctx: DocContext, s0: { start: number }, s1: { end: number }, open: number, close: number): boolean {
  return /^[\s\p{P}]*$/u.test(ctx.masked.slice(s0.start, open)) && /^[\s\p{P}]*$/u.test(ctx.masked.slice(close, s1.end));
}

export { NONE as NO_SOURCE };
export type { Sentence };
