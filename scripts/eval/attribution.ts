// `npm run eval:attribution`: the product's quote detection and attribution measured against PolNeAR's hand
// annotations (Newell, Margolin and Ruths, LREC 2018). Prints a table and the error kinds with examples, and writes
// test-output/eval-attribution.json. `--split`: figures per deterministic train (80 %) / heldout (20 %) split of the
// articles as well; `--examples=N`: examples per error kind (default 3).
//
// Units. Detection counts gold direct quotes (attributions) and gold quotations (pairs of marks). Speakers are
// scored per gold quotation: its truth is its attribution's, its product speaker is that of the product quote that
// overlaps it most (a split quote "A," he said, "B." is two quotations, whether the product joins them or not).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanPlainArticle, type ProductQuote, type Span, type SpeakerId } from '@/scripts/eval/adapter';
import { namedSpeaker, sourceKind } from '@/scripts/eval/gold-speakers';
import { goldKey, labelKey, loadHandLabels, type HandLabel } from '@/scripts/eval/hand-labels';
import { loadPolnear, polnearDir, REPO_ROOT, splitOf, totalCounts, type Article, type GoldQuote, type Quotation } from '@/scripts/eval/polnear';

/** Who a gold quote is by, and how we know: its Source names the person, or a hand label says. */
export interface GoldSpeaker {
  who: 'trump' | 'rubio' | 'other' | 'unjudged';
  basis: 'name' | 'hand' | 'none';
  /** Why a quote is unjudged: no Source, a joint Source (Trump and Ryan), an unlabelled pronoun, 'unknown'. */
  why?: string;
}

/** The gold speaker of a quote: by its named Source, or by its hand label; unjudged otherwise. */
export function goldSpeaker(g: GoldQuote, labels: Map<string, HandLabel>): GoldSpeaker {
  const kind = sourceKind(g.source ? g.sourceText : null);
  if (kind === 'none') return { who: 'unjudged', basis: 'none', why: 'no source' };
  if (kind === 'name') {
    const named = namedSpeaker(g.sourceText)!;
    return named === 'joint' ? { who: 'unjudged', basis: 'name', why: 'joint source' } : { who: named, basis: 'name' };
  }
  const label = labels.get(goldKey(g));
  if (!label) return { who: 'unjudged', basis: 'none', why: `unlabelled ${kind}` };
  if (label.speaker === 'unknown') return { who: 'unjudged', basis: 'hand', why: 'labelled unknown' };
  return { who: label.speaker, basis: 'hand' };
}

const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
const overlapPieces = (a: Span[], b: Span[]) => a.reduce((n, x) => n + b.reduce((m, y) => m + overlap(x, y), 0), 0);

/** One gold quotation as the product saw it. */
interface Scored {
  article: Article;
  gold: GoldQuote;
  quotation: Quotation;
  truth: GoldSpeaker;
  /** The product quote that overlaps it most; null when none does (not detected). */
  found: ProductQuote | null;
}

/** One article's product quotes and the gold quotations they meet. */
interface ArticleResult {
  article: Article;
  found: ProductQuote[];
  scored: Scored[];
  /** Per gold quote (attribution): its truth, and whether any of its quotations was detected. */
  items: Array<{ gold: GoldQuote; truth: GoldSpeaker; detected: boolean }>;
  /** Product quotes that overlap no gold quotation. */
  noGold: ProductQuote[];
  /** Of those, the ones on a quotation that no attribution covers (scare quotes, titles, nicknames). */
  unattributedMarks: number;
}

