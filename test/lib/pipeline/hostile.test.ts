// Hostile and broken input (issue 5, §2): the detector on random and adversarial text grows linearly and never
// throws, and a truncated or corrupted corpus source fails the build naming the file and the line.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '@/test/helpers/paths';
import { scanDocument, type FoundQuote } from '@/lib/pipeline/attribute';
import { makeTextDoc, type BlockKind, type ElementQuote, type TextDoc, type Zone } from '@/lib/pipeline/text-doc';
import { mulberry32, type Rng } from '@/scripts/bench/prng';



// ---------------------------------------------------------------------------------------------------------------
// A fixed-seed PRNG (the bench's mulberry32): every run builds the same "random" text.
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

// Words, names, verbs and the characters that trip detectors up: every quotation mark, apostrophes, inch marks,
// right-to-left scripts and bidi controls, emoji (surrogate pairs, ZWJ sequences, flags), zero-width characters,
// and U+2063, the character the attribution stage uses internally to blank quotations out.
const WORDS = [
  'the', 'a', 'we', 'will', 'not', 'accept', 'cartels', 'troops', 'sovereignty', 'table', 'on', 'in', 'and', 'of',
  'said', 'told', 'reporters', 'added', 'warned', 'dijo', 'afirmó', 'según', 'according to', 'she', 'he', 'She', 'He',
  'Sheinbaum', 'Claudia Sheinbaum', 'Trump', 'Donald Trump', 'Rubio', 'Marco Rubio', 'Johnson', 'Ambassador Johnson',
  'Sen. Ron Johnson', 'Biden', 'the Mexican president', 'the secretary of state', 'the U.S. envoy', 'an analyst',
  'Mexico’s', "Mexico's", 'don’t', "rock 'n' roll", '’90s', 'cartels’', '55"', 'U.S.', 'Mr.', 'Dr.', 'Jr.',
  'قال', 'الرئيس', 'لن', 'نقبل', 'أي', 'تدخل', 'אמר', 'ארה"ב', 'לא', 'נקבל', 'צה"ל',
  '😀', '🇲🇽', '👨‍👩‍👧', '👍🏽', '❤️', 'Ω', 'ß', 'İ', 'ﬁ', '…', '[sic]', '—', '–', '-', ':', ';', ',', '.', '!', '?', '(', ')',
];
const ODD = ['\u200B', '\u200C', '\u200D', '\u00AD', '\uFEFF', '\u2060', '\u2063', '\u200E', '\u200F', '\u202B', '\u202C', '\u2066', '\u2069', '\u00A0', '\t'];
const MARKS = ['"', "'", '\u201C', '\u201D', '\u201E', '\u2018', '\u2019', '\u201A', '\u00AB', '\u00BB'];
const KINDS: BlockKind[] = ['paragraph', 'paragraph', 'paragraph', 'heading', 'blockquote', 'item'];

/** A random block of about `chars` characters: words with marks and odd characters stuck on either side. */
function randomBlock(rng: Rng, chars: number): string {
  let s = '';
  while (s.length < chars) {
    const r = rng();
    if (r < 0.12) s += pick(rng, MARKS);
    else if (r < 0.16) s += pick(rng, ODD);
    else s += (s && rng() < 0.85 ? ' ' : '') + pick(rng, WORDS);
    if (rng() < 0.1) s += pick(rng, MARKS);
  }
  return s;
}

