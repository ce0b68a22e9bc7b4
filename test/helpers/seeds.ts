// Test helpers: the real seed sources and the corpus built from them, as the build builds it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '@/test/helpers/paths';
import { buildCorpus, type CorpusInput } from '@/lib/corpus/build';
import { type CorpusFile } from '@/lib/model/corpus';
import { textDocFromPlainText, type TextDoc } from '@/lib/pipeline/text-doc';

/** The project's data folder. */
export const DATA_DIR = join(ROOT, 'data');

/** sha256 as the build computes it. */
export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The builder's input read from data/ (optionally altered by a test). */
export function seedInput(): CorpusInput {
  const files = new Map<string, Uint8Array>();
  for (const name of readdirSync(DATA_DIR)) if (name.endsWith('.txt')) files.set(name, readFileSync(join(DATA_DIR, name)));
  return { manifestPath: 'data/manifest.json', manifestText: readFileSync(join(DATA_DIR, 'manifest.json'), 'utf8'), files, dir: 'data/', sha256 };
}

let built: CorpusFile | null = null;
/** The corpus built from the seeds (once per test file). */
export function seedCorpus(): CorpusFile {
  if (!built) {
    const result = buildCorpus(seedInput());
    if (!result.ok) throw new Error(result.error.join('\n'));
    built = result.value;
  }
  return built;
}

/** A seed article as a TextDoc, by id prefix ("001"). */
export function seedDoc(prefix: string): TextDoc {
  const name = readdirSync(DATA_DIR).find((n) => n.startsWith(prefix) && n.endsWith('.txt'));
  if (!name) throw new Error(`no seed ${prefix}`);
  return textDocFromPlainText(readFileSync(join(DATA_DIR, name), 'utf8'));
}