function evaluateArticle(article: Article, labels: Map<string, HandLabel>): ArticleResult {
  const found = scanPlainArticle(article.text);
  const scored: Scored[] = [];
  const items: ArticleResult['items'] = [];
  for (const gold of article.gold) {
    const truth = goldSpeaker(gold, labels);
    let detected = false;
    for (const quotation of gold.quotations) {
      let best: ProductQuote | null = null;
      let bestOverlap = 0;
      for (const f of found) {
        const n = overlapPieces(f.pieces, quotation.pieces);
        if (n > bestOverlap) {
          best = f;
          bestOverlap = n;
        }
      }
      if (best) detected = true;
      scored.push({ article, gold, quotation, truth, found: best });
    }
    items.push({ gold, truth, detected });
  }
  const goldPieces = article.gold.flatMap((g) => g.quotations.flatMap((q) => q.pieces));
  const noGold = found.filter((f) => overlapPieces(f.pieces, goldPieces) === 0);
  const inGold = new Set(article.gold.flatMap((g) => g.quotations));
  const loose = article.quotations.filter((q) => !inGold.has(q)).flatMap((q) => q.pieces);
  const unattributedMarks = noGold.filter((f) => overlapPieces(f.pieces, loose) > 0).length;
  return { article, found, scored, items, noGold, unattributedMarks };
}

/** Precision and recall of one speaker id against the judged gold quotations. */
interface SpeakerFigures {
  gold: number;
  tp: number;
  fn: number;
  fp: number;
  precision: number | null;
  recall: number | null;
}

function speakerFigures(scored: Scored[], id: SpeakerId, basis: 'name' | 'hand' | 'all'): SpeakerFigures {
  const pool = scored.filter((s) => s.truth.who !== 'unjudged' && (basis === 'all' || s.truth.basis === basis));
  const tp = pool.filter((s) => s.truth.who === id && s.found?.speaker === id).length;
  const fn = pool.filter((s) => s.truth.who === id && s.found?.speaker !== id).length;
  const fp = pool.filter((s) => s.truth.who !== id && s.found?.speaker === id).length;
  return { gold: tp + fn, tp, fn, fp, precision: tp + fp ? tp / (tp + fp) : null, recall: tp + fn ? tp / (tp + fn) : null };
}

/** Every figure of one set of articles. */
interface Figures {
  articles: number;
  detection: {
    goldQuotes: number;
    goldQuotesFound: number;
    goldQuotations: number;
    goldQuotationsFound: number;
    productQuotes: number;
    productQuotesOnGold: number;
    productQuotesOnUnattributedMarks: number;
    recall: number;
    precision: number;
  };
  trump: Record<'name' | 'hand' | 'all', SpeakerFigures>;
  rubio: Record<'name' | 'hand' | 'all', SpeakerFigures>;
  /** Gold quotations each of ours was given, by what the gold says; and product quotes on no gold quotation. */
  given: Record<SpeakerId, { right: number; wrong: number; unjudged: number; noGold: number }>;
  /** Gold quotes (attributions) by gold speaker and basis. */
  goldBySpeaker: Record<string, number>;
}

const SPEAKER_IDS: SpeakerId[] = ['trump', 'rubio', 'johnson', 'sheinbaum'];

function figures(results: ArticleResult[]): Figures {
  const scored = results.flatMap((r) => r.scored);
  const items = results.flatMap((r) => r.items);
  const productQuotes = results.reduce((n, r) => n + r.found.length, 0);
  const noGold = results.reduce((n, r) => n + r.noGold.length, 0);
  const given = {} as Figures['given'];
  for (const id of SPEAKER_IDS) {
    const mine = scored.filter((s) => s.found?.speaker === id);
    given[id] = {
      right: mine.filter((s) => s.truth.who === id).length,
      wrong: mine.filter((s) => s.truth.who !== id && s.truth.who !== 'unjudged').length,
      unjudged: mine.filter((s) => s.truth.who === 'unjudged').length,
      noGold: results.reduce((n, r) => n + r.noGold.filter((f) => f.speaker === id).length, 0),
    };
  }
  const goldBySpeaker: Record<string, number> = {};
  for (const { truth } of items) {
    const key = `${truth.who}/${truth.basis}${truth.why ? ` (${truth.why})` : ''}`;
    goldBySpeaker[key] = (goldBySpeaker[key] ?? 0) + 1;
  }
  const itemsFound = items.filter((i) => i.detected).length;
  return {
    articles: results.length,
    detection: {
      goldQuotes: items.length, goldQuotesFound: itemsFound,
      goldQuotations: scored.length, goldQuotationsFound: scored.filter((s) => s.found).length,
      productQuotes, productQuotesOnGold: productQuotes - noGold,
      productQuotesOnUnattributedMarks: results.reduce((n, r) => n + r.unattributedMarks, 0),
      recall: itemsFound / (items.length || 1), precision: (productQuotes - noGold) / (productQuotes || 1),
    },
    trump: { name: speakerFigures(scored, 'trump', 'name'), hand: speakerFigures(scored, 'trump', 'hand'), all: speakerFigures(scored, 'trump', 'all') },
    rubio: { name: speakerFigures(scored, 'rubio', 'name'), hand: speakerFigures(scored, 'rubio', 'hand'), all: speakerFigures(scored, 'rubio', 'all') },
    given, goldBySpeaker,
  };
}

