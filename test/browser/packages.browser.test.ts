// Both packages that `npm run build` makes: Chrome MV3 and Firefox MV3 (gecko id, `web-ext lint` clean), zipped,
// localised in English and Spanish.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR, ROOT } from '@/test/browser/harness';

const FIREFOX_DIR = join(ROOT, '.output', 'firefox-mv3');

interface Manifest {
  manifest_version: number;
  name: string;
  description: string;
  default_locale?: string;
  permissions?: string[];
  commands?: Record<string, unknown>;
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string } };
}
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const messagesOf = (dir: string, lang: string) =>
  JSON.parse(readFileSync(join(dir, '_locales', lang, 'messages.json'), 'utf8')) as Record<string, { message: string }>;

describe.each([
  ['Chrome', EXTENSION_DIR, '-chrome.zip'],
  ['Firefox', FIREFOX_DIR, '-firefox.zip'],
])('the %s package', (_name, dir, zipSuffix) => {
  it('is Manifest V3, built and zipped', () => {
    expect(existsSync(join(dir, 'manifest.json')), `${dir}/manifest.json`).toBe(true);
    expect(manifestOf(dir).manifest_version).toBe(3);
    expect(readdirSync(join(ROOT, '.output')).filter((f) => f.endsWith(zipSuffix))).not.toEqual([]);
  });

  it('takes its name and description from _locales, in English and Spanish', () => {
    const manifest = manifestOf(dir);
    expect(manifest.default_locale).toBe('en');
    expect(manifest.name).toBe('__MSG_extName__');
    expect(manifest.description).toBe('__MSG_extDescription__');
    expect(messagesOf(dir, 'en').extName!.message).toBe('QuoteTrail');
    expect(messagesOf(dir, 'es').extDescription!.message).toMatch(/^Muestra de dónde viene/);
    expect(messagesOf(dir, 'es').checkLabel!.message).toBe('Comprobar una cita');
  });
});

describe('the Firefox package', () => {
  it('has a gecko id', () => {
    expect(manifestOf(FIREFOX_DIR).browser_specific_settings?.gecko?.id).toBe('quotetrail@quotetrail.org');
  });

  it('passes web-ext lint with no errors', () => {
    const bin = join(ROOT, 'node_modules', '.bin', 'web-ext');
    let out: string;
    try {
      out = execFileSync(bin, ['lint', '--source-dir', FIREFOX_DIR, '--output', 'json', '--no-input'], { cwd: ROOT, encoding: 'utf8' });
    } catch (error) {
      // web-ext exits non-zero on errors; its JSON is still on stdout.
      out = String((error as { stdout?: unknown }).stdout ?? error);
    }
    const result = JSON.parse(out.slice(out.indexOf('{'))) as { summary: { errors: number }; errors: Array<{ code: string; message: string; file?: string }> };
    expect(result.errors.map((e) => `${e.code}: ${e.message} (${e.file ?? ''})`)).toEqual([]);
    expect(result.summary.errors).toBe(0);
  });
});
