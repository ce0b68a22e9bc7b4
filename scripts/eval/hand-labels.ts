// Hand labels for gold quotes whose Source is a pronoun or a description: which quotes to label, and the labels.
// Run on its own (`npx tsx scripts/eval/hand-labels.ts [count]`) it prints the candidates with their context, for
// labelling by reading; the labels (offsets and ids only, never article text) live in test/fixtures/polnear/.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sourceKind } from '@/scripts/eval/gold-speakers';
import { loadPolnear, polnearDir, REPO_ROOT, stableHash, type Article, type GoldQuote } from '@/scripts/eval/polnear';

/** Who a hand-labelled Source refers to, as a careful reader decides from the article. */
export type HandSpeaker = 'trump' | 'rubio' | 'other' | 'unknown';

/** One hand label, keyed by article and offsets (README of the corpus: offsets index the .txt). */
export interface HandLabel {
  file: string;
  quoteStart: number;
  quoteEnd: number;
  sourceStart: number;
  sourceEnd: number;
  speaker: HandSpeaker;
  /** The person's name when `speaker` is 'other'. */
  who?: string;
}

/** Where the labels are kept. */
export const HAND_LABELS_PATH = join(REPO_ROOT, 'test', 'fixtures', 'polnear', 'hand-labels.json');

/** The hand labels, or none when the file is absent. */
export function loadHandLabels(path = HAND_LABELS_PATH): HandLabel[] {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as HandLabel[]) : [];
}

/** The key that ties a label to its gold quote. */
export const labelKey = (x: { file: string; quoteStart: number; quoteEnd: number; sourceStart: number; sourceEnd: number }) =>
  `${x.file}:${x.quoteStart}-${x.quoteEnd}:${x.sourceStart}-${x.sourceEnd}`;

/** The key of a gold quote that has a Source. */
export const goldKey = (g: GoldQuote) =>
  labelKey({ file: g.file, quoteStart: g.quoteStart, quoteEnd: g.quoteEnd, sourceStart: g.source?.start ?? -1, sourceEnd: g.source?.end ?? -1 });

// Pronouns that can stand for a person speaking (it, they, which: a document or a group, not a person).
const PERSON_PRONOUN = /^(?:he|she|him|his|her|who)$/i;
// Descriptions that the 2016 coverage uses for Trump: the stratum that makes the sample about half his.
const TRUMP_DESCRIPTION = /billionaire|mogul|tycoon|businessman|real estate|developer|reality|nominee|front-?runner|candidate|\bGOP\b|Republican|Manhattan|New York/i;
// How far back the sampling prior looks for Trump's name.
const PRIOR_REACH = 400;

