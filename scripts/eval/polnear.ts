// Reads the PolNeAR attribution corpus (kept outside the repository) and builds its gold set of direct quotations.
// Run on its own (`npx tsx scripts/eval/polnear.ts`) it prints how the gold set was built, step by step.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Span } from '@/scripts/eval/adapter';

/** The repository root (this file is scripts/eval/polnear.ts). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** Where the corpus is: $POLNEAR_DIR, else `../shared/polnear-train` beside the repository (where CI has it). */
export function polnearDir(): string {
  return resolve(process.env.POLNEAR_DIR || join(REPO_ROOT, '..', 'shared', 'polnear-train'));
}

/** One BRAT text-bound annotation: a Source, Cue, Content (or other) span, in one or several fragments. */
export interface AnnSpan {
  id: string;
  type: string;
  fragments: Span[];
}

/** One annotated attribution (an `E` line): its Content fragments, and its Source and Cue where given. */
export interface Attribution {
  id: string;
  /** Content, then Content2…, fragments in file order. */
  content: Span[];
  source: Span[] | null;
  cue: Span[] | null;
}

/** A quotation in the article text, between quotation marks (paired by this loader, not by the product). */
export interface Quotation {
  /** The opening mark .. just after the closing mark (the paragraph's end for a mark never closed). */
  open: number;
  close: number;
  /** The quoted words inside the marks: one piece per paragraph a quote runs over. */
  pieces: Span[];
  marks: 'double' | 'single';
  /** False when the closing mark was never found (the quote is cut at its paragraph's end). */
  closed: boolean;
}

/** A gold direct quotation: an attribution and the quotations its Content holds. */
export interface GoldQuote {
  file: string;
  attributionId: string;
  quotations: Quotation[];
  /** First opening mark .. end of the last quotation: the key hand labels use. */
  quoteStart: number;
  quoteEnd: number;
  /** The annotated Source: the first fragment's start to the last fragment's end; null when none is annotated. */
  source: Span | null;
  sourceFragments: Span[];
  /** The Source as written (fragments joined by a space), '' when none. */
  sourceText: string;
}

/** One article with the annotator file used, its attributions, its quotations and its gold quotes. */
export interface Article {
  file: string;
  text: string;
  annotator: string;
  /** Every annotator with a file for this article (the first in sorted order is the one used). */
  annotators: string[];
  attributions: Attribution[];
  quotations: Quotation[];
  gold: GoldQuote[];
  /** The counts behind the gold set, for the build report. */
  counts: GoldCounts;
}

/** How many attributions each step of the gold-set construction keeps. */
export interface GoldCounts {
  attributions: number;
  withContent: number;
  contentWithDoubleMark: number;
  contentWithSingleQuoteOnly: number;
  contentOverlapsQuotation: number;
  /** Attributions whose every quotation belongs to another (nested) attribution. */
  quotationsOwnedElsewhere: number;
  gold: number;
  goldWithoutSource: number;
  quotations: number;
  quotationsInGold: number;
  unclosedQuotations: number;
}

