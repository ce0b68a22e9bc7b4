// The fixture suite: each news-like page is scanned in Chromium and its report compared with hand-labelled golden JSON.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredReport } from '@/lib/model/types';
import { launchExtension, ROOT, screenshotPath, serveFixtures, type FixtureServer, type LoadedExtension } from '@/test/browser/harness';
import { settledReport } from '@/test/browser/pages';

const PAGES = join(ROOT, 'test', 'fixtures', 'pages');

interface GoldenQuote {
  text: string;
  parts?: string[];
  speaker: string | null;
  match: null | { quoteId: string; kind: string; speaker: string | null; misattributed: boolean; sources: string[] };
}
interface Golden {
  page: string;
  quotes: GoldenQuote[];
}

const goldens: Golden[] = readdirSync(PAGES)
  .filter((f) => f.endsWith('.golden.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(PAGES, f), 'utf8')) as Golden);

/** What the comparison looks at: the contract's fields, sources as ids. */
function view(q: GoldenQuote | StoredReport['quotes'][number]) {
  return {
    text: q.text,
    ...(q.parts ? { parts: q.parts } : {}),
    speaker: q.speaker,
    match: q.match && {
      quoteId: q.match.quoteId,
      kind: q.match.kind,
      speaker: q.match.speaker,
      misattributed: q.match.misattributed,
      sources: q.match.sources.map((s) => (typeof s === 'string' ? s : s.sourceId)).sort(),
    },
  };
}

let ext: LoadedExtension;
let server: FixtureServer;
const metrics = { expected: 0, found: 0, detected: 0, speakerRight: 0, sourcesRight: 0, matched: 0 };

beforeAll(async () => {
  ext = await launchExtension();
  server = await serveFixtures(PAGES);
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  const m = metrics;
  const summary = {
    ...m,
    precision: m.detected / Math.max(1, m.found),
    recall: m.detected / Math.max(1, m.expected),
    attributionAccuracy: m.speakerRight / Math.max(1, m.detected),
    sourceListAccuracy: m.sourcesRight / Math.max(1, m.matched),
  };
  writeFileSync(join(ROOT, 'test-output', 'fixture-metrics.json'), JSON.stringify(summary, null, 2));
  console.log('fixture metrics', summary);
});

describe('fixture pages', () => {
  it.each(goldens.map((g) => [g.page, g] as const))('%s: the report matches the golden JSON', async (name, golden) => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/${name}`);
    const report = await settledReport(ext, page, { quietMs: name.startsWith('late') ? 2500 : 1500 });
    expect(report.url).toBe(`${server.origin}/${name}`);
    expect(Date.parse(report.scannedAt)).not.toBeNaN();

    // Metrics over texts (for the note), before the strict comparison.
    const got = report.quotes.map(view);
    const want = golden.quotes.map(view);
    metrics.expected += want.length;
    metrics.found += got.length;
    for (const w of want) {
      const g = got.find((x) => x.text === w.text);
      if (!g) continue;
      metrics.detected++;
      if (g.speaker === w.speaker) metrics.speakerRight++;
      if (w.match) {
        metrics.matched++;
        if (JSON.stringify(g.match?.sources) === JSON.stringify(w.match.sources)) metrics.sourcesRight++;
      }
    }
    if (got.length) await page.screenshot({ path: screenshotPath(`scan-${name.replace('.html', '')}`), fullPage: false });
    expect(got).toEqual(want);
    await page.close();
  });
});