/** An error, located: article, offset, and what kind. */
interface ErrorCase {
  kind: string;
  file: string;
  offset: number;
  source: string | null;
  speaker: SpeakerId | null | 'not detected';
}

// The error kinds, in the order they are printed, each with what it means. Per gold quotation unless it says
// "product quote".
const ERROR_KINDS: Record<string, string> = {
  'trump-not-detected': 'a gold Trump quotation (named or hand-labelled) that detection missed',
  'trump-named-missed': 'a Trump-named source, quotation detected, speaker not trump',
  'trump-pronoun-missed': 'a pronoun/description that refers to Trump (hand label), quotation detected, speaker not trump',
  'given-to-trump-named-other': 'given to Trump, but the source names another person',
  'given-to-trump-pronoun-other': 'given to Trump, but the pronoun/description refers to someone else (hand label)',
  'given-to-trump-unjudged': 'given to Trump, gold unjudged (unlabelled pronoun/description, no source, joint source)',
  'given-to-trump-no-gold': 'a product quote given to Trump on no gold quotation (scare quotes, titles, missed annotations)',
  'rubio-missed': 'a gold Rubio quotation not given to rubio',
  'given-to-rubio-wrong': 'given to Rubio, but the gold speaker is someone else',
  'given-to-rubio-unjudged': 'given to Rubio, gold unjudged',
  'given-to-rubio-no-gold': 'a product quote given to Rubio on no gold quotation',
  'given-to-johnson': 'given to Johnson (the ambassador is in none of these 2016 articles)',
  'given-to-sheinbaum': 'given to Sheinbaum (in none of these 2016 articles)',
  'not-detected': 'any gold quotation that no product quote overlaps',
  'false-detection': 'a product quote that overlaps no gold quotation',
};

function errorCases(results: ArticleResult[]): ErrorCase[] {
  const out: ErrorCase[] = [];
  for (const r of results) {
    const file = r.article.file;
    for (const s of r.scored) {
      const speaker = s.found ? s.found.speaker : 'not detected';
      const push = (kind: string) => out.push({ kind, file, offset: s.quotation.open, source: s.gold.source ? s.gold.sourceText : null, speaker });
      const { who, basis } = s.truth;
      if (!s.found) push('not-detected');
      if (who === 'trump') {
        if (!s.found) push('trump-not-detected');
        else if (s.found.speaker !== 'trump') push(basis === 'name' ? 'trump-named-missed' : 'trump-pronoun-missed');
      } else if (s.found?.speaker === 'trump') {
        push(who === 'unjudged' ? 'given-to-trump-unjudged' : basis === 'name' ? 'given-to-trump-named-other' : 'given-to-trump-pronoun-other');
      }
      if (who === 'rubio' && s.found?.speaker !== 'rubio') push('rubio-missed');
      if (who !== 'rubio' && s.found?.speaker === 'rubio') push(who === 'unjudged' ? 'given-to-rubio-unjudged' : 'given-to-rubio-wrong');
      if (s.found?.speaker === 'johnson') push('given-to-johnson');
      if (s.found?.speaker === 'sheinbaum') push('given-to-sheinbaum');
    }
    for (const f of r.noGold) {
      const push = (kind: string) => out.push({ kind, file, offset: f.open, source: null, speaker: f.speaker });
      push('false-detection');
      if (f.speaker === 'trump') push('given-to-trump-no-gold');
      if (f.speaker === 'rubio') push('given-to-rubio-no-gold');
      if (f.speaker === 'johnson') push('given-to-johnson');
      if (f.speaker === 'sheinbaum') push('given-to-sheinbaum');
    }
  }
  return out;
}