/** A random document of about `chars` characters, with random block kinds, zones and blockquote elements. */
function randomDoc(seed: number, chars: number, blockChars = 400): TextDoc {
  const rng = mulberry32(seed);
  const parts: Array<{ text: string; kind: BlockKind; zone: Zone }> = [];
  const credits = new Set<number>();
  for (let n = 0; n < chars; ) {
    const kind = pick(rng, KINDS);
    let text = randomBlock(rng, Math.max(1, Math.floor(rng() * 2 * blockChars)));
    // Half the blockquotes end with a credit line ("— Claudia Sheinbaum"), as pages print them.
    if (kind === 'blockquote' && rng() < 0.5) {
      credits.add(parts.length);
      text += ` — ${pick(rng, ['Claudia Sheinbaum', 'Donald Trump', 'Marco Rubio', 'Ambassador Johnson', 'an analyst'])}`;
    }
    parts.push({ text, kind, zone: rng() < 0.85 ? 'article' : 'aside' });
    n += text.length + 1;
  }
  const doc = makeTextDoc(parts);
  // Blockquote elements over whole blocks, their credit line as read-page records it.
  const elementQuotes: ElementQuote[] = [];
  doc.blocks.forEach((block, b) => {
    if (block.kind !== 'blockquote') return;
    const credit = credits.has(b) ? { attribution: { start: doc.text.lastIndexOf(' — ', block.end) + 1, end: block.end } } : {};
    elementQuotes.push({ kind: 'blockquote', start: block.start, end: block.end, ...credit });
  });
  return { ...doc, elementQuotes };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/;
const SPEAKER_IDS = [null, 'sheinbaum', 'trump', 'johnson', 'rubio'];

/** What every scan result must be, whatever the input: in bounds, in order, not overlapping, cleaned text. */
function expectWellFormed(doc: TextDoc, found: FoundQuote[]): void {
  let previousClose = -1;
  for (const q of found) {
    const where = `quote at ${q.open}: ${JSON.stringify(doc.text.slice(q.open, Math.min(q.close, q.open + 80)))}`;
    expect(q.open, where).toBeGreaterThanOrEqual(0);
    expect(q.close, where).toBeGreaterThan(q.open);
    expect(q.close, where).toBeLessThanOrEqual(doc.text.length);
    expect(q.open, `${where} overlaps the quote before it`).toBeGreaterThanOrEqual(previousClose);
    previousClose = q.close;
    expect(q.parts.length, where).toBeGreaterThan(0);
    for (const piece of q.parts.flat()) {
      expect(piece.start, where).toBeGreaterThanOrEqual(q.open);
      expect(piece.end, where).toBeLessThanOrEqual(q.close);
      expect(piece.end, where).toBeGreaterThanOrEqual(piece.start);
    }
    expect(q.text, where).not.toMatch(LONE_SURROGATE);
    expect(q.text, where).not.toMatch(INVISIBLE);
    expect(q.text, where).toBe(q.text.trim());
    expect(SPEAKER_IDS, where).toContain(q.speaker);
    if (q.zone === 'aside') expect(q.speaker, `${where}: page furniture speaks for nobody`).toBeNull();
    expect(doc.blocks[q.block], where).toBeDefined();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Growth: the time at 4n over the time at n. Linear work gives about 4; quadratic work 16. The bound leaves room
// for noise (other jobs on a 2-core machine, GC) without letting quadratic work through.
const MAX_RATIO = 8;

/** Milliseconds per call of `f`, repeating it until at least `minMs` have passed (short calls are noisy). */
function msPerCall(f: () => unknown, minMs = 30): number {
  const start = performance.now();
  let calls = 0;
  let elapsed = 0;
  do {
    f();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return elapsed / calls;
}

/**
 * The ratio time(large) / time(small), the best of a few interleaved rounds (so that a burst of load elsewhere
 * hits both sizes). Stops early once the ratio is clearly inside the bound, or hopelessly outside it (a
 * quadratic scan of the large input can take a minute: one round is enough to show it).
 */
function growth(small: TextDoc, large: TextDoc, run: (doc: TextDoc) => unknown = scanDocument) {
  run(small); // warm the JIT
  let s = Infinity;
  let l = Infinity;
  for (let round = 0; round < 5; round++) {
    s = Math.min(s, msPerCall(() => run(small)));
    // Both sizes averaged over at least 30 ms: a fast scan of the large text is a millisecond, and one call of it
    // can land on a garbage collection (a slow, quadratic one is still a single call).
    l = Math.min(l, msPerCall(() => run(large)));
    const ratio = l / s;
    if ((round >= 1 && ratio < MAX_RATIO) || ratio > 2 * MAX_RATIO) break;
  }
  return { smallMs: Math.round(s * 10) / 10, largeMs: Math.round(l * 10) / 10, ratio: Math.round((l / s) * 100) / 100 };
}

/** Figures for the report on this run, printed once at the end. */
const figures: Record<string, unknown> = {};
afterAll(() => {
  console.log('hostile-input figures', JSON.stringify(figures, null, 2));
});

const doc = (...paragraphs: string[]) => makeTextDoc(paragraphs.map((text) => ({ text })));
const texts = (found: FoundQuote[]) => found.map((q) => q.text);
const said = (found: FoundQuote[]) => found.map((q) => [q.text, q.speaker]);

// ---------------------------------------------------------------------------------------------------------------
describe('the detector on random text (fixed seed)', () => {
  it('never throws, and every quote it finds is well formed', () => {
    let quotes = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const d = randomDoc(seed, 500 + (seed % 7) * 1500, 50 + (seed % 5) * 200);
      let found: FoundQuote[] = [];
      expect(() => (found = scanDocument(d)), `seed ${seed}`).not.toThrow();
      expectWellFormed(d, found);
      quotes += found.length;
    }
    figures.randomQuotesFound = quotes;
    expect(quotes).toBeGreaterThan(300); // the generator does produce quotations to check
  }, 120_000);

  it('grows linearly: 64 kB to 256 kB of random text', () => {
    const g = growth(randomDoc(7, 64_000), randomDoc(7, 256_000));
    figures['random 64 kB -> 256 kB'] = g;
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(MAX_RATIO);
  }, 120_000);

  it('grows linearly on random text in long blocks (many unclosed marks per block): 64 kB to 256 kB', () => {
    const g = growth(randomDoc(11, 64_000, 8_000), randomDoc(11, 256_000, 8_000));
    figures['random, 8 kB blocks, 64 kB -> 256 kB'] = g;
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(MAX_RATIO);
  }, 120_000);
});

// Each case: a page of size n and of size 4n, what the detector must find on it, and a linear growth between them.
interface Case {
  name: string;
  n: number;
  make: (n: number) => TextDoc;
  /** Checks what was found on the page of size n. */
  check: (found: FoundQuote[], n: number) => void;
}

const lines = (n: number, line: (i: number) => string) => doc(...Array.from({ length: n }, (_, i) => line(i)));

const CASES: Case[] = [
  {
    name: 'unbalanced marks: opening double quotes, then closing guillemets and single quotes that match none',
    n: 3000,
    make: (n) => doc('“x '.repeat(n) + 'x» '.repeat(n) + 'x’ '.repeat(n)),
    check: (found) => expect(found).toEqual([]),
  },
  {
    name: 'unbalanced marks: opening guillemets, then closing double quotes that match none',
    n: 4000,
    make: (n) => doc('«x '.repeat(n) + 'x” '.repeat(n)),
    check: (found) => expect(found).toEqual([]),
  },
  {
    name: 'unbalanced marks: every kind of opening mark, never closed, one paragraph each',
    n: 2000,
    make: (n) => lines(n, (i) => `${MARKS[i % MARKS.length]}word ${'„«“‘'.repeat(20)} more words ${i}`),
    check: (found) => expect(found.length).toBeLessThan(50),
  },
  {
    name: '10,000 quotes on one page and more (said X, she said, stand-alone, X: “…”, a shared surname): 5,000 → 20,000',
    n: 5000,
    make: (n) =>
      lines(n, (i) => {
        const k = i % 5;
        if (k === 0) return `“We will not accept number ${i},” Sheinbaum said.`;
        if (k === 1) return `“We will not accept number ${i},” she said.`;
        if (k === 2) return `“We will not accept number ${i}.”`;
        if (k === 3) return `Rubio: “We want tangible results number ${i}.”`;
        return `“We want results number ${i},” Johnson said.`;
      }),
    check: (found, n) => {
      expect(found).toHaveLength(n);
      expect(said(found.slice(0, 5))).toEqual([
        ['We will not accept number 0,', 'sheinbaum'],
        ['We will not accept number 1,', 'sheinbaum'],
        ['We will not accept number 2.', 'sheinbaum'],
        ['We want tangible results number 3.', 'rubio'],
        ['We want results number 4,', null], // Johnson alone: Ron Johnson or the ambassador, nobody can tell
      ]);
    },
  },
  {
    name: '10,000 quotes in one paragraph (“A,” she said. “B,” she said. …): 2,500 → 10,000',
    n: 2500,
    make: (n) => doc(`Sheinbaum spoke. ${Array.from({ length: n }, (_, i) => `“point number ${i},” she said.`).join(' ')}`),
    check: (found) => {
      // However the chain of “A,” she said. “B,” … is grouped, every “she” here is Sheinbaum.
      expect(found.length).toBeGreaterThan(0);
      expect(found.filter((q) => q.speaker !== 'sheinbaum').map((q) => q.text.slice(0, 60))).toEqual([]);
    },
  },
  {
    name: '1 MB with no closing mark, in one paragraph (256 kB → 1 MB)',
    n: 256_000,
    make: (n) => doc(`She said “${'and on and on, with Mexico’s cartels’ ‘money and rock ’n’ roll '.repeat(Math.ceil(n / 50)).slice(0, n)}`),
    check: (found) => expect(found).toEqual([]),
  },
  {
    name: '1 MB with no closing mark, over paragraphs (64 kB → 256 kB)',
    n: 64_000,
    make: (n) => lines(n / 40, (i) => (i === 0 ? 'Sheinbaum said “this quote never ends' : `and on, paragraph ${i}, and on and on.`)),
    check: (found) => expect(found).toEqual([]),
  },
  {
    name: 'one quote, then thousands of paragraphs without a quotation mark',
    n: 2000,
    make: (n) => lines(n, (i) => (i === 0 ? '“We will not accept it,” Sheinbaum said.' : `Plain reporting without marks, paragraph ${i}.`)),
    check: (found) => expect(said(found)).toEqual([['We will not accept it,', 'sheinbaum']]),
  },
  {
    name: 'a list of quotes without sentence ends (no full stop anywhere)',
    n: 2000,
    make: (n) => lines(n, (i) => `Sheinbaum: “we will not accept ${i}”`),
    check: (found, n) => {
      expect(found).toHaveLength(n);
      expect(said(found.slice(0, 1))).toEqual([['we will not accept 0', 'sheinbaum']]);
    },
  },
  {
    name: 'one paragraph naming thousands of people',
    n: 1000,
    make: (n) => doc(`“We will not accept it,” Sheinbaum said. ${Array.from({ length: n }, (_, i) => `Joe Biden met Marco Rubio and Donald Trump on day ${i}.`).join(' ')}`),
    check: (found) => expect(said(found)).toEqual([['We will not accept it,', 'sheinbaum']]),
  },
  {
    name: 'thousands of mark-less blockquotes with an attribution line',
    n: 1000,
    make: (n) => {
      const d = makeTextDoc(Array.from({ length: n }, (_, i) => ({ text: `We will not accept number ${i}. — Claudia Sheinbaum`, kind: 'blockquote' as const })));
      const elementQuotes: ElementQuote[] = d.blocks.map((b) => ({
        kind: 'blockquote', start: b.start, end: b.end, attribution: { start: d.text.indexOf('—', b.start), end: b.end },
      }));
      return { ...d, elementQuotes };
    },
    check: (found, n) => {
      expect(found).toHaveLength(n);
      expect(said(found.slice(0, 1))).toEqual([['We will not accept number 0.', 'sheinbaum']]);
    },
  },
  {
    name: 'thousands of <q> elements among quotation marks',
    n: 3000,
    make: (n) => {
      const d = lines(n, (i) => `Rubio said we want results ${i} and “we want them now,” he added.`);
      const elementQuotes: ElementQuote[] = d.blocks.map((b) => {
        const start = d.text.indexOf('we want results', b.start);
        return { kind: 'q', start, end: d.text.indexOf(' and', start) };
      });
      return { ...d, elementQuotes };
    },
    check: (found, n) => {
      expect(found).toHaveLength(2 * n);
      expect(said(found.slice(0, 2))).toEqual([['we want results 0', 'rubio'], ['we want them now,', 'rubio']]);
    },
  },
];

describe('the detector on adversarial text: what it finds, and linear growth (time(4n) / time(n) < 8)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const small = c.make(c.n);
    let found: FoundQuote[] = [];
    expect(() => (found = scanDocument(small))).not.toThrow();
    const large = c.make(4 * c.n);
    const g = growth(small, large);
    figures[name] = { n: c.n, chars: [small.text.length, large.text.length], ...g };
    // Soft: a wrong result and a quadratic time are two findings, both reported.
    expect.soft(g.ratio, `${name}: ${JSON.stringify(g)}`).toBeLessThan(MAX_RATIO);
    expectWellFormed(small, found);
    c.check(found, c.n);
  }, 180_000);
});