/** Parses a BRAT .ann file by its record prefixes: a covered text may hold line breaks. */
export function parseAnn(raw: string): { spans: Map<string, AnnSpan>; attributions: Attribution[] } {
  const spans = new Map<string, AnnSpan>();
  const events: Array<{ id: string; args: Array<[string, string]> }> = [];
  // A record starts at a line that opens with an id and a tab; any other line continues the record before it.
  const records = raw.replace(/\r\n/g, '\n').split(/\n(?=[A-Z#]\d+\t)/);
  for (const record of records) {
    const [id, fields] = record.split('\t', 2) as [string, string | undefined];
    if (!fields) continue;
    if (id.startsWith('T')) {
      const head = /^(\S+) (\d+ \d+(?:;\d+ \d+)*)$/.exec(fields);
      if (!head) throw new Error(`Unreadable span ${id}: ${fields.slice(0, 80)}`);
      const fragments = head[2]!.split(';').map((f) => {
        const [start, end] = f.split(' ').map(Number) as [number, number];
        return { start, end };
      });
      spans.set(id, { id, type: head[1]!, fragments });
    } else if (id.startsWith('E')) {
      events.push({ id, args: fields.trim().split(/\s+/).filter(Boolean).map((a) => a.split(':', 2) as [string, string]) });
    }
  }
  const attributions: Attribution[] = [];
  for (const e of events) {
    const role = (name: RegExp) => e.args.filter(([r]) => name.test(r)).flatMap(([, t]) => spans.get(t)?.fragments ?? []);
    const source = role(/^Source$/);
    const cue = role(/^Cue$/);
    attributions.push({
      id: e.id,
      content: role(/^Content\d*$/).sort((a, b) => a.start - b.start),
      source: source.length ? source : null,
      cue: cue.length ? cue : null,
    });
  }
  return { spans, attributions };
}

const WORD = /[\p{L}\p{N}]/u;
const letters = (text: string, start: number, end: number) => (text.slice(start, end).match(/[\p{L}\p{N}]/gu) ?? []).length;
const newQuotation = (at: number, marks: Quotation['marks'], width: number): Quotation =>
  ({ open: at, close: -1, pieces: [{ start: at + width, end: -1 }], marks, closed: true });
const isWord = (ch: string | undefined) => ch !== undefined && WORD.test(ch);
const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
// '90s, '08: an apostrophe for the century, not an opening mark.
const DECADE = /^\d\ds?(?![\p{L}\p{N}])/u;
// What may stand right before an opening mark.
const BEFORE_OPEN = /[\s([{\u2014\u2013\-/:;,\p{Cf}]/u;

/**
 * Pairs the quotation marks of an article, paragraph by paragraph: top-level quotations only (a quote inside a
 * quote is part of the outer one). Double marks (curly or straight) may run over paragraphs when the next one
 * reopens with a mark; single marks (curly or straight) quote only where they pair within a paragraph.
 */
export function findQuotations(text: string): Quotation[] {
  const lines: Span[] = [];
  for (let at = 0; at <= text.length;) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    if (text.slice(at, end).trim()) lines.push({ start: at, end });
    at = end + 1;
  }
  const out: Quotation[] = [];
  let carried: Quotation | null = null;
  for (const line of lines) {
    let from = line.start;
    if (carried) {
      const lead = line.start + (/^\s*/.exec(text.slice(line.start, line.end))![0].length);
      const width = text.startsWith("''", lead) ? 2 : text[lead] === '\u201C' || text[lead] === '"' ? 1 : 0;
      if (width) {
        carried.pieces.push({ start: lead + width, end: line.end });
        from = lead + width;
      } else {
        carried.closed = false; // never closed: cut at its paragraph's end
        out.push(carried);
        carried = null;
      }
    }
    const apostrophes = new Set<number>(); // single marks found not to open a quotation, on a rescan
    let open: Quotation | null = carried;
    carried = null;
    for (let i = from; i < line.end; i++) {
      const ch = text[i]!;
      const prev = i > line.start ? text[i - 1] : undefined;
      // Two apostrophes ('') are one double mark (the New York Times' archive text writes its quotes so).
      const twin = ch === "'" && text[i + 1] === "'";
      const width = twin ? 2 : 1;
      const next = i + width < line.end ? text[i + width] : undefined;
      const straightDouble = ch === '"' || twin;
      if (open?.marks === 'double') {
        // A curly opening mark after a word and before no word is a closing mark typed wrong ("review“ of).
        if (ch === '\u201D' || straightDouble || (ch === '\u201C' && prev !== undefined && !isSpace(prev) && !isWord(next))) {
          open.pieces.at(-1)!.end = i;
          open.close = i + width;
          out.push(open);
          open = null;
          i += width - 1;
        } else if (ch === '\u201C' && (prev === undefined || isSpace(prev))) {
          // A curly opening mark inside an open double quote: the one before was never closed.
          open.pieces.at(-1)!.end = i;
          open.close = i;
          open.closed = false;
          out.push(open);
          open = newQuotation(i, 'double', 1);
        }
      } else if (open?.marks === 'single') {
        if ((ch === '\u2019' || ch === "'") && !twin && !isSpace(prev) && !isWord(next)) {
          open.pieces[0]!.end = i;
          open.close = i + 1;
          // A single-quoted span needs two letters: rock 'n' roll is no quotation.
          if (letters(text, open.pieces[0]!.start, i) >= 2) out.push(open);
          open = null;
        }
      } else if (ch === '\u201C' || ((straightDouble || ch === '\u201D') && next !== undefined && !isSpace(next) && (prev === undefined || BEFORE_OPEN.test(prev) || prev === '\u2018'))) {
        // (A curly closing mark where a quote opens is an opening mark typed wrong: ”get close to Ben.)
        open = newQuotation(i, 'double', width);
        i += width - 1;
      } else if (!apostrophes.has(i) && !twin && (prev === undefined || BEFORE_OPEN.test(prev)) && !DECADE.test(text.slice(i + 1, i + 5))
        && ((ch === '\u2018' && (isWord(next) || next === '"' || next === '\u201C')) || (ch === "'" && isWord(next)))) {
        open = newQuotation(i, 'single', 1);
      }
      // At the paragraph's end an unclosed single mark was an apostrophe ('em, '90s): read on from just after it.
      if (i >= line.end - 1 && open?.marks === 'single') {
        apostrophes.add(open.open);
        i = open.open;
        open = null;
      }
    }
    if (open) {
      open.pieces.at(-1)!.end = line.end;
      open.close = line.end;
      carried = open;
    }
  }
  if (carried) {
    carried.closed = false;
    out.push(carried);
  }
  return out.sort((a, b) => a.open - b.open);
}

/** Letters and digits of the quotation's words that lie inside the fragments. */
function lettersCovered(text: string, q: Quotation, fragments: Span[]): number {
  let n = 0;
  for (const p of q.pieces) {
    for (const f of fragments) {
      const start = Math.max(p.start, f.start);
      const end = Math.min(p.end, f.end);
      if (end > start) n += letters(text, start, end);
    }
  }
  return n;
}

const spanLength = (fragments: Span[]) => fragments.reduce((n, f) => n + f.end - f.start, 0);
const DOUBLE_MARK = /["\u201C\u201D]|''/;
const SINGLE_QUOTE = /\u2018|(?:^|[\s(\u2014])'[\p{L}\p{N}]/u;

/**
 * The gold direct quotations of one article. Each quotation belongs to one attribution: among those whose
 * Content covers at least half of its words, the innermost (smallest Content): "Clinton said Trump called them
 * \"rapists\"" gives the quote to Trump's attribution, and a quote inside a quote stays with the outer speaker.
 */
export function buildGold(file: string, text: string, attributions: Attribution[], quotations: Quotation[]): { gold: GoldQuote[]; counts: GoldCounts } {
  const counts: GoldCounts = {
    attributions: attributions.length, withContent: 0, contentWithDoubleMark: 0, contentWithSingleQuoteOnly: 0,
    contentOverlapsQuotation: 0, quotationsOwnedElsewhere: 0, gold: 0, goldWithoutSource: 0,
    quotations: quotations.length, quotationsInGold: 0, unclosedQuotations: quotations.filter((q) => !q.closed).length,
  };
  const owned = new Map<Attribution, Quotation[]>();
  const overlapping = new Set<Attribution>();
  for (const q of quotations) {
    const total = letters(text, q.pieces[0]!.start, q.pieces.at(-1)!.end) || 1;
    let best: { a: Attribution; cover: number } | null = null;
    const candidates: Array<{ a: Attribution; cover: number }> = [];
    for (const a of attributions) {
      if (!a.content.length) continue;
      const n = lettersCovered(text, q, a.content);
      if (n === 0) continue;
      overlapping.add(a);
      const cover = n / total;
      candidates.push({ a, cover });
      if (!best || cover > best.cover) best = { a, cover };
    }
    if (!best) continue;
    const half = candidates.filter((c) => c.cover >= 0.5);
    const pool = half.length ? half : candidates.filter((c) => c.cover === best!.cover);
    pool.sort((x, y) => spanLength(x.a.content) - spanLength(y.a.content) || x.a.content[0]!.start - y.a.content[0]!.start);
    const owner = pool[0]!.a;
    owned.set(owner, [...(owned.get(owner) ?? []), q]);
  }
  const gold: GoldQuote[] = [];
  for (const a of attributions) {
    if (!a.content.length) continue;
    counts.withContent++;
    const body = a.content.map((f) => text.slice(f.start, f.end)).join(' ');
    if (DOUBLE_MARK.test(body)) counts.contentWithDoubleMark++;
    else if (SINGLE_QUOTE.test(body)) counts.contentWithSingleQuoteOnly++;
    if (overlapping.has(a)) counts.contentOverlapsQuotation++;
    const mine = owned.get(a);
    if (!mine) {
      if (overlapping.has(a)) counts.quotationsOwnedElsewhere++;
      continue;
    }
    const sourceFragments = a.source ?? [];
    gold.push({
      file, attributionId: a.id, quotations: mine,
      quoteStart: mine[0]!.open, quoteEnd: mine.at(-1)!.close,
      source: sourceFragments.length ? { start: sourceFragments[0]!.start, end: sourceFragments.at(-1)!.end } : null,
      sourceFragments,
      sourceText: sourceFragments.map((f) => text.slice(f.start, f.end)).join(' ').replace(/\s+/g, ' ').trim(),
    });
    counts.quotationsInGold += mine.length;
  }
  counts.gold = gold.length;
  counts.goldWithoutSource = gold.filter((g) => !g.source).length;
  gold.sort((x, y) => x.quoteStart - y.quoteStart);
  return { gold, counts };
}

/** Loads every article with one annotator's file (the first in sorted order); null when the corpus is absent. */
export function loadPolnear(dir: string = polnearDir()): Article[] | null {
  const textDir = join(dir, 'text');
  const annDir = join(dir, 'attributions');
  if (!existsSync(textDir) || !existsSync(annDir)) return null;
  const annByArticle = new Map<string, string[]>();
  for (const name of readdirSync(annDir).filter((n) => n.endsWith('.ann')).sort()) {
    const m = /^(.*)_([^_]+)\.ann$/.exec(name);
    if (!m) continue;
    annByArticle.set(m[1]!, [...(annByArticle.get(m[1]!) ?? []), m[2]!]);
  }
  const articles: Article[] = [];
  for (const name of readdirSync(textDir).filter((n) => n.endsWith('.txt')).sort()) {
    const base = name.slice(0, -4);
    const annotators = annByArticle.get(base);
    if (!annotators?.length) continue;
    const annotator = annotators[0]!;
    const text = readFileSync(join(textDir, name), 'utf8');
    const { attributions } = parseAnn(readFileSync(join(annDir, `${base}_${annotator}.ann`), 'utf8'));
    const quotations = findQuotations(text);
    const { gold, counts } = buildGold(base, text, attributions, quotations);
    articles.push({ file: base, text, annotator, annotators, attributions, quotations, gold, counts });
  }
  return articles;
}

/** Sums the per-article counts. */
export function totalCounts(articles: Article[]): GoldCounts {
  const total = { ...articles[0]!.counts };
  for (const k of Object.keys(total) as Array<keyof GoldCounts>) total[k] = articles.reduce((n, a) => n + a.counts[k], 0);
  return total;
}

/**
 * The deterministic split of articles: 80 % `train`, 20 % `heldout`, by a hash of the file name without its date
 * (publisher and slug): the corpus holds the same story filed on two days (wash-post_2015-12-22_ and _23_
 * as-spotlight-shines…), and both copies must fall on the same side.
 */
export function splitOf(file: string): 'train' | 'heldout' {
  const story = file.replace(/\.txt$/, '').replace(/_\d{4}-\d{2}-\d{2}_/, '_');
  const h = createHash('sha256').update(story).digest().readUInt32BE(0);
  return h % 100 < 80 ? 'train' : 'heldout';
}

/** A stable hash of a string as a hex string (orders hand-label candidates). */
export function stableHash(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Prints the gold-set construction counts. */
function main(): void {
  const dir = polnearDir();
  const articles = loadPolnear(dir);
  if (!articles) {
    console.log(`PolNeAR corpus not found at ${dir} (set POLNEAR_DIR): skipped.`);
    return;
  }
  const c = totalCounts(articles);
  const multi = articles.filter((a) => a.annotators.length > 1).length;
  console.log(`PolNeAR at ${dir}: ${articles.length} articles (${multi} with several annotator files; the first id in sorted order used)`);
  console.log(`  attributions (E lines)                          ${c.attributions}`);
  console.log(`  with a Content span                             ${c.withContent}`);
  console.log(`  Content holds a double quotation mark           ${c.contentWithDoubleMark}`);
  console.log(`  Content holds single-quote marks only           ${c.contentWithSingleQuoteOnly}`);
  console.log(`  Content overlaps a paired quotation             ${c.contentOverlapsQuotation}`);
  console.log(`    of which every quotation is another's (nested) ${c.quotationsOwnedElsewhere}`);
  console.log(`  gold direct quotations                          ${c.gold} (${c.goldWithoutSource} without a Source)`);
  console.log(`  quotations paired in the texts                  ${c.quotations} (${c.unclosedQuotations} never closed), ${c.quotationsInGold} in gold`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
