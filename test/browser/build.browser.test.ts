// Checks on what `npm run build` produced: Chrome-loadable (ASCII) scripts, an MV3 manifest with few permissions, the zip.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR, ROOT } from '@/test/browser/harness';

/** Every file under `dir` whose name ends with `ext`, recursively. */
function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(ext))
    .map((entry) => join(entry.parentPath, entry.name));
}

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
}

const manifest = (): Manifest => JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Manifest;

/** A permission entry that grants access to sites rather than to an API. */
const isHostPattern = (permission: string): boolean => permission === '<all_urls>' || permission.includes('://');

describe('the Chrome build', () => {
  // A single non-ASCII byte (e.g. Vite 8 inlining U+FFFF from Dexie) makes Chrome refuse the whole extension.
  it('has only pure-ASCII .js files', () => {
    const scripts = filesUnder(EXTENSION_DIR, '.js');
    expect(scripts.length).toBeGreaterThan(0);
    const offenders = scripts.flatMap((file) => {
      const bytes = readFileSync(file);
      const offset = bytes.findIndex((byte) => byte > 0x7f);
      return offset === -1 ? [] : [`${relative(ROOT, file)}: byte 0x${bytes[offset]!.toString(16)} at offset ${offset}`];
    });
    expect(offenders, 'non-ASCII bytes in built scripts').toEqual([]);
  });

  it('is Manifest V3', () => {
    expect(manifest().manifest_version).toBe(3);
  });

  it('asks for no host access beyond what its content scripts match, and not for tabs', () => {
    const { permissions = [], host_permissions = [], content_scripts = [] } = manifest();
    // API permissions only: site access belongs in host_permissions, where a reviewer sees it.
    expect(permissions.filter(isHostPattern)).toEqual([]);
    // tabs exposes every tab's URL and title; activeTab or the content script covers what QuoteTrail does.
    expect(permissions).not.toContain('tabs');
    const matched = new Set(content_scripts.flatMap((script) => script.matches ?? []));
    expect(host_permissions.filter((pattern) => !matched.has(pattern))).toEqual([]);
  });

  it('is zipped for the store', () => {
    const zips = readdirSync(join(ROOT, '.output')).filter((name) => name.endsWith('-chrome.zip'));
    expect(zips, 'wxt zip writes .output/<name>-<version>-chrome.zip').not.toEqual([]);
  });
});