/** The stratum a candidate falls in: 'likely' when a quick prior says Trump, else 'unlikely' (not a label). */
export function prior(article: Article, g: GoldQuote): 'likely' | 'unlikely' {
  const src = g.sourceText;
  if (sourceKind(src) === 'description') return TRUMP_DESCRIPTION.test(src) && !/Democrat/i.test(src) ? 'likely' : 'unlikely';
  if (/^(?:she|her)$/i.test(src)) return 'unlikely';
  // The nearest name before the Source, outside quotations: Trump's (not "Trump's campaign"), or another person
  // the article names as a Source somewhere (their surname).
  const from = Math.max(0, g.source!.start - PRIOR_REACH);
  let before = article.text.slice(from, g.source!.start);
  for (const q of article.quotations) {
    if (q.close <= from || q.open >= g.source!.start) continue;
    const a = Math.max(0, q.open - from);
    const b = Math.min(before.length, q.close - from);
    before = before.slice(0, a) + ' '.repeat(b - a) + before.slice(b);
  }
  const trump = Math.max(-1, ...[...before.matchAll(/Trump(?!['\u2019]s|\s+(?:campaign|Tower|Organization|University))/g)].map((m) => m.index));
  const surnames = new Set<string>();
  for (const o of article.gold) {
    const last = /(\p{Lu}[\p{Ll}'-]+)\W*$/u.exec(o.sourceText.split(',')[0] ?? '');
    if (last && sourceKind(o.sourceText) === 'name' && last[1] !== 'Trump') surnames.add(last[1]!);
  }
  const other = Math.max(-1, ...[...surnames].map((n) => before.lastIndexOf(n)));
  return trump >= 0 && trump > other ? 'likely' : 'unlikely';
}

/** A gold quote that may be hand-labelled, with its sampling stratum and its place in that stratum's order. */
export interface Candidate {
  article: Article;
  gold: GoldQuote;
  stratum: 'likely' | 'unlikely';
  rank: number;
}

/**
 * The gold quotes that may be hand-labelled, per stratum, in a deterministic order: Source a person pronoun or a
 * description, in an article that names Trump; sorted by a hash of file and offsets. The labelled sample is the
 * first LABELLED.likely of the 'likely' stratum and the first LABELLED.unlikely of the other (more from 'likely':
 * the prior is imperfect, and the sample should be about half Trump's).
 */
export function handLabelCandidates(articles: Article[]): Record<'likely' | 'unlikely', Candidate[]> {
  const strata = { likely: [] as Array<Candidate & { hash: string }>, unlikely: [] as Array<Candidate & { hash: string }> };
  for (const article of articles) {
    if (!article.text.includes('Trump')) continue;
    for (const g of article.gold) {
      if (!g.source) continue;
      const kind = sourceKind(g.sourceText);
      if (kind === 'description' || (kind === 'pronoun' && PERSON_PRONOUN.test(g.sourceText))) {
        const stratum = prior(article, g);
        strata[stratum].push({ article, gold: g, stratum, rank: 0, hash: stableHash(goldKey(g)) });
      }
    }
  }
  for (const list of Object.values(strata)) {
    list.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
    list.forEach((c, i) => (c.rank = i));
  }
  return strata;
}

/** How many of each stratum's first candidates are labelled. */
export const LABELLED = { likely: 207, unlikely: 78 };

/** Prints candidates of one stratum (`likely` or `unlikely`) from a rank on, with the text around them marked. */
function main(): void {
  const articles = loadPolnear();
  if (!articles) {
    console.log(`PolNeAR corpus not found at ${polnearDir()} (set POLNEAR_DIR): skipped.`);
    return;
  }
  const stratum = process.argv[2] === 'unlikely' ? 'unlikely' : 'likely';
  const from = Number(process.argv[3] ?? 0);
  const count = Number(process.argv[4] ?? 10);
  const reach = Number(process.argv[5] ?? 800);
  const labelled = new Set(loadHandLabels().map(labelKey));
  const strata = handLabelCandidates(articles);
  console.log(`${strata.likely.length} likely and ${strata.unlikely.length} unlikely candidates; showing ${stratum} ${from}..${from + count - 1}`);
  for (const { article, gold, rank } of strata[stratum].slice(from, from + count)) {
    const src = gold.source!;
    const start = Math.max(0, Math.min(src.start, gold.quoteStart) - reach);
    const end = Math.min(article.text.length, Math.max(src.end, gold.quoteEnd) + 150);
    const marks: Array<[number, string]> = [[src.start, '[[SRC '], [src.end, ']]']];
    for (const q of gold.quotations) marks.push([q.open, '<<Q '], [q.close, '>>']);
    marks.sort((a, b) => b[0] - a[0]);
    let context = article.text.slice(start, end);
    for (const [at, mark] of marks) context = context.slice(0, at - start) + mark + context.slice(at - start);
    const key = { file: article.file, quoteStart: gold.quoteStart, quoteEnd: gold.quoteEnd, sourceStart: src.start, sourceEnd: src.end };
    console.log(`\n#${stratum}-${rank}${labelled.has(labelKey(key)) ? ' (labelled)' : ''} ${JSON.stringify(key)} source=${JSON.stringify(gold.sourceText)}`);
    console.log(context);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
