// Builds public/corpus.json from data/ (run by `npm run build`); a broken source fails the build, naming file and line.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus } from '@/lib/corpus/build';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(process.argv[2] ?? join(root, 'data'));
const outFile = resolve(process.argv[3] ?? join(root, 'public', 'corpus.json'));
const shown = (path: string) => relative(process.cwd(), path) || '.';

const started = performance.now();
const manifestPath = join(dataDir, 'manifest.json');
let manifestText: string;
try {
  manifestText = readFileSync(manifestPath, 'utf8');
} catch {
  console.error(`${shown(manifestPath)}: missing (the corpus needs a manifest of its sources)`);
  process.exit(1);
}
const files = new Map<string, Uint8Array>();
for (const name of readdirSync(dataDir)) if (name.endsWith('.txt')) files.set(name, readFileSync(join(dataDir, name)));

const result = buildCorpus({
  manifestPath: shown(manifestPath),
  manifestText,
  files,
  dir: `${shown(dataDir)}/`,
  sha256: (bytes) => createHash('sha256').update(bytes).digest('hex'),
});
if (!result.ok) {
  console.error(`Corpus build failed (${result.error.length} problem${result.error.length === 1 ? '' : 's'}):`);
  for (const line of result.error) console.error(`  ${line}`);
  process.exit(1);
}
const corpus = result.value;
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(corpus));
// The background reads this small file first, and the whole corpus only when the version differs.
const meta = { format: corpus.format, version: corpus.version, sources: corpus.sources.length, quotes: corpus.quotes.length };
writeFileSync(join(dirname(outFile), 'corpus-meta.json'), JSON.stringify(meta));
const perSource = corpus.sources.map((s) => `${s.id}: ${corpus.quotes.reduce((n, q) => n + q.occurrences.filter((o) => o.sourceId === s.id).length, 0)}`);
console.log(
  `Corpus ${corpus.version}: ${corpus.sources.length} sources, ${corpus.quotes.length} quotes, ${corpus.passages.length} sentences ` +
    `-> ${shown(outFile)} in ${Math.round(performance.now() - started)} ms\n  quotes per source: ${perSource.join(', ')}`,
);