const publisherOf = (file: string) => file.split('_')[0] ?? file;
const pct = (x: number | null) => (x === null ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)}%`);

function table(columns: Array<[string, Figures]>): string {
  const rows: Array<[string, (f: Figures) => string]> = [
    ['articles', (f) => `${f.articles}`],
    ['gold direct quotes (attributions)', (f) => `${f.detection.goldQuotes}`],
    ['  detected (recall)', (f) => `${f.detection.goldQuotesFound} ${pct(f.detection.recall)}`],
    ['gold quotations (mark pairs)', (f) => `${f.detection.goldQuotations}`],
    ['  detected', (f) => `${f.detection.goldQuotationsFound} ${pct(f.detection.goldQuotationsFound / (f.detection.goldQuotations || 1))}`],
    ['product quotes', (f) => `${f.detection.productQuotes}`],
    ['  on a gold quotation (precision)', (f) => `${f.detection.productQuotesOnGold} ${pct(f.detection.precision)}`],
    ['  on unattributed marks (scare quotes…)', (f) => `${f.detection.productQuotesOnUnattributedMarks}`],
  ];
  for (const id of ['trump', 'rubio'] as const) {
    for (const basis of ['name', 'hand', 'all'] as const) {
      const label = basis === 'name' ? 'source names someone' : basis === 'hand' ? 'pronoun/descr. (hand)' : 'overall';
      rows.push([`${id}, ${label}: gold quotations`, (f) => `${f[id][basis].gold}`]);
      rows.push([`  TP / FP / FN`, (f) => `${f[id][basis].tp} / ${f[id][basis].fp} / ${f[id][basis].fn}`]);
      rows.push([`  precision`, (f) => pct(f[id][basis].precision)]);
      rows.push([`  recall`, (f) => pct(f[id][basis].recall)]);
    }
  }
  for (const id of SPEAKER_IDS) {
    rows.push([`given to ${id}: right/wrong/unjudged/no gold`, (f) => {
      const g = f.given[id];
      return `${g.right}/${g.wrong}/${g.unjudged}/${g.noGold}`;
    }]);
  }
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  const colWidth = 20;
  const lines = [''.padEnd(width) + columns.map(([name]) => name.padStart(colWidth)).join('')];
  for (const [label, cell] of rows) lines.push(label.padEnd(width) + columns.map(([, f]) => cell(f).padStart(colWidth)).join(''));
  return lines.join('\n');
}

function main(): void {
  const args = process.argv.slice(2);
  const split = args.includes('--split');
  const examples = Number(args.find((a) => a.startsWith('--examples='))?.split('=')[1] ?? 3);
  const dir = polnearDir();
  const articles = loadPolnear(dir);
  if (!articles) {
    console.log(`eval:attribution: PolNeAR corpus not found at ${dir} (set POLNEAR_DIR to its folder): skipped.`);
    return;
  }
  const handLabels = loadHandLabels();
  const labels = new Map(handLabels.map((l) => [labelKey(l), l]));
  const started = performance.now();
  const results = articles.map((a) => evaluateArticle(a, labels));
  const ms = Math.round(performance.now() - started);
  const goldKeys = new Set(articles.flatMap((a) => a.gold.map(goldKey)));
  const stale = handLabels.filter((l) => !goldKeys.has(labelKey(l)));

  const c = totalCounts(articles);
  console.log(`PolNeAR (${dir}): ${articles.length} articles, ${c.gold} gold direct quotes; ${handLabels.length} hand labels` +
    `${stale.length ? ` (${stale.length} match no gold quote: the gold set changed?)` : ''}; scanned in ${ms} ms\n`);
  const columns: Array<[string, Figures]> = [['all', figures(results)]];
  if (split) {
    for (const name of ['train', 'heldout'] as const) columns.push([name, figures(results.filter((r) => splitOf(r.article.file) === name))]);
  }
  console.log(table(columns));

  // Per publisher: the archives differ in how they write quotes (the NYT text quotes with two apostrophes).
  const publishers = [...new Set(results.map((r) => publisherOf(r.article.file)))].sort();
  const byPublisher = Object.fromEntries(publishers.map((p) => [p, figures(results.filter((r) => publisherOf(r.article.file) === p))]));
  console.log('\nBy publisher (all articles): gold quotes, detected; trump precision / recall over judged quotations');
  for (const [p, f] of Object.entries(byPublisher)) {
    console.log(`  ${p.padEnd(14)} ${String(f.detection.goldQuotes).padStart(5)} ${pct(f.detection.recall)}   trump ${pct(f.trump.all.precision)} / ${pct(f.trump.all.recall)} (${f.trump.all.gold} gold)`);
  }

  console.log('\nGold quotes (attributions) by speaker (basis):');
  for (const [k, n] of Object.entries(columns[0]![1].goldBySpeaker).sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${k}`);

  const errors = errorCases(results);
  const textOf = new Map(articles.map((a) => [a.file, a.text]));
  console.log('\nError kinds (all articles; per gold quotation unless "product quote"):');
  const byKind: Record<string, { count: number; train: number; heldout: number; cases: ErrorCase[] }> = {};
  for (const kind of Object.keys(ERROR_KINDS)) byKind[kind] = { count: 0, train: 0, heldout: 0, cases: [] };
  for (const e of errors) {
    const k = byKind[e.kind]!;
    k.count++;
    k[splitOf(e.file)]++;
    k.cases.push(e);
  }
  for (const [kind, meaning] of Object.entries(ERROR_KINDS)) {
    const k = byKind[kind]!;
    console.log(`  ${String(k.count).padStart(5)}  ${kind}${split ? ` (train ${k.train}, heldout ${k.heldout})` : ''}: ${meaning}`);
    if (k.count >= 10 && /named|wrong/.test(kind)) {
      const sources = new Map<string, number>();
      for (const e of k.cases) if (e.source) sources.set(e.source, (sources.get(e.source) ?? 0) + 1);
      const top = [...sources].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([src, n]) => `${src} ${n}`);
      console.log(`           most frequent sources: ${top.join(', ')}`);
    }
    for (const e of k.cases.slice(0, examples)) {
      const snippet = (textOf.get(e.file) ?? '').slice(e.offset, e.offset + 80).replace(/\s+/g, ' ');
      console.log(`           ${e.file} @${e.offset} [source: ${e.source ?? '-'}; product: ${e.speaker ?? 'null'}] ${JSON.stringify(snippet)}`);
    }
  }

  // Offsets and figures only: no article text leaves the corpus folder.
  const outDir = join(REPO_ROOT, 'test-output');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, 'eval-attribution.json');
  writeFileSync(out, JSON.stringify({
    corpus: 'PolNeAR train (Newell, Margolin and Ruths, LREC 2018)',
    goldBuild: c,
    handLabels: handLabels.length,
    staleHandLabels: stale.length,
    figures: Object.fromEntries(columns),
    byPublisher,
    errors: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, {
      meaning: ERROR_KINDS[k], count: v.count, train: v.train, heldout: v.heldout,
      cases: v.cases.map((e) => ({ file: e.file, offset: e.offset, speaker: e.speaker })),
    }])),
  }, null, 1));
  console.log(`\nWrote ${out}`);
}

main();
