// Section 3: every built file of the extension, raw and gzipped, and what the content script must not carry.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One built file. */
export interface BuiltFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

/** The sizes, and the content script's facts the budgets check. */
export interface BundleFigures {
  files: BuiltFile[];
  contentScript: { path: string; gzipBytes: number; containsDexie: boolean } | null;
}

const KINDS = new Set(['.js', '.css', '.html', '.json']);
/** The content script as WXT 0.20 writes it. */
export const CONTENT_SCRIPT = 'content-scripts/content.js';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Sizes every .js, .css, .html and .json file under `outDir` (gzip level 9, as a store or server would at best). */
export function measureBundle(outDir: string): BundleFigures {
  const files = walk(outDir)
    .filter((f) => KINDS.has(extname(f)))
    .map((f) => {
      const data = readFileSync(f);
      return { path: relative(outDir, f).split('\\').join('/'), bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
  const content = files.find((f) => f.path === CONTENT_SCRIPT);
  return {
    files,
    contentScript: content
      ? { path: content.path, gzipBytes: content.gzipBytes, containsDexie: readFileSync(join(outDir, CONTENT_SCRIPT), 'utf8').includes('Dexie') }
      : null,
  };
}