// ---------------------------------------------------------------------------------------------------------------
describe('the detector on right-to-left text, emoji and zero-width characters', () => {
  it('finds Arabic quotes in guillemets and Hebrew quotes in straight and low-high marks, bidi controls and all', () => {
    const found = scanDocument(doc(
      'قال الرئيس: «لن نقبل أي تدخل عسكري»، مضيفاً أن التعاون مستمر.',
      '\u202Bوقالت: “نحن دولة ذات سيادة” أمس.\u202C',
      'רוביו אמר: "אנחנו רוצים תוצאות מוחשיות" ביום שישי.',
      'השר אמר: „לא נקבל התערבות“ היום.',
      '\u200FMarco Rubio said: "אנחנו רוצים תוצאות" on Friday.\u200F',
    ));
    expect(said(found)).toEqual([
      ['لن نقبل أي تدخل عسكري', null],
      ['نحن دولة ذات سيادة', null],
      ['אנחנו רוצים תוצאות מוחשיות', null],
      ['לא נקבל התערבות', null],
      ['אנחנו רוצים תוצאות', 'rubio'],
    ]);
  });

  it('keeps a Hebrew gershayim (ארה"ב, "U.S.") inside the quote instead of closing it there', () => {
    // A straight double mark between two Hebrew letters is the gershayim of an abbreviation, not a quotation mark.
    expect(texts(scanDocument(doc('רוביו אמר: "ארה"ב לא תשלח חיילים למקסיקו" היום.')))).toEqual(['ארה"ב לא תשלח חיילים למקסיקו']);
  });

  it('keeps emoji whole (surrogate pairs, flags, skin tones) in and around quotes', () => {
    const d = doc(
      '“We ❤️ Mexico 🇲🇽 and its people 👍🏽,” Sheinbaum said 😀.',
      '😀 “Cartels are terrorists 💣,” Trump posted 😀',
      'Rubio: ‘tangible results 📈’',
    );
    const found = scanDocument(d);
    expectWellFormed(d, found);
    expect(said(found)).toEqual([
      ['We ❤️ Mexico 🇲🇽 and its people 👍🏽,', 'sheinbaum'],
      ['Cartels are terrorists 💣,', 'trump'],
      ['tangible results 📈', 'rubio'],
    ]);
  });

  it('drops zero-width characters and soft hyphens from quote text, and still attributes the quote', () => {
    const d = doc(
      '“coordi\u200Bnation with\u00ADout subordi\u2060nation,” Sheinbaum said.',
      '\uFEFF“We will\u200C not \u200Dbe subordinated,” she added.',
      'Rubio said “\u200Btangible results\u200B” on Friday.',
    );
    const found = scanDocument(d);
    expectWellFormed(d, found);
    expect(said(found)).toEqual([
      ['coordination without subordination,', 'sheinbaum'],
      ['We will not be subordinated,', 'sheinbaum'],
      ['tangible results', 'rubio'],
    ]);
  });

  it('attributes a quote across invisible format characters (LRM, RLM, ALM, U+2063) between it and its speaker', () => {
    // read-page drops soft hyphens and zero-width spaces and joiners, but not these (nor bidi isolates and embeddings).
    const d = doc(
      '“Cartels are terrorists,”\u200E Trump said.',
      '“We will not be subordinated,”\u200F Sheinbaum said.',
      '“We want tangible results,”\u061C Rubio said.',
      '“Coordination without subordination,”\u2063 Sheinbaum said.',
      'Trump said\u2066 “we will hit land”\u2069 on Thursday.',
    );
    const found = scanDocument(d);
    expectWellFormed(d, found);
    expect(said(found)).toEqual([
      ['Cartels are terrorists,', 'trump'],
      ['We will not be subordinated,', 'sheinbaum'],
      ['We want tangible results,', 'rubio'],
      ['Coordination without subordination,', 'sheinbaum'],
      ['we will hit land', 'trump'],
    ]);
  });
});

describe('the detector on quotes inside quotes, and stray marks', () => {
  it('gives a <q> inside a quotation to the outer quotation (a quote inside a quote belongs to the outer one)', () => {
    const d = doc('“They asked us why we refuse and we said no,” Sheinbaum said.');
    const start = d.text.indexOf('why');
    const found = scanDocument({ ...d, elementQuotes: [{ kind: 'q', start, end: start + 'why we refuse'.length }] });
    expectWellFormed(d, found);
    expect(said(found)).toEqual([['They asked us why we refuse and we said no,', 'sheinbaum']]);
  });

  it('reads a quote carried over two adjacent <blockquote>s once, not as three overlapping quotes', () => {
    // The random test above found this (seed 60): a quotation that a blockquote opens and the next one reopens.
    const d = makeTextDoc([
      { text: '“We will cooperate, but we will not', kind: 'blockquote' },
      { text: '“accept subordination of any kind.”', kind: 'blockquote' },
    ]);
    const elementQuotes: ElementQuote[] = d.blocks.map((b) => ({ kind: 'blockquote', start: b.start, end: b.end }));
    const found = scanDocument({ ...d, elementQuotes });
    expectWellFormed(d, found);
    // One quote over both, or one per blockquote: either way each word is reported once.
    const all = texts(found).join(' | ');
    expect([all.split('cooperate').length - 1, all.split('subordination').length - 1], all).toEqual([1, 1]);
  });

  it('closes a curly quote that holds a stray straight double mark', () => {
    // Pasted code or a typo: the stray " must not take the closing ” away from the opening “.
    expect(said(scanDocument(doc('“They call it "help, but it is an invasion,” Sheinbaum said.')))).toEqual([
      ['They call it "help, but it is an invasion,', 'sheinbaum'],
    ]);
    expect(said(scanDocument(doc(`“<svg onload="document.title='pwned'"></svg> changes nothing,” Sheinbaum said.`)))).toEqual([
      [`<svg onload="document.title='pwned'"></svg> changes nothing,`, 'sheinbaum'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('a truncated or corrupted corpus source fails the build, naming the file and the line', () => {
  const DATA = join(ROOT, 'data');
  const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
  const source = readdirSync(DATA).filter((f) => f.endsWith('.txt')).sort()[1]!; // 001_…: several lines
  const temps: string[] = [];
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  /** Copies data/ to a temporary folder, breaks one file, and runs the corpus build on it as `npm run corpus` does. */
  function buildWith(breakIt: (bytes: Buffer) => Buffer) {
    const dir = mkdtempSync(join(tmpdir(), 'quotetrail-corpus-'));
    temps.push(dir);
    const data = join(dir, 'data');
    cpSync(DATA, data, { recursive: true });
    writeFileSync(join(data, source), breakIt(readFileSync(join(data, source))));
    const out = join(dir, 'out', 'corpus.json');
    const run = spawnSync(TSX, ['scripts/build-corpus.ts', data, out], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    return { status: run.status, stderr: run.stderr, stdout: run.stdout, wrote: existsSync(out) };
  }
  const lineOf = (bytes: Buffer, offset: number) => bytes.subarray(0, offset).toString('latin1').split('\n').length;
  const original = readFileSync(join(DATA, source));

  it('builds the untouched copy (the harness itself works)', () => {
    const run = buildWith((b) => b);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.wrote).toBe(true);
  }, 60_000);

  it('a source cut off mid-file', () => {
    const cut = Math.floor(original.length * 0.6);
    const run = buildWith((b) => b.subarray(0, cut));
    expect(run.status).not.toBe(0);
    expect(run.wrote).toBe(false);
    expect(run.stderr).toMatch(new RegExp(`${source.replace('.', '\\.')}:${lineOf(original, cut)}: sha256 [0-9a-f]{64} differs`));
    expect(run.stderr).toMatch(/truncated or corrupted/);
  }, 60_000);

  it('a source cut off in the middle of a multi-byte character', () => {
    const at = original.findIndex((byte, i) => byte >= 0xe0 && i > 200); // the first byte of a 3-byte character (’, “)
    expect(at).toBeGreaterThan(0);
    const run = buildWith((b) => b.subarray(0, at + 1));
    expect(run.status).not.toBe(0);
    expect(run.wrote).toBe(false);
    expect(run.stderr).toContain(`${source}:${lineOf(original, at)}: not valid UTF-8`);
  }, 60_000);

  it('a source with one corrupted byte (valid UTF-8, different text)', () => {
    const at = original.indexOf('Sheinbaum', 400);
    const run = buildWith((b) => {
      const c = Buffer.from(b);
      c[at] = 'X'.charCodeAt(0);
      return c;
    });
    expect(run.status).not.toBe(0);
    expect(run.wrote).toBe(false);
    expect(run.stderr).toMatch(new RegExp(`${source.replace('.', '\\.')}:\\d+: sha256 [0-9a-f]{64} differs`));
  }, 60_000);

  it('a source with a byte that is not UTF-8', () => {
    const at = original.indexOf('\n', 300) + 5;
    const run = buildWith((b) => {
      const c = Buffer.from(b);
      c[at] = 0xff;
      return c;
    });
    expect(run.status).not.toBe(0);
    expect(run.wrote).toBe(false);
    expect(run.stderr).toContain(`${source}:${lineOf(original, at)}: not valid UTF-8`);
  }, 60_000);

  it('an empty source', () => {
    const run = buildWith(() => Buffer.alloc(0));
    expect(run.status).not.toBe(0);
    expect(run.wrote).toBe(false);
    expect(run.stderr).toMatch(new RegExp(`${source.replace('.', '\\.')}:1: sha256 [0-9a-f]{64} differs`));
  }, 60_000);
});
